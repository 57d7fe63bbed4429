"""The extractor's index: every skill and tool of the graph with its names
(label, alternative and hidden labels), what the graph knows of it, and two
BM25 indexes (bm25s) over its names and over its description.

Built once per compiled store and kept beside it, in
``<compiled store>/extract-index/``: ``index.marshal`` (the names and
entities, read in milliseconds), ``names/`` and ``description/`` (bm25s's own
files), and ``marker.json``, written last, which records the format and the
compiled store it was built from. A missing, stale or damaged index is
rebuilt; one that cannot be written (a read-only cache) is kept in memory.
An in-memory store or a SPARQL endpoint keeps its index with its projection
(:meth:`~rolegraph.projection.Projection.memo`).
"""

from __future__ import annotations

import json
import marshal
import math
import os
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..vocab import BASE, RG, SKOS
from . import lexicon
from .text import WORD, key, stems, terms

if TYPE_CHECKING:
    from ..projection import Projection
    from ..store import Store

#: The index format: raise it when what is stored changes, so old indexes rebuild.
FORMAT = 7
DIRNAME = "extract-index"

#: Kinds of name, in the order of trust.
LABEL, ALT, HIDDEN = 0, 1, 2
KINDS = ("label", "alt label", "hidden label")
#: Name flags: counts only where the text uses it as a name (a common word,
#: two letters or fewer, or a name more general than its entity) ...
AMBIGUOUS = 1
#: ... of two letters or fewer ...
SHORT = 2
#: ... an everyday word for a skill (research, communication), matched in any case.
GENERIC = 4
#: A job title: read as one name and never reported (``TECHNICAL`` when the job is a data role).
TITLE, TECH_TITLE = -1, -2

#: The links from a job that say it needs a skill or tool (for the prior).
_NEEDS = (RG.essentialSkill, RG.optionalSkill, RG.requiresSkill, RG.strongerIn, RG.usesTool)
_JOBS = ("Role", "JobArchetype", "ExampleJob")

Q_HIDDEN = "SELECT ?e ?h WHERE { ?e <" + SKOS.NS + "hiddenLabel> ?h }"
Q_DEFINITIONS = "SELECT ?e ?d WHERE { ?e <" + SKOS.definition + "> ?d }"


@dataclass
class Index:
    """What the extractor reads: entities as columns, names by key."""

    iris: list[str]
    labels: list[str]
    types: list[str]
    sources: list[str]
    #: whether an entity makes a sentence technical (a tool, a language, the sourced graph's skills, ...)
    technical: list[bool]
    #: whether an entity is a programming language (for R, C, Go: see names)
    languages: list[bool]
    #: how many jobs need it, as a share of the most needed: ln(1 + n) / ln(1 + max n)
    prior: list[float]
    #: the entity's broader skills (indexes)
    broader: list[list[int]]
    #: name key → [(entity or TITLE / TECH_TITLE, kind, the name as written, flags)]
    names: dict[str, list[tuple[int, int, str, int]]]
    #: every proper prefix of a name key (so a scan stops early)
    prefixes: set[str]
    #: per entity: (stems of a name, kind, flags) for each of its names
    name_terms: list[list[tuple[list[str], int, int]]]
    #: stem → inverse document frequency over names and descriptions
    idf: dict[str, float]
    #: where the bm25s indexes are (None: in ``_retrievers`` only)
    directory: Path | None = None
    _retrievers: dict[str, Any] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.iris)

    def retriever(self, part: str) -> Any:
        """The bm25s index of ``names`` or ``description`` (loaded on first use)."""
        found = self._retrievers.get(part)
        if found is None:
            import bm25s

            assert self.directory is not None
            found = self._retrievers[part] = bm25s.BM25.load(str(self.directory / part), mmap=False, show_progress=False)
        return found

    def data(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("iris", "labels", "types", "sources", "technical", "languages", "prior", "broader", "names", "prefixes", "name_terms", "idf")}


def index_for(store: Store) -> Index:
    """The index of ``store``: read from beside the compiled store, built
    (and written there) when missing or stale, or kept in memory with the
    projection."""
    proj = store.projection
    return proj.memo("extract-index", lambda _p: _open(store))  # type: ignore[no-any-return]


def index_of_projection(proj: Projection) -> Index:
    """An index of the names alone (no hidden labels or descriptions, which
    only the store holds), for callers that have only a projection."""
    return proj.memo("extract-index-names", lambda p: _build(p, {}, {}, None))  # type: ignore[no-any-return]


