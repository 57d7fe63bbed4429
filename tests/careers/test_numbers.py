"""Numbers a person can trust: similarity, fit and coverage held to what the
sources say, agreeing with each other, each explained where it is printed."""

from __future__ import annotations

from pathlib import Path

import pytest

import rolegraph
from rolegraph.careers.profiles import abilities

DS, MLE, DA, SWE = "data scientist", "machine learning engineer", "data analyst", "software engineer"
MLOPS_AD = """MLOps engineer. You will run our model platform on Kubernetes and Docker,
orchestrate pipelines with Airflow, track experiments in MLflow and manage the
infrastructure as code with Terraform. Some Python scripting helps.
"""


def _sim(m: dict, a: str, b: str) -> float:
    names = [r["label"] for r in m["roles"]]
    return m["similarity"][names.index(a)][names.index(b)]


def test_similarity_tells_the_sources_story(run) -> None:
    m = run.json("matrix")
    da_swe = _sim(m, DA, SWE)
    for other in (DA, MLE):
        assert _sim(m, DS, other) >= max(3 * da_swe, 0.1), (other, _sim(m, DS, other), da_swe)
    for i, row in enumerate(m["similarity"]):
        assert row[i] == 1.0 == max(row)  # a role is most similar to itself
    assert run.json("similar", MLE)[0]["role"]["label"] == DS


def test_similarity_components_sum_to_it(run) -> None:
    c = run.json("compare", DS, DA)
    assert c["components"] and abs(sum(c["components"].values()) - c["similarity"]) < 1e-3
    assert c["method"].startswith("similarity = cosine")
    mle = run.json("compare", DS, MLE)
    assert mle["related_tasks"] and all(r["skills"] for r in mle["related_tasks"])


def test_similarity_works_on_imported_esco_data(run, tmp_path: Path) -> None:
    from helpers import REPO

    out = tmp_path / "esco.nt"
    run("import", "esco", str(REPO / "tests" / "importers" / "esco" / "fixture"), "-o", str(out))
    ranked = run.json("--graph", str(out), "similar", "data scientist")
    assert ranked and all(0.0 <= r["similarity"] <= 1.0 for r in ranked)


def test_one_tool_is_not_a_fit(run) -> None:
    ranked = run.json("fit", "--tool", "Excel")
    assert max(r["score"] for r in ranked) <= 0.5
    assert ranked[0]["verdict"] == "weak"
    assert "No role fits well" in run("fit", "--tool", "Excel").stdout


def test_an_ad_for_an_unknown_role_is_a_weak_fit_with_its_terms_listed(run) -> None:
    ranked = run.json("fit", "--text", "-", input=MLOPS_AD)
    unrecognised = {s["text"] for s in ranked[0]["unrecognised"]}
    assert {"Kubernetes", "Docker", "Airflow", "MLflow", "Terraform"} <= unrecognised
    assert all(r["verdict"] == "weak" for r in ranked)
    python = next(m for m in ranked[0]["matched"] if m["label"] == "Python")
    assert [MLOPS_AD[s["start"]:s["end"]] for s in python["spans"]] == ["Python"]
    table = run("fit", "--text", "-", input=MLOPS_AD).stdout
    assert "Not recognised: " in table and "Kubernetes" in table and "No role fits well" in table
    assert "Recognised in the text" in table


def test_text_is_a_file_stdin_or_the_text_itself(run, tmp_path: Path) -> None:
    ad = tmp_path / "ad.txt"
    ad.write_text("Statistics, Python, SQL and Tableau for our analytics team.", encoding="utf-8")
    from_file = run.json("fit", "--text", str(ad))
    from_stdin = run.json("fit", "--text", "-", input=ad.read_text())
    inline = run.json("fit", "--text", ad.read_text())
    assert from_file == from_stdin == inline
    assert "no such file" in run("fit", "--text", "missing-ad.txt", code=1).stderr
    assert "empty" in run("fit", "--text", "   ", code=1).stderr


