"""The extractor: names first (:mod:`.names`), then retrieval over names and
descriptions (:mod:`.rank`), then the terms that look like names of skills
or tools but name nothing known."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from ..errors import RolegraphError
from ..results import Span
from ..vocab import local_id
from .index import KINDS, Index, index_for
from .model import Count, Extraction, Found, LineExtraction
from .names import match
from .rank import retrieve
from .text import Word, words

if TYPE_CHECKING:
    from ..store import Store

#: Where ``found`` starts: retrieval matches scoring less are left out.
MIN_SCORE = 0.6
#: The score of a name, by kind (label, alt label, hidden label).
NAME_SCORES = (1.0, 0.95, 0.9)


def extract(store: Store, text: str, *, limit: int | None = None, min_score: float = MIN_SCORE) -> Extraction:
    """The skills and tools ``text`` asks for, best first, each with where
    the text asks for it and how it was matched; and the skill- or tool-like
    terms that name nothing the graph knows.

    ``limit`` keeps the best N; ``min_score`` is where a match found by
    retrieval (not by name) counts (0 lists every candidate, for ranking).
    Raises :class:`~rolegraph.errors.RolegraphError` for an empty text.

    >>> from rolegraph.store import open_store
    >>> found = extract(open_store(), "You will excel at service; we query data in SQL and build charts in Excel.").found
    >>> [(f.label, f.how, [s.text for s in f.spans]) for f in found]
    [('SQL', 'label', ['SQL']), ('Excel', 'label', ['Excel'])]
    """
    if not text.strip():
        raise RolegraphError("the text is empty; give a job ad, a CV or a sentence with some words in it")
    return run(index_for(store), text, limit=limit, min_score=min_score)


def run(index: Index, text: str, *, limit: int | None = None, min_score: float = MIN_SCORE) -> Extraction:
    """:func:`extract` with a given index."""
    ws = words(text)
    names = match(index, text, ws)
    spans: dict[int, list[Span]] = {}
    kinds: dict[int, int] = {}
    for h in names.hits:
        spans.setdefault(h.entity, []).append(_span(text, ws, h.first, h.last))
        kinds[h.entity] = min(kinds.get(h.entity, 9), h.kind)
    found = [_found(index, e, NAME_SCORES[k], KINDS[k], spans[e]) for e, k in kinds.items()]
    covered = set(names.covered)
    if len(index):
        for e, r in retrieve(index, ws, names, set(kinds)).items():
            if r.score >= min_score:
                found.append(_found(index, e, r.score, r.how, _merge(text, ws, r.words)))
                if r.score >= MIN_SCORE:
                    covered.update(r.words)
    found.sort(key=lambda f: (-f.score, f.spans[0].start if f.spans else 0, f.label.casefold()))
    return Extraction(found[:limit] if limit else found, _unrecognised(text, ws, covered))


def extract_lines(store: Store, lines: Iterable[str], *, limit: int | None = None, min_score: float = MIN_SCORE) -> Iterator[LineExtraction]:
    """:func:`extract` of each line, one at a time (a blank line finds
    nothing), numbered from 1.

    >>> from rolegraph.store import open_store
    >>> ads = ["We query data in SQL.", "", "Dashboards in Tableau."]
    >>> [(r.line, [f.label for f in r.found]) for r in extract_lines(open_store(), ads)]
    [(1, ['SQL']), (2, []), (3, ['Tableau'])]
    """
    index = index_for(store)
    for n, line in enumerate(lines, 1):
        text = line.rstrip("\r\n")
        if not text.strip():
            yield LineExtraction(n, [], [])
            continue
        e = run(index, text, limit=limit, min_score=min_score)
        yield LineExtraction(n, e.found, e.unrecognised)


def count_lines(store: Store, lines: Iterable[str], *, min_score: float = MIN_SCORE) -> list[Count]:
    """Each skill or tool the lines ask for with the number of lines that ask
    for it, most asked first (then by label)."""
    counts: dict[str, int] = {}
    refs: dict[str, Found] = {}
    for result in extract_lines(store, lines, min_score=min_score):
        for f in result.found:
            counts[f.iri] = counts.get(f.iri, 0) + 1
            refs.setdefault(f.iri, f)
    ranked = sorted(counts, key=lambda i: (-counts[i], refs[i].label.casefold(), i))
    return [Count(refs[i].id, refs[i].label, refs[i].type, counts[i]) for i in ranked]


def _found(index: Index, e: int, score: float, how: str, spans: list[Span]) -> Found:
    iri = index.iris[e]
    return Found(local_id(iri), index.labels[e], index.types[e], index.sources[e], score, spans, how, iri)


def _span(text: str, ws: list[Word], first: int, last: int) -> Span:
    start, end = ws[first].start, ws[last].end
    return Span(start, end, text[start:end])


def _merge(text: str, ws: list[Word], idxs: list[int]) -> list[Span]:
    """Spans of the words ``idxs``, neighbours joined into one."""
    out: list[Span] = []
    run_start = prev = None
    for i in sorted(idxs):
        if prev is not None and i == prev + 1 and ws[i].sentence == ws[prev].sentence and text[ws[prev].end:ws[i].start].strip(" -") == "":
            prev = i
            continue
        if run_start is not None and prev is not None:
            out.append(_span(text, ws, run_start, prev))
        run_start = prev = i
    if run_start is not None and prev is not None:
        out.append(_span(text, ws, run_start, prev))
    return out


# ---------------------------------------------------------------- unrecognised

#: Words that introduce or join a list of technologies in an ad.
_CUES = frozenset("with of in using use such as like including e g eg and or plus".split())
#: Capitalised words that are not names of anything.
_COMMON = frozenset(
    """a an the and or but if we you our your they their us i it its this that these those he she his her
    in on at to for from by with of as is are be been will can must should may would could do does
    experience knowledge skills skill tools tool team teams role job jobs work working years year
    strong good great excellent solid familiarity proficiency understanding ability plus bonus nice
    responsibilities requirements required preferred about who what why how when where which all any
    some other new more most very also etc e g eg ie i.e please apply join help build""".split()
)


def _looks_like_a_name(word: str) -> bool:
    if any(c in word for c in "+#") or (any(c.isdigit() for c in word) and any(c.isalpha() for c in word)):
        return True
    return word[:1].isupper() and word.casefold() not in _COMMON and len(word) > 1


def _unrecognised(text: str, ws: list[Word], covered: set[int]) -> list[Span]:
    """Capitalised or mixed-case words (and runs of them) in a list or after
    "with", "using", "such as", ... ("Kubernetes, Docker"), and words such as
    ``S3`` or ``C#``, that no name covers."""
    out: list[Span] = []
    i = 0
    while i < len(ws):
        if i in covered or not _looks_like_a_name(ws[i].text):
            i += 1
            continue
        j = i
        while j + 1 < len(ws) and j + 1 not in covered and _looks_like_a_name(ws[j + 1].text) and text[ws[j].end:ws[j + 1].start] in (" ", "-", "."):
            j += 1
        start, end = ws[i].start, ws[j].end
        before, after = text[max(0, start - 2):start], text[end:end + 2]
        prev_word = ws[i - 1].key if i else ""
        next_word = ws[j + 1].key if j + 1 < len(ws) else ""
        sentence_start = i == 0 or re.search(r"[.!?\n]\s*$", text[:start]) is not None  # a list often follows a colon
        in_list = "," in before or "," in after or "(" in before or ")" in after or "/" in before + after or prev_word in _CUES or next_word in ("and", "or")
        first = ws[i].text
        odd = any(c in first for c in "+#") or any(c.isdigit() for c in first) or any(c.isupper() for c in first[1:])
        if (in_list and not (sentence_start and prev_word not in _CUES)) or odd:
            out.append(Span(start, end, text[start:end]))
        i = j + 1
    return out
