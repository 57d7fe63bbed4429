"""Shortest explained paths between two entities, over networkx."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any

from ._iri import SPARQL_PREFIXES, curie, local_id
from .errors import RolegraphError
from .explore import GraphStore
from .projection import Projection
from .resolve import resolve

Q_PREDICATE_LABELS = SPARQL_PREFIXES + """SELECT ?p ?l WHERE {
  ?p rdfs:label ?l . FILTER(langMatches(lang(?l), "en") || lang(?l) = "")
}"""


@dataclass(frozen=True)
class PathResult:
    nodes: list[dict[str, str]]
    edges: list[dict[str, str]]
    sentences: list[str]

    @property
    def length(self) -> int:
        return len(self.edges)

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": list(self.nodes), "edges": list(self.edges), "length": self.length, "sentences": list(self.sentences)}


@dataclass(frozen=True)
class Paths:
    """The shortest path first; ``paths`` holds all ``k`` found, shortest first."""

    paths: list[PathResult]

    def to_dict(self) -> dict[str, Any]:
        first = self.paths[0].to_dict()
        first["paths"] = [p.to_dict() for p in self.paths]
        return first


def _simple_graph(proj: Projection) -> Any:
    """Undirected simple graph; each edge keeps its predicates and direction.
    Nodes and edges go in sorted order so equal-length paths come out the same
    whatever order the store returned the triples in."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(sorted(proj.nodes))
    triples = sorted((s, p, o) for s in proj.nodes for p, o in proj.out_edges(s))
    for s, p, o in triples:
        if s == o:
            continue
        data = g.get_edge_data(s, o)
        if data is None:
            g.add_edge(s, o, facts=[(s, p, o)])
        else:
            data["facts"].append((s, p, o))
    return g


def path(store: GraphStore, a: str, b: str, *, k: int = 1) -> Paths:
    """The shortest chain of facts linking ``a`` and ``b`` (edges may be
    followed either way), and up to ``k`` shortest simple paths.

    >>> path(store, "Tableau", "TensorFlow").paths[0].sentences  # doctest: +SKIP
    ['data scientist uses tool Tableau', ...]
    """
    import networkx as nx

    proj = store.projection
    src, dst = resolve(proj, a), resolve(proj, b)
    if src == dst:
        node = proj.typed_ref(src)
        return Paths([PathResult([node], [], [])])
    g = _simple_graph(proj)
    labels = {row["p"].value: row["l"].value for row in store.select(Q_PREDICATE_LABELS)}
    try:
        found = list(islice(nx.shortest_simple_paths(g, src, dst), k))
    except nx.NetworkXNoPath:
        raise RolegraphError(f"no path links {proj.label(src)} and {proj.label(dst)}") from None
    return Paths([_explain(proj, g, labels, hops) for hops in found])


def _explain(proj: Projection, g: Any, labels: dict[str, str], hops: list[str]) -> PathResult:
    edges, sentences = [], []
    for x, y in zip(hops, hops[1:]):
        s, p, o = sorted(g.get_edge_data(x, y)["facts"])[0]
        edges.append({"source": local_id(s), "predicate": curie(p), "target": local_id(o)})
        sentences.append(f"{proj.label(s)} {labels.get(p, curie(p))} {proj.label(o)}")
    return PathResult([proj.typed_ref(n) for n in hops], edges, sentences)
