"""``/sparql``: a SPARQL 1.1 Protocol endpoint SPARQLWrapper can use, with
the ``sparql`` command's rules (read-only, offline) and a time limit that
stops a runaway query while other clients are answered."""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.server

NAMED = [
    ("shared-skills", {"a": "data scientist", "b": "machine learning engineer"}),
    ("role-skills", {"role": "data analyst"}),
    ("most-required-skills", {}),
    ("handoffs", {}),
]


def _wrapper(server, query: str):
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(server.url + "sparql")
    client.setQuery(query)
    client.setReturnFormat(JSON)
    return client


def _bound_text(name: str, entities: dict[str, str]) -> str:
    """The named query with its parameters bound as `sparql -e` binds them."""
    import pyoxigraph as ox

    from rolegraph.lookup.names import resolve
    from rolegraph.sparql import bind, named_query, with_prefixes
    from rolegraph.store import open_store

    proj = open_store().projection
    return with_prefixes(bind(named_query(name).text, {k: ox.NamedNode(resolve(proj, v)) for k, v in entities.items()}))


@pytest.mark.parametrize("name, entities", NAMED, ids=[n for n, _ in NAMED])
def test_sparqlwrapper_gets_the_cli_bindings(server, run, name, entities):
    from rolegraph.sparql import named_queries

    if name not in named_queries():
        pytest.skip(f"no named query {name}")
    args = [a for k, v in entities.items() for a in ("-e", f"{k}={v}")]
    cli = run.json("sparql", "-q", name, *args)
    got = _wrapper(server, _bound_text(name, entities)).queryAndConvert()
    assert got["head"]["vars"] == cli["head"]["vars"]
    assert got["results"]["bindings"] == cli["results"]["bindings"]


def _http(server, path: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, str]:
    request = urllib.request.Request(server.url + path.lstrip("/"), data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, r.headers.get("content-type", ""), r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("content-type", ""), e.read().decode()


@pytest.mark.parametrize(
    "accept, media",
    [("text/csv", "text/csv"), ("application/sparql-results+xml", "application/sparql-results+xml"), ("text/tab-separated-values", "text/tab-separated-values"), ("*/*", "application/sparql-results+json")],
)
def test_result_formats_by_accept(server, accept, media):
    q = urllib.parse.quote("SELECT ?r WHERE { ?r a rg:Role } ORDER BY ?r")
    status, ctype, body = _http(server, f"/sparql?query={q}", headers={"Accept": accept})
    assert status == 200 and ctype.startswith(media)
    assert "data-scientist" in body


def test_construct_as_turtle_and_post_forms(server):
    q = "CONSTRUCT { ?r a rg:Role } WHERE { ?r a rg:Role }"
    status, ctype, body = _http(server, "/sparql", data=urllib.parse.urlencode({"query": q}).encode(), headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "text/turtle"})
    assert status == 200 and ctype.startswith("text/turtle") and "data-scientist" in body
    status, _c, body = _http(server, "/sparql", data=b"ASK { ?s ?p ?o }", headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"})
    assert status == 200 and '"boolean":true' in body.replace(" ", "")


@pytest.mark.parametrize(
    "how, status, words",
    [
        ("update-param", 403, "updates are refused"),
        ("update-body", 403, "updates are refused"),
        ("insert-in-query", 400, "update"),
        ("service", 400, "SERVICE"),
        ("remote-from", 400, "FROM"),
        ("graph-uri", 400, "default-graph-uri"),
        ("no-query", 400, "exactly one query"),
        ("syntax", 400, "syntax"),
    ],
)
def test_refused(server, how, status, words):
    if how == "update-param":
        got = _http(server, "/sparql", data=urllib.parse.urlencode({"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}).encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    elif how == "update-body":
        got = _http(server, "/sparql", data=b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", headers={"Content-Type": "application/sparql-update"})
    else:
        query = {
            "insert-in-query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            "service": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
            "remote-from": "SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }",
            "graph-uri": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
            "no-query": None,
            "syntax": "SELECT WHERE {",
        }[how]
        path = "/sparql" + (f"?query={urllib.parse.quote(query)}" if query else "") + ("&default-graph-uri=urn:x" if how == "graph-uri" else "")
        got = _http(server, path)
    assert got[0] == status, got
    assert words.lower() in got[2].lower()
    # Still read-only: the store is unchanged.
    assert _http(server, "/sparql?query=" + urllib.parse.quote("ASK { <urn:a> <urn:b> <urn:c> }"), headers={"Accept": "text/csv"})[2].strip().endswith("false")


def test_runaway_query_is_stopped_while_others_are_answered(server):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
    result: dict[str, object] = {}

    def runaway() -> None:
        start = time.monotonic()
        result["runaway"] = _http(server, "/sparql?query=" + urllib.parse.quote(slow))
        result["seconds"] = time.monotonic() - start

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    start = time.monotonic()
    quick = _http(server, "/sparql?query=" + urllib.parse.quote("SELECT ?r WHERE { ?r a rg:Role }"), headers={"Accept": "text/csv"})
    quick_seconds = time.monotonic() - start
    thread.join(30)
    status, _ctype, body = result["runaway"]  # type: ignore[misc]
    assert status == 503 and "2 s limit" in body
    assert result["seconds"] < 2 + 1.0  # the limit plus one second
    assert quick[0] == 200 and quick_seconds < 2
    # ...and the endpoint keeps answering after it.
    assert _http(server, "/sparql?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"))[0] == 200


def test_concurrent_queries_all_answered(server):
    """Eight clients querying at once (rdflib's parser is not thread-safe:
    the endpoint's check must not break under concurrency)."""
    errors: list[object] = []

    def client(n: int) -> None:
        for i in range(6):
            q = f"SELECT ?r ?l WHERE {{ ?r a rg:Role ; skos:prefLabel ?l }} LIMIT {n + i + 1}"
            status, _c, body = _http(server, "/sparql?query=" + urllib.parse.quote(q), headers={"Accept": "text/csv"})
            if status != 200:
                errors.append((status, body))

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
