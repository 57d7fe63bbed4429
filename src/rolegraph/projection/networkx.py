"""The projection as networkx graphs, for the algorithms that need one.

:func:`to_networkx` copies the projection into a ``MultiDiGraph`` (every link,
keyed by predicate), as rdflib's ``rdflib_to_networkx_multidigraph`` does for
an rdflib graph. :func:`undirected_view` copies nothing: it is a read-only
``networkx.Graph`` whose nodes and neighbours are read from the projection
when an algorithm asks for them (networkx's documented dict-factory
extension point), so a shortest path on an ESCO-sized graph touches only the
entities the search reaches.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import networkx as nx

if TYPE_CHECKING:
    from .view import Projection

_NO_DATA: Mapping[str, Any] = MappingProxyType({})


def to_networkx(proj: Projection) -> nx.MultiDiGraph:
    """A ``networkx.MultiDiGraph`` of ``proj``: entity IRIs as nodes (with
    ``type``, ``label`` and ``classes``), one edge per link keyed by its
    predicate IRI. Nodes and edges go in sorted order, so algorithms that break
    ties by insertion order give the same answer whatever order the store
    returned its triples in.

    >>> from rolegraph.store import open_store
    >>> g = to_networkx(open_store().projection)
    >>> g.nodes["https://w3id.org/rolegraph/python"]["label"]
    'Python'
    """
    g = nx.MultiDiGraph()
    g.add_nodes_from((e, {"type": kind, "label": label, "classes": classes}) for e, kind, label, classes in proj.entities())
    g.add_edges_from((s, o, p, {"predicate": p}) for s, p, o in proj.edges())
    return g


class _ByEntity(Mapping[str, Any]):
    """A read-only mapping keyed by the projection's entities."""

    def __init__(self, proj: Projection):
        self._proj = proj

    def __contains__(self, node: object) -> bool:
        return node in self._proj

    def __iter__(self) -> Iterator[str]:
        return iter(self._proj)

    def __len__(self) -> int:
        return len(self._proj)

    def __getitem__(self, node: str) -> Any:
        raise NotImplementedError


class _Nodes(_ByEntity):
    """node → its attributes (``type``, ``label``)."""

    def __getitem__(self, node: str) -> Mapping[str, Any]:
        if node not in self._proj:
            raise KeyError(node)
        return MappingProxyType({"type": self._proj.type(node), "label": self._proj.label(node)})


class _Adjacency(_ByEntity):
    """node → {neighbour: no data}, neighbours either way, in IRI order."""

    def __init__(self, proj: Projection):
        super().__init__(proj)
        self._seen: dict[str, Mapping[str, Mapping[str, Any]]] = {}

    def __getitem__(self, node: str) -> Mapping[str, Mapping[str, Any]]:
        found = self._seen.get(node)
        if found is None:
            if node not in self._proj:
                raise KeyError(node)
            near = {o for _p, o in self._proj.out_edges(node)} | {s for _p, s in self._proj.in_edges(node)}
            near.discard(node)
            found = self._seen[node] = MappingProxyType(dict.fromkeys(sorted(near), _NO_DATA))
        return found


class _UndirectedView(nx.Graph):  # type: ignore[misc]
    def __init__(self, proj: Projection):
        super().__init__()
        self._node = _Nodes(proj)
        self._adj = _Adjacency(proj)


def undirected_view(proj: Projection) -> nx.Graph:
    """A read-only undirected ``networkx.Graph`` over ``proj`` (links followed
    either way, one edge per linked pair), built lazily as algorithms walk it.

    >>> from rolegraph.store import open_store
    >>> g = undirected_view(open_store().projection)
    >>> rg = "https://w3id.org/rolegraph/"
    >>> [g.nodes[n]["label"] for n in nx.bidirectional_shortest_path(g, rg + "tableau", rg + "data-scientist")]
    ['Tableau', 'data scientist']
    """
    return _UndirectedView(proj)
