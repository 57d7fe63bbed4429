"""Local queries have limits: a runaway SPARQL query stops at
--query-timeout with a clear error and on Ctrl-C within a second; a
memory-heavy one stops at --query-memory; the questions (show, compare,
similar, ...) are bounded by --query-timeout too; and a query never reaches
the network, however it is written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
VARIANTS = [
    CROSS_JOIN,
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g LIMIT 1",
    "ASK { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?c) = CONCAT(STR(?f), STR(?i), \"never\")) }",
    "CONSTRUCT { ?a ?b ?i } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } LIMIT 1 OFFSET 100000000000",
]


@pytest.mark.parametrize("query", VARIANTS, ids=["count", "order-by", "ask", "construct"])
def test_runaway_query_stops_at_the_time_limit(run, query):
    start = time.monotonic()
    out = run("--query-timeout", "1.5", "sparql", query, code=1)
    took = time.monotonic() - start
    assert "limit" in out.stderr and "--query-timeout" in out.stderr
    assert len(out.error_lines) == 1 and "Traceback" not in out.stderr
    assert took < 1.5 + 1.5


def test_ctrl_c_stops_a_runaway_query_within_a_second(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "rolegraph", "--query-timeout", "0", "sparql", CROSS_JOIN], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    time.sleep(2.0)  # compiled (test cache) and running
    assert process.poll() is None
    start = time.monotonic()
    process.send_signal(signal.SIGINT)
    code = process.wait(timeout=5)
    assert time.monotonic() - start < 1.0
    assert code == 130 and "Aborted." in process.stderr.read()
    # ...and no child is left running the query.
    left = subprocess.run(["pgrep", "-f", "?a ?b ?c . ?d ?e ?f"], capture_output=True, text=True).stdout.split()
    assert [p for p in left if p != str(process.pid)] == []


def test_memory_heavy_query_stops_with_a_clear_error(run):
    heavy = "SELECT ?a ?b ?c ?d WHERE { ?a ?p ?b . ?c ?q ?d } ORDER BY ?a ?b ?c ?d"
    out = run("--query-memory", "0.05", "--query-timeout", "60", "sparql", heavy, "--format", "csv", code=1)
    assert "more than 0.1 GiB" in out.stderr or "more than 0.0 GiB" in out.stderr
    assert "--query-memory" in out.stderr


@pytest.mark.parametrize("argv", [["matrix"], ["similar", "data analyst"], ["compare", "data scientist", "data analyst"], ["fit", "--skill", "SQL"]])
def test_questions_are_bounded_too(run, argv):
    out = run("--query-timeout", "0.000001", *argv, code=1)
    assert "limit" in out.stderr and "--query-timeout" in out.stderr


def test_normal_queries_are_far_from_the_limits(run):
    out = run("sparql", "SELECT ?r WHERE { ?r a rg:Role }", "--format", "csv")
    assert "data-scientist" in out.stdout
    assert run.json("compare", "data scientist", "data analyst")["similarity"] > 0
