"""The imported graph through every command, entities named by ESCO label,
alt label or IRI; compare and gap against the CSV rows."""

from __future__ import annotations

import pytest

from .conftest import ANALYST, CAFE, DS, ESCO, STAT


def _has_command(name: str) -> bool:
    from rolegraph.cli import cli

    return name in cli.commands


def test_stats(run, esco_nt):
    data = run.json("--graph", str(esco_nt), "stats")
    assert data["counts"]["Role"] == 4
    assert data["counts"]["Skill"] == 6


def test_list_role(run, esco_nt, truth):
    rows = run.json("--graph", str(esco_nt), "list", "role")
    assert {r["id"] for r in rows} == set(truth.occupations)
    assert {r["label"] for r in rows} == {"data scientist", "statistician", "data analyst", "café manager"}


def test_show_by_iri(run, esco_nt):
    data = run.json("--graph", str(esco_nt), "show", DS)
    assert data["label"] == "data scientist" and data["type"] == "Role"
    assert data["alt_labels"] == ["data science specialist", "DS"]
    assert "\"data is the new oil\"" in data["definition"]
    out = {(l["predicate"], l["target"]["id"]) for l in data["links"] if l["direction"] == "out"}
    assert ("rg:essentialSkill", ESCO + "skill/s-stat") in out
    assert ("rg:optionalSkill", ESCO + "skill/s-ml") in out


@pytest.mark.parametrize("ref, iri", [("Statistiker", STAT), ("CAFÉ MANAGER", CAFE), ("analyste de données", ANALYST), (f"<{DS}>", DS)])
def test_show_by_label_alt_label_or_iri(run, esco_nt, ref, iri):
    assert run.json("--graph", str(esco_nt), "show", ref)["iri"] == iri


def test_show_occupation_without_skills(run, esco_nt):
    data = run.json("--graph", str(esco_nt), "show", CAFE)
    assert [l for l in data["links"] if "Skill" in l["predicate"]] == []


@pytest.mark.parametrize("ref", ["Python", "DS"])
def test_ambiguous_label_lists_candidates(run, esco_nt, ref):
    result = run("--graph", str(esco_nt), "show", ref, code=1)
    assert "ambiguous" in result.stderr
    if ref == "Python":
        assert "esco:skill/s-py-comp" in result.stderr and "esco:skill/s-py-know" in result.stderr
    else:
        assert "esco:occupation/ds-0001" in result.stderr and "esco:occupation/da-0003" in result.stderr


def test_search(run, esco_nt):
    rows = run.json("--graph", str(esco_nt), "search", "statistician")
    assert rows[0]["id"] == STAT


PAIRS = [(DS, STAT), (STAT, DS), (DS, ANALYST), (ANALYST, STAT), (CAFE, STAT), (STAT, CAFE), (CAFE, CAFE), (DS, DS)]


@pytest.mark.skipif(not _has_command("compare"), reason="compare is not in the CLI yet")
@pytest.mark.parametrize("a, b", PAIRS)
def test_compare_equals_csv(run, esco_nt, truth, a, b):
    data = run.json("--graph", str(esco_nt), "compare", a, b)
    sa, sb = set(truth.requires.get(a, {})), set(truth.requires.get(b, {}))
    assert {i["id"] for i in data["shared"]["skills"]} == sa & sb
    assert {i["id"] for i in data["only_a"]["skills"]} == sa - sb
    assert {i["id"] for i in data["only_b"]["skills"]} == sb - sa
    for part in ("shared", "only_a", "only_b"):
        assert data[part]["tools"] == [] and data[part]["tasks"] == []
    assert 0.0 <= data["similarity"] <= 1.0


@pytest.mark.skipif(not _has_command("gap"), reason="gap is not in the CLI yet")
@pytest.mark.parametrize("a, b", PAIRS)
def test_gap_equals_csv(run, esco_nt, truth, a, b):
    data = run.json("--graph", str(esco_nt), "gap", a, b)
    have, need = truth.requires.get(a, {}), truth.requires.get(b, {})
    missing = {i["id"]: i["essential"] for i in data["missing"]["skills"]}
    assert missing == {s: e for s, e in need.items() if s not in have}
    assert {i["id"] for i in data["have"]["skills"]} == set(need) & set(have)
