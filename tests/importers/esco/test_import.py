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
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
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
    assert summary["entities"] == {"occupations": 4, "ISCO groups": 2, "skills": 6, "skill groups": 2, "collections": 1}
    assert summary["relations"] == {"essential": 7, "optional": 4, "skill-skill": 2, "broader": 7, "collection member": 2}
    assert summary["title"] == "ESCO (en)" and summary["language"] == "en"
    assert summary["missing_files"] == []
    assert summary["unread_files"] == {"conceptSchemes_en.csv": "the schemes' own descriptions"}
    assert summary["cycles"] == []
    assert summary["triples"] == len(out.read_text(encoding="utf-8").splitlines())
    skipped = summary["skipped"]
    assert skipped["to a skill missing from skills_en.csv"] == 1
    assert skipped["from a concept missing from occupations_en.csv"] == 1
    assert skipped["unknown relationType"] == 1
    assert skipped["malformed row"] == 2
    assert skipped["malformed row (invalid IRI)"] == 1
    assert skipped["broader link of a concept not in the download's concept files"] == 1
    problems = "\n".join(summary["problems"])
    # Line numbers are physical lines: multi-line quoted fields count.
    assert "occupations_en.csv:11" in problems
    assert "occupations_en.csv:12" in problems
    assert "occupationSkillRelations_en.csv:6" in problems
    assert "occupationSkillRelations_en.csv:16" in problems
    assert "broaderRelationsSkillPillar_en.csv:6" in problems


def test_cli_import_table_summary(run, tmp_path):
    result = run("import", "esco", str(FIXTURE), "-o", str(tmp_path / "esco.ttl"))
    assert "occupations: 4" in result.stdout
    assert "Skipped 7 rows" in result.stdout
    assert "Not read: conceptSchemes_en.csv" in result.stdout
    assert "to a skill missing from skills_en.csv" in result.stdout


def test_progress_on_request(run, tmp_path, monkeypatch):
    import rolegraph.importers.tables as tables

    monkeypatch.setattr(tables, "PROGRESS_EVERY", 2)
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
    assert (URIRef(ESCO + "isco/C2511"), broader, URIRef(ESCO + "isco/C251")) in g
    assert (URIRef(ESCO + "skill/g-prog"), broader, URIRef(ESCO + "skill/g-ict")) in g
    # Groups keep ESCO's class beside rolegraph's, and their code.
    kinds = set(g.objects(URIRef(ESCO + "isco/C2511"), URIRef(RDF_TYPE)))
    assert kinds == {URIRef(RG + "OccupationGroup"), URIRef(ESCO + "model#ISCOGroup")}
    assert str(g.value(URIRef(ESCO + "isco/C2511"), URIRef(SKOS + "notation"))) == "2511"
    assert URIRef(RG + "SkillGroup") in set(g.objects(URIRef(ESCO + "skill/g-ict"), URIRef(RDF_TYPE)))
    # reuseLevel as ESCO's IRI; collections with their members.
    level = g.value(URIRef(ESCO + "skill/s-stat"), URIRef(ESCO + "model#skillReuseLevel"))
    assert str(level) == ESCO + "skill-reuse-level/cross-sector"
    members = set(g.objects(URIRef(RG + "esco/collection/digitalSkillsCollection"), URIRef(SKOS + "member")))
    assert members == {URIRef(ESCO + "skill/s-py-comp"), URIRef(ESCO + "skill/s-db")}


def test_turtle_output_loads(run, tmp_path):
    out = tmp_path / "esco.ttl"
    run("import", "esco", str(FIXTURE), "-o", str(out))
    data = run.json("--graph", str(out), "stats")
    assert data["counts"]["Role"] == 4 and data["counts"]["Skill"] == 6
    assert data["counts"]["SkillGroup"] == 2 and data["counts"]["OccupationGroup"] == 2


# ------------------------------------------------------------------ bad input


def test_missing_file_is_named(run, esco_dir, tmp_path):
    (esco_dir / "skills_en.csv").unlink()
    result = run("import", "esco", str(esco_dir), "-o", str(tmp_path / "o.nt"), code=1)
    assert "no skills_en.csv" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o.nt").exists()


def test_optional_files_may_be_absent(run, esco_dir, tmp_path):
    gone = ["skillSkillRelations_en.csv", "broaderRelationsOccPillar_en.csv", "broaderRelationsSkillPillar_en.csv", "skillGroups_en.csv", "ISCOGroups_en.csv"]
    for name in gone:
        (esco_dir / name).unlink()
    result = run("import", "esco", str(esco_dir), "-o", str(tmp_path / "o.nt"), "--format", "json")
    summary = json.loads(result.stdout)
    assert summary["relations"] == {"essential": 7, "optional": 4, "collection member": 2}
    assert sorted(summary["missing_files"]) == sorted(gone)
    text = run("import", "esco", str(esco_dir), "-o", str(tmp_path / "o.nt")).stdout
    assert "Not in the download (skipped): skillSkillRelations_en.csv" in text


