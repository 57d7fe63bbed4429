"""``import onet`` and ``import crosswalk``: a held-out O*NET-format set
(generated here with a seed the benchmark does not use, checked against its
own rows), the hand-made fixture with each kind of bad row, and O*NET joined
with ESCO and the sourced roles through a crosswalk."""

from __future__ import annotations

import csv
import importlib.util
import json
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest

from helpers import REPO

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixture"
CROSSWALK = HERE / "esco-onet-crosswalk.csv"
ICT = HERE.parent / "esco" / "ict"
RG = "https://w3id.org/rolegraph/"
ONET = RG + "onet/"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_onet", REPO / "benchmarks" / "generate_onet.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with open(folder / f"{name}.txt", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@pytest.fixture(scope="module")
def held_out(tmp_path_factory):
    """30 generated occupations, zipped as O*NET distributes them, imported."""
    from rolegraph.importers.onet import import_onet
    from rolegraph.store import open_store

    folder = tmp_path_factory.mktemp("onet") / "db_29_1_text"
    _generator().generate(folder, occupations=30, tasks_per=6, tech_per=8, seed=20261201)
    archive = folder.parent / "db_29_1_text.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for f in sorted(folder.iterdir()):
            z.write(f, f"db_29_1_text/{f.name}")
    out = folder.parent / "onet.nt"
    summary = import_onet(archive, out)
    return folder, summary, open_store([out])


def test_held_out_occupations_tasks_and_technology_round_trip(held_out):
    folder, summary, store = held_out
    proj = store.projection
    assert summary.title == "O*NET 29.1"
    occupations = {r["O*NET-SOC Code"]: r["Title"] for r in _rows(folder, "Occupation Data")}
    assert {proj.label(ONET + "occupation/" + c) for c in occupations} == set(occupations.values())
    tasks = defaultdict(set)
    for r in _rows(folder, "Task Statements"):
        tasks[r["O*NET-SOC Code"]].add(f"{ONET}task/{r['Task ID']}")
    for code, expected in tasks.items():
        assert set(proj.targets(f"{ONET}occupation/{code}", RG + "performsTask")) == expected
    uses = defaultdict(set)
    hot = set()
    for name in ("Technology Skills", "Tools Used"):
        for r in _rows(folder, name):
            uses[r["O*NET-SOC Code"]].add(r["Example"])
            if r.get("Hot Technology") == "Y":
                hot.add(r["Example"])
    for code, expected in uses.items():
        assert {proj.label(t) for t in proj.targets(f"{ONET}occupation/{code}", RG + "usesTool")} == expected
    flagged = {proj.label(t) for t in proj.of_type("Tool") if proj.is_hot(t)}
    assert flagged == hot


def test_held_out_ratings_round_trip_exactly(held_out):
    folder, _summary, store = held_out
    proj = store.projection
    checked = suppressed = 0
    for name in ("Skills", "Knowledge"):
        for r in _rows(folder, name):
            job, item = f"{ONET}occupation/{r['O*NET-SOC Code']}", f"{ONET}element/{r['Element ID']}"
            rating = proj.rating(job, item)
            value = None if rating is None else rating[0] if r["Scale ID"] == "IM" else rating[1]
            unused = r["Recommend Suppress"] == "Y" or (r["Scale ID"] == "LV" and r["Not Relevant"] == "Y")
            if unused:
                assert value is None
                suppressed += 1
            else:
                assert value == float(r["Data Value"])
                checked += 1
            if r["Scale ID"] == "IM" and not unused:
                linked = item in proj.targets(job, RG + "requiresSkill")
                assert linked == (float(r["Data Value"]) >= 3.0)
    assert checked > 1000 and suppressed > 0
    demand = {(r["O*NET-SOC Code"], r["Example"]) for r in _rows(folder, "Technology Skills") if r["In Demand"] == "Y"}
    flagged = set()
    for code in {r["O*NET-SOC Code"] for r in _rows(folder, "Occupation Data")}:
        job = f"{ONET}occupation/{code}"
        for item, (_im, _lv, in_demand) in proj.ratings_of(job).items():
            if in_demand:
                flagged.add((code, proj.label(item)))
    assert flagged == demand


def test_gap_orders_missing_elements_by_importance(run, held_out, tmp_path):
    folder, summary, store = held_out
    proj = store.projection
    codes = sorted(r["O*NET-SOC Code"] for r in _rows(folder, "Occupation Data"))
    a, b = f"{ONET}occupation/{codes[0]}", f"{ONET}occupation/{codes[1]}"
    out = Path(summary.output)
    gap = run.json("--graph", str(out), "gap", a, b)
    skills = gap["missing"]["skills"]
    importance = [i["importance"] for i in skills]
    assert importance == sorted(importance, reverse=True) and len(importance) > 3
    needed = {i for i in proj.targets(b, RG + "requiresSkill")}
    had = set(proj.targets(a, RG + "requiresSkill"))
    assert {i["id"] for i in skills} == needed - had
    for item in skills:
        assert item["importance"] == proj.rating(b, item["id"])[0]
        assert f"importance {item['importance']:.2f}" in item["placement"]


def test_needs_weigh_by_importance(held_out):
    """A rated need weighs (importance - 1) / 2; fit's covered and gap's
    coverage are the importance-weighted shares."""
    from rolegraph.careers.fit import coverage
    from rolegraph.careers.profiles import needs

    folder, _summary, store = held_out
    proj = store.projection
    job = f"{ONET}occupation/{sorted(r['O*NET-SOC Code'] for r in _rows(folder, 'Occupation Data'))[2]}"
    need = needs(proj, job)
    rated = {i: n for i, n in need.items() if n.kind == "rated"}
    assert rated
    for item, n in rated.items():
        assert n.weight == pytest.approx((proj.rating(job, item)[0] - 1) / 2, abs=1e-4)
    have = set(sorted(rated)[: len(rated) // 2])
    expected = sum(rated[i].weight for i in have) / sum(n.weight for n in rated.values())
    assert coverage(proj, job, have) == pytest.approx(expected, abs=1e-4)


# ------------------------------------------------------------------ the fixture, and bad input


@pytest.fixture(scope="module")
def fixture_nt(tmp_path_factory):
    from rolegraph.importers.onet import import_onet

    out = tmp_path_factory.mktemp("fx") / "onet.nt"
    return out, import_onet(FIXTURE, out, release="test fixture")


def test_fixture_summary_names_every_problem(fixture_nt):
    _out, summary = fixture_nt
    assert summary.title == "O*NET test fixture"
    assert summary.entities["occupations"] == 4
    assert summary.windows_1252 == ["Alternate Titles.txt"]
    assert summary.skipped == {
        "non-numeric rating": 1,
        "row for an occupation not in Occupation Data": 2,
        "rating O*NET recommends suppressing (not used)": 1,
        "level marked not relevant (not used)": 1,
    }
    assert "Skills.txt:34 ('n/a'): non-numeric rating" in summary.problems
    assert "Technology Skills.txt:13: row for an occupation not in Occupation Data" in summary.problems


def test_windows_1252_and_bom_files_read(run, fixture_nt):
    out, _summary = fixture_nt
    shown = run.json("--graph", str(out), "show", "Statisticians")
    assert "Statisticien de café" in shown["alt_labels"]  # from the Windows-1252 file
    assert run.json("--graph", str(out), "show", "onet:occupation/15-2051.00")["label"] == "Data Scientists"  # the BOM file's first column


def test_show_flags_hot_technologies_and_prints_ratings(run, fixture_nt):
    out, _summary = fixture_nt
    data = run.json("--graph", str(out), "show", "Data Scientists")
    tools = {l["target"]["label"]: l for l in data["links"] if l["predicate"] == "rg:usesTool"}
    assert tools["Python"]["hot"] is True and tools["Python"]["rating"]["in_demand"] is True
    assert "hot" not in tools["Laptop computers"]
    skills = {l["target"]["label"]: l["rating"] for l in data["links"] if l["predicate"] == "rg:requiresSkill"}
    assert skills["Programming"] == {"importance": 4.38, "level": 4.62, "in_demand": False}
    text = run("--graph", str(out), "show", "Data Scientists", "--limit", "0").stdout
    assert "Python (Tool, hot technology)  [in demand]" in text
    assert "Programming (Skill)  [importance 4.38/5, level 4.62/7]" in text
    dba = run.json("--graph", str(out), "show", "Database Administrators")
    ratings = {l["target"]["label"]: l.get("rating") for l in dba["links"] if l["direction"] == "out"}
    assert "Writing" not in ratings  # its importance is suppressed: no rating, no link
    assert ratings["English Language"] == {"importance": 3.4, "level": None, "in_demand": False}  # level not relevant


def test_hot_technology_in_the_html(run, fixture_nt, tmp_path):
    out, _summary = fixture_nt
    page = tmp_path / "ds.html"
    run("--graph", str(out), "viz", "--focus", "Data Scientists", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert "Python ★" in html and "Hot technology (O*NET" in html


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: (d / "Occupation Data.txt").unlink(), "no 'Occupation Data.txt'"),
        (lambda d: (d / "Skills.txt").write_text("O*NET-SOC Code\tElement ID\n", encoding="utf-8"), "Skills.txt: no 'Element Name', 'Scale ID', 'Data Value' column"),
        (lambda d: (d / "Skills.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d"), "Skills.txt: neither UTF-8 nor Windows-1252"),
    ],
)
def test_bad_download_is_named(run, tmp_path, damage, message):
    import shutil

    folder = tmp_path / "onet"
    shutil.copytree(FIXTURE, folder)
    damage(folder)
    result = run("import", "onet", str(folder), "-o", str(tmp_path / "o.nt"), code=1)
    assert message in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "o.nt").exists()


