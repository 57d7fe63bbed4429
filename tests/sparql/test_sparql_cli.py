"""The sparql and queries commands on the embedded store: sources, bindings,
formats and bad input."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest

ROLES = "SELECT ?r ?label WHERE { ?r a rg:Role ; skos:prefLabel ?label } ORDER BY ?label"


def test_queries_lists_at_least_ten(run):
    rows = run.json("queries")
    assert len(rows) >= 10
    for row in rows:
        assert set(row) == {"name", "description", "parameters"}
        assert row["description"]
        for p in row["parameters"]:
            assert p["kind"] in ("entity", "literal")
    assert "shared-skills" in {r["name"] for r in rows}
    assert "shared-skills" in run("queries").stdout


def test_named_query_json_is_w3c_results(run):
    out = run("sparql", "-q", "shared-skills", "-e", "a=data scientist", "-e", "b=ML engineer", "--format", "json").stdout
    data = json.loads(out)
    assert data["head"]["vars"] == ["skill", "label", "in_a", "in_b"]
    skills = {b["skill"]["value"].rsplit("/", 1)[1] for b in data["results"]["bindings"]}
    assert {"machine-learning", "programming"} <= skills
    assert all(b["skill"]["type"] == "uri" for b in data["results"]["bindings"])


def test_inline_file_and_stdin_give_the_same(run, tmp_path):
    query_file = tmp_path / "roles.rq"
    query_file.write_text(ROLES)
    inline = run("sparql", ROLES, "--format", "json").stdout
    assert run("sparql", "-f", str(query_file), "--format", "json").stdout == inline
    assert run("sparql", "-", "--format", "json", input=ROLES).stdout == inline
    assert run("sparql", "-f", "-", "--format", "json", input=ROLES).stdout == inline
    labels = [b["label"]["value"] for b in json.loads(inline)["results"]["bindings"]]
    assert "data scientist" in labels and labels == sorted(labels)


def test_default_prefixes_and_table(run):
    out = run("sparql", ROLES).stdout
    assert "rg:data-scientist" in out and "data scientist" in out


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xml"])
def test_result_formats(run, fmt):
    out = run("sparql", ROLES, "--format", fmt).stdout
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["r", "label"] and ["https://w3id.org/rolegraph/data-scientist", "data scientist"] in rows
    elif fmt == "tsv":
        assert out.splitlines()[0] == "?r\t?label"
        assert '<https://w3id.org/rolegraph/data-scientist>\t"data scientist"@en' in out
    else:
        root = ET.fromstring(out)
        assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"


def test_ask(run):
    assert run("sparql", "ASK { rg:data-scientist a rg:Role }").stdout.strip() == "true"
    assert json.loads(run("sparql", "ASK { rg:data-scientist a rg:Tool }", "--format", "json").stdout)["boolean"] is False


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_construct_formats(run, fmt):
    import rdflib

    query = "CONSTRUCT { ?r a rg:Role } WHERE { ?r a rg:Role }"
    args = ["sparql", query] + (["--format", fmt] if fmt != "turtle" else [])
    out = run(*args).stdout
    g = rdflib.Graph().parse(data=out, format={"turtle": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt])
    assert (rdflib.URIRef("https://w3id.org/rolegraph/data-scientist"), rdflib.RDF.type, rdflib.URIRef("https://w3id.org/rolegraph/Role")) in g


def test_describe(run):
    out = run("sparql", "-e", "x=Python", "DESCRIBE ?x WHERE { ?x a [] }", "--format", "nt").stdout
    assert "<https://w3id.org/rolegraph/python>" in out


def test_format_must_fit_the_query(run):
    r = run("sparql", ROLES, "--format", "turtle", code=2)
    assert "does not fit a SELECT" in r.stderr
    r = run("sparql", "CONSTRUCT WHERE { ?s a rg:Role }", "--format", "csv", code=2)
    assert "does not fit a CONSTRUCT" in r.stderr


def test_bindings_literal_and_entity(run):
    query = "SELECT ?e WHERE { ?e skos:prefLabel ?l FILTER(str(?l) = ?name) }"
    data = json.loads(run("sparql", query, "-p", "name=data scientist", "--format", "json").stdout)
    assert [b["e"]["value"] for b in data["results"]["bindings"]] == ["https://w3id.org/rolegraph/data-scientist"]
    # a bound variable that is not projected, seen by a FILTER
    data = json.loads(run("sparql", "SELECT ?l WHERE { ?e skos:prefLabel ?l }", "-e", "e=MLE", "--format", "json").stdout)
    assert [b["l"]["value"] for b in data["results"]["bindings"]] == ["machine learning engineer"]


def test_binding_text_is_not_spliced(run):
    # Text that would break out of a string if pasted into the query is just a value.
    evil = 'x" } . ?s ?p ?o . FILTER("1'
    data = json.loads(run("sparql", "SELECT ?e WHERE { ?e skos:prefLabel ?l FILTER(str(?l) = ?name) }", "-p", f"name={evil}", "--format", "json").stdout)
    assert data["results"]["bindings"] == []


def test_named_query_parameter_errors(run):
    r = run("sparql", "-q", "shared-skills", "-e", "a=data scientist", code=2)
    assert "-e b=" in r.stderr
    r = run("sparql", "-q", "shared-skills", "-e", "a=data scientist", "-e", "b=MLE", "-e", "c=x", code=2)
    assert "no parameter 'c'" in r.stderr
    r = run("sparql", "-q", "role-skills", "-p", "role=data scientist", code=2)
    assert "-e role=" in r.stderr
    r = run("sparql", "-q", "no-such-query", code=1)
    assert "shared-skills" in r.stderr and "role-skills" in r.stderr


def test_optional_parameter(run):
    every = json.loads(run("sparql", "-q", "skill-prerequisites", "--format", "json").stdout)["results"]["bindings"]
    one = json.loads(run("sparql", "-q", "skill-prerequisites", "-e", "skill=random forests", "--format", "json").stdout)["results"]["bindings"]
    assert 0 < len(one) < len(every)
    assert {b["skill"]["value"] for b in one} == {"https://w3id.org/rolegraph/random-forests"}


def test_unknown_entity(run):
    r = run("sparql", "-q", "role-skills", "-e", "role=data scientst", code=1)
    assert "data scientist" in r.stderr


def test_variable_not_in_query(run):
    r = run("sparql", ROLES, "-p", "nope=1", code=1)
    assert "?nope" in r.stderr


def test_usage_errors(run):
    assert "exactly one" in run("sparql", code=2).stderr
    assert "exactly one" in run("sparql", ROLES, "-q", "role-skills", code=2).stderr
    assert "NAME=VALUE" in run("sparql", ROLES, "-p", "novalue", code=2).stderr


def test_syntax_error_has_line_and_column(run):
    r = run("sparql", "SELECT ?s WHERE {\n  ?s ?p ?o .\n  FILTER( }", code=1)
    assert r.stderr.startswith("Error: SPARQL syntax error at line 3, column")
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr


def test_output_file(run, tmp_path):
    target = tmp_path / "out.csv"
    run("sparql", ROLES, "--format", "csv", "-o", str(target))
    assert target.read_text().startswith("r,label")


def test_roles_using_a_language(run):
    out = run("sparql", "-q", "roles-using-tool", "-e", "tool=Python", "--format", "csv").stdout
    assert "data-scientist" in out and "machine-learning-engineer" in out


def test_language_tagged_parameter(run):
    query = "SELECT ?r WHERE { ?r skos:prefLabel ?l }"
    assert "data-scientist" in run("sparql", query, "-p", "l=data scientist@en", "--format", "csv").stdout
    assert "data-scientist" not in run("sparql", query, "-p", "l=data scientist", "--format", "csv").stdout
