"""Pushing a store's graphs to a SPARQL server with the SPARQL 1.1 Graph Store
HTTP Protocol, without trusting what the server holds.

**What push deletes: only graphs it wrote.** Push lists the graphs it writes
in the named graph :data:`~rolegraph.vocab.PUSHED_GRAPH` on the server (the
*manifest*), so that a later push can delete a graph that is gone from the
data. The manifest alone proves nothing: whoever can write that one graph
could list any graph in it. So push writes into every named graph ``G`` it
writes a *marker*, the triple ``<G> rg:pushedBy "rolegraph"`` (:data:`MARKER`)
inside ``G`` itself, and deletes a graph listed in the manifest only if it
holds the marker about itself. Only push puts that triple there, or someone
who can write ``G`` and so could delete ``G`` anyway: listing a graph in the
manifest never gets it deleted (push is no confused deputy for whoever can
write the manifest). A pushed graph someone has since replaced (no marker), a
copy of a pushed graph under another name (its marker names the original) and
a graph that cannot be checked (unreadable, past the response size limit, not
RDF, an HTTP error) are kept and reported; the first two are dropped from
the manifest, the last stays listed, to be checked again by the next push.

The alternatives were weaker: a rule on graph IRIs (delete only under
rolegraph's namespace) would never clean up evidence graphs of user data,
whose IRIs are their own, and would still delete a foreign graph under that
namespace; a record kept on this machine would not know what a push from
another machine (a CI job) wrote, so stale graphs would stay forever there.
Readers never see the marker: :class:`~rolegraph.store.remote.RemoteStore`
leaves it out (a SPARQL query of your own over ``GRAPH ?g`` shows it). The
default graph, and the ``default_graph`` named graph, get no marker (the
default graph's triples are counted and shown), so push never deletes them;
nor a graph pushed by a rolegraph older than the marker: delete those by hand.

**An interrupted push leaves the server consistent.** A push makes these
requests, each applied whole by the server, in this order:

1. read the manifest (the old set O);
2. write the manifest as O plus every graph about to be written (N), so every
   graph push has written is always listed, and the next push can clean up
   after an interrupted one;
3. write each named graph of N (replacing it), with its marker; a new
   evidence graph is not yet named as evidence by the default graph, so
   readers do not see it yet;
4. write the default graph (or the ``default_graph`` named graph): the
   switch, after which readers see the new data, whose default graph no
   longer names the graphs of O not in N;
5. check each graph of O not in N for its marker, and delete it if it has it;
6. write the manifest as N (and the graphs of O that could not be checked).

So up to step 4 readers (the default graph, and the evidence graphs it names)
see the complete old data, and from step 4 the complete new data: old
evidence graphs are deleted only after the switch, new ones are written before
it. The one exception is a graph in both O and N whose content changed: the
Graph Store Protocol has no transaction across graphs, so it is replaced in
place in step 3, and until step 4 its new content shows beside the old
default graph. After an interruption at any step, the next push (of any data)
completes: it writes its graphs and deletes every graph an earlier push wrote
that its data lacks.
"""

from __future__ import annotations

import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..vocab import BASE, PROV, PUSHED_GRAPH
from .http import HTTPStatusError, ResponseTooLarge, check_url, http, media_type

if TYPE_CHECKING:
    import pyoxigraph as ox

    from .base import Store

#: The predicate of the marker push writes into each named graph it writes,
#: about that graph: ``<G> rg:pushedBy "rolegraph"`` inside ``G``.
MARKER = BASE + "pushedBy"
MARKER_VALUE = "rolegraph"


