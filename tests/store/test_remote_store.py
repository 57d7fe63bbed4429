"""A SPARQL endpoint as the store: a real Oxigraph server (push, then every read
command through --endpoint gives the embedded answer), and the failure modes
with small local HTTP servers."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from helpers import Run

ROLES_JSON = b'{"head":{"vars":["r"]},"results":{"bindings":[{"r":{"type":"uri","value":"https://w3id.org/rolegraph/data-scientist"}}]}}'


# ------------------------------------------------------------------ failures


def test_unreachable_endpoint_fails_fast(run):
    started = time.monotonic()
    r = run("--endpoint", "http://127.0.0.1:9/query", "stats", code=1)
    assert time.monotonic() - started < 15
    assert r.stderr.startswith("Error: cannot reach http://127.0.0.1:9/query")
    assert len(r.stderr.strip().splitlines()) == 1


def test_silent_endpoint_times_out(run):
    # A socket that accepts connections and never answers.
    import socket

    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        port = silent.getsockname()[1]
        started = time.monotonic()
        r = run("--timeout", "1", "--endpoint", f"http://127.0.0.1:{port}/query", "stats", code=1)
        assert time.monotonic() - started < 8
    assert "cannot reach" in r.stderr and "1 s" in r.stderr


class _Handler(BaseHTTPRequestHandler):
    status = 500
    body = b"boom: the store is on fire\nsecond line"
    content_type = "text/plain"
    seen: list[dict[str, str]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        type(self).seen.append(dict(self.headers))
        auth_ok = self.headers.get("Authorization") == "Basic dXNlcjpzM2NyZXQ="  # user:s3cret
        if type(self).status == 401 and not auth_ok:
            self.send_response(401)
            self.end_headers()
            self.wfile.write(b"Unauthorized\n")
            return
        status = 200 if type(self).status == 401 else type(self).status
        self.send_response(status)
        self.send_header("Content-Type", type(self).content_type if status != 200 else "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(type(self).body if status != 200 else ROLES_JSON)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_stub():
    handler = type("H", (_Handler,), {"seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_http_error_gives_status_and_first_line(run, http_stub):
    handler, url = http_stub
    r = run("--endpoint", url, "sparql", "SELECT * WHERE { ?s ?p ?o }", code=1)
    assert "HTTP 500" in r.stderr and "boom: the store is on fire" in r.stderr
    assert "second line" not in r.stderr


def test_basic_auth_from_environment(http_stub, monkeypatch):
    from rolegraph.errors import StoreError
    from rolegraph.store.remote import RemoteStore

    handler, url = http_stub
    handler.status = 401
    with pytest.raises(StoreError, match="HTTP 401"):
        RemoteStore(url).select("SELECT ?r WHERE { ?r a [] }")
    monkeypatch.setenv("ROLEGRAPH_ENDPOINT_USER", "user")
    monkeypatch.setenv("ROLEGRAPH_ENDPOINT_PASSWORD", "s3cret")
    rows = RemoteStore(url).select("SELECT ?r WHERE { ?r a [] }")
    assert rows[0]["r"].value == "https://w3id.org/rolegraph/data-scientist"


def test_not_sparql_results(run, http_stub):
    handler, url = http_stub
    handler.status, handler.content_type, handler.body = 299, "text/html", b"<html>hello</html>"
    r = run("--endpoint", url, "sparql", "SELECT * WHERE { ?s ?p ?o }", code=1)
    assert "text/html" in r.stderr and "not SPARQL results" in r.stderr


def test_endpoint_must_be_http(run):
    r = run("--endpoint", "file:///etc/passwd", "stats", code=1)
    assert "not an http" in r.stderr


def test_remote_bindings_use_values(http_stub):
    import pyoxigraph as ox

    from rolegraph.store.remote import RemoteStore

    handler, url = http_stub
    handler.status = 200
    captured: list[bytes] = []
    orig = handler.do_POST

    def do_post(self):  # type: ignore[no-untyped-def]
        length = int(self.headers.get("Content-Length", 0))
        captured.append(self.rfile.read(length))
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        self.wfile.write(ROLES_JSON)

    handler.do_POST = do_post
    RemoteStore(url).select("SELECT ?r WHERE { ?r ?p ?o }", {"o": ox.Literal('x" } DROP ALL #')})
    handler.do_POST = orig
    from urllib.parse import parse_qs

    sent = parse_qs(captured[0].decode())["query"][0]
    assert sent == 'SELECT ?r WHERE { VALUES (?o) { ("x\\" } DROP ALL #") } ?r ?p ?o }'


# ------------------------------------------------------------------ a real server


@pytest.fixture(scope="module")
def pushed(oxigraph_server):
    result = Run()("push", "--store", oxigraph_server.store_url)
    assert result.stdout.startswith("pushed ")
    return oxigraph_server


def _commands() -> set[str]:
    from rolegraph.cli import cli

    return set(cli.commands)


READ_COMMANDS = [
    ["stats"],
    ["list"],
    ["list", "role"],
    ["list", "Tool"],
    ["show", "data scientist"],
    ["show", "Python"],
    ["show", "rg:step-build"],
    ["search", "visualisation"],
    ["search", "engineer", "--type", "Role"],
    ["why", "data scientist", "usesTool", "Tableau"],
    ["why", "data scientist", "requiresSkill", "statistics"],
    ["compare", "data scientist", "machine learning engineer"],
    ["gap", "data scientist", "machine learning engineer"],
    ["path", "data scientist", "Tableau"],
    ["fit", "--skill", "python", "--skill", "statistics"],
    ["workflow"],
    ["similar", "data scientist"],
    ["matrix"],
    ["queries"],
    ["sparql", "-q", "shared-skills", "-e", "a=data scientist", "-e", "b=MLE"],
    ["sparql", "-q", "role-sources", "-e", "role=data scientist"],
    ["sparql", "-q", "workflow-performers"],
]


@pytest.mark.server
@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a))
def test_read_command_same_as_embedded(run, pushed, args):
    if args[0] not in _commands():
        pytest.skip(f"the {args[0]} command does not exist yet")
    embedded = run(*args, "--format", "json").stdout
    remote = run("--endpoint", pushed.query_url, *args, "--format", "json").stdout
    assert _same_data_sets(json.loads(remote)) == _same_data_sets(json.loads(embedded))


def _same_data_sets(data):
    """``data`` without what names the data sets: an endpoint is one data set
    (``endpoint``), the embedded store knows its files (``builtin``)."""
    if isinstance(data, dict):
        return {k: _same_data_sets(v) for k, v in data.items() if k != "datasets"}
    if isinstance(data, list):
        return [_same_data_sets(v) for v in data]
    return data


LIBRARY_CALLS = [
    ("stats", ()),
    ("show", ("data scientist",)),
    ("compare", ("data scientist", "machine learning engineer")),
    ("gap", ("data analyst", "data scientist")),
    ("path", ("Tableau", "TensorFlow")),
    ("fit", (["SQL", "statistics"],)),
    ("workflow", ()),
    ("validate", ()),
    ("list_entities", ("Tool",)),
    ("why", ("data scientist", "usesTool", "Tableau")),
]


@pytest.mark.server
@pytest.mark.parametrize("name, args", LIBRARY_CALLS, ids=[c[0] for c in LIBRARY_CALLS])
def test_library_functions_same_on_a_remote_store(pushed, store, name, args):
    """Every public function takes the one Store interface: on a real Oxigraph
    server it answers what the embedded store answers."""
    import rolegraph

    remote = rolegraph.RemoteStore(pushed.query_url)
    got = rolegraph.to_data(getattr(rolegraph, name)(remote, *args))
    assert _same_data_sets(got) == _same_data_sets(rolegraph.to_data(getattr(rolegraph, name)(store, *args)))


@pytest.mark.server
@pytest.mark.parametrize("fmt", ["nt", "turtle", "nquads", "trig"])
def test_export_same_on_a_remote_store(pushed, store, fmt):
    import pyoxigraph as ox

    import rolegraph

    parse = ox.RdfFormat.from_extension({"nt": "nt", "turtle": "ttl", "nquads": "nq", "trig": "trig"}[fmt])
    remote = set(ox.parse(rolegraph.export(rolegraph.RemoteStore(pushed.query_url), fmt), format=parse))
    local = set(ox.parse(rolegraph.export(store, fmt), format=parse))
    assert local and remote == local  # the shipped graph has no blank nodes


@pytest.mark.server
@pytest.mark.parametrize("query", ["CONSTRUCT { ?r a rg:Role } WHERE { ?r a rg:Role }", "DESCRIBE rg:python", "ASK { rg:python a rg:Skill }"])
def test_sparql_forms_same_as_embedded(run, pushed, query):
    import rdflib
    from rdflib.compare import isomorphic

    if query.startswith("ASK"):
        assert run("--endpoint", pushed.query_url, "sparql", query).stdout == run("sparql", query).stdout
        return
    embedded = rdflib.Graph().parse(data=run("sparql", query, "--format", "nt").stdout, format="nt")
    remote = rdflib.Graph().parse(data=run("--endpoint", pushed.query_url, "sparql", query, "--format", "nt").stdout, format="nt")
    assert len(embedded) > 0 and isomorphic(embedded, remote)


@pytest.mark.server
def test_viz_through_endpoint(run, pushed, tmp_path):
    if "viz" not in _commands():
        pytest.skip("the viz command does not exist yet")
    out = tmp_path / "g.html"
    run("--endpoint", pushed.query_url, "viz", "-o", str(out))
    assert out.stat().st_size > 1000


@pytest.mark.server
def test_remote_safety_still_applies(run, pushed, listener):
    q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"
    run("--endpoint", pushed.query_url, "sparql", q, code=1)
    time.sleep(0.3)
    assert listener.connections == []


def _count(url: str, query: str) -> int:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(url)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    result = client.queryAndConvert()
    return int(result["results"]["bindings"][0]["n"]["value"])


ALL_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.mark.server
def test_sparqlwrapper_sees_the_pushed_graph(pushed, store):
    assert _count(pushed.query_url, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") == store.triples
    evidence = _count(pushed.query_url, "PREFIX rg: <https://w3id.org/rolegraph/> SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } ?g a rg:Evidence }")
    assert evidence == len(store.projection.evidence) > 0
    shapes = _count(pushed.query_url, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/rolegraph/graph/shapes> { ?s ?p ?o } }")
    assert shapes == 0


@pytest.mark.server
def test_second_push_leaves_the_same_data(run, pushed):
    before = (_count(pushed.query_url, ALL_QUADS), _count(pushed.query_url, GRAPHS))
    r = run("push", "--store", pushed.store_url)
    assert "pushed" in r.stdout and "pushed" in r.stderr
    assert (_count(pushed.query_url, ALL_QUADS), _count(pushed.query_url, GRAPHS)) == before


@pytest.mark.server
def test_push_deletes_graphs_it_pushed_before(run, pushed, tmp_path):
    from rolegraph.shipped import graph_dir

    full = (_count(pushed.query_url, ALL_QUADS), _count(pushed.query_url, GRAPHS))
    r = run("--graph", str(graph_dir() / "workflow.trig"), "push", "--store", pushed.store_url)
    assert "deleted" in r.stdout
    assert _count(pushed.query_url, GRAPHS) < full[1]
    run("push", "--store", pushed.store_url)
    assert (_count(pushed.query_url, ALL_QUADS), _count(pushed.query_url, GRAPHS)) == full


def test_push_refuses_endpoint_option(run):
    r = run("--endpoint", "http://127.0.0.1:9/query", "push", "--store", "http://127.0.0.1:9/store", code=2)
    assert "embedded store" in r.stderr


def test_push_unreachable(run):
    r = run("push", "--store", "http://127.0.0.1:9/store", code=1)
    assert "cannot reach http://127.0.0.1:9/store" in r.stderr
