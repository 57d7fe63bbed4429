"""Queries are read-only, and nothing reaches the network or the file system
unless --allow-network is given. Checks run on the parsed query before any
store sees it."""

from __future__ import annotations

import sys
import time

import pytest

_OPENED: list[str] = []
_WATCH = False


def _audit(event: str, args: tuple) -> None:
    if _WATCH and event == "open" and args and isinstance(args[0], (str, bytes)):
        _OPENED.append(str(args[0]))


sys.addaudithook(_audit)


def _settle(listener) -> None:
    time.sleep(0.3)  # give a stray connection time to arrive


def test_service_is_refused_and_nothing_connects(run, listener):
    q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"
    r = run("sparql", q, code=1)
    assert "SERVICE" in r.stderr and "--allow-network" in r.stderr
    _settle(listener)
    assert listener.connections == []


def test_silent_service_in_a_subquery_is_refused(run, listener):
    q = f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ OPTIONAL {{ SERVICE SILENT <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }} }} }} }} }}"
    run("sparql", q, code=1)
    _settle(listener)
    assert listener.connections == []


def test_from_is_refused_and_nothing_connects(run, listener):
    for clause in ("FROM", "FROM NAMED"):
        r = run("sparql", f"SELECT * {clause} <http://127.0.0.1:{listener.port}/x> WHERE {{ ?s ?p ?o }}", code=1)
        assert clause in r.stderr
    _settle(listener)
    assert listener.connections == []


def test_from_file_reads_nothing(run):
    global _WATCH
    _OPENED.clear()
    _WATCH = True
    try:
        r = run("sparql", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", code=1)
    finally:
        _WATCH = False
    assert "refused" in r.stderr
    assert not [p for p in _OPENED if "passwd" in p]
    assert "root:" not in r.stdout


def test_the_listener_does_see_an_allowed_service(run, listener):
    # Control: the same query with --allow-network does connect, so the
    # tests above would notice a connection.
    q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"
    r = run("sparql", "--allow-network", q, code=1)
    assert "failed" in r.stderr
    _settle(listener)
    assert listener.connections


def test_keywords_inside_strings_and_comments_are_fine(run):
    q = 'SELECT ?x WHERE {\n  # SERVICE <http://127.0.0.1:9/> FROM <file:///etc/passwd>\n  BIND("SERVICE <http://127.0.0.1:9/> { } INSERT DATA" AS ?x)\n}'
    out = run("sparql", q, "--format", "csv").stdout
    assert "SERVICE <http://127.0.0.1:9/>" in out


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/rolegraph/graph/shapes>",
        "LOAD <file:///etc/passwd>",
        "CREATE GRAPH <http://a>",
        "PREFIX rg: <https://w3id.org/rolegraph/> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_refused(run, update):
    r = run("sparql", update, code=1)
    assert "updates are refused" in r.stderr
    assert "--allow-network" not in r.stderr
    assert run("sparql", "--allow-network", update, code=1).stderr == r.stderr


def test_graph_still_intact_after_refused_update(run):
    before = run.json("stats")["triples"]
    run("sparql", "DELETE WHERE { ?s ?p ?o }", code=1)
    assert run.json("stats")["triples"] == before


def test_allow_network_lets_newer_syntax_through(run):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } ?s ?p ?o LATERAL { SELECT ?x WHERE { ?s ?p ?x } LIMIT 1 } }"
    refused = run("sparql", query, code=1).stderr
    assert "syntax error" in refused or "refused" in refused
    allowed = run("sparql", "--allow-network", query, code=1).stderr
    assert "syntax error" not in allowed and "refused" not in allowed
