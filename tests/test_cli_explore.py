"""stats, list, show, search, why, validate and export through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

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


def test_shipped_graph_validates(run):
    data = run.json("validate")
    assert data["conforms"] is True
    assert not [v for v in data["violations"] if v["severity"] == "Violation"]


def test_planted_violation_names_node_and_rule(run, tmp_path: Path):
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
rg:broken-role a rg:Role ; skos:prefLabel "broken role"@en ; rg:usesTool rg:not-a-tool .
rg:not-a-tool a rg:Task ; skos:prefLabel "not a tool"@en .
rg:lonely-step a rg:WorkflowStep ; skos:prefLabel "lonely step"@en .
"""
    )
    result = run("--graph", str(bad), "validate", "--format", "json", code=1)
    data = json.loads(result.stdout)
    assert data["conforms"] is False
    by_focus = {(v["focus"], v["rule"]) for v in data["violations"]}
    assert ("rg:broken-role", "sh:ClassConstraintComponent") in by_focus
    assert ("rg:lonely-step", "sh:MinCountConstraintComponent") in by_focus
    table = run("--graph", str(bad), "validate", code=1).stdout
    assert "rg:broken-role" in table and "ClassConstraintComponent" in table


def test_undeclared_term_is_a_warning(run, tmp_path: Path):
    odd = tmp_path / "odd.ttl"
    odd.write_text(
        """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
rg:r a rg:Role ; skos:prefLabel "odd role"@en ; rg:likesColour rg:r .
"""
    )
    data = json.loads(run("--graph", str(odd), "validate", "--format", "json").stdout)
    assert data["conforms"] is True
    assert any(v["severity"] == "Warning" and v["focus"] == "rg:likesColour" for v in data["violations"])


def test_malformed_file_via_cli(run, tmp_path: Path):
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix rg: <https://w3id.org/rolegraph/> .\nrg:a rg:b .\n")
    result = run("--graph", str(bad), "stats", code=1)
    assert result.stderr.startswith(f"Error: {bad}:2:")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_export_round_trip_is_isomorphic(run, tmp_path: Path, fmt: str):
    out = tmp_path / f"all.{ 'trig' if fmt == 'trig' else 'nq'}"
    run("export", "--to", fmt, "-o", str(out))
    original = rdflib.Dataset()
    original.parse(data=run("export", "--to", "nquads").stdout, format="nquads")
    again = run("--graph", str(out), "export", "--to", "nquads").stdout
    reloaded = rdflib.Dataset()
    reloaded.parse(data=again, format="nquads")
    a, b = _graphs(original), _graphs(reloaded)
    assert a.keys() == b.keys() and len(a) > 10
    for name in a:
        assert isomorphic(a[name], b[name]), name


def _graphs(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    out: dict[str, rdflib.Graph] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        out.setdefault(str(g), rdflib.Graph()).add((s, p, o))
    return out


def test_export_turtle_parses(run):
    g = rdflib.Graph().parse(data=run("export").stdout, format="turtle")
    assert len(g) == run.json("stats")["triples"]


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
    assert "(Role, a)" in result.stderr and "(Role, b)" in result.stderr
