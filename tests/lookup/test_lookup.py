"""stats, list, show, search and why through the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

MINIMUM = {"Role": 4, "Skill": 25, "Tool": 20, "Task": 30, "WorkflowStep": 3}


def test_stats_meets_minimum_counts(run):
    data = run.json("stats")
    assert data["triples"] > 500
    for kind, least in MINIMUM.items():
        assert data["counts"][kind] >= least, (kind, data["counts"])
    assert data["counts"]["WorkflowStep"] == 3


def test_show_resolves_alt_label(run):
    data = run.json("show", "ML engineer")
    assert data["id"] == "machine-learning-engineer"
    assert data["label"] == "machine learning engineer"
    assert data["type"] == "Role"
    for key in ("definition", "alt_labels", "links", "sources"):
        assert key in data


@pytest.mark.parametrize("ref", ["MLE", "rg:machine-learning-engineer", "machine-learning-engineer", "https://w3id.org/rolegraph/machine-learning-engineer", "MACHINE LEARNING ENGINEER"])
def test_every_reference_form(run, ref):
    assert run.json("show", ref)["id"] == "machine-learning-engineer"


def test_unknown_name_suggests(run):
    result = run("show", "enginer", code=1)
    assert result.stderr.startswith("Error: ")
    assert "engineer" in result.stderr
    assert "Traceback" not in result.stderr


def test_every_role_link_has_a_quoted_source(run, proj):
    for role in run.json("list", "role"):
        data = run.json("show", role["id"])
        assert data["links"], role
        for link in data["links"]:
            assert link["sources"], (role["id"], link["predicate"], link["target"])
            for src in link["sources"]:
                assert src["quote"].strip() and src["source"]["title"]


def test_list_types_case_insensitive_and_unknown_type(run):
    roles = run.json("list", "ROLE")
    labels = {r["label"] for r in roles}
    assert {"data scientist", "machine learning engineer", "data analyst", "software engineer"} <= labels
    assert all(r["type"] == "Role" for r in roles)
    frameworks = {r["label"] for r in run.json("list", "MLFramework")}
    assert {"TensorFlow", "PyTorch"} <= frameworks
    result = run("list", "rolez", code=2)
    assert "unknown type" in result.stderr


def test_list_csv_pipes(run):
    out = run("list", "tool", "--format", "csv").stdout.splitlines()
    assert out[0] == "id,label,type"
    assert any(line.startswith("tableau,Tableau,") for line in out)


def test_search_finds_by_label_and_definition(run):
    hits = run.json("search", "tensorflow")
    assert hits[0]["label"] == "TensorFlow" and hits[0]["score"] == 1.0
    hits = run.json("search", "visualization")
    assert any(h["label"] == "data visualization" for h in hits)
    assert all(0 <= h["score"] <= 1 for h in hits)


def test_why_gives_quotes_and_follows_subproperties(run):
    rows = run.json("why", "data scientist", "usesTool", "Tableau")
    assert rows and all("Tableau" in r["quote"] for r in rows)
    via_super = run.json("why", "machine learning engineer", "requiresSkill", "computer science")
    assert via_super
    result = run("why", "data analyst", "usesTool", "TensorFlow", code=1)
    assert "does not say" in result.stderr


def test_python_m_and_version():
    out = subprocess.run([sys.executable, "-m", "rolegraph", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("rolegraph, version ")


def test_ambiguous_name_lists_candidates(run, tmp_path: Path):
    dup = tmp_path / "dup.ttl"
    dup.write_text(
        """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
rg:a a rg:Role ; skos:prefLabel "analyst"@en .
rg:b a rg:Role ; skos:prefLabel "Analyst"@en .
"""
    )
    result = run("--graph", str(dup), "show", "analyst", code=1)
    assert "ambiguous" in result.stderr and "rg" not in result.stderr.split("could be:")[0][-3:]
    assert "(Role, rg:a)" in result.stderr and "(Role, rg:b)" in result.stderr


def test_programming_languages_are_tools_everywhere(run):
    tools = {t["label"] for t in run.json("list", "tool")}
    assert {"Python", "R", "SQL", "Java", "TensorFlow"} <= tools
    assert len(tools) == run.json("stats")["counts"]["Tool"]
    assert "python" in {h["id"] for h in run.json("search", "python", "--type", "tool")}
    count = run("sparql", "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a rg:Tool }", "--format", "csv").stdout.split()
    assert int(count[1]) == len(tools)


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


@pytest.mark.parametrize(
    "p, o, allowed",
    [
        ("essentialSkill", "statistics", ["essentialSkill"]),
        ("strongerIn", "statistics", ["strongerIn"]),
        ("doesMore", "research", ["doesMore"]),
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