def _open(store: Store) -> Index:
    from ..store.local import LocalStore

    location = store.location if isinstance(store, LocalStore) else None
    if location is None:
        return _build(store.projection, *_from_store(store), None)
    directory = location / DIRNAME
    stamp = _stamp(location)
    found = _read(directory, stamp)
    if found is not None:
        return found
    built = _build(store.projection, *_from_store(store), None)
    try:
        _write(built, location, stamp)
    except OSError:
        pass  # a read-only cache: keep it in memory
    return built


def _stamp(location: Path) -> list[Any]:
    """What identifies the compiled store: its ``meta.json`` (rewritten by
    every compile) by size, time and inode."""
    try:
        st = (location / "meta.json").stat()
        return [FORMAT, st.st_size, st.st_mtime_ns, st.st_ino]
    except OSError:
        return [FORMAT]


def _read(directory: Path, stamp: list[Any]) -> Index | None:
    try:
        marker = json.loads((directory / "marker.json").read_text(encoding="utf-8"))
        if marker.get("stamp") != stamp:
            return None
        with open(directory / "index.marshal", "rb") as fh:
            data = marshal.loads(fh.read())
        if not isinstance(data, dict) or len(data.get("iris", ())) != marker.get("entities"):
            return None
        index = Index(**data, directory=directory)
        if len(index):
            # Read now, so an index replaced meanwhile is noticed here, not mid-question.
            index.retriever("names")
            index.retriever("description")
        return index
    except (OSError, ValueError, EOFError, TypeError, KeyError):
        return None


