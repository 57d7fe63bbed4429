"""A SPARQL 1.1 endpoint as the store.

:class:`RemoteStore` implements :class:`~rolegraph.store.base.Store`, so every
library function runs unchanged against Oxigraph server, Virtuoso, Fuseki,
GraphDB or any other SPARQL 1.1 Protocol endpoint. Results are parsed into
pyoxigraph terms, exactly as the embedded store returns them; the projection
is built by the same builder, from the rows of two SELECT queries.

Every request is bounded as :mod:`rolegraph.store.http` says: ``timeout``
seconds in total, at most ``ROLEGRAPH_MAX_RESPONSE_BYTES`` of answer,
redirects only to the same origin. The marker ``push`` writes into each named
graph (:data:`~rolegraph.store.push.MARKER`) is left out of the quads and
the evidence facts, so a pushed store reads back as the data pushed.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from ..errors import StoreError
from ..vocab import PUSHED_GRAPH, SHAPES_GRAPH, SPARQL_PREFIXES
from .base import Q_COUNT, Store
from .http import check_url, http, media_type
from .push import MARKER

if TYPE_CHECKING:
    import pyoxigraph as ox

    from ..projection import Projection
    from .base import GraphName, QueryResult, Term

_ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
# Some stores (Virtuoso) answer a CONSTRUCT in a JSON results shape if asked
# for JSON: a graph query asks for RDF only.
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"

#: What the projection needs of the default graph: links, types, labels, quotes.
Q_PROJECTION = SPARQL_PREFIXES + """SELECT ?s ?p ?o WHERE {
  ?s ?p ?o FILTER(isIRI(?s) && (isIRI(?o) || ?p IN (skos:prefLabel, skos:altLabel, rdfs:label, rg:quote, rg:rationale)))
}"""
#: The facts of evidence graphs, for the sources of each link.
Q_FACTS = SPARQL_PREFIXES + """SELECT ?g ?s ?p ?o WHERE {
  GRAPH ?g { ?s ?p ?o FILTER(isIRI(?s)) }
  ?g a rg:Evidence .
}"""
#: Facts a Turtle file supports without named graphs (rg:supports an rdf:Statement).
Q_SUPPORTED = SPARQL_PREFIXES + """SELECT ?g ?s ?p ?o WHERE {
  ?g rg:supports ?x . ?x rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?g a rg:Evidence . FILTER(isIRI(?g) && isIRI(?s))
}"""
Q_GRAPH = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
Q_DEFAULT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
Q_NAMED = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"


class RemoteStore(Store):
    """A SPARQL 1.1 query endpoint.

    >>> store = RemoteStore("http://localhost:7878/query")   # doctest: +SKIP
    >>> store.select("SELECT ?r WHERE { ?r a <https://w3id.org/rolegraph/Role> }")  # doctest: +SKIP
    """

    def __init__(self, endpoint: str, *, timeout: float = 30.0):
        self.endpoint = check_url(endpoint)
        # Protocol parameters in the URL (default-graph-uri=...) go into the
        # POSTed form with the query, where every server reads them.
        url, _, params = endpoint.partition("?")
        self._url = url
        self._params = urllib.parse.parse_qsl(params, keep_blank_values=True)
        self.timeout = timeout
        self._projection: Projection | None = None
        self._triples: int | None = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint!r})"

    def query(self, query: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        import pyoxigraph as ox

        from ..sparql import bind, query_form

        text = bind(query, bindings)
        graph = query_form(text) in ("CONSTRUCT", "DESCRIBE")
        body = urllib.parse.urlencode([*self._params, ("query", text)]).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT_GRAPH if graph else _ACCEPT_RESULTS}
        resp = http("POST", self._url, timeout=self.timeout, data=body, headers=headers)
        media = media_type(resp.content_type)
        try:
            results_format = ox.QueryResultsFormat.from_media_type(media) if media and not graph else None
            if results_format is not None:
                return ox.parse_query_results(resp.body, format=results_format)
            rdf_format = ox.RdfFormat.from_media_type(media) if media else None
            if rdf_format is not None:
                return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(resp.body, format=rdf_format)]
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"{self.endpoint} answered {media} that cannot be parsed: {str(exc).splitlines()[0]}") from None
        first = resp.body.decode("utf-8", "replace").strip().splitlines()[:1]
        raise StoreError(f"{self.endpoint} answered {media or 'no content type'}, not SPARQL results" + (f": {first[0][:200]}" if first else ""))

    def quads(self, graph: GraphName | None = None) -> Iterator[ox.Quad]:
        """The quads of one graph or of every graph, without push's marker."""
        import pyoxigraph as ox

        graphs: list[GraphName] = [ox.DefaultGraph(), *self.named_graphs()] if graph is None else [graph]
        for g in graphs:
            if isinstance(g, ox.DefaultGraph):
                found = self.select(Q_DEFAULT)
            else:
                found = self.select(Q_GRAPH, {"g": g})
            for r in found:
                if not _is_marker(r["s"], r["p"], g):
                    yield ox.Quad(r["s"], r["p"], r["o"], g)

    def named_graphs(self) -> list[ox.NamedNode]:
        import pyoxigraph as ox

        skip = {SHAPES_GRAPH, PUSHED_GRAPH}
        found = (r["g"] for r in self.select(Q_NAMED))
        return sorted((g for g in found if isinstance(g, ox.NamedNode) and g.value not in skip), key=lambda g: g.value)

    @property
    def triples(self) -> int:
        """Triples in the endpoint's default graph."""
        if self._triples is None:
            self._triples = int(self.select(Q_COUNT)[0]["n"].value)
        return self._triples

    @property
    def projection(self) -> Projection:
        """The projection, fetched once per store with three SELECT queries."""
        if self._projection is None:
            import pyoxigraph as ox

            from ..projection import Projection, ProjectionBuilder

            builder = ProjectionBuilder()
            # The endpoint is one data set: it cannot say which file a triple came from.
            builder.datasets = [("endpoint", self._url)]
            builder.add((ox.Triple(r["s"], r["p"], r["o"]) for r in self.select(Q_PROJECTION)), 0)
            builder.add(ox.Quad(r["s"], r["p"], r["o"], r["g"]) for q in (Q_FACTS, Q_SUPPORTED) for r in self.select(q) if not _is_marker(r["s"], r["p"], r["g"]))
            self._projection = Projection(builder.build(self.triples))
        return self._projection


def _is_marker(subject: Term, predicate: Term, graph: object) -> bool:
    """Whether a triple of ``graph`` is the marker push wrote into it."""
    return predicate.value == MARKER and subject == graph
