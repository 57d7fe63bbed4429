"""Shortest explained chains of facts between two entities.

One shortest chain is a bidirectional breadth-first search over the
projection (:func:`shortest`), which touches only the entities it reaches and
needs no networkx: importing networkx alone takes longer (55–70 ms) than the
rest of a cold ``path`` on a 1M-triple graph. More chains (``k > 1``) are
networkx's ``shortest_simple_paths`` (Yen's algorithm) over a lazy view of
the projection; tests hold :func:`shortest` to networkx's
``bidirectional_shortest_path``.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from ..errors import RolegraphError
from ..lookup.names import resolve
from ..projection import Projection
from ..results import Ref
from ..vocab import curie, local_id

if TYPE_CHECKING:
    from ..store import Store

@dataclass(frozen=True)
class Edge:
    source: str
    predicate: str
    target: str


@dataclass(frozen=True)
class Path:
    """One chain: its entities, the facts linking them and those facts as sentences."""

    nodes: list[Ref]
    edges: list[Edge]
    length: int
    sentences: list[str]


@dataclass(frozen=True)
class PathResult(Path):
    """The shortest chain, and in ``paths`` all the chains found, shortest first."""

    paths: list[Path]


def path(store: Store, a: str, b: str, *, k: int = 1) -> PathResult:
    """The shortest chain of facts linking ``a`` and ``b`` (links may be
    followed either way) and up to ``k`` shortest simple chains.

    Raises :class:`RolegraphError` when nothing links the two.

    >>> from rolegraph.store import open_store
    >>> path(open_store(), "Tableau", "data scientist").sentences
    ['data scientist uses tool Tableau']
    """
    proj = store.projection
    src, dst = resolve(proj, a), resolve(proj, b)
    first = shortest(proj, src, dst)
    if first is None:
        raise RolegraphError(f"no path links {proj.label(src)} and {proj.label(dst)}")
    found = [first]
    if k > 1:
        import networkx as nx

        from ..projection.networkx import undirected_view

        found += [hops for hops in islice(nx.shortest_simple_paths(undirected_view(proj), src, dst), k + 1) if hops != first][: k - 1]
        found.sort(key=len)
    chains = [_explain(proj, hops) for hops in found]
    best = chains[0]
    return PathResult(best.nodes, best.edges, best.length, best.sentences, chains)


def _neighbours(proj: Projection, node: str) -> list[str]:
    near = {o for _p, o in proj.out_edges(node)} | {s for _p, s in proj.in_edges(node)}
    near.discard(node)
    return sorted(near)


def shortest(proj: Projection, src: str, dst: str) -> list[str] | None:
    """One shortest chain of entities from ``src`` to ``dst`` (links followed
    either way), or None. Frontiers and neighbours go in sorted order, so the
    answer depends only on the graph, never on the order a store returned its
    triples in.

    >>> from rolegraph.store import open_store
    >>> rg = "https://w3id.org/rolegraph/"
    >>> len(shortest(open_store().projection, rg + "tableau", rg + "tensorflow"))
    4
    """
    if src == dst:
        return [src]
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
            return _walk(parents[0], meet)[::-1] + _walk(parents[1], meet)[1:]
        frontiers = (sorted(nxt), frontiers[1]) if side == 0 else (frontiers[0], sorted(nxt))
    return None


def _walk(parents: dict[str, str | None], node: str) -> list[str]:
    out = [node]
    while (up := parents[out[-1]]) is not None:
        out.append(up)
    return out


def _facts(proj: Projection, x: str, y: str) -> list[tuple[str, str, str]]:
    facts = [(x, p, o) for p, o in proj.out_edges(x) if o == y]
    facts += [(y, p, o) for p, o in proj.out_edges(y) if o == x]
    return sorted(facts)


def _explain(proj: Projection, hops: list[str]) -> Path:
    labels = proj.predicate_labels
    edges, sentences = [], []
    for x, y in zip(hops, hops[1:]):
        s, p, o = _facts(proj, x, y)[0]
        edges.append(Edge(local_id(s), curie(p), local_id(o)))
        sentences.append(f"{proj.label(s)} {labels.get(p, curie(p))} {proj.label(o)}")
    return Path([proj.ref(n) for n in hops], edges, len(edges), sentences)
