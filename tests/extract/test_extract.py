"""``rolegraph extract``: the skills and tools a text asks for, trusted —
names that are also ordinary words count only as names, paraphrases are
found through descriptions, many texts at once, one extractor for fit too."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from non_data_ads import ADS

from helpers import REPO

ADS_DIR = REPO / "tests" / "careers" / "ads"
HOWS = {"label", "alt label", "hidden label", "name words", "description words"}


def labels(result: dict) -> set[str]:
    return {f["label"] for f in result["found"]}


# ------------------------------------------------------------------ precision


def test_there_are_twenty_non_data_ads() -> None:
    assert len(ADS) >= 20


@pytest.mark.parametrize("name", sorted(ADS))
def test_a_non_data_ad_asks_for_no_data_skill_or_tool(run, name: str) -> None:
    result = run.json("extract", "--text", ADS[name])
    assert result["found"] == [], (name, [(f["label"], f["how"], f["spans"]) for f in result["found"]])


@pytest.mark.parametrize("name", sorted(ADS))
def test_fit_says_no_role_fits_a_non_data_ad(run, name: str) -> None:
    ranked = run.json("fit", "--text", ADS[name])
    assert all(r["verdict"] == "weak" and not r["matched"] for r in ranked), name
    assert "No role fits well" in run("fit", "--text", ADS[name]).stdout


@pytest.mark.parametrize(
    "text",
    [
        "You will excel at customer service.",
        "Excel at customer service and keep the shop tidy.",
        "Spark curiosity in every child.",
        "Go the extra mile for our guests.",
        "Rust-proofing and underbody checks every week.",
        "We expect a swift response to every call.",
        "Help out at the pig farm on Saturdays.",
        "Measure the airflow in the duct and adjust the dampers.",
        "Our Python and Boa enclosures need daily checks.",
        "Serve our house Java blend with a smile.",
        "Access to the staff car park; Word of mouth referrals welcome.",
        "Our teams meet on Fridays. Julia leads the Ruby room at nursery.",
        "Category C licence; Plan B if the route closes; our R&D kitchen.",
        "Excellent communication and problem solving skills.",
        "Take part in clinical research and keep statistics of falls.",
    ],
)
def test_common_words_are_not_names(run, text: str) -> None:
    assert run.json("extract", "--text", text)["found"] == [], text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Build Excel pivot tables for the sales team.", {"Excel"}),
        ("Experience with Spark and Hive on our Hadoop cluster.", {"Spark", "Hive"}),
        ("We need a machine learning engineer with strong Python and Java.", {"Python", "Java"}),
        ("Some Python scripting helps.", {"Python"}),
        ("Programming in R and Python is required.", {"R", "Python", "programming"}),
        ("- Spark or MapReduce for parallel processing of big data", {"Spark", "MapReduce", "parallel processing", "big data technologies"}),
        ("Fluency in SQL, Python or R for analysis.", {"SQL", "Python", "R"}),
    ],
)
def test_names_used_as_names_are_found(run, text: str, expected: set[str]) -> None:
    assert expected <= labels(run.json("extract", "--text", text)), text


@pytest.mark.parametrize("ad", sorted(p.stem for p in ADS_DIR.glob("*.txt")))
def test_data_ads_keep_their_names(run, ad: str) -> None:
    """The names the ads use are found, each where the ad uses it."""
    text = (ADS_DIR / f"{ad}.txt").read_text(encoding="utf-8")
    want = {
        "data-analyst": {"SQL", "MySQL", "Excel", "Google Analytics"},
        "data-scientist": {"statistics", "machine learning", "Python", "R", "SQL", "Tableau", "Matplotlib", "A/B testing"},
        "machine-learning-engineer": {"Java", "Scala", "C++", "TensorFlow", "PyTorch", "AWS", "GCP", "Azure", "Spark", "MapReduce"},
        "software-engineer": {"software engineering"},
    }[ad]
    result = run.json("extract", "--text", str(ADS_DIR / f"{ad}.txt"))
    assert want <= labels(result)
    for f in result["found"]:
        for s in f["spans"]:
            assert text[s["start"]:s["end"]] == s["text"]


# ------------------------------------------------------------------ the answer


def test_json_shape_and_scores(run) -> None:
    text = "Strong SQL and R programming; Tableau, Kubernetes and Docker a plus. You will build statistical models."
    result = run.json("extract", "--text", text)
    assert set(result) == {"found", "unrecognised"}
    for f in result["found"]:
        assert {"id", "label", "type", "source", "score", "spans", "how"} <= set(f)
        assert 0.0 <= f["score"] <= 1.0 and f["how"] in HOWS and f["source"] == "builtin"
        assert f["spans"] and all(text[s["start"]:s["end"]] == s["text"] for s in f["spans"])
    scores = [f["score"] for f in result["found"]]
    assert scores == sorted(scores, reverse=True)
    by_label = {f["label"]: f for f in result["found"]}
    assert by_label["SQL"]["how"] == "label" and by_label["SQL"]["score"] == 1.0
    assert by_label["statistical modelling"]["how"] == "name words" and by_label["statistical modelling"]["score"] < 0.9
    assert [u["text"] for u in result["unrecognised"]] == ["Kubernetes", "Docker"]
    assert all(text[u["start"]:u["end"]] == u["text"] for u in result["unrecognised"])


def test_limit_keeps_the_best(run) -> None:
    text = (ADS_DIR / "data-scientist.txt").read_text(encoding="utf-8")
    full = run.json("extract", "--text", text)["found"]
    assert run.json("extract", "--text", text, "--limit", "3")["found"] == full[:3]


def test_table_says_how(run) -> None:
    out = run("extract", "--text", "We query MySQL with SQL.").stdout
    assert "MySQL" in out and "How: score = 1 for the label" in out
    assert "Found nothing" in run("extract", "--text", "Bake bread and greet guests.").stdout


def test_text_is_a_file_stdin_or_the_text_itself(run, tmp_path: Path) -> None:
    ad = tmp_path / "ad.txt"
    ad.write_text("Statistics, Python, SQL and Tableau for our analytics team.", encoding="utf-8")
    from_file = run.json("extract", "--text", str(ad))
    assert from_file == run.json("extract", "--text", "-", input=ad.read_text()) == run.json("extract", "--text", ad.read_text())
    assert "no such file" in run("extract", "--text", "missing-ad.txt", code=1).stderr
    assert run("extract", "--text", "   ", code=1).error_lines == ["Error: the text is empty; give a job ad, a CV or a sentence with some words in it"]


@pytest.mark.parametrize(
    "args, words",
    [
        ((), "give a text"),
        (("--text", "SQL", "--lines", "x.txt"), "not both"),
        (("--text", "SQL", "--count"), "--count counts over the lines"),
        (("--text", "SQL", "--format", "csv"), "--format csv goes with"),
    ],
)
def test_usage_errors_exit_2(run, args: tuple[str, ...], words: str) -> None:
    assert words in run("extract", *args, code=2).stderr


# ------------------------------------------------------------------ many texts


def test_lines_write_one_json_object_per_line(run, tmp_path: Path) -> None:
    ads = tmp_path / "ads.txt"
    ads.write_text("We query MySQL with SQL.\n\nYou will excel at service.\nPython and R for statistics\n", encoding="utf-8")
    out = run("extract", "--lines", str(ads)).stdout.splitlines()
    rows = [json.loads(line) for line in out]
    assert [r["line"] for r in rows] == [1, 2, 3, 4]
    assert {f["label"] for f in rows[0]["found"]} == {"MySQL", "SQL"}
    assert rows[1]["found"] == rows[2]["found"] == []
    assert {"Python", "R", "statistics"} <= {f["label"] for f in rows[3]["found"]}
    assert rows[0] == {"line": 1, **run.json("extract", "--text", "We query MySQL with SQL.")}
    assert [json.loads(line) for line in run("extract", "--lines", "-", input=ads.read_text()).stdout.splitlines()] == rows


def test_count_aggregates_over_lines(run, tmp_path: Path) -> None:
    ads = tmp_path / "ads.txt"
    ads.write_text("SQL and Tableau.\nSQL and Python scripting.\nExcel at service.\nWe query MySQL in SQL.\n", encoding="utf-8")
    counted = run.json("extract", "--lines", str(ads), "--count")
    assert counted[0] == {"id": "sql", "label": "SQL", "type": "Skill", "lines": 3}
    assert {c["label"]: c["lines"] for c in counted} == {"SQL": 3, "MySQL": 1, "Python": 1, "Tableau": 1}
    csv = run("extract", "--lines", str(ads), "--count", "--format", "csv").stdout.splitlines()
    assert csv[0] == "id,label,type,lines" and csv[1] == "sql,SQL,Skill,3"
    table = run("extract", "--lines", str(ads), "--count").stdout
    assert "How: lines = the number of lines" in table


def test_lines_stream_a_large_file(run, tmp_path: Path) -> None:
    ads = tmp_path / "many.txt"
    ads.write_text("".join(f"Ad {i}: SQL and Tableau, or Python scripting.\n" for i in range(400)), encoding="utf-8")
    counted = run.json("extract", "--lines", str(ads), "--count")
    assert {c["label"]: c["lines"] for c in counted} == {"SQL": 400, "Tableau": 400, "Python": 400}


def test_lines_errors(run, tmp_path: Path) -> None:
    assert "no such file" in run("extract", "--lines", str(tmp_path / "none.txt"), code=1).stderr
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"SQL\n\xff\xfe\n")
    assert "not UTF-8" in run("extract", "--lines", str(bad), "--count", code=1).stderr


# ------------------------------------------------------------------ one extractor


def test_fit_text_uses_the_extractor(run, store) -> None:
    from rolegraph.extract import extract

    ad = (ADS_DIR / "data-scientist.txt").read_text(encoding="utf-8")
    found = {f.label: f.spans for f in extract(store, ad).found}
    best = run.json("fit", "--text", ad)[0]
    given = {i["label"]: [(s["start"], s["end"]) for s in i["spans"]] for i in [*best["matched"], *best["unused"]] if i.get("spans")}
    assert given == {label: [(s.start, s.end) for s in spans] for label, spans in found.items()}


def test_mentions_on_a_projection_reads_names(proj) -> None:
    from rolegraph.careers.mentions import mentions

    m = mentions(proj, "Strong SQL and R programming; excel at service.")
    assert [proj.label(i) for i in m.found] == ["SQL", "R", "programming"]


# ------------------------------------------------------------------ the index


def test_index_is_kept_beside_the_compiled_store(tmp_path: Path) -> None:
    import rolegraph
    from rolegraph.extract import extract
    from rolegraph.extract.index import DIRNAME, FILE, FORMAT

    store = rolegraph.open_store(cache_dir=tmp_path)
    assert extract(store, "SQL and Tableau").found
    marker = store.location / DIRNAME / "marker.json"
    assert json.loads(marker.read_text())["stamp"][0] == FORMAT
    assert not list(store.location.glob(f"{DIRNAME}.tmp-*"))
    # A fresh open reads it (no rebuild: the files stay as they are) ...
    before = marker.stat().st_mtime_ns
    again = rolegraph.open_store(cache_dir=tmp_path)
    assert extract(again, "SQL and Tableau") == extract(store, "SQL and Tableau")
    assert marker.stat().st_mtime_ns == before
    # ... and a stale or damaged one is rebuilt.
    marker.write_text('{"stamp": [0], "entities": 1}')
    (store.location / DIRNAME / FILE).write_bytes(b"garbage")
    third = rolegraph.open_store(cache_dir=tmp_path)
    assert extract(third, "SQL and Tableau") == extract(store, "SQL and Tableau")
    assert json.loads(marker.read_text())["stamp"][0] == FORMAT


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_keeps_the_index_in_memory(tmp_path: Path) -> None:
    import rolegraph
    from rolegraph.extract import extract

    store = rolegraph.open_store(cache_dir=tmp_path)
    os.chmod(store.location, 0o555)
    try:
        fresh = rolegraph.open_store(cache_dir=tmp_path)
        assert [f.label for f in extract(fresh, "SQL and Tableau").found] == ["SQL", "Tableau"]
    finally:
        os.chmod(store.location, 0o755)


def test_an_in_memory_store_keeps_its_index_with_the_projection() -> None:
    from rolegraph.extract import extract, index_for
    from rolegraph.shipped import graph_dir
    from rolegraph.store import load_in_memory

    store = load_in_memory([graph_dir()])
    assert [f.label for f in extract(store, "SQL and Tableau").found] == ["SQL", "Tableau"]
    assert index_for(store) is index_for(store) and index_for(store).directory is None


# ------------------------------------------------------------------ other sources


GRAPH = """@prefix rg: <https://w3id.org/rolegraph/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/skill/> .
ex:kube a rg:Skill ; skos:prefLabel "container orchestration"@en ; skos:hiddenLabel "k8s"@en ;
  skos:definition "Running containers at scale with Kubernetes: scheduling, scaling and rolling updates of services."@en .
