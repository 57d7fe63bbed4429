"""compare, gap, path, fit, workflow, similar and matrix on the shipped graph,
and their invariants on generated graphs (hypothesis)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rolegraph

ADS = Path(__file__).parent / "ads"
DS, MLE = "data scientist", "machine learning engineer"


def labels(items):
    return {i["label"] for i in items}


# ------------------------------------------------------------------ compare


def test_compare_data_scientist_and_ml_engineer(run):
    c = run.json("compare", DS, MLE)
    assert c["a"] == {"id": "data-scientist", "label": DS, "type": "Role"}
    assert "Python" in labels(c["shared"]["skills"])
    only_ds = labels(c["only_a"]["skills"]) | labels(c["only_a"]["tools"])
    assert {"Tableau", "Matplotlib"} <= only_ds
    assert any("statistic" in s for s in only_ds)
    only_mle = labels(c["only_b"]["skills"]) | labels(c["only_b"]["tools"])
    assert {"TensorFlow", "PyTorch"} <= only_mle
    assert {"AWS", "GCP", "Azure"} <= only_mle
    assert any("production" in t for t in labels(c["only_b"]["tasks"]))
    assert 0 < c["similarity"] < 1


def test_compare_is_symmetric(run):
    ab, ba = run.json("compare", DS, MLE), run.json("compare", MLE, DS)
    assert ab["shared"] == ba["shared"] and ab["similarity"] == ba["similarity"]
    assert ab["only_a"] == ba["only_b"] and ab["only_b"] == ba["only_a"]


def test_compare_refuses_non_roles(run):
    result = run("compare", "Tableau", DS, code=1)
    assert "Error: Tableau is a Tool; compare takes roles" in result.stderr


def test_compare_table_mentions_both(run):
    out = run("compare", DS, MLE).stdout
    assert "similarity" in out and "Tableau" in out and "TensorFlow" in out


# ------------------------------------------------------------------ gap


def test_gap_ds_to_mle_explains_every_missing_skill(run):
    g = run.json("gap", DS, MLE)
    assert g["from"]["id"] == "data-scientist" and g["to"]["id"] == "machine-learning-engineer"
    assert g["missing"]["skills"]
    for kind in ("skills", "tools", "tasks"):
        for item in g["missing"][kind]:
            assert isinstance(item["essential"], bool)
            assert item["why"], item
            assert all(w["sources"] for w in item["why"] if w["kind"] != "prerequisite") or kind != "skills"
    assert "Python" in labels(g["have"]["skills"])
    assert 0 <= g["coverage"] < 1
    flags = [i["essential"] for i in g["missing"]["skills"]]
    assert flags == sorted(flags, reverse=True), "essential skills come first when no prerequisite intervenes"


def test_gap_orders_prerequisites_first(run):
    g = run.json("gap", "data analyst", DS)
    order = [i["id"] for i in g["missing"]["skills"]]
    assert "machine-learning" in order and "linear-algebra" in order
    assert order.index("linear-algebra") < order.index("machine-learning")


@pytest.mark.parametrize("role", [DS, MLE, "data analyst", "software engineer"])
def test_gap_to_self_is_empty(run, role):
    g = run.json("gap", role, role)
    assert g["missing"] == {"skills": [], "tools": [], "tasks": []}
    assert g["coverage"] == 1


def test_gap_reports_prerequisite_cycle(run, tmp_path: Path):
    data = tmp_path / "cycle.ttl"
    data.write_text(
        """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
