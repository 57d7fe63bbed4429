"""No query reaches the network without --allow-network, however it is
written: the check reads the query twice (rdflib's parser and the lexer, on
the text the engine runs) and refuses what either cannot clear; a query that
cannot be parsed is refused. A listener on 127.0.0.1 records every attempt."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolegraph.errors import QueryError
from rolegraph.sparql import check, with_prefixes

# What can make a lexer and the engine disagree about where a comment, a
# string or a name ends, put before the call.
TRICKS = [
    "?s ?p rg:a\\# .",
    "?s ?p rg:a\\' .",
    "?s ?p rg:a\\\\ .",
    "?s ?p rg:a%23 .",
    "?s ?p rg:a\\#b\\' .",
    'BIND("a\\"" AS ?x)',
    "BIND('''x#''' AS ?x)",
    'BIND("""x\n#""" AS ?x)',
    "# a comment with ' and \"\n",
    '# """\n',
    "# '''\n",
    "?s ?p <http://x/#'> .",
    "",
]
CALLS = [
    "SERVICE <{url}> {{ ?a ?b ?c }}",
    "SERVICE SILENT <{url}> {{ ?a ?b ?c }}",
    "\\u0053ERVICE <{url}> {{ ?a ?b ?c }}",
    "\\U00000053ERVICE <{url}> {{ ?a ?b ?c }}",
    "service <{url}> {{ ?a ?b ?c }}",
    "OPTIONAL {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "{{ SELECT * WHERE {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    "FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "MINUS {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "{{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
]
FROMS = ["SELECT * FROM <{url}data.ttl> WHERE {{ ?s ?p ?o }}", "SELECT * FROM NAMED <{url}g.ttl> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", "SELECT * \\u0046ROM <{url}x.ttl> WHERE {{ ?s ?p ?o }}"]


def _queries(url: str) -> list[str]:
    out = [f"SELECT * WHERE {{ {trick}\n {call.format(url=url)} }}" for trick, call in itertools.product(TRICKS, CALLS)]
    out += [f.format(url=url) for f in FROMS]
    return out


def _engine_attempt(query: str) -> None:
    """What the engine would do with a query the check let through: run it on
    an empty in-memory store (no sandbox here: this tests the check alone)."""
    import pyoxigraph as ox

    try:
        result = ox.Store().query(with_prefixes(query))
        if not isinstance(result, ox.QueryBoolean):
            for _ in result:
                pass
    except (SyntaxError, OSError, RuntimeError, ValueError):
        pass


def test_every_trick_is_refused_and_nothing_connects(listener):
    url = f"http://127.0.0.1:{listener.port}/"
    queries = _queries(url)
    assert len(queries) > 120
    let_through = []
    for q in queries:
        try:
            check(q)
        except QueryError:
            continue
        let_through.append(q)
        _engine_attempt(q)
    assert listener.connections == [], let_through
    assert let_through == []


@pytest.mark.parametrize("index", range(0, 130, 13))
def test_the_cli_refuses_them_too(run, listener, index):
    q = _queries(f"http://127.0.0.1:{listener.port}/")[index]
    out = run("sparql", q, code=1)
    assert len(out.error_lines) == 1
    assert listener.connections == []


def test_the_endpoint_path_checks_before_sending(run, listener, oxigraph_server):
    """With --endpoint the same check runs before anything is sent: the
    remote engine (a real Oxigraph, which would make the call) never sees it."""
    for q in _queries(f"http://127.0.0.1:{listener.port}/")[::17]:
        out = run("--endpoint", oxigraph_server.query_url, "sparql", q, code=1)
        assert len(out.error_lines) == 1
    assert listener.connections == []


TOKENS = ["{", "}", ".", ";", "?x", "rg:a\\#", "rg:b\\'", "'", '"', "'''", '"""', "#", "\n", "\\u0053ERVICE", "SERVICE", "SILENT", "FROM", "NAMED",
          "<{url}>", "OPTIONAL", "UNION", "MINUS", "FILTER EXISTS", "GRAPH ?g", "SELECT * WHERE", "BIND(", "AS ?y)", "\\"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=3, max_size=24))
def test_fuzzed_queries_never_reach_the_network(listener, parts):
    url = f"http://127.0.0.1:{listener.port}/"
    query = "SELECT * WHERE { " + " ".join(p.replace("{url}", url) for p in parts) + " }"
    try:
        check(query)
    except QueryError:
        return
    _engine_attempt(query)
    assert listener.connections == [], query


def test_the_query_child_is_offline(listener):
    """Defence in depth: the child that runs a CLI query leaves the network
    (where the system allows it), so nothing could connect even past the check."""
    import socket

    from rolegraph.sparql.isolate import run_isolated

    def attempt() -> str:
        try:
            with socket.create_connection(("127.0.0.1", listener.port), timeout=2):
                return "connected"
        except OSError as exc:
            return f"refused: {exc}"

    offline = run_isolated(attempt, timeout=10, memory=None, offline=True)
    online = run_isolated(attempt, timeout=10, memory=None, offline=False)
    assert online == "connected"
    if offline == "connected":
        pytest.skip("this system does not let a process leave the network (no user namespaces)")
    assert offline.startswith("refused")