ex:bake a rg:Skill ; skos:prefLabel "bake sourdough bread"@en ; skos:altLabel "sourdough baking"@en ;
  skos:definition "Prepare a levain, knead and shape dough, proof it overnight and bake loaves."@en .
"""


def test_hidden_labels_descriptions_and_sources(run, tmp_path: Path) -> None:
    data = tmp_path / "skills.ttl"
    data.write_text(GRAPH, encoding="utf-8")
    result = run.json("--with", str(data), "extract", "--text", "You will run our k8s platform and bake sourdough bread on Fridays.")
    by_label = {f["label"]: f for f in result["found"]}
    assert by_label["container orchestration"]["how"] == "hidden label"
    assert by_label["container orchestration"]["score"] == 0.9
    assert by_label["container orchestration"]["id"] == "http://example.org/skill/kube"
    assert by_label["bake sourdough bread"]["how"] == "label"
    assert by_label["bake sourdough bread"]["source"] != "builtin"
    ranked = run.json("--with", str(data), "extract", "--text", "Kneading dough and shaping loaves daily.")
    assert ranked["found"] == []  # description words rank, but do not list on their own
    from rolegraph import open_store
    from rolegraph.extract import extract

    store = open_store(add=[data])
    best = extract(store, "Kneading dough and shaping loaves daily.", min_score=0.0).found[0]
    assert best.label == "bake sourdough bread" and best.how == "description words"


def test_esco_sample_is_searched_too(run, tmp_path: Path) -> None:
    esco = tmp_path / "ict.nt"
    run("import", "esco", str(REPO / "tests" / "importers" / "esco" / "ict"), "-o", str(esco))
    result = run.json("--with", str(esco), "extract", "--text", "Experience with Haskell and SQL; you will manage ICT projects.")
    by_label = {f["label"]: f for f in result["found"]}
    assert by_label["Haskell"]["source"] == "ict" and by_label["Haskell"]["how"] == "label"
    assert by_label["Haskell"]["id"].startswith("http://data.europa.eu/esco/skill/")
    assert by_label["SQL"]["source"] == "builtin"
    assert by_label["ICT project management"]["how"] == "name words"
    assert [s["text"] for s in by_label["ICT project management"]["spans"]] == ["manage ICT projects"]
    assert "ICT" not in {u["text"] for u in result["unrecognised"]}


def test_building_the_index_is_not_part_of_the_question(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The index is built once per compiled store, like the compile: a build
    slower than --query-timeout still answers (and the question itself stays
    bounded, which test_query_limits covers)."""
    import time

    from rolegraph.extract import index as extract_index

    built = extract_index._build

    def slow_build(*args, **kwargs):
        time.sleep(1.5)
        return built(*args, **kwargs)

    monkeypatch.setattr(extract_index, "_build", slow_build)
    out = run("--cache-dir", str(tmp_path / "cache"), "--query-timeout", "1", "fit", "--text", "We query data in SQL and build dashboards in Tableau.", "--format", "json")
    assert "Tableau" in out.stdout


def test_a_list_after_a_colon_is_read_as_names(run) -> None:
    out = run.json("extract", "--text", "MLOps engineer: Kubernetes, Docker, Airflow and MLflow pipelines in production.")
    assert [u["text"] for u in out["unrecognised"]] == ["MLOps", "Kubernetes", "Docker", "Airflow", "MLflow"]
    assert out["found"] == []