rg:novice a rg:Role ; skos:prefLabel "novice"@en .
rg:expert a rg:Role ; skos:prefLabel "expert"@en ; rg:essentialSkill rg:a .
rg:a a rg:Skill ; skos:prefLabel "skill a"@en ; rg:prerequisite rg:b .
rg:b a rg:Skill ; skos:prefLabel "skill b"@en ; rg:prerequisite rg:c .
rg:c a rg:Skill ; skos:prefLabel "skill c"@en ; rg:prerequisite rg:a .
"""
    )
    result = run("--graph", str(data), "gap", "novice", "expert", code=1)
    assert "prerequisite cycle" in result.stderr
    assert "skill a" in result.stderr and "skill b" in result.stderr and "skill c" in result.stderr


# ------------------------------------------------------------------ path


def test_path_tableau_to_tensorflow(run):
    p = run.json("path", "Tableau", "TensorFlow")
    ids = [n["id"] for n in p["nodes"]]
    assert ids[0] == "tableau" and ids[-1] == "tensorflow"
    assert p["length"] == len(p["edges"]) == len(ids) - 1
    for hop, (x, y) in zip(p["edges"], zip(ids, ids[1:])):
        assert {hop["source"], hop["target"]} == {x, y}
        assert hop["predicate"].startswith("rg:")


def test_path_max_gives_k_paths_shortest_first(run):
    p = run.json("path", "Tableau", "TensorFlow", "--max", "3")
    lengths = [q["length"] for q in p["paths"]]
    assert len(lengths) == 3 and lengths == sorted(lengths)
    assert p["nodes"] == p["paths"][0]["nodes"]
    table = run("path", "Tableau", "TensorFlow").stdout
    assert "uses tool" in table


# ------------------------------------------------------------------ fit


def test_fit_sql_excel_google_analytics_is_data_analyst(run):
    ranked = run.json("fit", "--skill", "SQL", "--tool", "Excel", "--tool", "Google Analytics")
    assert ranked[0]["role"]["id"] == "data-analyst"
    assert labels(ranked[0]["matched"]) == {"SQL", "Excel", "Google Analytics"}
    scores = [r["score"] for r in ranked]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("ad", sorted(p.stem for p in ADS.glob("*.txt")))
def test_fit_text_ranks_intended_role_first(run, ad):
    ranked = run.json("fit", "--text", str(ADS / f"{ad}.txt"))
    assert ranked[0]["role"]["id"] == ad
    assert ranked[0]["score"] > ranked[1]["score"]


def test_fit_text_from_stdin_and_empty_text(run):
    ranked = run.json("fit", "--text", "-", input=(ADS / "data-analyst.txt").read_text())
    assert ranked[0]["role"]["id"] == "data-analyst"
    result = run("fit", "--text", "-", input="   \n", code=1)
    assert "empty" in result.stderr


def test_one_letter_languages(store):
    from rolegraph.careers.mentions import mentions

    def found(text):
        return {store.projection.label(i) for i in mentions(store.projection, text).found}

    assert {"R", "Python"} <= found("Programming in R and Python is required.")
    assert "C" in found("Strong programming skills in languages like Python, Java, or C.")
    for text in ("Our R&D team", "C-level stakeholders", "Plan B: hire later", "rated B or C by peers"):
        assert not {"R", "C"} & found(text), text
    assert "C" not in found("We write C++ and C# services")
    assert "C++" in found("We write C++ and C# services")


def test_fit_needs_input(run):
    assert "at least one" in run("fit", code=2).stderr


# ------------------------------------------------------------------ workflow / similar / matrix


def test_workflow_three_steps_in_order(run):
    steps = run.json("workflow")
    assert [s["order"] for s in steps] == [1, 2, 3]
    assert [[p["id"] for p in s["performed_by"]] for s in steps] == [["data-scientist"], ["machine-learning-engineer"], ["data-scientist"]]
    assert all(s["tasks"] for s in steps)
    mine = run.json("workflow", "--role", MLE)
    assert [s["order"] for s in mine] == [2]


def test_similar_and_matrix_agree_with_compare(run):
    ranked = run.json("similar", DS)
    assert DS not in {r["role"]["label"] for r in ranked}
    sims = [r["similarity"] for r in ranked]
    assert sims == sorted(sims, reverse=True)
    m = run.json("matrix")
    ids = [r["id"] for r in m["roles"]]
    i, j = ids.index("data-scientist"), ids.index("machine-learning-engineer")
    assert m["similarity"][i][j] == m["similarity"][j][i] == run.json("compare", DS, MLE)["similarity"]
    assert all(m["similarity"][k][k] == 1.0 for k in range(len(ids)))
    csv = run("matrix", "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("role,") and len(csv) == len(ids) + 1


# ------------------------------------------------------------------ Python API


def test_python_api_matches_cli(run, store):
    for name, args, cli in [
        ("compare", (DS, MLE), ["compare", DS, MLE]),
        ("gap", (DS, MLE), ["gap", DS, MLE]),
        ("workflow", (), ["workflow"]),
    ]:
        result = getattr(rolegraph, name)(store, *args)
        assert rolegraph.to_data(result) == run.json(*cli)
    assert rolegraph.to_data(rolegraph.path(store, "Tableau", "TensorFlow")) == run.json("path", "Tableau", "TensorFlow")
    assert rolegraph.to_data(rolegraph.fit(store, ["SQL"], ["Excel"])) == run.json("fit", "--skill", "SQL", "--tool", "Excel")


# ------------------------------------------------------------------ properties on generated graphs

HEADER = """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""


