"""``push`` and a server it cannot trust, against a real Oxigraph server on
127.0.0.1.

* Push deletes only graphs it wrote: a graph listed in the server's manifest
  (:data:`~rolegraph.vocab.PUSHED_GRAPH`) that push did not write survives.
* An interrupted push leaves the server consistent: a proxy between push and
  Oxigraph ends the connection after K requests (for every K), refusing the
  next request, forwarding it and losing the answer, or killing Oxigraph (which
  is then restarted on the same store). At that moment what readers see (the
  default graph, and the evidence graphs it names) is the complete old data
  or the complete new data; a push afterwards, of the new data or back to the
  old, completes and leaves exactly its graphs (no stale or orphaned graph).
"""

from __future__ import annotations

import http.client
import http.server
import json
import os
import signal
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import Outcome, invoke
from servers import OxigraphServer, _wait_until_up, free_port, oxigraph_binary

pytestmark = pytest.mark.server

RG = "https://w3id.org/rolegraph/"
PUSHED_GRAPH = RG + "graph/pushed"
HAD_MEMBER = "http://www.w3.org/ns/prov#hadMember"
FOREIGN = "https://example.org/their/graph"
FOREIGN_NT = '<https://example.org/their/thing> <https://example.org/their/says> "keep me" .\n'

