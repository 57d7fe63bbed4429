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


def path(store: GraphStore, a: str, b: str, *, k: int = 1) -> Paths:
    """The shortest chain of facts linking ``a`` and ``b`` (edges may be
    followed either way), and up to ``k`` shortest simple paths.

    >>> path(store, "Tableau", "TensorFlow").paths[0].sentences  # doctest: +SKIP
    ['data scientist uses tool Tableau', ...]
    """
    proj = store.projection
    src, dst = resolve(proj, a), resolve(proj, b)
    if src == dst:
        node = proj.typed_ref(src)
        return Paths([PathResult([node], [], [])])
    first = shortest(proj, src, dst)
    if first is None:
        raise RolegraphError(f"no path links {proj.label(src)} and {proj.label(dst)}")
    found = [first]
    if k > 1:
        # k shortest simple paths need Yen's algorithm: networkx's, on the
        # whole graph (built only here).
        import networkx as nx

        undirected = nx.Graph(proj.to_networkx())  # edges followed either way
        for hops in islice(nx.shortest_simple_paths(undirected, src, dst), k + 1):
            if hops != first and len(found) < k:
                found.append(hops)
        found.sort(key=len)
    labels = {row["p"].value: row["l"].value for row in store.select(Q_PREDICATE_LABELS)}
    return Paths([_explain(proj, labels, hops) for hops in found])


def _neighbours(proj: Projection, node: str) -> list[str]:
    near = {o for _p, o in proj.out_edges(node)} | {s for _p, s in proj.in_edges(node)}
    near.discard(node)
    return sorted(near)


def shortest(proj: Projection, src: str, dst: str) -> list[str] | None:
    """One shortest path (edges followed either way) by bidirectional
    breadth-first search, touching only the part of the graph it needs.
    Frontiers and neighbours go in sorted order, so the answer depends only
    on the graph, never on the order a store returned its triples in."""
    parents: tuple[dict[str, str | None], dict[str, str | None]] = ({src: None}, {dst: None})
    frontiers = ([src], [dst])
    while frontiers[0] and frontiers[1]:
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        mine, other = parents[side], parents[1 - side]
        nxt: list[str] = []
        meets: list[str] = []
        for node in frontiers[side]:
            for near in _neighbours(proj, node):
                if near not in mine:
                    mine[near] = node
                    nxt.append(near)
                    if near in other:
                        meets.append(near)
        if meets:
            meet = min(meets)
            left = _walk(parents[0], meet)[::-1]
            right = _walk(parents[1], meet)[1:]
            return left + right
        frontiers = (sorted(nxt), frontiers[1]) if side == 0 else (frontiers[0], sorted(nxt))
    return None


def _walk(parents: dict[str, str | None], node: str) -> list[str]:
    out = [node]
    while parents[out[-1]] is not None:
        out.append(parents[out[-1]])  # type: ignore[arg-type]
    return out


def _facts(proj: Projection, x: str, y: str) -> list[tuple[str, str, str]]:
    facts = [(x, p, o) for p, o in proj.out_edges(x) if o == y]
    facts += [(y, p, o) for p, o in proj.out_edges(y) if o == x]
    return sorted(facts)


def _explain(proj: Projection, labels: dict[str, str], hops: list[str]) -> PathResult:
    edges, sentences = [], []
    for x, y in zip(hops, hops[1:]):
        s, p, o = _facts(proj, x, y)[0]
        edges.append({"source": local_id(s), "predicate": curie(p), "target": local_id(o)})
        sentences.append(f"{proj.label(s)} {labels.get(p, curie(p))} {proj.label(o)}")
    return PathResult([proj.typed_ref(n) for n in hops], edges, sentences)
