"""``import esco``: the mapping, the summary, bad input and atomic output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rolegraph.importers.esco import Tally, import_esco
from rolegraph.importers.ntriples import TripleWriter, iri, text

from .conftest import ANALYST, CAFE, DS, ESCO, FIXTURE, STAT

RG = "https://w3id.org/rolegraph/"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _graph(path: Path):
    import rdflib

    g = rdflib.Graph()
    g.parse(path, format="nt" if path.suffix == ".nt" else "turtle")
    return g


def test_cli_import_reports_summary(run, tmp_path):
    out = tmp_path / "esco.nt"
    result = run("import", "esco", str(FIXTURE), "-o", str(out), "--format", "json")
    summary = json.loads(result.stdout)
    assert summary["entities"] == {"occupations": 4, "skills": 6}
    assert summary["relations"] == {"essential": 7, "optional": 4, "skill-skill": 2, "broader": 3}
    assert summary["triples"] == len(out.read_text(encoding="utf-8").splitlines())
    skipped = summary["skipped"]
    assert skipped["to a skill missing from skills_en.csv"] == 1
    assert skipped["from a concept missing from occupations_en.csv"] == 1
    assert skipped["unknown relationType"] == 1
    assert skipped["malformed row"] == 2
    assert skipped["malformed row (invalid IRI)"] == 1
    problems = "\n".join(summary["problems"])
    # Line numbers are physical lines: multi-line quoted fields count.
    assert "occupations_en.csv:11" in problems
    assert "occupations_en.csv:12" in problems
    assert "occupationSkillRelations_en.csv:6" in problems
    assert "occupationSkillRelations_en.csv:16" in problems


def test_cli_import_table_summary(run, tmp_path):
    result = run("import", "esco", str(FIXTURE), "-o", str(tmp_path / "esco.ttl"))
    assert "occupations: 4" in result.stdout
    assert "Skipped 7 rows" in result.stdout
    assert "to a skill missing from skills_en.csv" in result.stdout


def test_progress_on_request(run, tmp_path, monkeypatch):
    import rolegraph.importers.esco as esco

    monkeypatch.setattr(esco, "PROGRESS_EVERY", 2)
    result = run("import", "esco", str(FIXTURE), "-o", str(tmp_path / "e.nt"), "--progress")
    assert "rolegraph: skills_en.csv: 2 rows" in result.stderr
    quiet = run("import", "esco", str(FIXTURE), "-o", str(tmp_path / "e.nt"))
    assert quiet.stderr == ""


def test_entities_labels_and_types(esco_nt, truth):
    from rdflib import Literal, URIRef
    from rdflib.namespace import RDF

    g = _graph(esco_nt)
    for uri, row in truth.occupations.items():
        s = URIRef(uri)
        assert (s, RDF.type, URIRef(RG + "Role")) in g
        assert set(g.objects(s, URIRef(SKOS + "prefLabel"))) == {Literal(row["preferredLabel"], lang="en")}
    for uri, row in truth.skills.items():
        s = URIRef(uri)
        kinds = set(g.objects(s, RDF.type))
        assert URIRef(RG + "Skill") in kinds
        extra = {"knowledge": RG + "Knowledge", "skill/competence": RG + "Competence"}[row["skillType"]]
        assert URIRef(extra) in kinds
    # Multi-line alt labels are split and trimmed; the pref label is not repeated.
    alts = {str(o) for o in g.objects(URIRef(DS), URIRef(SKOS + "altLabel"))}
    assert alts == {"data science specialist", "DS"}
    stat_alts = {str(o) for o in g.objects(URIRef(STAT), URIRef(SKOS + "altLabel"))}
    assert "аналитик статистики" in stat_alts
    # definition wins over description; description is the fallback.
    stat_def = g.value(URIRef(STAT), URIRef(SKOS + "definition"))
    assert str(stat_def) == "Statisticians collect, tabulate and analyse quantitative information."
    ml_def = str(g.value(URIRef(ESCO + "skill/s-ml"), URIRef(SKOS + "definition")))
    assert '"supervised"' in ml_def and "\nspread over two lines." in ml_def
    db_def = str(g.value(URIRef(ESCO + "skill/s-db"), URIRef(SKOS + "definition")))
    assert "backslash \\ and a tab\tinside" in db_def
    assert str(g.value(URIRef(ESCO + "skill/s-comm"), URIRef(SKOS + "prefLabel"))) == "communicate with customers, clearly"
    # The malformed and invalid rows left nothing behind.
    assert not list(g.triples((URIRef(ESCO + "occupation/broken-0005"), None, None)))


def test_role_skill_edges_equal_csv(esco_nt, truth):
    from rolegraph.store import open_store

    proj = open_store([esco_nt]).projection
    got: dict[str, dict[str, bool]] = {}
    for role in proj.of_type("Role"):
        for p, o in proj.out_edges(role):
            if p in (RG + "essentialSkill", RG + "optionalSkill"):
                got.setdefault(role, {})[o] = p == RG + "essentialSkill"
    assert got == truth.requires
    assert CAFE not in got  # the occupation with no skills


def test_skill_relations_and_broader(esco_nt):
    from rdflib import URIRef

    g = _graph(esco_nt)
    related = set(g.objects(URIRef(ESCO + "skill/s-ml"), URIRef(SKOS + "related")))
    assert related == {URIRef(ESCO + "skill/s-stat"), URIRef(ESCO + "skill/s-py-comp")}
    broader = URIRef(SKOS + "broader")
    assert (URIRef(DS), broader, URIRef(ESCO + "isco/C2511")) in g
    assert (URIRef(ANALYST), broader, URIRef(DS)) in g
    # An ISCO group is not imported, so its own broader link is skipped.
    assert not list(g.triples((URIRef(ESCO + "isco/C2511"), None, None)))


def test_turtle_output_loads(run, tmp_path):
    out = tmp_path / "esco.ttl"
    run("import", "esco", str(FIXTURE), "-o", str(out))
    data = run.json("--graph", str(out), "stats")
    assert data["counts"]["Role"] == 4 and data["counts"]["Skill"] == 6


# ------------------------------------------------------------------ bad input


def test_missing_file_is_named(run, esco_dir, tmp_path):
    (esco_dir / "skills_en.csv").unlink()
    result = run("import", "esco", str(esco_dir), "-o", str(tmp_path / "o.nt"), code=1)
    assert "skills_en.csv" in result.stderr
    assert "Traceback" not in result.stderr


def test_optional_files_may_be_absent(run, esco_dir, tmp_path):
    for name in ("skillSkillRelations_en.csv", "broaderRelationsOccPillar_en.csv", "broaderRelationsSkillPillar_en.csv"):
        (esco_dir / name).unlink()
    summary = json.loads(run("import", "esco", str(esco_dir), "-o", str(tmp_path / "o.nt"), "--format", "json").stdout)
    assert summary["relations"] == {"essential": 7, "optional": 4}


def test_missing_column_is_named(run, esco_dir, tmp_path):
    path = esco_dir / "occupationSkillRelations_en.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("relationType", "relation", 1), encoding="utf-8")
    result = run("import", "esco", str(esco_dir), "-o", str(tmp_path / "o.nt"), code=1)
    assert "occupationSkillRelations_en.csv" in result.stderr and "'relationType'" in result.stderr
    assert not (tmp_path / "o.nt").exists()


def test_not_a_directory(run, tmp_path):
    result = run("import", "esco", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o.nt"), code=1)
    assert "not a directory" in result.stderr


def test_bad_output_suffix_is_usage_error(run, tmp_path):
    result = run("import", "esco", str(FIXTURE), "-o", str(tmp_path / "o.csv"), code=2)
    assert ".nt" in result.stderr


def test_columns_in_any_order(run, esco_dir, tmp_path):
    import csv

    path = esco_dir / "occupationSkillRelations_en.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([list(reversed(r)) for r in rows])
    summary = json.loads(run("import", "esco", str(esco_dir), "-o", str(tmp_path / "o.nt"), "--format", "json").stdout)
    assert summary["relations"]["essential"] == 7


def test_failed_import_keeps_previous_output(run, esco_dir, tmp_path):
    out = tmp_path / "esco.nt"
    out.write_text("<urn:x:old> <urn:x:p> <urn:x:o> .\n", encoding="utf-8")
    before = out.read_bytes()
    # Invalid UTF-8 half-way through the relations file: the import dies after
    # it has written the entities.
    path = esco_dir / "occupationSkillRelations_en.csv"
    data = path.read_bytes()
    half = data.index(b"\n", len(data) // 2) + 1
    path.write_bytes(data[:half] + b"\xff\xfe broken\n" + data[half:])
    result = run("import", "esco", str(esco_dir), "-o", str(out), code=1)
    assert "not UTF-8" in result.stderr
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_interrupted_import_keeps_previous_output(tmp_path, monkeypatch):
    import rolegraph.importers.esco as esco

    out = tmp_path / "esco.nt"
    import_esco(FIXTURE, out)
    before = out.read_bytes()
    calls = {"n": 0}
    real = esco.TripleWriter.add

    def interrupt(self, s, p, o):
        calls["n"] += 1
        if calls["n"] == 30:
            raise KeyboardInterrupt
        real(self, s, p, o)

    monkeypatch.setattr(esco.TripleWriter, "add", interrupt)
    with pytest.raises(KeyboardInterrupt):
        import_esco(FIXTURE, out)
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["esco.nt"]


# ------------------------------------------------------------------ terms


@given(st.text())
def test_literal_round_trips_through_oxigraph(value):
    import io

    import pyoxigraph as ox

    fh = io.BytesIO()
    out = TripleWriter(fh)
    out.add(iri("urn:x:s"), iri("urn:x:p"), text(value))
    out.flush()
    (triple,) = ox.parse(fh.getvalue(), format=ox.RdfFormat.N_TRIPLES)
    assert triple.object.value == value
    assert triple.object.language == "en"


@pytest.mark.parametrize(
    "value, ok",
    [
        ("http://data.europa.eu/esco/occupation/ds-0001", True),
        ("urn:uuid:1234", True),
        ("not an iri", False),
        ("http://x/a b", False),
        ("http://x/<a>", False),
        ("http://x/#a#b", False),
        ("http://x/%zz", False),
        ("relative/path", False),
        ("", False),
    ],
)
def test_valid_iri(value, ok):
    assert (iri(value) is not None) is ok


def test_summary_caps_problem_list():
    s = Tally()
    for i in range(100):
        s.skip("malformed row", f"f.csv:{i}")
    assert s.skipped["malformed row"] == 100
    assert len(s.problems) == 20