# ------------------------------------------------------------------ crosswalk: three sources, one entity


@pytest.fixture(scope="module")
def three(tmp_path_factory, fixture_nt):
    from rolegraph.importers.crosswalk import import_crosswalk
    from rolegraph.importers.esco import import_esco

    tmp = tmp_path_factory.mktemp("three")
    esco = tmp / "esco-ict.nt"
    import_esco(ICT, esco)
    xw = tmp / "esco-onet.nt"
    summary = import_crosswalk(CROSSWALK, xw)
    return [str(esco), str(fixture_nt[0]), str(xw)], summary


def test_crosswalk_summary(three):
    _paths, summary = three
    assert summary.links == {"exact": 3, "related": 1}
    assert summary.skipped == {"unknown match type": 1, "not an IRI, CURIE or O*NET-SOC code": 1}
    assert any(p.startswith("esco-onet-crosswalk.csv:6") for p in summary.problems)


def test_show_data_scientist_lists_all_three_sources(run, three):
    paths, _summary = three
    args = [a for p in paths for a in ("--with", p)]
    data = run.json(*args, "show", "data scientist")
    assert [m["iri"] for m in data["members"]] == [
        RG + "data-scientist",
        "http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30",
        ONET + "occupation/15-2051.00",
    ]
    kinds = defaultdict(set)
    for link in data["links"]:
        for c in link["sources"]:
            kinds[c["kind"]].add(c["source"]["title"] if c["source"] else "")
    assert "ESCO (en)" in kinds["dataset"] and "O*NET test fixture" in kinds["dataset"]
    assert kinds["quoted"]  # the sourced graph's quotes
    onet_tasks = [l for l in data["links"] if l["predicate"] == "rg:performsTask" and "onet" in l["datasets"]]
    assert onet_tasks and all(l["rating"]["importance"] for l in onet_tasks)
    # The crosswalk's 'related' link is a link, not a merge.
    assert any(l["predicate"] == "skos:relatedMatch" and l["target"]["label"] == "Statisticians" for l in data["links"])
    text = run(*args, "show", "data scientist").stdout
    for heading in ("from rolegraph (quoted sources) [builtin]:", "from ESCO (en) [esco-ict]:", "from O*NET test fixture [onet]:"):
        assert heading in text


def test_crosswalk_needs_a_match_type(run, tmp_path):
    bare = tmp_path / "bare.csv"
    bare.write_text("a,b\n15-2051.00,rg:data-scientist\n", encoding="utf-8")
    result = run("import", "crosswalk", str(bare), "-o", str(tmp_path / "o.nt"), code=1)
    assert "no match type column" in result.stderr and "--match" in result.stderr
    ok = json.loads(run("import", "crosswalk", str(bare), "-o", str(tmp_path / "o.nt"), "--match", "close", "--format", "json").stdout)
    assert ok["links"] == {"close": 1}
