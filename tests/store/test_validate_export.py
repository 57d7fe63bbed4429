"""validate (a real pySHACL run) and export, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic


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
