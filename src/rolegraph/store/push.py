"""Pushing a store's graphs to a SPARQL server with the SPARQL 1.1 Graph Store
HTTP Protocol.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..vocab import PROV, PUSHED_GRAPH
from .http import check_url, http, media_type

if TYPE_CHECKING:
    from .base import Store


@dataclass(frozen=True)
class PushResult:
    store: str
    triples: int
    graphs: int
    removed: int
    seconds: float


def _graph_url(store_url: str, graph: str | None) -> str:
    sep = "&" if "?" in store_url else "?"
    if graph is None:
        return f"{store_url}{sep}default"
    return f"{store_url}{sep}{urllib.parse.urlencode({'graph': graph})}"


def push(
    store: Store,
    store_url: str,
    *,
    timeout: float = 30.0,
    progress: Callable[[str], None] | None = None,
    default_graph: str | None = None,
) -> PushResult:
    """Upload the default graph and every evidence named graph of ``store``
    (not the SHACL shapes) to a Graph Store Protocol endpoint.

    Each graph is replaced with ``PUT`` (``?default`` / ``?graph=IRI``), so a
    second push leaves the same data. With ``default_graph`` the default
    graph's triples go to that named graph instead (for stores such as
    Virtuoso whose Graph Store endpoint has no default graph; read them back
    with ``?default-graph-uri=`` on the query endpoint). The graphs written are
    listed in the named graph :data:`~rolegraph.vocab.PUSHED_GRAPH`; a graph an
    earlier push wrote that no longer exists locally is deleted
    (``DELETE ?graph=IRI``). Raises :class:`~rolegraph.errors.StoreError`.

    >>> push(open_store(), "http://localhost:7878/store")  # doctest: +SKIP
    """
    import pyoxigraph as ox

    check_url(store_url)
    started = time.perf_counter()
    names = [g for g in store.named_graphs() if g.value != default_graph]
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
        content = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(graph)]
        body = ox.serialize(content, format=ox.RdfFormat.N_TRIPLES)
        triples += len(content)
        target = _graph_url(store_url, (default_graph if isinstance(graph, ox.DefaultGraph) else graph.value))
        http("PUT", target, timeout=timeout, data=body, headers={"Content-Type": "application/n-triples"})
        if progress and (i == len(plan) or i % 25 == 0):
            progress(f"pushed {i}/{len(plan)} graphs")
    manifest = ox.NamedNode(PUSHED_GRAPH)
    listing = [ox.Triple(manifest, ox.NamedNode(PROV.hadMember), ox.NamedNode(g)) for g in sorted(wanted)]
    http("PUT", _graph_url(store_url, PUSHED_GRAPH), timeout=timeout, data=ox.serialize(listing, format=ox.RdfFormat.N_TRIPLES), headers={"Content-Type": "application/n-triples"})
    return PushResult(store_url, triples, len(plan), len(stale), round(time.perf_counter() - started, 3))


def _pushed_before(store_url: str, timeout: float) -> set[str]:
    import pyoxigraph as ox

    resp = http("GET", _graph_url(store_url, PUSHED_GRAPH), timeout=timeout, headers={"Accept": "application/n-triples"}, ok_404=True)
    if resp.status == 404 or not resp.body:
        return set()
    fmt = ox.RdfFormat.from_media_type(media_type(resp.content_type)) or ox.RdfFormat.N_TRIPLES
    try:
        return {q.object.value for q in ox.parse(resp.body, format=fmt) if isinstance(q.object, ox.NamedNode)}
    except (SyntaxError, ValueError):
        return set()
