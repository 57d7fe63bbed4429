"""The one store interface, implemented by the embedded store
(:class:`~rolegraph.store.local.LocalStore`) and by a SPARQL endpoint
(:class:`~rolegraph.store.remote.RemoteStore`).

Every library function takes a :class:`Store` first and works on both.
Results are pyoxigraph terms either way, so code above never asks which kind
of store it holds.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ..vocab import SHAPES_GRAPH

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

    from ..projection import Projection

    Term = ox.NamedNode | ox.BlankNode | ox.Literal
    GraphName = ox.NamedNode | ox.DefaultGraph
    QueryResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]

Row = dict[str, Any]
Q_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def rows(solutions: Any) -> list[Row]:
    """SELECT solutions as dicts of variable name → term (unbound variables left out)."""
    names = [v.value for v in solutions.variables]
    return [{n: s[n] for n in names if s[n] is not None} for s in solutions]


class Store(abc.ABC):
    """A graph that answers SPARQL, lists its quads and gives its projection.

    The default graph holds every asserted fact (facts of evidence graphs are
    copied into it on load), so queries need no ``GRAPH`` clause.
    """

    @abc.abstractmethod
    def query(self, query: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        """Run a read-only query, ``bindings`` (variable name → pyoxigraph term)
        joined in as checked terms by :func:`rolegraph.sparql.bind`.

        Returns pyoxigraph ``QuerySolutions`` (SELECT), ``QueryBoolean`` (ASK)
        or an iterable of ``Triple`` (CONSTRUCT, DESCRIBE). Raises
        :class:`~rolegraph.errors.QueryError` or
        :class:`~rolegraph.errors.StoreError`.
        """

    @abc.abstractmethod
    def quads(self, graph: GraphName | None = None) -> Iterator[ox.Quad]:
        """The quads of one graph (``DefaultGraph()`` or a ``NamedNode``), or of every graph."""

    @abc.abstractmethod
    def named_graphs(self) -> list[ox.NamedNode]:
        """The named graphs holding data (not the SHAPES graph), sorted."""

    @property
    @abc.abstractmethod
    def projection(self) -> Projection:
        """The graph projected onto entities (built or read once per store)."""

    def select(self, query: str, bindings: Mapping[str, Term] | None = None) -> list[Row]:
        """Run a SELECT; each row maps variable names to pyoxigraph terms."""
        import pyoxigraph as ox

        from ..errors import QueryError

        result = self.query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("the store did not answer a SELECT query with solutions")
        return rows(result)

    @property
    def triples(self) -> int:
        """Triples in the default graph."""
        return self.projection.triples

    def to_rdflib(self) -> rdflib.Dataset:
        """The store's graphs as an rdflib ``Dataset`` backed by Oxigraph
        (through oxrdflib); here a copy in memory, which a store that has an
        Oxigraph store of its own serves directly."""
        import pyoxigraph as ox

        copy = ox.Store()
        copy.bulk_extend(q for q in self.quads() if q.graph_name != ox.NamedNode(SHAPES_GRAPH))
        return _dataset(copy)


def _dataset(store: ox.Store) -> rdflib.Dataset:
    import rdflib
    from oxrdflib import OxigraphStore

    return rdflib.Dataset(store=OxigraphStore(store=store))


def default_graph(dataset: rdflib.Dataset) -> rdflib.Graph:
    """The default graph of an Oxigraph-backed ``Dataset``, as an rdflib ``Graph``."""
    import rdflib
    from rdflib.graph import DATASET_DEFAULT_GRAPH_ID

    return rdflib.Graph(store=dataset.store, identifier=DATASET_DEFAULT_GRAPH_ID)
