"""Provenance a user can add and read: quoted facts in Turtle (rg:supports),
marked inferences, unsourced facts reported by validate, and the RDFS
entailments SPARQL sees."""

from __future__ import annotations

from pathlib import Path

import pytest

PREFIXES = """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix ex: <https://example.org/> .
"""

TURTLE = PREFIXES + """
ex:ad a rg:Source ; skos:prefLabel "a job ad"@en ; dcterms:title "Analytics engineer, Example Ltd" .
ex:analytics-engineer a rg:Role ; skos:prefLabel "analytics engineer"@en ;
    rg:essentialSkill ex:sql , ex:dbt-modelling .
ex:sql a rg:Skill ; skos:prefLabel "SQL"@en .
ex:dbt-modelling a rg:Skill ; skos:prefLabel "dbt modelling"@en .

ex:ev-sql a rg:Evidence ; dcterms:source ex:ad ;
    rg:quote "You write SQL every day." ;
    rg:supports [ rdf:subject ex:analytics-engineer ; rdf:predicate rg:essentialSkill ; rdf:object ex:sql ] .
"""

TRIG = PREFIXES + """
ex:inf-1 a rg:Inference ; rg:rationale "Every analytics engineer I know models data in dbt."@en .
ex:inf-1 { ex:analytics-engineer rg:essentialSkill ex:dbt-modelling . }
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "role.ttl").write_text(TURTLE, encoding="utf-8")
    return folder


def test_a_turtle_file_can_quote_its_source(run, data: Path) -> None:
    cited = run.json("--graph", str(data), "why", "analytics engineer", "essentialSkill", "SQL")
    assert [(c["kind"], c["quote"], c["source"]["title"]) for c in cited] == [("quoted", "You write SQL every day.", "a job ad")]
    links = run.json("--graph", str(data), "show", "analytics engineer")["links"]
    sql = next(link for link in links if link["target"]["label"] == "SQL")
    assert sql["sources"][0]["quote"] == "You write SQL every day."


def test_validate_reports_facts_with_neither_quote_nor_inference(run, data: Path) -> None:
    report = run.json("--graph", str(data), "validate")
    unsourced = [v for v in report["violations"] if v["rule"] == "rg:SourcedFact"]
    assert [(v["focus"], v["path"], v["value"]) for v in unsourced] == [("https://example.org/analytics-engineer", "rg:essentialSkill", "https://example.org/dbt-modelling")]
    assert report["conforms"]  # a warning, not a violation
    stats = run.json("--graph", str(data), "stats")
    assert stats["facts"]["unsourced"] == 1 and stats["facts"]["quoted"] == 1


def test_an_inference_is_marked_and_counted_apart(run, data: Path) -> None:
    (data / "inferred.trig").write_text(TRIG, encoding="utf-8")
    cited = run.json("--graph", str(data), "why", "analytics engineer", "essentialSkill", "dbt modelling")
    assert [(c["kind"], c["rationale"]) for c in cited] == [("inferred", "Every analytics engineer I know models data in dbt.")]
    assert run("--graph", str(data), "why", "analytics engineer", "essentialSkill", "dbt modelling").stdout.startswith("inferred:\n  Every analytics engineer")
    text = run("--graph", str(data), "show", "analytics engineer").stdout
    assert "[inferred]" in text
    stats = run.json("--graph", str(data), "stats")
    assert (stats["facts"]["quoted"], stats["facts"]["inferred"], stats["facts"]["unsourced"], stats["inferences"]) == (1, 1, 0, 1)
    assert not [v for v in run.json("--graph", str(data), "validate")["violations"] if v["rule"] == "rg:SourcedFact"]


def test_every_shipped_role_link_is_quoted_or_inferred(run, proj) -> None:
    stats = run.json("stats")
    assert stats["facts"]["unsourced"] == 0 and stats["facts"]["quoted"] > 100
    for role in proj.of_type("Role"):
        for p, o in proj.out_edges(role):
            assert proj.edge_evidence(role, p, o), (role, p, o)


def test_sparql_sees_sub_properties_and_subclasses(run) -> None:
    def count(query: str) -> int:
        return int(run("sparql", query, "--format", "csv").stdout.split()[1])

    both = count("SELECT (COUNT(*) AS ?n) WHERE { rg:data-scientist rg:requiresSkill ?s }")
    parts = count("SELECT (COUNT(*) AS ?n) WHERE { { rg:data-scientist rg:essentialSkill ?s } UNION { rg:data-scientist rg:optionalSkill ?s } }")
    assert both == parts > 5
    assert count("SELECT (COUNT(*) AS ?n) WHERE { rg:python a rg:Tool }") == 1
    # and the entailed link is not a fact of its own: show lists the stated one
    links = run.json("show", "data scientist")["links"]
    assert not [link for link in links if link["predicate"] == "rg:requiresSkill"]
