"""Behaviour found missing in review: class membership through subclasses,
why on outside IRIs and cited pages, type names, job titles in ads, language
tags in SPARQL parameters, --allow-network on SPARQL 1.2 syntax."""

from __future__ import annotations

import pytest


def test_programming_languages_are_tools_everywhere(run):
    tools = {t["label"] for t in run.json("list", "tool")}
    assert {"Python", "R", "SQL", "Java", "TensorFlow"} <= tools
    assert len(tools) == run.json("stats")["counts"]["Tool"]
    assert "python" in {h["id"] for h in run.json("search", "python", "--type", "tool")}
    count = run("sparql", "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a rg:Tool }", "--format", "csv").stdout.split()
    assert int(count[1]) == len(tools)


def test_roles_using_a_language(run):
    out = run("sparql", "-q", "roles-using-tool", "-e", "tool=Python", "--format", "csv").stdout
    assert "data-scientist" in out and "machine-learning-engineer" in out


def test_why_on_an_outside_iri_and_a_cited_page(run):
    esco = "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30"
    assert run.json("why", "data scientist", "skos:exactMatch", esco) == []
    assert "names no source" in run("why", "data scientist", "skos:exactMatch", esco).stdout
    assert "(citing Udacity" in run("why", "data scientist", "essentialSkill", "data munging").stdout


@pytest.mark.parametrize("args", [("search", "python", "--type", "nosuchtype"), ("list", "nosuchtype"), ("search", "  ")])
def test_bad_type_names_and_empty_search_are_usage_errors(run, args):
    assert "Error:" in run(*args, code=2).stderr


def test_plural_type_names(run):
    assert run.json("list", "Skills") == run.json("list", "skill")
    assert run.json("list", "ML frameworks") == run.json("list", "MLFramework")


def test_job_title_in_an_ad_is_not_a_skill(run):
    ad = "We need a machine learning engineer with strong Python and Java.\n"
    best = run.json("fit", "--text", "-", input=ad)[0]
    assert best["role"]["id"] == "machine-learning-engineer"
    assert {m["label"] for m in best["matched"]} == {"Python", "Java"}


def test_language_tagged_parameter(run):
    query = "SELECT ?r WHERE { ?r skos:prefLabel ?l }"
    assert "data-scientist" in run("sparql", query, "-p", "l=data scientist@en", "--format", "csv").stdout
    assert "data-scientist" not in run("sparql", query, "-p", "l=data scientist", "--format", "csv").stdout


def test_allow_network_lets_newer_syntax_through(run):
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } ?s ?p ?o LATERAL { SELECT ?x WHERE { ?s ?p ?x } LIMIT 1 } }"
    refused = run("sparql", query, code=1).stderr
    assert "syntax error" in refused or "refused" in refused
    allowed = run("sparql", "--allow-network", query, code=1).stderr
    assert "syntax error" not in allowed and "refused" not in allowed


@pytest.mark.parametrize(
    "p, o, allowed",
    [
        ("essentialSkill", "statistics", ["essentialSkill"]),
        ("strongerIn", "research", ["strongerIn"]),
        ("requiresSkill", "Python", ["requiresSkill", "essentialSkill", "optionalSkill"]),
    ],
)
def test_why_cites_only_passages_asserting_that_fact(run, proj, p, o, allowed):
    """A passage is cited only when it asserts the fact with the property or a
    sub-property of it, never another fact between the same two entities."""
    base = "https://w3id.org/rolegraph/"
    s, obj = base + "data-scientist", base + run.json("show", o)["id"]
    backing = {ev.removeprefix(base) for q in allowed for ev in proj.edge_evidence(s, base + q, obj)}
    cited = {row["evidence"] for row in run.json("why", "data scientist", p, o)}
    assert cited and cited <= backing
