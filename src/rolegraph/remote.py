"""A SPARQL 1.1 endpoint as the store, and pushing the graph to one.

:class:`RemoteStore` has the interface of :class:`rolegraph.store.LocalStore`
that the query commands use (``select``, ``query``, ``triples``,
``projection``), so every read command runs unchanged against Oxigraph server,
Virtuoso, Fuseki, GraphDB or any other SPARQL 1.1 Protocol endpoint. Results
are parsed into pyoxigraph terms, exactly as the embedded store returns them.

:func:`push` uploads the graph with the SPARQL 1.1 Graph Store HTTP Protocol.

Only the standard library talks HTTP (``urllib``), with a timeout on every
request. HTTP basic auth comes from ``ROLEGRAPH_ENDPOINT_USER`` and
``ROLEGRAPH_ENDPOINT_PASSWORD``.
"""

from __future__ import annotations

import base64
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._iri import BASE, PROV, SHAPES_GRAPH
from .errors import QueryError, StoreError

if TYPE_CHECKING:
    from .projection import Projection

USER_ENV = "ROLEGRAPH_ENDPOINT_USER"
PASSWORD_ENV = "ROLEGRAPH_ENDPOINT_PASSWORD"
#: The named graph where :func:`push` lists the graphs it wrote.
PUSHED_GRAPH = BASE + "graph/pushed"

_ACCEPT_RESULTS = "application/sparql-results+json, application/sparql-results+xml;q=0.5"
# Some stores (Virtuoso) answer a CONSTRUCT in a JSON results shape if asked
# for JSON: a graph query asks for RDF only.
_ACCEPT_GRAPH = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


# ------------------------------------------------------------------ HTTP


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


def check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{redact(url)!r} is not an http:// or https:// URL")
    if "@" in parts.netloc:
        # Credentials in a URL end up in logs and error messages; take them
        # from the environment instead.
        raise StoreError(
            f"{redact(url)}: do not put a user name or password in the URL; "
            f"set {USER_ENV} and {PASSWORD_ENV} instead"
        )
    return url


def redact(url: str) -> str:
    """``url`` without any ``user:password@`` part."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but never send the Authorization header to another origin."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            old, nxt = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
            if (old.scheme, old.hostname, old.port) != (nxt.scheme, nxt.hostname, nxt.port):
                for name in ("Authorization", "authorization"):
                    new.headers.pop(name, None)
                    new.unredirected_hdrs.pop(name, None)
        return new


_OPENER = urllib.request.build_opener(_SameOriginRedirects)


def _auth_header() -> dict[str, str]:
    user = os.environ.get(USER_ENV)
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{os.environ.get(PASSWORD_ENV, '')}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def http(method: str, url: str, *, timeout: float, data: bytes | None = None, headers: Mapping[str, str] | None = None, ok_404: bool = False) -> Response:
    """One HTTP request; every failure becomes a one-line :class:`StoreError`."""
    req = urllib.request.Request(check_url(url), data=data, method=method, headers={"User-Agent": "rolegraph", **_auth_header(), **(headers or {})})
    where = url.split("?", 1)[0]
    try:
        with _OPENER.open(req, timeout=timeout) as resp:  # noqa: S310 (scheme checked)
            return Response(resp.status, resp.headers.get("Content-Type", ""), resp.read())
    except urllib.error.HTTPError as exc:
        if ok_404 and exc.code == 404:
            return Response(404, "", b"")
        body = exc.read().decode("utf-8", "replace").strip()
        first = body.splitlines()[0].strip() if body else ""
        raise StoreError(f"{where} answered HTTP {exc.code} {exc.reason}" + (f": {first[:300]}" if first else "")) from None
    except urllib.error.URLError as exc:
        raise StoreError(f"cannot reach {where}: {_reason(exc.reason, timeout)}") from None
    except (TimeoutError, socket.timeout):
        raise StoreError(f"cannot reach {where}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:  # connection reset, bad status line, ...
        raise StoreError(f"cannot reach {where}: {_reason(exc, timeout)}") from None


def _reason(reason: Any, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _media(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


# ------------------------------------------------------------------ the store


class RemoteStore:
    """A SPARQL 1.1 query endpoint with the interface of ``LocalStore``.

    >>> store = RemoteStore("http://localhost:7878/query")   # doctest: +SKIP
    >>> store.select("SELECT ?r WHERE { ?r a rg:Role }")     # doctest: +SKIP
    """

    kind = "remote"

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

    def query(self, query: str, bindings: Mapping[str, Any] | None = None) -> Any:
        """Run a read query, ``bindings`` joined in with a VALUES block.

        Returns pyoxigraph ``QuerySolutions`` (SELECT), ``QueryBoolean`` (ASK)
        or a list of ``Triple`` (CONSTRUCT, DESCRIBE).
        """
        import pyoxigraph as ox

        from .sparql import bind, query_form

        text = bind(query, bindings)
        graph = query_form(text) in ("CONSTRUCT", "DESCRIBE")
        body = urllib.parse.urlencode([*self._params, ("query", text)]).encode("utf-8")
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": _ACCEPT_GRAPH if graph else _ACCEPT_RESULTS}
        resp = http("POST", self._url, timeout=self.timeout, data=body, headers=headers)
        media = _media(resp.content_type)
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

    def select(self, query: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT; each row maps variable names to pyoxigraph terms."""
        import pyoxigraph as ox

        from .store import select_rows

        result = self.query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("the endpoint did not answer a SELECT query with solutions")
        return select_rows(result)

    @property
    def triples(self) -> int:
        """Triples in the endpoint's default graph."""
        if self._triples is None:
            from .projection import Q_COUNT

            self._triples = int(self.select(Q_COUNT)[0]["n"].value)
        return self._triples

    @property
    def projection(self) -> Projection:
        """The projection, fetched once per store with a few SELECT queries."""
        if self._projection is None:
            from .projection import Projection, build_projection_data

            data = build_projection_data(self.select)
            self._triples = int(data["triples"])
            self._projection = Projection(data)
        return self._projection