@dataclass(frozen=True)
class PushResult:
    store: str
    triples: int
    graphs: int
    removed: int
    seconds: float
    #: Graphs listed in the manifest, gone from the data, that push did not
    #: delete because it cannot tell it wrote them (no marker about themselves).
    kept: tuple[str, ...] = ()


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
    (not the SHACL shapes) to a Graph Store Protocol endpoint, by the protocol
    of this module: it deletes only graphs an earlier push wrote (listed in
    the manifest and holding the marker about themselves), and at every
    moment readers see the complete old or the complete new data (but for a
    graph in both whose content changed).

    Each graph is replaced with ``PUT`` (``?default`` / ``?graph=IRI``), so a
    second push leaves the same data. With ``default_graph`` the default
    graph's triples go to that named graph instead (for stores such as
    Virtuoso whose Graph Store endpoint has no default graph; read them back
    with ``?default-graph-uri=`` on the query endpoint). Each request is
    bounded as :func:`~rolegraph.store.http.http` says (``timeout`` seconds in
    total). Raises :class:`~rolegraph.errors.StoreError`.

    >>> push(open_store(), "http://localhost:7878/store")  # doctest: +SKIP
    """
    import pyoxigraph as ox

    check_url(store_url)
    started = time.perf_counter()
    names = [g for g in store.named_graphs() if g.value not in (default_graph, PUSHED_GRAPH)]
    wanted = {g.value for g in names} | ({default_graph} if default_graph else set())
    before = _pushed_before(store_url, timeout, progress)
    # 2. Every graph about to be written is listed before it is written.
    _write_manifest(store_url, before | wanted, timeout)
    # 3. The named graphs, each with its marker; 4. the default graph last.
    plan: list[Any] = [*names, ox.DefaultGraph()]
    triples = 0
    for i, graph in enumerate(plan, 1):
        content = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads(graph)]
        triples += len(content)
        if isinstance(graph, ox.NamedNode):
            content.append(ox.Triple(graph, ox.NamedNode(MARKER), ox.Literal(MARKER_VALUE)))
        body = ox.serialize(content, format=ox.RdfFormat.N_TRIPLES)
        target = _graph_url(store_url, (default_graph if isinstance(graph, ox.DefaultGraph) else graph.value))
        http("PUT", target, timeout=timeout, data=body, headers={"Content-Type": "application/n-triples"})
        if progress and (i == len(plan) or i % 25 == 0):
            progress(f"pushed {i}/{len(plan)} graphs")
    # 5. What an earlier push wrote and the data no longer has.
    stale = sorted(before - wanted)
    removed = 0
    kept: list[str] = []
    unchecked: set[str] = set()
    for i, iri in enumerate(stale, 1):
        verdict, why = _check(store_url, iri, timeout)
        if verdict == "ours":
            http("DELETE", _graph_url(store_url, iri), timeout=timeout, ok_404=True)
            removed += 1
        elif verdict != "gone":
            kept.append(iri)
            if verdict == "unchecked":
                unchecked.add(iri)
            if progress:
                progress(f"kept {iri}: {why}")
        if progress:
            progress(f"checked {i}/{len(stale)} graphs no longer in the data")
    # 6. The manifest lists what this push wrote, and the graphs still to be
    # checked by the next push; not the graphs push did not write.
    _write_manifest(store_url, wanted | unchecked, timeout)
    return PushResult(store_url, triples, len(plan), removed, round(time.perf_counter() - started, 3), tuple(kept))


def _write_manifest(store_url: str, graphs: Iterable[str], timeout: float) -> None:
    import pyoxigraph as ox

    manifest = ox.NamedNode(PUSHED_GRAPH)
    listing = [ox.Triple(manifest, ox.NamedNode(PROV.hadMember), ox.NamedNode(g)) for g in sorted(graphs)]
    body = ox.serialize(listing, format=ox.RdfFormat.N_TRIPLES)
    http("PUT", _graph_url(store_url, PUSHED_GRAPH), timeout=timeout, data=body, headers={"Content-Type": "application/n-triples"})


def _pushed_before(store_url: str, timeout: float, progress: Callable[[str], None] | None) -> set[str]:
    """The graphs the server's manifest lists: candidates for deletion, each
    still to be checked for its marker. An unreadable manifest lists none."""
    import pyoxigraph as ox

    resp = http("GET", _graph_url(store_url, PUSHED_GRAPH), timeout=timeout, headers={"Accept": "application/n-triples"}, ok_404=True)
    if resp.status == 404 or not resp.body:
        return set()
    graphs = _parse(resp.content_type, resp.body)
    if graphs is None:
        if progress:
            progress("the manifest of pushed graphs is not RDF: ignored")
        return set()
    listed = ox.NamedNode(PUSHED_GRAPH), ox.NamedNode(PROV.hadMember)
    return {t.object.value for t in graphs if (t.subject, t.predicate) == listed and isinstance(t.object, ox.NamedNode)} - {PUSHED_GRAPH}


def _parse(content_type: str, body: bytes) -> list[ox.Triple] | None:
    import pyoxigraph as ox

    fmt = ox.RdfFormat.from_media_type(media_type(content_type)) or ox.RdfFormat.N_TRIPLES
    try:
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=fmt)]
    except (SyntaxError, ValueError):
        return None


def _check(store_url: str, iri: str, timeout: float) -> tuple[str, str]:
    """Whether graph ``iri`` is push's to delete, and why: ``ours`` (it holds
    the marker about itself), ``gone`` (it does not exist), ``foreign`` (it
    has no such marker) or ``unchecked`` (it could not be read: an HTTP error,
    too large, not RDF). A failure to reach the server raises."""
    import pyoxigraph as ox

    try:
        resp = http("GET", _graph_url(store_url, iri), timeout=timeout, headers={"Accept": "application/n-triples"}, ok_404=True)
    except (ResponseTooLarge, HTTPStatusError) as exc:
        return "unchecked", f"cannot check it: {exc}"
    if resp.status == 404:
        return "gone", "it does not exist"
    triples = _parse(resp.content_type, resp.body)
    if triples is None:
        return "unchecked", "cannot check it: the server did not answer RDF"
    marker = ox.Triple(ox.NamedNode(iri), ox.NamedNode(MARKER), ox.Literal(MARKER_VALUE))
    if marker in triples:
        return "ours", "push wrote it"
    return "foreign", "it has no marker of a push about itself, so push did not write it"