PREFIXES = """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""
COMMON = PREFIXES + """
rg:src a rg:Source ; dcterms:title "a source" .
rg:alpha a rg:Role ; skos:prefLabel "alpha role"@en .
rg:t1 a rg:Tool ; skos:prefLabel "tool one"@en .
rg:ev-kept a rg:Evidence ; dcterms:source rg:src ; rg:quote "kept" .
rg:ev-kept { rg:alpha rg:usesTool rg:t1 . }
"""
#: The first data: ev-kept and ev-stale.
OLD = COMMON + """
rg:s1 a rg:Skill ; skos:prefLabel "skill one"@en .
rg:ev-stale a rg:Evidence ; dcterms:source rg:src ; rg:quote "stale" .
rg:ev-stale { rg:alpha rg:essentialSkill rg:s1 . }
"""
#: The changed data: ev-kept the same, ev-stale gone, ev-new added.
NEW = COMMON + """
rg:t2 a rg:Tool ; skos:prefLabel "tool two"@en .
rg:ev-new a rg:Evidence ; dcterms:source rg:src ; rg:quote "new" .
rg:ev-new { rg:alpha rg:usesTool rg:t2 . }
"""


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("push-data")
    files = {}
    for name, text in (("old", OLD), ("new", NEW)):
        (folder / f"{name}.trig").write_text(text)
        files[name] = str(folder / f"{name}.trig")
    return files


# ------------------------------------------------------------------ talking to Oxigraph directly


def _request(method: str, url: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _select(server: OxigraphServer, query: str) -> list[tuple[str, ...]]:
    status, body = _request(
        "POST", server.query_url, urllib.parse.urlencode({"query": query}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    assert status == 200, body
    result = json.loads(body)
    names = result["head"]["vars"]
    return [tuple(json.dumps(b.get(n), sort_keys=True) for n in names) for b in result["results"]["bindings"]]


def _reset(server: OxigraphServer) -> None:
    status, body = _request("POST", server.base + "/update", urllib.parse.urlencode({"update": "DROP ALL"}).encode(), {"Content-Type": "application/x-www-form-urlencoded"})
    assert status in (200, 204), body


def _graph_url(server: OxigraphServer, graph: str) -> str:
    return f"{server.store_url}?{urllib.parse.urlencode({'graph': graph})}"


def _put_graph(server: OxigraphServer, graph: str, ntriples: str) -> None:
    status, body = _request("PUT", _graph_url(server, graph), ntriples.encode(), {"Content-Type": "application/n-triples"})
    assert status in (200, 201, 204), body


def _get_graph(server: OxigraphServer, graph: str) -> str | None:
    status, body = _request("GET", _graph_url(server, graph), headers={"Accept": "application/n-triples"})
    return body.decode() if status == 200 else None


def _named_graphs(server: OxigraphServer) -> set[str]:
    return {json.loads(row[0])["value"] for row in _select(server, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}


def view(server: OxigraphServer) -> tuple[frozenset[Any], frozenset[Any]]:
    """What a reader sees: the default graph, and the content of each graph
    the default graph names as evidence (a named evidence graph that is
    missing shows as missing)."""
    default = frozenset(_select(server, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
    evidence = frozenset(
        _select(server, "SELECT ?g ?s ?p ?o WHERE { ?g a <https://w3id.org/rolegraph/Evidence> . OPTIONAL { GRAPH ?g { ?s ?p ?o } } }")
    )
    return default, evidence


def _list_in_manifest(server: OxigraphServer, *graphs: str) -> None:
    manifest = _get_graph(server, PUSHED_GRAPH) or ""
    manifest += "".join(f"<{PUSHED_GRAPH}> <{HAD_MEMBER}> <{g}> .\n" for g in graphs)
    _put_graph(server, PUSHED_GRAPH, manifest)


def _push(files: dict[str, str], which: str, store_url: str) -> Outcome:
    return invoke("--graph", files[which], "--timeout", "10", "push", "--store", store_url)


def _pushed(out: Outcome) -> None:
    assert out.crash is None, out.crash
    assert out.code == 0, (out.stdout, out.stderr)


# ------------------------------------------------------------------ a proxy that breaks off


class Proxy:
    """An HTTP proxy on 127.0.0.1 in front of Oxigraph that records each request
    and, from request ``drop_after`` + 1 on, ends the connection without an
    answer: ``refuse`` (the request never reaches Oxigraph), ``lose`` (it
    does, the answer is lost) or ``kill`` (Oxigraph is killed first)."""

    def __init__(self, target: Callable[[], int]) -> None:
        self.target = target
        self.requests: list[tuple[str, str]] = []
        self.drop_after: int | None = None
        self.mode = "refuse"
        self.on_kill: Callable[[], None] = lambda: None
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                n = len(proxy.requests)
                proxy.requests.append((self.command, urllib.parse.unquote(self.path)))
                if proxy.drop_after is not None and n >= proxy.drop_after:
                    if proxy.mode == "lose":
                        proxy.forward(self.command, self.path, body, self.headers)
                    elif proxy.mode == "kill":
                        proxy.on_kill()
                    self.close_connection = True
                    return
                status, content_type, data = proxy.forward(self.command, self.path, body, self.headers)
                self.send_response(status)
                if content_type:
                    self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_PUT = do_POST = do_DELETE = _any

            def log_message(self, *args: Any) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.store_url = f"http://127.0.0.1:{self.server.server_address[1]}/store"

    def forward(self, method: str, path: str, body: bytes | None, headers: Any) -> tuple[int, str, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.target(), timeout=10)
        try:
            sent = {k: v for k, v in headers.items() if k.lower() in ("content-type", "accept", "authorization")}
            conn.request(method, path, body, sent)
            resp = conn.getresponse()
            return resp.status, resp.getheader("Content-Type", ""), resp.read()
        finally:
            conn.close()

    def reset(self, drop_after: int | None = None, mode: str = "refuse") -> None:
        self.requests = []
        self.drop_after = drop_after
        self.mode = mode

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def proxy(oxigraph_server: OxigraphServer) -> Iterator[Proxy]:
    p = Proxy(lambda: oxigraph_server.port)
    yield p
    p.close()


def _start_over(server: OxigraphServer, files: dict[str, str]) -> None:
    """The server holds a foreign graph and the old data, pushed completely."""
    _reset(server)
    _put_graph(server, FOREIGN, FOREIGN_NT)
    _pushed(_push(files, "old", server.store_url))


def _graphs_of(which: str) -> set[str]:
    return {RG + "ev-kept", PUSHED_GRAPH, FOREIGN, RG + ("ev-stale" if which == "old" else "ev-new")}


@pytest.fixture(scope="module")
def views(oxigraph_server: OxigraphServer, data: dict[str, str]) -> dict[str, Any]:
    """The view of each data set, pushed completely."""
    found = {}
    for which in ("old", "new"):
        _reset(oxigraph_server)
        _put_graph(oxigraph_server, FOREIGN, FOREIGN_NT)
        _pushed(_push(data, which, oxigraph_server.store_url))
        found[which] = view(oxigraph_server)
        assert _named_graphs(oxigraph_server) == _graphs_of(which)
    assert found["old"] != found["new"]
    return found


def _requests_of_a_push(server: OxigraphServer, proxy: Proxy, files: dict[str, str]) -> list[tuple[str, str]]:
    _start_over(server, files)
    proxy.reset()
    _pushed(_push(files, "new", proxy.store_url))
    return list(proxy.requests)


# ------------------------------------------------------------------ the tests


@pytest.mark.parametrize("mode", ["refuse", "lose"])
def test_push_broken_off_after_any_request_leaves_old_or_new(oxigraph_server: OxigraphServer, proxy: Proxy, data: dict[str, str], views: dict[str, Any], mode: str) -> None:
    total = len(_requests_of_a_push(oxigraph_server, proxy, data))
    assert total >= 5
    for k in range(total):
        for then in ("new", "old"):
            _start_over(oxigraph_server, data)
            proxy.reset(drop_after=k, mode=mode)
            out = _push(data, "new", proxy.store_url)
            assert out.code == 1 and out.crash is None and len(out.error_lines) == 1, (k, out.stdout, out.stderr)
            consistent = view(oxigraph_server) in (views["old"], views["new"])
            assert consistent, f"after {k} of {total} requests ({mode}) readers see neither the old nor the new data: {proxy.requests}"
            assert _get_graph(oxigraph_server, FOREIGN) == FOREIGN_NT
            # The next push (of the new data, or back to the old) completes and
            # leaves exactly its own graphs: nothing stale, nothing orphaned.
            _pushed(_push(data, then, oxigraph_server.store_url))
            assert view(oxigraph_server) == views[then], (k, mode, then)
            assert _named_graphs(oxigraph_server) == _graphs_of(then), (k, mode, then)


def test_push_writes_before_it_switches_and_deletes_last(oxigraph_server: OxigraphServer, proxy: Proxy, data: dict[str, str]) -> None:
    """The protocol, as requests: read the manifest, record every graph about
    to be written, write the named graphs, then the default graph (the switch
    for readers), then check and delete the stale graph, then the manifest."""
    requests = _requests_of_a_push(oxigraph_server, proxy, data)

    def index(method: str, needle: str) -> list[int]:
        return [i for i, (m, p) in enumerate(requests) if m == method and p.endswith(needle)]

    manifest_puts = index("PUT", "graph=" + PUSHED_GRAPH)
    default_put = index("PUT", "?default")
    named_puts = index("PUT", "graph=" + RG + "ev-kept") + index("PUT", "graph=" + RG + "ev-new")
    deletes = index("DELETE", "graph=" + RG + "ev-stale")
    assert requests[0] == ("GET", "/store?graph=" + PUSHED_GRAPH), requests
    assert len(manifest_puts) == 2 and len(default_put) == 1 and len(named_puts) == 2 and len(deletes) == 1, requests
    assert manifest_puts[0] < min(named_puts) and max(named_puts) < default_put[0] < deletes[0] < manifest_puts[1], requests
    assert manifest_puts[1] == len(requests) - 1, requests
    assert not index("DELETE", "ev-kept") and not index("DELETE", "ev-new") and not index("DELETE", FOREIGN)


@pytest.mark.parametrize("k", [1, 3, 5, 6])
def test_server_killed_mid_push_then_restarted(tmp_path: Path, data: dict[str, str], k: int) -> None:
    """Oxigraph itself is killed (SIGKILL) when request k + 1 arrives, and
    restarted on the same store: readers see the old or the new data, and a
    push then completes."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    location = tmp_path / "store"
    current: list[OxigraphServer] = []

    def start() -> OxigraphServer:
        port = free_port()
        log = tmp_path / f"oxigraph-{port}.log"
        with open(log, "wb") as out:
            process = subprocess.Popen([binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"], stdout=out, stderr=subprocess.STDOUT)
        server = OxigraphServer(process, port, log)
        _wait_until_up(server, time.monotonic() + 20)
        current.append(server)
        return server

    def kill() -> None:
        os.kill(current[-1].process.pid, signal.SIGKILL)
        current[-1].process.wait()

    try:
        first = start()
        old_view = new_view = None
        for which in ("new", "old"):  # the two complete views, old last
            _reset(first)
            _pushed(_push(data, which, first.store_url))
            if which == "new":
                new_view = view(first)
            else:
                old_view = view(first)
        proxy = Proxy(lambda: current[-1].port)
        proxy.on_kill = kill
        proxy.reset(drop_after=k, mode="kill")
        try:
            out = _push(data, "new", proxy.store_url)
        finally:
            proxy.close()
        assert out.code == 1 and out.crash is None, (out.stdout, out.stderr)
        assert len(proxy.requests) == k + 1
        second = start()
        consistent = view(second) in (old_view, new_view)
        assert consistent, f"killed at request {k + 1}: {proxy.requests}"
        _pushed(_push(data, "new", second.store_url))
        assert view(second) == new_view
        assert _named_graphs(second) == {RG + "ev-kept", RG + "ev-new", PUSHED_GRAPH}
    finally:
        for server in current:
            if server.process.poll() is None:
                server.process.terminate()
                server.process.wait(10)


def _marker_about(graph: str) -> str:
    from rolegraph.store.push import MARKER, MARKER_VALUE

    return f'<{graph}> <{MARKER}> "{MARKER_VALUE}" .\n'


FOREIGN_CASES: dict[str, Callable[[], tuple[str, str]]] = {
    "other-namespace": lambda: ("https://example.org/their/graph-2", FOREIGN_NT),
    "rolegraph-namespace": lambda: (RG + "ev-theirs", f"<{RG}alpha> <{RG}usesTool> <{RG}t9> .\n"),
    # A copy of a graph push wrote: its marker names the original, not the copy.
    "copied-marker": lambda: (RG + "ev-copy", f"<{RG}alpha> <{RG}usesTool> <{RG}t1> .\n" + _marker_about(RG + "ev-kept")),
}


@pytest.mark.parametrize("case", list(FOREIGN_CASES))
def test_a_graph_listed_in_the_manifest_that_push_did_not_write_survives(oxigraph_server: OxigraphServer, data: dict[str, str], case: str) -> None:
    graph, content = FOREIGN_CASES[case]()
    _start_over(oxigraph_server, data)
    _put_graph(oxigraph_server, graph, content)
    _list_in_manifest(oxigraph_server, graph, FOREIGN)
    out = _push(data, "new", oxigraph_server.store_url)
    _pushed(out)
    assert _get_graph(oxigraph_server, graph) == content, "push deleted a graph it did not write"
    assert _get_graph(oxigraph_server, FOREIGN) == FOREIGN_NT, "push deleted a graph it did not write"
    assert _get_graph(oxigraph_server, RG + "ev-stale") is None, "the stale graph push wrote was not deleted"
    assert "deleted 1 stale graph" in out.stdout and "kept 2" in out.stdout, out.stdout
    # Not listed any more: the next push does not even look at them.
    manifest = _get_graph(oxigraph_server, PUSHED_GRAPH) or ""
    assert graph not in manifest and FOREIGN not in manifest


def test_a_pushed_graph_someone_replaced_is_not_deleted(oxigraph_server: OxigraphServer, data: dict[str, str]) -> None:
    """ev-stale was written by push, then replaced by someone else: it is no
    longer push's to delete."""
    _start_over(oxigraph_server, data)
    theirs = f'<{RG}alpha> <{RG}essentialSkill> <{RG}s7> .\n'
    _put_graph(oxigraph_server, RG + "ev-stale", theirs)
    out = _push(data, "new", oxigraph_server.store_url)
    _pushed(out)
    assert _get_graph(oxigraph_server, RG + "ev-stale") == theirs
    assert "kept 1" in out.stdout and "deleted" not in out.stdout, out.stdout


def test_pushed_graphs_carry_the_marker_and_readers_do_not_see_it(oxigraph_server: OxigraphServer, data: dict[str, str]) -> None:
    """Each named graph push writes holds the marker about itself; the
    RemoteStore (and so every command through --endpoint) leaves it out."""
    import pyoxigraph as ox

    from rolegraph.store.export import export
    from rolegraph.store.local import open_store
    from rolegraph.store.remote import RemoteStore

    _start_over(oxigraph_server, data)
    for g in (RG + "ev-kept", RG + "ev-stale"):
        assert _marker_about(g) in (_get_graph(oxigraph_server, g) or "")
    remote = set(ox.parse(export(RemoteStore(oxigraph_server.query_url), "nquads"), format=ox.RdfFormat.N_QUADS))
    local = set(ox.parse(export(open_store([data["old"]]), "nquads"), format=ox.RdfFormat.N_QUADS))
    assert local <= remote
    assert remote - local == {q for q in remote if q.graph_name == ox.NamedNode(FOREIGN)}