def test_missing_column_is_named(run, esco_dir, tmp_path):
    path = esco_dir / "occupationSkillRelations_en.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("relationType", "relation", 1), encoding="utf-8")
    result = run("import", "esco", str(esco_dir), "-o", str(tmp_path / "o.nt"), code=1)
    assert "occupationSkillRelations_en.csv" in result.stderr and "'relationType'" in result.stderr
    assert not (tmp_path / "o.nt").exists()


def test_missing_download(run, tmp_path):
    result = run("import", "esco", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o.nt"), code=1)
    assert "nowhere: no such file or directory" in result.stderr


def test_not_a_zip(run, tmp_path):
    bad = tmp_path / "esco.zip"
    bad.write_text("not a zip", encoding="utf-8")
    result = run("import", "esco", str(bad), "-o", str(tmp_path / "o.nt"), code=1)
    assert "esco.zip: not a folder or a zip file" in result.stderr


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


# ------------------------------------------------------------------ the download as distributed


def _zip(folder: Path, target: Path, inner: str = "") -> Path:
    import zipfile

    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(folder.iterdir()):
            z.write(f, inner + f.name)
    return target


@pytest.mark.parametrize("inner", ["", "ESCO dataset - v1.2.0 - classification - en - csv/"])
def test_zip_reads_as_the_folder(tmp_path, inner):
    from_dir = import_esco(FIXTURE, tmp_path / "dir.nt")
    archive = _zip(FIXTURE, tmp_path / "ESCO dataset - v1.2.0 - classification - en - csv.zip", inner)
    from_zip = import_esco(archive, tmp_path / "zip.nt")
    assert from_zip.entities == from_dir.entities and from_zip.relations == from_dir.relations
    assert from_zip.title == "ESCO v1.2.0 (en)" and from_dir.title == "ESCO (en)"
    # Only the data set's own description differs.
    def facts(path: Path) -> set[str]:
        return {line for line in path.read_text(encoding="utf-8").splitlines() if "/dataset/" not in line}

    assert facts(tmp_path / "zip.nt") == facts(tmp_path / "dir.nt")


def test_language_suffix(run, tmp_path):
    french = tmp_path / "fr"
    french.mkdir()
    for f in FIXTURE.iterdir():
        (french / f.name.replace("_en.csv", "_fr.csv")).write_bytes(f.read_bytes())
    summary = json.loads(run("import", "esco", str(french), "-o", str(tmp_path / "fr.nt"), "--format", "json", "--release", "v1.1.1").stdout)
    assert summary["language"] == "fr" and summary["title"] == "ESCO v1.1.1 (fr)"
    assert '"data scientist"@fr' in (tmp_path / "fr.nt").read_text(encoding="utf-8")
    # Two languages in one download: the user chooses.
    for f in FIXTURE.iterdir():
        (french / f.name).write_bytes(f.read_bytes())
    both = run("import", "esco", str(french), "-o", str(tmp_path / "x.nt"), code=1)
    assert "several languages (en, fr)" in both.stderr and "--language" in both.stderr
    chosen = json.loads(run("import", "esco", str(french), "-o", str(tmp_path / "x.nt"), "--language", "en", "--format", "json").stdout)
    assert chosen["language"] == "en"
    absent = run("import", "esco", str(french), "-o", str(tmp_path / "x.nt"), "--language", "de", code=1)
    assert "no files in language 'de'" in absent.stderr


def test_v11_headers(tmp_path, esco_dir):
    """ESCO v1.1 relations have no label columns and other column orders."""
    import csv

    path = esco_dir / "occupationSkillRelations_en.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["occupationUri", "relationType", "skillType", "skillUri"])
        w.writerows([[r["occupationUri"], r["relationType"], r.get("skillType", ""), r["skillUri"]] for r in rows])
    assert import_esco(esco_dir, tmp_path / "o.nt").relations["essential"] == 7


def test_broader_cycle_is_reported(run, esco_dir, tmp_path):
    with open(esco_dir / "broaderRelationsSkillPillar_en.csv", "a", encoding="utf-8") as fh:
        fh.write("SkillGroup,http://data.europa.eu/esco/skill/g-ict,SkillGroup,http://data.europa.eu/esco/skill/g-prog\n")
    summary = json.loads(run("import", "esco", str(esco_dir), "-o", str(tmp_path / "o.nt"), "--format", "json").stdout)
    (cycle,) = summary["cycles"]
    assert set(cycle) == {"information and communication technologies", "software and applications development and analysis"}
    assert cycle[0] == cycle[-1]
    # The graph still loads and answers: no query walks the cycle for ever.
    shown = run.json("--with", str(tmp_path / "o.nt"), "show", "ICT")
    assert shown["label"] == "information and communication technologies"


def test_relation_to_unknown_concept_names_its_line(esco_dir, tmp_path):
    with open(esco_dir / "skillSkillRelations_en.csv", "a", encoding="utf-8") as fh:
        fh.write("http://data.europa.eu/esco/skill/s-ml,knowledge,optional,knowledge,http://data.europa.eu/esco/skill/nope\n")
    summary = import_esco(esco_dir, tmp_path / "o.nt")
    assert summary.skipped["relates a skill missing from skills_en.csv"] == 1
    assert any(p.startswith("skillSkillRelations_en.csv:4:") for p in summary.problems)
