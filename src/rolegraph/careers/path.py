"""Shortest explained chains of facts between two entities, with networkx."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from ..errors import RolegraphError
from ..lookup.names import resolve
from ..projection import Projection
from ..results import Ref
from ..vocab import SPARQL_PREFIXES, curie, local_id

if TYPE_CHECKING:
    from ..store import Store

Q_PREDICATE_LABELS = SPARQL_PREFIXES + """SELECT ?p ?l WHERE {
  ?p rdfs:label ?l . FILTER(langMatches(lang(?l), "en") || lang(?l) = "")
}"""


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
    followed either way) and up to ``k`` shortest simple chains (Yen's
    algorithm, networkx's ``shortest_simple_paths``).

    Raises :class:`RolegraphError` when nothing links the two.

    >>> from rolegraph.store import open_store
    >>> path(open_store(), "Tableau", "data scientist").sentences
    ['data scientist uses tool Tableau']
    """
    import networkx as nx

    from ..projection.networkx import undirected_view

    proj = store.projection
    src, dst = resolve(proj, a), resolve(proj, b)
    graph = undirected_view(proj)
    try:
        found = list(islice(nx.shortest_simple_paths(graph, src, dst), k))
    except nx.NetworkXNoPath:
        raise RolegraphError(f"no path links {proj.label(src)} and {proj.label(dst)}") from None
    labels = {row["p"].value: row["l"].value for row in store.select(Q_PREDICATE_LABELS)} if src != dst else {}
    chains = [_explain(proj, labels, hops) for hops in found]
    first = chains[0]
    return PathResult(first.nodes, first.edges, first.length, first.sentences, chains)


def _facts(proj: Projection, x: str, y: str) -> list[tuple[str, str, str]]:
    facts = [(x, p, o) for p, o in proj.out_edges(x) if o == y]
    facts += [(y, p, o) for p, o in proj.out_edges(y) if o == x]
    return sorted(facts)


def _explain(proj: Projection, labels: dict[str, str], hops: list[str]) -> Path:
    edges, sentences = [], []
    for x, y in zip(hops, hops[1:]):
        s, p, o = _facts(proj, x, y)[0]
        edges.append(Edge(local_id(s), curie(p), local_id(o)))
        sentences.append(f"{proj.label(s)} {labels.get(p, curie(p))} {proj.label(o)}")
    return Path([proj.ref(n) for n in hops], edges, len(edges), sentences)
