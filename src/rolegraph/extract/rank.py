"""Recall beyond names: each sentence is a BM25 query (bm25s's scores, see
:class:`~.index.Postings`) over every
skill's and tool's names and, apart, its description; the candidates are
scored by how much of one of their names the sentence holds, by the two BM25
scores, and by how many jobs need them (see :data:`~.model.METHOD`)."""

from __future__ import annotations

from dataclasses import dataclass

from .index import AMBIGUOUS, Index
from .names import Names
from .text import Word, stems

#: The weights of the score (see METHOD in .model); tuned on the validation
#: sentences of the skill-extraction benchmark, never on its test sentences.
W_COVER, W_NAMES, W_DESCRIPTION, W_PRIOR, SCALE = 0.7, 0.2, 0.1, 0.05, 0.75
#: What a match resting on one word is worth (one word of a longer name, or
#: of a description): below the threshold, still ranked.
WEAK = 0.8
#: How many candidates each BM25 index offers a sentence.
CANDIDATES = 25


@dataclass
class Retrieved:
    entity: int
    score: float
    how: str
    words: list[int]


def score(cover: float, rel_names: float, rel_description: float, prior: float, weak: bool) -> float:
    """A retrieval match's score (see METHOD in .model)."""
    value = SCALE * (W_COVER * cover + W_NAMES * rel_names + W_DESCRIPTION * rel_description) + W_PRIOR * prior
    # One word of a longer name, or one word of a description: ranked, rarely listed.
    return round(value * WEAK if weak else value, 3)


def _coverage(index: Index, entity: int, present: set[str]) -> tuple[float, set[str], int]:
    """The largest share of one of the entity's names' terms (weighted by
    rarity) that ``present`` holds, those terms, and how many the name has."""
    best, terms_of_best, size = 0.0, set(), 0
    for terms_, _kind, flags in index.name_terms[entity]:
        if flags & AMBIGUOUS or not terms_:
            continue  # a common-word name counts only as a name (see .names)
        own = set(terms_)
        total = sum(index.idf.get(t, 1.0) for t in own)
        have = sum(index.idf.get(t, 1.0) for t in own if t in present)
        share = have / total if total else 0.0
        if share > best:
            best, terms_of_best, size = share, own & present, len(own)
    return best, terms_of_best, size


def retrieve(index: Index, ws: list[Word], names: Names, found_by_name: set[int]) -> dict[int, Retrieved]:
    """The best retrieval match of each entity over the sentences of the text
    (entities found by name are left to the name pass)."""
    import numpy as np

    if not len(index):
        return {}
    stop = index.stop
    by_sentence: dict[int, list[int]] = {}
    for i, w in enumerate(ws):
        if i not in names.masked:
            by_sentence.setdefault(w.sentence, []).append(i)
    named_in: dict[int, set[int]] = {}
    for h in names.hits:
        named_in.setdefault(ws[h.first].sentence, set()).add(h.entity)
    r_names, r_desc = index.retriever("names"), index.retriever("description")
    best: dict[int, Retrieved] = {}
    for sentence, idxs in by_sentence.items():
        kept = [i for i in idxs if len(ws[i].key) > 1 and ws[i].key not in stop]
        if not kept:
            continue
        query = stems(ws[i].key.rstrip("+#") for i in kept)
        present = set(query)
        scores = []
        for r in (r_names, r_desc):
            ids = r.ids(query)
            scores.append(r.scores(ids) if ids else np.zeros(len(index), dtype="float32"))
        sn, sd = scores
        top_n, top_d = float(sn.max()), float(sd.max())
        candidates: set[int] = set()
        for s, top in ((sn, top_n), (sd, top_d)):
            if top > 0:
                k = min(CANDIDATES, len(s))
                candidates.update(int(e) for e in np.argpartition(-s, k - 1)[:k] if s[e] > 0)
        named = named_in.get(sentence, set())
        among = np.fromiter(candidates, dtype=np.int64, count=len(candidates))
        described: dict[str, set[int]] = {}  # term → the candidates whose description has it
        for e in candidates:
            if e in found_by_name or any(e in index.broader[h] for h in named):
                continue
            cover, cover_terms, size = _coverage(index, e, present)
            rel_n = float(sn[e]) / top_n if top_n else 0.0
            rel_d = float(sd[e]) / top_d if top_d else 0.0
            if cover >= 0.5:
                how, matched = "name words", cover_terms
                weak = len(matched) < min(size, 2)
            else:
                how = "description words"
                matched = set()
                for t in present:
                    if t not in cover_terms:
                        holding = described.get(t)
                        if holding is None:
                            holding = described[t] = r_desc.among(t, among)
                        if e not in holding:
                            continue
                    matched.add(t)
                weak = len(matched) < 2
            value = score(cover, rel_n, rel_d, index.prior[e], weak)
            words = [i for i, t in zip(kept, query) if t in matched]
            if words and (e not in best or best[e].score < value):
                best[e] = Retrieved(e, value, how, words)
    return best
