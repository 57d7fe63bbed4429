"""The shipped graph joined with held-out real ESCO content: the ICT
occupations (ISCO 25 and 35) and their essential skills, as CSV files shaped
like the real download (``ict/``; ``ict/regenerate.py`` says where they come
from). The expected answers are computed from the CSV rows and from the
shipped graph alone, never written down."""

from __future__ import annotations

import csv
import json
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest

ICT = Path(__file__).resolve().parent / "ict"
ESCO = "http://data.europa.eu/esco/"
RG = "https://w3id.org/rolegraph/"
ESCO_DS = ESCO + "occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30"
ESCO_DA = ESCO + "occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2"
SKILLS = (RG + "essentialSkill", RG + "optionalSkill", RG + "requiresSkill", RG + "strongerIn")


def _csv(name: str) -> list[dict[str, str]]:
    with open(ICT / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def rows():
    occupations = {r["conceptUri"]: r["preferredLabel"] for r in _csv("occupations_en.csv")}
    requires: dict[str, set[str]] = defaultdict(set)
    for r in _csv("occupationSkillRelations_en.csv"):
        requires[r["occupationUri"]].add(r["skillUri"])
    return occupations, dict(requires)


@pytest.fixture(scope="module")
def ict_zip(tmp_path_factory) -> Path:
    """The fixture zipped as ESCO distributes it (files in a folder of the zip)."""
    target = tmp_path_factory.mktemp("dl") / "ESCO dataset - v1.2.0 - classification - en - csv.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted(ICT.glob("*.csv")):
            z.write(f, "ESCO dataset - v1.2.0 - classification - en - csv/" + f.name)
    return target


@pytest.fixture(scope="module")
def ict_nt(ict_zip, tmp_path_factory) -> Path:
    from rolegraph.importers.esco import import_esco

    out = tmp_path_factory.mktemp("ict") / "esco-ict.nt"
    import_esco(ict_zip, out)
    return out


@pytest.fixture(scope="module")
def joined(ict_nt):
    from rolegraph.store import open_store

    return open_store(add=[ict_nt])


def _skills(proj, job: str) -> set[str]:
    return {o for p, o in proj.out_edges(job) if p in SKILLS}


# ------------------------------------------------------------------ one entity, both sources


def test_show_data_scientist_is_one_entity_with_both_sources(run, ict_nt):
    data = run.json("--with", str(ict_nt), "show", "data scientist")
    assert data["iri"] == RG + "data-scientist"
    assert [m["iri"] for m in data["members"]] == [RG + "data-scientist", ESCO_DS]
    assert [m["datasets"] for m in data["members"]] == [["builtin"], ["esco-ict"]]
    assert [d["id"] for d in data["datasets"]] == ["builtin", "esco-ict"]
    kinds: dict[str, set[str]] = defaultdict(set)
    for link in data["links"]:
        for source in link["sources"]:
            kinds[source["kind"]].add(link["target"]["label"])
            if source["kind"] == "quoted":
                assert source["quote"] and source["source"]["id"].startswith("source-")
            if source["kind"] == "dataset":
                assert source["source"] == {"id": "esco-ict", "title": "ESCO v1.2.0 (en)"}
                assert "esco-ict" in link["datasets"]
    assert "statistics" in kinds["quoted"]  # the sourced graph's fact, with its quote
    assert "normalise data" in kinds["dataset"]  # an ESCO fact, cited as ESCO
    text = run("--with", str(ict_nt), "show", "data scientist").stdout
    assert "joined: rg:data-scientist (builtin); esco:occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30 (esco-ict)" in text
    assert "from rolegraph (quoted sources) [builtin]:" in text and "from ESCO v1.2.0 (en) [esco-ict]:" in text


@pytest.mark.parametrize("ref", [ESCO_DS, "esco:occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30", f"<{ESCO_DS}>", "rg:data-scientist", "DS"])
def test_every_name_of_a_member_names_the_joined_entity(joined, ref):
    from rolegraph.lookup.names import resolve

    assert resolve(joined.projection, ref) == RG + "data-scientist"


def test_joined_skills_are_the_union_of_both_sources(joined, store, rows):
    _occupations, requires = rows
    proj = joined.projection
    sourced = _skills(store.projection, RG + "data-scientist")
    from_esco = {proj.canonical(s) for s in requires[ESCO_DS]}
    assert None not in from_esco
    assert _skills(proj, RG + "data-scientist") == sourced | from_esco
    # Each link says which data set states it.
    for skill in sourced - from_esco:
        assert proj.dataset_ids(proj.link_datasets(RG + "data-scientist", RG + "essentialSkill", skill) or proj.link_datasets(RG + "data-scientist", RG + "optionalSkill", skill) or proj.link_datasets(RG + "data-scientist", RG + "strongerIn", skill)) == ["builtin"]


@pytest.mark.parametrize("b", ["data analyst", "esco:occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2", "database administrator"])
def test_compare_joined_data_scientist(run, ict_nt, joined, rows, b):
    from rolegraph.lookup.names import resolve

    data = run.json("--with", str(ict_nt), "compare", "data scientist", b)
    proj = joined.projection
    ib = resolve(proj, b)
    a_skills, b_skills = _skills(proj, RG + "data-scientist"), _skills(proj, ib)

    def ids(items):
        return {i["id"] if ":" in i["id"] else RG + i["id"] for i in items}

    assert ids(data["shared"]["skills"]) == a_skills & b_skills
    assert ids(data["only_a"]["skills"]) == a_skills - b_skills
    assert ids(data["only_b"]["skills"]) == b_skills - a_skills
    assert 0 <= data["similarity"] <= 1


def _pairs(n: int = 6) -> list[tuple[str, str]]:
    """Pairs of ESCO-only occupations of the fixture that share skills."""
    requires: dict[str, set[str]] = defaultdict(set)
    for r in _csv("occupationSkillRelations_en.csv"):
        requires[r["occupationUri"]].add(r["skillUri"])
    aligned = {ESCO_DS, ESCO_DA, ESCO + "occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1"}
    occ = sorted(o for o in requires if o not in aligned)
    pairs = [(a, b) for i, a in enumerate(occ) for b in occ[i + 1:] if requires[a] & requires[b]]
    return pairs[:: max(1, len(pairs) // n)][:n]


@pytest.mark.parametrize("a, b", _pairs())
def test_held_out_compare_and_gap_equal_csv_set_operations(run, ict_nt, joined, rows, a, b):
    """ESCO occupations the shipped graph says nothing of: shared and missing
    are the set operations on the CSV rows (through the joins: an ESCO skill
    aligned with a sourced one answers as the joined skill)."""
    _occupations, requires = rows
    proj = joined.projection
    ra = {proj.canonical(s) for s in requires[a]}
    rb = {proj.canonical(s) for s in requires[b]}
    data = run.json("--with", str(ict_nt), "compare", a, b)

    def iris(items):
        return {i["id"] if ":" in i["id"] else RG + i["id"] for i in items}

    assert iris(data["shared"]["skills"]) == ra & rb
    assert iris(data["only_a"]["skills"]) == ra - rb
    assert iris(data["only_b"]["skills"]) == rb - ra
    gap = run.json("--with", str(ict_nt), "gap", a, b)
    assert iris(gap["missing"]["skills"]) | iris(gap["missing"]["tools"]) == rb - ra
    assert gap["coverage"] == pytest.approx(len(ra & rb) / len(rb), abs=1e-4)


# ------------------------------------------------------------------ fit, types, data sets


def test_fit_ranks_esco_occupations_with_sourced_roles(run, ict_nt, rows):
    occupations, _ = rows
    ranked = run.json("--with", str(ict_nt), "fit", "--skill", "SQL", "--skill", "statistics", "--skill", "data mining", "--limit", "0")
    labels = [r["role"]["label"] for r in ranked]
    sourced = {"data scientist", "data analyst", "machine learning engineer", "software engineer"}
    assert sourced <= set(labels)
    assert len(ranked) == len(occupations) + 4 - 3  # three ESCO occupations are joined with sourced roles
    only_esco = run.json("--with", str(ict_nt), "fit", "--skill", "SQL", "--type", "escom:Occupation", "--limit", "0")
    assert len(only_esco) == len(occupations)
    assert {r["role"]["label"] for r in only_esco} == (set(occupations.values()) - {"software developer"}) | {"software engineer"}
    only_sourced = run.json("--with", str(ict_nt), "fit", "--skill", "SQL", "--dataset", "builtin", "--limit", "0")
    assert {r["role"]["label"] for r in only_sourced} == sourced
    bad = run("--with", str(ict_nt), "fit", "--skill", "SQL", "--type", "Occupatoin", code=2)
    assert "unknown type 'Occupatoin'" in bad.stderr


@pytest.mark.parametrize("kind", ["Occupation", "escom:Occupation", "occupations"])
def test_list_and_search_take_esco_classes(run, ict_nt, rows, kind):
    occupations, _ = rows
    listed = run.json("--with", str(ict_nt), "list", kind)
    assert len(listed) == len(occupations)
    hits = run.json("--with", str(ict_nt), "search", "database", "--type", kind, "--limit", "50")
    assert hits and all(h["type"] == "Role" for h in hits)
    assert {h["label"] for h in hits} >= {"database administrator", "database designer", "database developer"}


def test_stats_names_the_data_sets(run, ict_nt, rows):
    occupations, requires = rows
    data = run.json("--with", str(ict_nt), "stats")
    sets = {d["id"]: d for d in data["datasets"]}
    assert list(sets) == ["builtin", "esco-ict"]
    assert sets["esco-ict"]["title"] == "ESCO v1.2.0 (en)" and sets["esco-ict"]["described"] is True
    assert sets["esco-ict"]["links"] == sum(len(v) for v in requires.values())
    assert data["facts"]["dataset"] > 0 and data["facts"]["unsourced"] == 0
    text = run("--with", str(ict_nt), "stats").stdout
    assert "data set esco-ict: ESCO v1.2.0 (en)" in text


# ------------------------------------------------------------------ names that stay stable


def test_builtin_names_the_shipped_graph_from_any_folder(run, tmp_path, monkeypatch, ict_nt):
    monkeypatch.chdir(tmp_path)
    assert run.json("--graph", "builtin", "stats") == run.json("stats")
    both = run.json("--graph", "builtin", "--graph", str(ict_nt), "stats")
    assert both == run.json("--with", str(ict_nt), "stats") | {"datasets": both["datasets"]}


def _write(path: Path, text: str) -> Path:
    path.write_text("@prefix rg: <https://w3id.org/rolegraph/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
                    "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n@prefix ex: <http://example.org/> .\n" + text, encoding="utf-8")
    return path


def test_same_label_is_ambiguous_and_tables_tell_them_apart(run, tmp_path):
    other = _write(tmp_path / "other.ttl", 'ex:ds a rg:Role ; skos:prefLabel "data scientist"@en ; rg:essentialSkill rg:sql .\n')
    result = run("--with", str(other), "show", "data scientist", code=1)
    assert "ambiguous" in result.stderr and "rg:data-scientist" in result.stderr and "http://example.org/ds" in result.stderr
    table = run("--with", str(other), "compare", "rg:data-scientist", "<http://example.org/ds>").stdout
    assert "only data scientist (rg:data-scientist)" in table and "only data scientist (http://example.org/ds)" in table
    ranked = run("--with", str(other), "fit", "--skill", "SQL", env={"COLUMNS": "300"}).stdout
    assert "data scientist (rg:data-scientist)" in ranked and "data scientist (http://example.org/ds)" in ranked


def test_label_wins_over_local_id(run, tmp_path):
    """One order of precedence: a label names its entity even where another
    entity's local id is the same text; the id still works as a CURIE."""
    extra = _write(tmp_path / "x.ttl", 'rg:sql-2 a rg:Skill ; skos:prefLabel "statistics-and-more"@en .\nrg:statistics-and-more a rg:Skill ; skos:prefLabel "other"@en .\n')
    assert run.json("--with", str(extra), "show", "statistics-and-more")["iri"] == RG + "sql-2"
    assert run.json("--with", str(extra), "show", "rg:statistics-and-more")["iri"] == RG + "statistics-and-more"


def test_exact_match_chain_joins_transitively_and_close_match_does_not(run, tmp_path):
    data = _write(tmp_path / "chain.ttl", """
ex:a a rg:Role ; skos:prefLabel "role a"@en ; rg:essentialSkill rg:sql ; skos:exactMatch ex:b .
ex:b a rg:Role ; skos:prefLabel "role b"@en ; rg:essentialSkill rg:python .
ex:c a rg:Role ; skos:prefLabel "role c"@en ; rg:usesTool rg:tableau ; owl:sameAs ex:b .
ex:d a rg:Role ; skos:prefLabel "role d"@en ; skos:closeMatch ex:a .
""")
    shown = run.json("--with", str(data), "show", "role c")
    assert shown["iri"] == "http://example.org/a"
    assert [m["iri"] for m in shown["members"]] == ["http://example.org/a", "http://example.org/b", "http://example.org/c"]
    assert {l["target"]["label"] for l in shown["links"] if l["direction"] == "out"} >= {"SQL", "Python", "Tableau"}
    # closeMatch: a link, never a merge.
    assert run.json("--with", str(data), "show", "role d")["iri"] == "http://example.org/d"
    assert {"predicate": "skos:closeMatch", "target": "role d"} in [{"predicate": l["predicate"], "target": l["target"]["label"]} for l in shown["links"] if l["direction"] == "in"]
    listed = [r["label"] for r in run.json("--with", str(data), "list", "Role")]
    assert "role a" in listed and "role b" not in listed and "role d" in listed


def test_joined_kinds_conflict_is_a_warning_naming_both(run, tmp_path):
    data = _write(tmp_path / "clash.ttl", 'ex:x a rg:Task ; skos:prefLabel "do statistics"@en ; skos:exactMatch rg:statistics .\n')
    result = run("--with", str(data), "show", "statistics")
    assert "Warning: joined entities of different kinds (Task, Skill)" in result.stderr
    assert "do statistics (Task, http://example.org/x)" in result.stderr and "(Skill, https://w3id.org/rolegraph/statistics)" in result.stderr
    classes = json.loads(run("--with", str(data), "show", "statistics", "--format", "json").stdout)["classes"]
    assert "Skill" in classes and "Task" in classes


def test_a_programming_language_joins_a_skill_or_a_tool_without_warning(run, tmp_path):
    """rg:python is a Skill and a Tool: joining a tool named Python is no clash."""
    data = _write(tmp_path / "py.ttl", 'ex:py a rg:Tool ; skos:prefLabel "Python tool"@en ; skos:exactMatch rg:python .\n')
    result = run("--with", str(data), "show", "Python")
    assert "Warning" not in result.stderr


def test_import_reports_on_the_real_content(run, ict_zip, tmp_path, rows):
    occupations, requires = rows
    summary = run.json("import", "esco", str(ict_zip), "-o", str(tmp_path / "o.nt"))
    assert summary["entities"] == {"occupations": len(occupations), "skills": len({s for v in requires.values() for s in v})}
    assert summary["relations"] == {"essential": sum(len(v) for v in requires.values())}
    assert summary["skipped_total"] == 0


# ------------------------------------------------------------------ the hierarchy: related, not equal


def test_skills_related_through_the_hierarchy_are_related_not_shared(run, tmp_path):
    data = _write(tmp_path / "h.ttl", """
ex:x a rg:Role ; skos:prefLabel "tester x"@en ; rg:essentialSkill rg:statistical-tests .
ex:y a rg:Role ; skos:prefLabel "modeller y"@en ; rg:essentialSkill rg:probability-distributions , rg:statistics .
""")
    c = run.json("--with", str(data), "compare", "tester x", "modeller y")
    assert c["shared"]["skills"] == [] and c["similarity"] == 0.0
    related = {(r["a"]["label"], r["relation"], r["b"]["label"], (r.get("via") or {}).get("label")) for r in c["related_skills"]}
    assert related == {("statistical tests", "sibling", "probability distributions", "statistics"), ("statistical tests", "broader", "statistics", None)}
    table = run("--with", str(data), "compare", "tester x", "modeller y").stdout
    assert "Related skills (through the skills hierarchy; related, not shared)" in table
    similar = {s["role"]["label"]: s for s in run.json("--with", str(data), "similar", "tester x")}
    assert similar["modeller y"]["related_skills"] == 2 and similar["modeller y"]["similarity"] == 0.0
    gap = run.json("--with", str(data), "gap", "tester x", "modeller y")
    reasons = {i["label"]: [w for w in i["why"] if w["kind"] == "related"] for i in gap["missing"]["skills"]}
    assert [w["entity"]["label"] for w in reasons["probability distributions"]] == ["statistical tests"]
    assert "which tester x has (both under statistics)" in reasons["probability distributions"][0]["text"]


def test_gap_survives_a_broader_cycle(run, tmp_path):
    """ESCO's hierarchy may hold a cycle: the plan drops that ordering hint
    instead of failing or looping."""
    data = _write(tmp_path / "cycle.ttl", """
ex:a a rg:Skill ; skos:prefLabel "skill a"@en ; skos:broader ex:b .
ex:b a rg:Skill ; skos:prefLabel "skill b"@en ; skos:broader ex:a .
ex:r a rg:Role ; skos:prefLabel "role r"@en ; rg:essentialSkill ex:a , ex:b .
""")
    gap = run.json("--with", str(data), "gap", "data analyst", "role r")
    assert {i["label"] for i in gap["missing"]["skills"]} == {"skill a", "skill b"}
    assert sorted(i["position"] for i in gap["missing"]["skills"]) == [1, 2]