def _write(index: Index, location: Path, stamp: list[Any]) -> None:
    """Write the index into ``location/extract-index`` atomically: built in a
    temporary directory, renamed into place, the marker written last."""
    final = location / DIRNAME
    tmp = location / f"{DIRNAME}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        (tmp / "index.marshal").write_bytes(marshal.dumps(index.data()))
        for part, retriever in index._retrievers.items():
            retriever.save(str(tmp / part), show_progress=False)
        (tmp / "marker.json").write_text(json.dumps({"stamp": stamp, "entities": len(index)}), encoding="utf-8")
        if final.exists():
            stale = location / f"{DIRNAME}.stale-{os.getpid()}"
            os.replace(final, stale)
            shutil.rmtree(stale, ignore_errors=True)
        os.replace(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not (final / "marker.json").is_file():
            raise
        return  # another process put its index in place first
    index.directory = final


def _english(lit: Any) -> bool:
    lang = getattr(lit, "language", None) or ""
    return lang == "" or lang.lower().startswith("en")


def _from_store(store: Store) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Hidden labels and definitions of every entity, from the store (by the
    entity each IRI is joined into)."""
    proj = store.projection
    hidden: dict[str, list[str]] = {}
    definitions: dict[str, list[str]] = {}
    for query, out, var in ((Q_HIDDEN, hidden, "h"), (Q_DEFINITIONS, definitions, "d")):
        for row in store.select(query):
            term = row.get("e")
            lit = row.get(var)
            if term is None or lit is None or not _english(lit):
                continue
            entity = proj.canonical(term.value)
            if entity is not None:
                values = out.setdefault(entity, [])
                if lit.value not in values:
                    values.append(lit.value)
    return hidden, definitions


def _flags(name: str, label: str, kind: int) -> int:
    words = [m.group() for m in WORD.finditer(name)]
    if not words:
        return 0
    flags = 0
    letters = "".join(words)
    if len(words) == 1 and len(letters) <= 2 and not any(c in letters for c in "+#"):
        flags |= AMBIGUOUS | SHORT
    elif len(words) == 1 and words[0].casefold() in lexicon.COMMON_NAMES:
        flags |= AMBIGUOUS
    if key(name) in lexicon.GENERIC_SKILLS or (len(words) <= 2 and all(w.casefold() in lexicon.GENERIC_SKILLS for w in words)):
        flags |= AMBIGUOUS | GENERIC
    elif kind != LABEL and len(words) <= 2 and not flags & SHORT:
        # "problem solving" for "data-driven problem solving": a name more
        # general than the entity it names says less than it seems.
        own, full = set(stems(w.casefold() for w in words)), set(stems(m.group().casefold() for m in WORD.finditer(label)))
        if own < full:
            flags |= AMBIGUOUS | GENERIC
    return flags


_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def _variants(names: Iterable[str]) -> list[tuple[str, bool]]:
    """Each name, and the name without a trailing qualifier in brackets
    ("Java (computer programming)" is also "Java"), marked True."""
    out: list[tuple[str, bool]] = []
    for name in names:
        out.append((name, False))
        bare = _QUALIFIER.sub("", name)
        if bare and bare != name:
            out.append((bare, True))
    return out


def _technical(proj: Projection, iri: str, label: str, definitions: list[str]) -> bool:
    classes = proj.classes(iri)
    if "Tool" in classes or "ProgrammingLanguage" in classes:
        return True
    if iri.startswith(BASE) and "/onet/" not in iri:
        return True  # the sourced graph is about data work
    text = " ".join([label, *definitions[:1]])
    return any(w.casefold() in lexicon.TECH_CUES or w.casefold() in lexicon.TECH_TOPICS for w in WORD.findall(text))


def _build(proj: Projection, hidden: dict[str, list[str]], definitions: dict[str, list[str]], directory: Path | None) -> Index:
    entities = list(dict.fromkeys([*proj.of_type("Skill"), *proj.of_type("Tool")]))
    position = {iri: i for i, iri in enumerate(entities)}
    labels = [proj.label(e) for e in entities]
    names: dict[str, list[tuple[int, int, str, int]]] = {}
    name_terms: list[list[tuple[list[str], int, int]]] = []
    name_docs: list[list[str]] = []
    desc_docs: list[list[str]] = []
    for i, iri in enumerate(entities):
        own: list[tuple[list[str], int, int]] = []
        doc: list[str] = []
        seen: set[str] = set()
        for kind, values in ((LABEL, [labels[i]]), (ALT, proj.alt_labels(iri)), (HIDDEN, hidden.get(iri, []))):
            for name, bare in _variants(values):
                k = key(name)
                if not k or (k, kind) in seen:
                    continue
                seen.add((k, kind))  # type: ignore[arg-type]
                flags = _flags(name, labels[i], kind)
                if bare and len(k.split()) == 1:
                    flags |= AMBIGUOUS  # "Source (digital game creation systems)" as "Source"
                names.setdefault(k, []).append((i, kind, name.strip(), flags))
                t = terms(name)
                # A name with one-letter words (A/B tests, k-NN) cannot be
                # told from its other words alone: it counts only as a name.
                own.append(([] if any(len(w) == 1 for w in k.split()) else t, kind, flags))
                doc += t
        name_terms.append(own)
        name_docs.append(doc)
        tasks = [proj.label(t) for t in proj.sources_of(iri, RG.involvesSkill, RG.involvesTool)]
        desc_docs.append(terms(" ".join([*definitions.get(iri, []), *tasks])))
    for kind_name in _JOBS:
        for job in proj.of_type(kind_name):
            technical = job.startswith(BASE) and "/onet/" not in job or any(m.startswith(BASE) and "/onet/" not in m for m in proj.members(job))
            for name in [proj.label(job), *proj.alt_labels(job)]:
                k = key(name)
                if len(k.split()) > 1 or len(k) > 3:
                    names.setdefault(k, []).append((TECH_TITLE if technical else TITLE, LABEL, name.strip(), 0))
    prefixes = {" ".join(k.split()[:n]) for k in names for n in range(1, len(k.split()))}
    needed = [len({s for p, s in proj.in_edges(iri) if p in _NEEDS}) for iri in entities]
    top = max(needed, default=0)
    prior = [round(math.log1p(n) / math.log1p(top), 4) if top else 0.0 for n in needed]
    broader = [[position[b] for b in proj.targets(iri, SKOS.broader, RG.exampleOf) if b in position] for iri in entities]
    df: dict[str, int] = {}
    for in_names, in_description in zip(name_docs, desc_docs):
        for term in set(in_names) | set(in_description):
            df[term] = df.get(term, 0) + 1
    n = max(len(entities), 1)
    idf = {term: round(math.log(1 + n / c), 4) for term, c in df.items()}
    index = Index(
        iris=entities,
        labels=labels,
        types=[proj.type(e) for e in entities],
        sources=[(proj.dataset_ids(proj.member_datasets(e)) or [""])[0] for e in entities],
        technical=[_technical(proj, e, labels[i], definitions.get(e, [])) for i, e in enumerate(entities)],
        languages=["ProgrammingLanguage" in proj.classes(e) for e in entities],
        prior=prior,
        broader=broader,
        names=names,
        prefixes=prefixes,
        name_terms=name_terms,
        idf=idf,
        directory=directory,
    )
    if entities:
        index._retrievers["names"] = _bm25(name_docs)
        index._retrievers["description"] = _bm25(desc_docs)
    return index


#: A term no text has, for a document with no words (bm25s needs one).
_EMPTY = "\x00"


def _bm25(docs: Iterable[list[str]]) -> Any:
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([d or [_EMPTY] for d in docs], show_progress=False)
    return retriever