def test_ads_rank_their_role_first(run) -> None:
    ads = Path(__file__).parent / "ads"
    for ad in sorted(ads.glob("*.txt")):
        ranked = run.json("fit", "--text", str(ad))
        assert ranked[0]["role"]["id"] == ad.stem, (ad.name, [(r["role"]["id"], r["score"]) for r in ranked[:3]])
        assert ranked[0]["verdict"] in ("strong", "partial")


def test_gap_learning_plan_order(run) -> None:
    g = run.json("gap", DA, DS)
    plan = sorted([*g["missing"]["skills"], *g["missing"]["tools"]], key=lambda i: i["position"])
    assert [i["position"] for i in plan] == list(range(1, len(plan) + 1))
    order = [i["label"] for i in plan]
    assert order.index("statistics") < order.index("A/B testing")
    assert order.index("statistics") < order.index("statistical tests")
    assert all(i["type"] != "Task" for i in plan)  # the work is not something to learn
    assert g["missing"]["tasks"] and all("position" not in t for t in g["missing"]["tasks"])
    assert all(i["placement"] for i in plan)
    tests = next(i for i in plan if i["label"] == "statistical tests")
    assert "after statistics" in tests["placement"]


def test_gap_coverage_is_fits_coverage(run, store) -> None:
    g = run.json("gap", DA, DS)
    proj = store.projection
    has = abilities(proj, rolegraph.resolve(proj, DA))
    skills = [proj.label(i) for i in has if "Skill" in proj.classes(i)]
    tools = [proj.label(i) for i in has if proj.type(i) == "Tool"]
    args = [a for s in skills for a in ("--skill", s)] + [a for t in tools for a in ("--tool", t)]
    ds = next(r for r in run.json("fit", *args, "--limit", "0") if r["role"]["label"] == DS)
    assert ds["coverage"] == g["coverage"]


def test_a_graph_with_no_prerequisites_still_has_a_plan(run, tmp_path: Path) -> None:
    data = tmp_path / "g.ttl"
    data.write_text(
        """@prefix rg: <https://w3id.org/rolegraph/> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
rg:a a rg:Role ; skos:prefLabel "role a"@en ; rg:essentialSkill rg:s1 .
rg:b a rg:Role ; skos:prefLabel "role b"@en ; rg:essentialSkill rg:s1 , rg:s2 ; rg:optionalSkill rg:s3 .
rg:s1 a rg:Skill ; skos:prefLabel "one"@en . rg:s2 a rg:Skill ; skos:prefLabel "two"@en . rg:s3 a rg:Skill ; skos:prefLabel "three"@en .
""",
        encoding="utf-8",
    )
    g = run.json("--graph", str(data), "gap", "role a", "role b")
    assert [(i["label"], i["position"], i["essential"]) for i in g["missing"]["skills"]] == [("two", 1, True), ("three", 2, False)]
    assert g["coverage"] == 0.5


@pytest.mark.parametrize(
    "args",
    [
        ("compare", DS, MLE),
        ("similar", DS),
        ("matrix",),
        ("fit", "--skill", "SQL"),
        ("gap", DA, DS),
        ("search", "statistics"),
    ],
)
def test_every_printed_number_says_how_it_was_computed(run, args: tuple[str, ...]) -> None:
    assert "How: " in run(*args).stdout


def test_a_text_naming_nothing_known_lists_instead_of_failing(run) -> None:
    ad = "We need a chef who loves Provencal cooking and Ottolenghi recipes.\n"
    ranked = run.json("fit", "--text", ad)
    assert all(r["score"] == 0.0 and r["verdict"] == "weak" and not r["matched"] for r in ranked)
    assert "Ottolenghi" in {s["text"] for s in ranked[0]["unrecognised"]}
    assert "nothing rolegraph knows" in run("fit", "--text", ad).stdout
