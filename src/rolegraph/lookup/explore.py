"""Looking around the graph: its size, the entities of a type, and fuzzy search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import RolegraphError, UnknownTypeError
from ..projection import Projection
from ..results import Ref
from ..vocab import CORE_TYPES, SPARQL_PREFIXES
from .names import normalise

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class Stats:
    """``triples`` in the default graph; entities per class (``counts``);
    evidence passages and inferences; links between entities by support."""

    triples: int
    counts: dict[str, int]
    evidence: int
    inferences: int
    facts: dict[str, int]
    #: the data sets loaded: id, path, title, described, entities, links
    datasets: list[dict[str, object]]
    #: what joining entities noticed (entities of different kinds joined)
    warnings: list[str]


def stats(store: Store) -> Stats:
    """Size of the graph: triples in the default graph, entities per class,
    quoted passages and inferences, and the links between entities by what
    supports them (quoted, inferred or unsourced). A programming language is
    both a Skill and a Tool and counts as each.

    >>> from rolegraph.store import open_store
    >>> s = stats(open_store())
    >>> s.counts["Role"], s.triples > 1000
    (4, True)
    """
    proj = store.projection
    inferences = sum(1 for e in proj.evidence.values() if e[4])
    return Stats(store.triples, proj.counts, len(proj.evidence) - inferences, inferences, proj.facts, proj.datasets, proj.warnings)


def known_types(proj: Projection) -> list[str]:
    """The class names entities have: the core classes and their subclasses in use."""
    specific = {c for _e, _k, _l, cs in proj.entities() for c in cs}
    return sorted(set(CORE_TYPES) | specific)


def match_type(proj: Projection, text: str) -> str:
    """The class named by ``text``: any case, spaces ignored, a plural allowed
    ("roles", "ML frameworks"). Raises :class:`UnknownTypeError`.

    >>> from rolegraph.store import open_store
    >>> match_type(open_store().projection, "ML frameworks")
    'MLFramework'
    """
    known = known_types(proj)
    by_key = {normalise(k).replace(" ", ""): k for k in known}
    # ESCO's classes answer to their local name too ("Occupation" for
    # escom:Occupation) when no rolegraph class has it.
    for k in known:
        if ":" in k:
            by_key.setdefault(normalise(k.split(":", 1)[1]), k)
    key = normalise(text).replace(" ", "")
    if key not in by_key and key.endswith("s") and key[:-1] in by_key:
        key = key[:-1]
    if key not in by_key:
        raise UnknownTypeError(text.strip(), known)
    return by_key[key]


def list_entities(store: Store, kind: str | None = None) -> list[Ref]:
    """Entities of a class (a core class or a subclass such as ``MLFramework``;
    case-insensitive, plural allowed), or all entities, sorted by type and label.

    >>> from rolegraph.store import open_store
    >>> [r.label for r in list_entities(open_store(), "role")]
    ['data analyst', 'data scientist', 'machine learning engineer', 'software engineer']
    """
    proj = store.projection
    if kind is None:
        found = sorted(proj, key=lambda e: (CORE_TYPES.index(proj.type(e)), proj.label(e).casefold(), e))
    else:
        found = proj.of_type(match_type(proj, kind))
    return [proj.ref(e) for e in found]


@dataclass(frozen=True)
class Hit(Ref):
    """A search result: the entity, how well it matches (in [0, 1]) and
    ``how``: ``label``, ``alt label``, ``in a name``, ``near a name`` (fuzzy)
    or ``in the definition``."""

    score: float
    how: str


#: One line saying how a search score is computed.
METHOD = (
    "score = 1 for the label itself, 0.98 an alt label, up to 0.9 a name containing the text, "
    "up to 0.85 a name like it (fuzzy), 0.6 a definition containing it; below 0.5 left out"
)


Q_DEFINITIONS = SPARQL_PREFIXES + "SELECT ?e ?d WHERE { ?e skos:definition ?d }"


def search(store: Store, text: str, *, kind: str | None = None, limit: int = 10) -> list[Hit]:
    """Entities whose label, alt label or definition resembles ``text``, best
    first, with a score in [0, 1]: 1 for the label itself, 0.98 for an alt
    label, up to 0.9 for a name containing the text, up to 0.85 for a fuzzy
    match, 0.6 for a definition containing it. Label matches outrank
    definition matches; scores under 0.5 are left out.

    >>> from rolegraph.store import open_store
    >>> search(open_store(), "visualisation", limit=1)[0].label
    'data visualization'
    """
    from rapidfuzz import fuzz

    proj = store.projection
    query = normalise(text)
    if not query:
        raise RolegraphError("search needs some text")
    allowed = None if kind is None else set(proj.of_type(match_type(proj, kind)))
    scores: dict[str, tuple[float, str]] = {}

    def consider(iri: str, score: float, how: str) -> None:
        if score > scores.get(iri, (0.0, ""))[0]:
            scores[iri] = (score, how)

    for iri, label, alts in proj.names():
        for i, name in enumerate([label, *alts]):
            n = normalise(name)
            if n == query:
                consider(iri, 1.0 if i == 0 else 0.98, "label" if i == 0 else "alt label")
            elif query in n.split() or (len(query) > 2 and query in n):
                consider(iri, 0.9 - 0.1 * (1 - len(query) / max(len(n), 1)), "in a name")
            else:
                consider(iri, fuzz.WRatio(query, n) / 100 * 0.85, "near a name")
    if len(query) > 2:
        for row in store.select(Q_DEFINITIONS):
            iri = row["e"].value
            if iri in proj:
                d = normalise(row["d"].value)
                if query in d:
                    consider(iri, 0.6, "in the definition")
                else:
                    consider(iri, fuzz.partial_ratio(query, d) / 100 * 0.55, "near the definition")
    found = [(s, how, iri) for iri, (s, how) in scores.items() if s >= 0.5 and (allowed is None or iri in allowed)]
    found.sort(key=lambda x: (-x[0], proj.label(x[2]).casefold()))
    return [Hit.of(proj.ref(iri), score=round(s, 3), how=how) for s, how, iri in found[:limit]]