@st.composite
def graphs(draw):
    n_roles = draw(st.integers(2, 4))
    n_skills = draw(st.integers(1, 6))
    lines = [HEADER]
    for s in range(n_skills):
        lines.append(f'rg:s{s} a rg:Skill ; skos:prefLabel "skill {s}"@en .')
        if s and draw(st.booleans()):
            lines.append(f"rg:s{s} rg:prerequisite rg:s{draw(st.integers(0, s - 1))} .")
    for r in range(n_roles):
        lines.append(f'rg:r{r} a rg:Role ; skos:prefLabel "role {r}"@en .')
        for s in range(n_skills):
            link = draw(st.sampled_from([None, None, "essentialSkill", "optionalSkill"]))
            if link:
                lines.append(f"rg:r{r} rg:{link} rg:s{s} .")
    return "\n".join(lines) + "\n", n_roles


def _load(tmp_path_factory, text):
    from rolegraph.store import load_in_memory

    path = tmp_path_factory.mktemp("g") / "g.ttl"
    path.write_text(text)
    return load_in_memory([path])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graphs())
def test_properties_on_generated_graphs(tmp_path_factory, generated):
    text, n_roles = generated
    store = _load(tmp_path_factory, text)
    for a in range(n_roles):
        ga = rolegraph.gap(store, f"r{a}", f"r{a}")
        assert ga.missing == {"skills": [], "tools": [], "tasks": []} and ga.coverage == 1
        for b in range(n_roles):
            ab, ba = rolegraph.compare(store, f"r{a}", f"r{b}"), rolegraph.compare(store, f"r{b}", f"r{a}")
            assert ab.shared == ba.shared and ab.only_a == ba.only_b and ab.similarity == ba.similarity
            assert 0.0 <= ab.similarity <= 1.0
            g = rolegraph.gap(store, f"r{a}", f"r{b}")
            missing = [i.id for i in g.missing["skills"]]
            assert len(missing) == len(set(missing))
            for i, item in enumerate(missing):  # prerequisites come first
                for later in missing[i + 1:]:
                    assert (f"https://w3id.org/rolegraph/{item}", "https://w3id.org/rolegraph/prerequisite", f"https://w3id.org/rolegraph/{later}") not in {
                        (f"https://w3id.org/rolegraph/{item}", p, o) for p, o in store.projection.out_edges(f"https://w3id.org/rolegraph/{item}")
                    }
            assert 0.0 <= g.coverage <= 1.0
        prof = rolegraph.careers.profiles.profile(store.projection, f"https://w3id.org/rolegraph/r{a}")
        essentials = [f"skill {s.rsplit('s', 1)[1]}" for s, e in prof.skills.items() if e]
        everything = [f"skill {s.rsplit('s', 1)[1]}" for s in prof.skills]
        if essentials:
            # giving a role's essential skills covers them all, as gap counts them
            mine = next(r for r in rolegraph.fit(store, essentials) if r.role.id == f"r{a}")
            assert mine.coverage == 1.0 and 0 < mine.score <= 1.0
            # giving everything it needs scores it 1, the most any role gets
            ranked = rolegraph.fit(store, everything)
            mine = next(r for r in ranked if r.role.id == f"r{a}")
            assert mine.score == 1.0 == ranked[0].score


def test_networkx_projection(store):
    from rolegraph.projection import to_networkx

    g = to_networkx(store.projection)
    ds = "https://w3id.org/rolegraph/data-scientist"
    assert g.nodes[ds]["type"] == "Role" and g.nodes[ds]["label"] == "data scientist"
    assert g.has_edge(ds, "https://w3id.org/rolegraph/tableau", key="https://w3id.org/rolegraph/usesTool")
    assert all(isinstance(n, str) and n.startswith("http") for n in g.nodes)  # literals are skipped
    assert g.number_of_nodes() == len(store.projection)


def test_job_title_in_an_ad_is_not_a_skill(run):
    ad = "We need a machine learning engineer with strong Python and Java.\n"
    best = run.json("fit", "--text", "-", input=ad)[0]
    assert best["role"]["id"] == "machine-learning-engineer"
    assert {m["label"] for m in best["matched"]} == {"Python", "Java"}