# ------------------------------------------------------------------ push


@dataclass(frozen=True)
class PushResult:
    url: str
    triples: int
    graphs: int
    removed: int
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {"store": self.url, "triples": self.triples, "graphs": self.graphs, "removed": self.removed, "seconds": self.seconds}


def _graph_url(store_url: str, graph: str | None) -> str:
    sep = "&" if "?" in store_url else "?"
    if graph is None:
        return f"{store_url}{sep}default"
    return f"{store_url}{sep}{urllib.parse.urlencode({'graph': graph})}"


def push(
    local: Any,
    store_url: str,
    *,
    timeout: float = 30.0,
    progress: Callable[[str], None] | None = None,
    default_graph: str | None = None,
) -> PushResult:
    """Upload the default graph and every evidence named graph of ``local``
    (a ``LocalStore``; not the SHACL shapes) to a Graph Store Protocol endpoint.

    Each graph is replaced with ``PUT`` (``?default`` / ``?graph=IRI``), so a
    second push leaves the same data. With ``default_graph`` the default
    graph's triples go to that named graph instead (for stores such as
    Virtuoso whose Graph Store endpoint has no default graph; read them back
    with ``?default-graph-uri=`` on the query endpoint). The graphs written are listed in the
    named graph :data:`PUSHED_GRAPH`; a graph an earlier push wrote that no
    longer exists locally is deleted (``DELETE ?graph=IRI``).
    """
    import pyoxigraph as ox

    check_url(store_url)
    started = time.perf_counter()
    skip = {SHAPES_GRAPH, PUSHED_GRAPH, default_graph}
    names = sorted((g for g in local.store.named_graphs() if isinstance(g, ox.NamedNode) and g.value not in skip), key=lambda g: g.value)
    before = _pushed_before(store_url, timeout)
    wanted = {g.value for g in names} | ({default_graph} if default_graph else set())
    stale = sorted(before - wanted)
    for i, iri in enumerate(stale, 1):
        http("DELETE", _graph_url(store_url, iri), timeout=timeout, ok_404=True)
        if progress:
            progress(f"deleted {i}/{len(stale)} graphs no longer in the data")
    plan: list[Any] = [ox.DefaultGraph(), *names]
    triples = 0
    for i, graph in enumerate(plan, 1):
        content = [ox.Triple(q.subject, q.predicate, q.object) for q in local.store.quads_for_pattern(None, None, None, graph)]
        body = ox.serialize(content, format=ox.RdfFormat.N_TRIPLES)
        triples += len(content)
        target = _graph_url(store_url, (default_graph if isinstance(graph, ox.DefaultGraph) else graph.value))
        http("PUT", target, timeout=timeout, data=body, headers={"Content-Type": "application/n-triples"})
        if progress and (i == len(plan) or i % 25 == 0):
            progress(f"pushed {i}/{len(plan)} graphs")
    manifest = ox.NamedNode(PUSHED_GRAPH)
    listing = [ox.Triple(manifest, ox.NamedNode(PROV + "hadMember"), ox.NamedNode(g)) for g in sorted(wanted)]
    http("PUT", _graph_url(store_url, PUSHED_GRAPH), timeout=timeout, data=ox.serialize(listing, format=ox.RdfFormat.N_TRIPLES), headers={"Content-Type": "application/n-triples"})
    return PushResult(store_url, triples, len(plan), len(stale), round(time.perf_counter() - started, 3))


def _pushed_before(store_url: str, timeout: float) -> set[str]:
    import pyoxigraph as ox

    resp = http("GET", _graph_url(store_url, PUSHED_GRAPH), timeout=timeout, headers={"Accept": "application/n-triples"}, ok_404=True)
    if resp.status == 404 or not resp.body:
        return set()
    fmt = ox.RdfFormat.from_media_type(_media(resp.content_type)) or ox.RdfFormat.N_TRIPLES
    try:
        return {q.object.value for q in ox.parse(resp.body, format=fmt) if isinstance(q.object, ox.NamedNode)}
    except (SyntaxError, ValueError):
        return set()
