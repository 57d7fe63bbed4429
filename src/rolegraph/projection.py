"""The graph projected onto entities: the shape networkx and the query
functions work on.

Nodes are the entities (anything typed with one of the core classes and
labelled with ``skos:prefLabel``); edges are the triples between two entities,
keyed by predicate; literals are skipped. Each edge and node keeps the evidence
graphs that assert it, so answers can cite their sources.

The projection is built from any store with three or four SELECT queries
(:func:`build_projection_data`), kept as plain dicts that ``marshal`` writes and
reads quickly, and turned into a ``networkx.MultiDiGraph`` only when a path
query needs one (:meth:`Projection.to_networkx`).
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._iri import BASE, CORE_TYPES, SHAPES_GRAPH, SPARQL_PREFIXES, local_id

if TYPE_CHECKING:
    import networkx as nx

Select = Callable[[str], list[dict[str, Any]]]

Q_SUBCLASS = SPARQL_PREFIXES + "SELECT ?c ?d WHERE { ?c rdfs:subClassOf ?d FILTER(isIRI(?c) && isIRI(?d)) }"
Q_TYPES = SPARQL_PREFIXES + "SELECT ?e ?c WHERE { ?e rdf:type ?c FILTER(isIRI(?e)) }"
Q_LABELS = SPARQL_PREFIXES + "SELECT ?e ?l WHERE { ?e skos:prefLabel ?l FILTER(isIRI(?e)) }"
Q_ALTS = SPARQL_PREFIXES + "SELECT ?e ?l WHERE { ?e skos:altLabel ?l FILTER(isIRI(?e)) }"
Q_EDGES = SPARQL_PREFIXES + """SELECT ?s ?p ?o WHERE {
  ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o) && ?p != rdf:type)
  ?s skos:prefLabel [] . ?o skos:prefLabel [] .
}"""
Q_EVIDENCE = SPARQL_PREFIXES + """SELECT ?g ?src ?quote ?primary WHERE {
  ?g a rg:Evidence .
  OPTIONAL { ?g dcterms:source ?src }
  OPTIONAL { ?g rg:quote ?quote }
  OPTIONAL { ?g prov:hadPrimarySource ?primary }
}"""
Q_FACTS = SPARQL_PREFIXES + """SELECT ?g ?s ?p ?o WHERE {
  GRAPH ?g { ?s ?p ?o FILTER(isIRI(?s)) }
  ?g a rg:Evidence .
}"""
Q_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def _english(literal: Any) -> tuple[int, str]:
    """Rank a label: English first, then no language, then any other."""
    lang = getattr(literal, "language", None) or ""
    rank = 0 if lang.lower().startswith("en") else 1 if not lang else 2
    return rank, literal.value


def _closure(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for c, d in pairs:
        parents[c].add(d)
    closed: dict[str, set[str]] = {}

    def up(c: str, seen: frozenset[str] = frozenset()) -> set[str]:
        if c in closed:
            return closed[c]
        out = {c}
        for d in parents.get(c, ()):
            if d not in seen:
                out |= up(d, seen | {c})
        closed[c] = out
        return out

    for c in list(parents):
        up(c)
    return closed


def build_projection_data(select: Select) -> dict[str, Any]:
    """Query a store (through ``select``) for everything the projection holds."""
    intern = sys.intern
    core = {BASE + t: t for t in CORE_TYPES}
    closure = _closure((r["c"].value, r["d"].value) for r in select(Q_SUBCLASS))

    classes: dict[str, list[str]] = defaultdict(list)
    for r in select(Q_TYPES):
        classes[r["e"].value].append(r["c"].value)
    best_label: dict[str, tuple[int, str]] = {}
    for r in select(Q_LABELS):
        e, rank = r["e"].value, _english(r["l"])
        if e not in best_label or rank < best_label[e]:
            best_label[e] = rank

    nodes: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for e, cs in classes.items():
        if e not in best_label:
            continue
        supers: set[str] = set()
        for c in cs:
            supers |= closure.get(c, {c})
        cores = [core[s] for s in supers if s in core]
        if not cores:
            continue
        kind = min(cores, key=CORE_TYPES.index)
        specific = tuple(sorted({local_id(c) for c in cs}))
        nodes[intern(e)] = (intern(kind), best_label[e][1], specific)

    alts: dict[str, list[str]] = defaultdict(list)
    for r in select(Q_ALTS):
        e = r["e"].value
        if e in nodes and r["l"].value not in alts[e]:
            alts[e].append(r["l"].value)

    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    inn: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in select(Q_EDGES):
        s, p, o = r["s"].value, intern(r["p"].value), r["o"].value
        if s in nodes and o in nodes:
            s, o = intern(s), intern(o)
            out[s].append((p, o))
            inn[o].append((p, s))

    evidence: dict[str, tuple[str, str, str]] = {}
    for r in select(Q_EVIDENCE):
        g = r["g"].value
        evidence[intern(g)] = (
            intern(r["src"].value) if "src" in r else "",
            r["quote"].value if "quote" in r else "",
            intern(r["primary"].value) if "primary" in r else "",
        )
    edge_evidence: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    node_evidence: dict[str, list[str]] = defaultdict(list)
    if evidence:
        for r in select(Q_FACTS):
            g, s = r["g"].value, r["s"].value
            if g == SHAPES_GRAPH or s not in nodes:
                continue
            g = intern(g)
            if g not in node_evidence[s]:
                node_evidence[s].append(g)
            o = r["o"]
            if type(o).__name__ == "NamedNode" and o.value in nodes:
                key = (s, r["p"].value, o.value)
                if g not in edge_evidence[key]:
                    edge_evidence[key].append(g)

    triples = int(select(Q_COUNT)[0]["n"].value)
    counts: dict[str, int] = defaultdict(int)
    for kind, _label, specific in nodes.values():
        counts[kind] += 1
    # Report membership by class, counting subclasses (a programming language
    # is counted as a Skill and as a Tool).
    class_counts: dict[str, int] = defaultdict(int)
    for e in nodes:
        supers = set()
        for c in classes[e]:
            supers |= closure.get(c, {c})
        for s in supers:
            if s in core:
                class_counts[core[s]] += 1
    return {
        "triples": triples,
        "nodes": nodes,
        "alts": dict(alts),
        "out": dict(out),
        "in": dict(inn),
        "evidence": evidence,
        "edge_evidence": dict(edge_evidence),
        "node_evidence": dict(node_evidence),
        "counts": {t: class_counts.get(t, 0) for t in CORE_TYPES},
    }


class Projection:
    """Read-only view of the projected graph with the look-ups queries need."""

    def __init__(self, data: Mapping[str, Any]):
        self.data = data
        self.nodes: Mapping[str, tuple[str, str, tuple[str, ...]]] = data["nodes"]
        self._out: Mapping[str, list[tuple[str, str]]] = data["out"]
        self._in: Mapping[str, list[tuple[str, str]]] = data["in"]
        self._edge_evidence = data["edge_evidence"]
        self._node_evidence = data["node_evidence"]
        self.evidence: Mapping[str, tuple[str, str, str]] = data["evidence"]

    def __contains__(self, iri: object) -> bool:
        return iri in self.nodes

    def __len__(self) -> int:
        return len(self.nodes)

    def type(self, iri: str) -> str:
        return self.nodes[iri][0]

    def label(self, iri: str) -> str:
        return self.nodes[iri][1]

    def classes(self, iri: str) -> tuple[str, ...]:
        return tuple(self.nodes[iri][2])

    def alt_labels(self, iri: str) -> list[str]:
        return list(self.data["alts"].get(iri, ()))

    def ref(self, iri: str) -> dict[str, str]:
        """``{"id", "label"}`` for an entity, the shape list items take."""
        return {"id": local_id(iri), "label": self.nodes[iri][1]}

    def typed_ref(self, iri: str) -> dict[str, str]:
        return {"id": local_id(iri), "label": self.nodes[iri][1], "type": self.nodes[iri][0]}

    def out_edges(self, iri: str) -> list[tuple[str, str]]:
        """``(predicate, target)`` pairs leaving ``iri``."""
        return list(self._out.get(iri, ()))

    def in_edges(self, iri: str) -> list[tuple[str, str]]:
        """``(predicate, source)`` pairs entering ``iri``."""
        return list(self._in.get(iri, ()))

    def targets(self, iri: str, *predicates: str) -> list[str]:
        """Targets of ``iri`` over any of ``predicates`` (full IRIs), in order, once each."""
        wanted = set(predicates)
        seen: dict[str, None] = {}
        for p, o in self._out.get(iri, ()):
            if p in wanted:
                seen.setdefault(o, None)
        return list(seen)

    def sources_of(self, iri: str, *predicates: str) -> list[str]:
        wanted = set(predicates)
        seen: dict[str, None] = {}
        for p, s in self._in.get(iri, ()):
            if p in wanted:
                seen.setdefault(s, None)
        return list(seen)

    def edge_evidence(self, s: str, p: str, o: str) -> list[str]:
        return list(self._edge_evidence.get((s, p, o), ()))

    def node_evidence(self, iri: str) -> list[str]:
        return list(self._node_evidence.get(iri, ()))

    def of_type(self, kind: str) -> list[str]:
        """Entities of a core type (or any class they are typed with), sorted by label."""
        found = [e for e, (k, _l, cs) in self.nodes.items() if k == kind or kind in cs]
        return sorted(found, key=lambda e: (self.nodes[e][1].casefold(), e))

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.data["counts"])

    def to_networkx(self) -> nx.MultiDiGraph:
        """A ``networkx.MultiDiGraph``: predicate IRI as edge key, ``type`` and
        ``label`` as node attributes."""
        import networkx as nx

        g = nx.MultiDiGraph()
        for e, (kind, label, classes) in self.nodes.items():
            g.add_node(e, type=kind, label=label, classes=classes)
        for s, edges in self._out.items():
            for p, o in edges:
                g.add_edge(s, o, key=p, predicate=p)
        return g
