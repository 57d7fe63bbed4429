"""Looking around the graph: stats, list, show, search and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ._iri import BASE, CORE_TYPES, RDF, SPARQL_PREFIXES, curie, expand, local_id
from .errors import RolegraphError, UnknownEntityError, UnknownTypeError
from .projection import Projection
from .resolve import normalise, resolve


class GraphStore(Protocol):
    """What query functions need of a store, embedded or remote."""

    @property
    def projection(self) -> Projection: ...

    @property
    def triples(self) -> int: ...

    def select(self, query: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]: ...


def _named(iri: str) -> Any:
    import pyoxigraph

    return pyoxigraph.NamedNode(iri)


# ------------------------------------------------------------------ stats


@dataclass(frozen=True)
class Stats:
    triples: int
    counts: dict[str, int]
    evidence: int

    def to_dict(self) -> dict[str, Any]:
        return {"triples": self.triples, "counts": dict(self.counts), "evidence": self.evidence}


def stats(store: GraphStore) -> Stats:
    """Size of the graph: triples in the default graph and entities per class.

    A programming language is both a Skill and a Tool and counts as each.
    """
    proj = store.projection
    return Stats(store.triples, proj.counts, len(proj.evidence))


# ------------------------------------------------------------------ list


def known_types(proj: Projection) -> list[str]:
    specific = {c for _k, _l, cs in proj.nodes.values() for c in cs if ":" not in c}
    return sorted(set(CORE_TYPES) | specific)


def match_type(proj: Projection, text: str) -> str:
    """The class named by ``text``: any case, spaces ignored, a plural allowed
    ("roles", "ML frameworks"). Raises :class:`UnknownTypeError`."""
    known = known_types(proj)
    by_key = {normalise(k).replace(" ", ""): k for k in known}
    key = normalise(text).replace(" ", "")
    if key not in by_key and key.endswith("s") and key[:-1] in by_key:
        key = key[:-1]
    if key not in by_key:
        raise UnknownTypeError(text.strip(), known)
    return by_key[key]


def list_entities(store: GraphStore, kind: str | None = None) -> list[dict[str, str]]:
    """Entities of a class (a core class or a subclass such as ``MLFramework``;
    case-insensitive, plural allowed), or all entities, sorted by type and label."""
    proj = store.projection
    if kind is None:
        found = sorted(proj.nodes, key=lambda e: (CORE_TYPES.index(proj.type(e)), proj.label(e).casefold(), e))
    else:
        found = proj.of_type(match_type(proj, kind))
    return [proj.typed_ref(e) for e in found]


# ------------------------------------------------------------------ sources


def source_item(proj: Projection, evidence: str) -> dict[str, Any]:
    """``{"source": {"id", "title"}, "quote", "evidence"}`` for one evidence graph."""
    src, quote, primary = proj.evidence.get(evidence, ("", "", ""))
    item: dict[str, Any] = {
        "source": {"id": local_id(src), "title": proj.label(src) if src in proj else local_id(src)},
        "quote": quote,
        "evidence": local_id(evidence),
    }
    if primary:
        item["cites"] = {"id": local_id(primary), "title": proj.label(primary) if primary in proj else local_id(primary)}
    return item


# ------------------------------------------------------------------ show

Q_LITERALS = SPARQL_PREFIXES + "SELECT ?p ?o WHERE { ?e ?p ?o FILTER(isLiteral(?o)) }"


@dataclass(frozen=True)
class Entity:
    iri: str
    id: str
    label: str
    type: str
    classes: tuple[str, ...]
    definition: str | None
    alt_labels: list[str]
    attributes: dict[str, list[str]]
    links: list[dict[str, Any]]
    sources: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "iri": self.iri,
            "label": self.label,
            "type": self.type,
            "classes": list(self.classes),
            "definition": self.definition,
            "alt_labels": list(self.alt_labels),
            "attributes": {k: list(v) for k, v in self.attributes.items()},
            "links": list(self.links),
            "sources": list(self.sources),
        }


_SKIP_ATTRS = {"skos:prefLabel", "skos:altLabel", "skos:definition"}


def show(store: GraphStore, ref: str) -> Entity:
    """One entity with its literal attributes, links (each with its sources) and sources."""
    proj = store.projection
    iri = resolve(proj, ref)
    definition: str | None = None
    attributes: dict[str, list[str]] = {}
    best_rank = 9
    for row in store.select(Q_LITERALS, {"e": _named(iri)}):
        p = curie(row["p"].value)
        lit = row["o"]
        if p == "skos:definition":
            lang = (lit.language or "").lower()
            rank = 0 if lang.startswith("en") else 1 if not lang else 2
            if rank < best_rank:
                definition, best_rank = lit.value, rank
        elif p not in _SKIP_ATTRS:
            attributes.setdefault(p, [])
            if lit.value not in attributes[p]:
                attributes[p].append(lit.value)
    for values in attributes.values():
        values.sort()
    links: list[dict[str, Any]] = []
    for p, o in proj.out_edges(iri):
        links.append(_link(proj, iri, p, o, "out", o))
    for p, s in proj.in_edges(iri):
        links.append(_link(proj, s, p, iri, "in", s))
    order = {t: i for i, t in enumerate(CORE_TYPES)}
    links.sort(key=lambda l: (l["direction"] != "out", l["predicate"], order.get(l["target"]["type"], 99), l["target"]["label"].casefold()))
    sources = [source_item(proj, ev) for ev in sorted(proj.node_evidence(iri))]
    return Entity(
        iri=iri,
        id=local_id(iri),
        label=proj.label(iri),
        type=proj.type(iri),
        classes=proj.classes(iri),
        definition=definition,
        alt_labels=sorted(proj.alt_labels(iri), key=str.casefold),
        attributes=attributes,
        links=links,
        sources=sources,
    )


def _link(proj: Projection, s: str, p: str, o: str, direction: str, other: str) -> dict[str, Any]:
    return {
        "predicate": curie(p),
        "direction": direction,
        "target": proj.typed_ref(other),
        "sources": [source_item(proj, ev) for ev in sorted(proj.edge_evidence(s, p, o))],
    }


# ------------------------------------------------------------------ search

Q_DEFINITIONS = SPARQL_PREFIXES + "SELECT ?e ?d WHERE { ?e skos:definition ?d }"


def search(store: GraphStore, text: str, *, kind: str | None = None, limit: int = 10) -> list[dict[str, Any]]:
    """Entities whose label, alt label or definition resembles ``text``, best
    first, with a score in [0, 1]. Label matches outrank definition matches."""
    from rapidfuzz import fuzz

    proj = store.projection
    query = normalise(text)
    if not query:
        raise RolegraphError("search needs some text")
    allowed = None
    if kind is not None:
        allowed = {e["id"] for e in list_entities(store, kind)}
    scores: dict[str, float] = {}

    def consider(iri: str, score: float) -> None:
        if score > scores.get(iri, 0.0):
            scores[iri] = score

    for iri, (_k, label, _c) in proj.nodes.items():
        names = [label, *proj.alt_labels(iri)]
        for i, name in enumerate(names):
            n = normalise(name)
            if n == query:
                s = 1.0 if i == 0 else 0.98
            elif query in n.split() or (len(query) > 2 and query in n):
                s = 0.9 - 0.1 * (1 - len(query) / max(len(n), 1))
            else:
                s = fuzz.WRatio(query, n) / 100 * 0.85
            consider(iri, s)
    if len(query) > 2:
        for row in store.select(Q_DEFINITIONS):
            iri = row["e"].value
            if iri in proj.nodes:
                d = normalise(row["d"].value)
                if query in d:
                    consider(iri, 0.6)
                else:
                    consider(iri, fuzz.partial_ratio(query, d) / 100 * 0.55)
    found = [(s, iri) for iri, s in scores.items() if s >= 0.5 and (allowed is None or local_id(iri) in allowed)]
    found.sort(key=lambda x: (-x[0], proj.label(x[1]).casefold()))
    return [{**proj.typed_ref(iri), "score": round(s, 3)} for s, iri in found[:limit]]


# ------------------------------------------------------------------ why

# The fact with the property itself, or with one of its sub-properties. Two
# plain groups rather than one query with a UNION: a bound ?wanted must be
# visible in the group that uses it, whether it is bound by substitution
# (embedded store) or by a VALUES block (remote endpoints).
Q_WHY_EXACT = SPARQL_PREFIXES + """SELECT DISTINCT ?g WHERE {
  GRAPH ?g { ?s ?wanted ?o }
  ?g a rg:Evidence .
}"""
Q_WHY_SUB = SPARQL_PREFIXES + """SELECT DISTINCT ?g WHERE {
  ?p rdfs:subPropertyOf+ ?wanted .
  GRAPH ?g { ?s ?p ?o }
  ?g a rg:Evidence .
}"""
Q_HOLDS_EXACT = "SELECT ?s WHERE { ?s ?wanted ?o } LIMIT 1"
Q_HOLDS_SUB = SPARQL_PREFIXES + "SELECT ?s WHERE { ?p rdfs:subPropertyOf+ ?wanted . ?s ?p ?o } LIMIT 1"


def resolve_predicate(text: str) -> str:
    """A predicate from ``rg:essentialSkill``, ``essentialSkill``, ``a`` or an IRI."""
    t = text.strip()
    if t in ("a", "type"):
        return RDF + "type"
    if t.startswith("<") and t.endswith(">"):
        return t[1:-1]
    if "://" in t:
        return t
    expanded = expand(t)
    if expanded is not None:
        return expanded
    return BASE + t


def _outside_iri(text: str) -> Any:
    """An IRI that names no entity (an ESCO concept, say), or None."""
    import pyoxigraph as ox

    t = text.strip()
    iri = t[1:-1] if t.startswith("<") and t.endswith(">") else t if "://" in t else expand(t)
    if iri is None:
        return None
    try:
        return ox.NamedNode(iri)
    except ValueError:
        return None


def why(store: GraphStore, s: str, p: str, o: str) -> list[dict[str, Any]]:
    """The sources and quotes behind the fact ``S P O`` (sub-properties count:
    ``why "data scientist" requiresSkill statistics`` finds the essential-skill fact)."""
    import pyoxigraph as ox

    proj = store.projection
    subject = resolve(proj, s)
    predicate = resolve_predicate(p)
    try:
        ox.NamedNode(predicate)
    except ValueError:
        raise RolegraphError(f"{p!r} is not a property: give a name such as essentialSkill, a CURIE or an IRI") from None
    obj: Any
    if predicate == RDF + "type":
        try:
            obj = ox.NamedNode(expand(o) or (o if "://" in o else BASE + o))
        except ValueError:
            raise RolegraphError(f"{o!r} is not a class: give a name such as Role, a CURIE or an IRI") from None
    else:
        try:
            obj = ox.NamedNode(resolve(proj, o))
        except UnknownEntityError:
            obj = _outside_iri(o)
        if obj is None:
            rows = store.select(
                SPARQL_PREFIXES + "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && str(?o) = ?text) }",
                {"s": ox.NamedNode(subject), "p": ox.NamedNode(predicate), "text": ox.Literal(o)},
            )
            if not rows:
                raise UnknownEntityError(o, [])
            obj = rows[0]["o"]
    bindings = {"s": ox.NamedNode(subject), "wanted": ox.NamedNode(predicate), "o": obj}
    rows = store.select(Q_WHY_EXACT, bindings) + store.select(Q_WHY_SUB, bindings)
    if not rows:
        if not (store.select(Q_HOLDS_EXACT, bindings) or store.select(Q_HOLDS_SUB, bindings)):
            label_o = proj.label(obj.value) if isinstance(obj, ox.NamedNode) and obj.value in proj else str(o)
            raise RolegraphError(f"the graph does not say that {proj.label(subject)} {curie(predicate)} {label_o}")
        return []
    evidence = sorted({r["g"].value for r in rows})
    return [source_item(proj, ev) for ev in evidence]
