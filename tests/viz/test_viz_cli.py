"""The graph page without a browser: files written, views chosen, bad input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rolegraph.viz import network, render, select, style
from rolegraph.viz.layout import hub_layout
from rolegraph.viz.page import check_entity_url, remote_references, script_json

from vizhelpers import graph_items, write_graph

ROLES = [
    ("ds", "Role", "data scientist", "Finds insight in data."),
    ("mle", "Role", "machine learning engineer", "Ships models."),
    ("python", "Skill", "Python"),
    ("stats", "Skill", "statistics"),
    ("k8s", "Tool", "Kubernetes"),
    ("deploy", "Task", "deploy models"),
    ("sql", "Skill", "SQL"),
]
LINKS = [
    ("ds", "essentialSkill", "python"),
    ("mle", "essentialSkill", "python"),
    ("ds", "essentialSkill", "stats"),
    ("mle", "usesTool", "k8s"),
    ("mle", "performsTask", "deploy"),
    ("deploy", "involvesTool", "k8s"),
    ("ds", "optionalSkill", "sql"),
]


@pytest.fixture
def small(tmp_path: Path) -> Path:
    return write_graph(tmp_path / "data" / "small.ttl", ROLES, LINKS)


def page_data(html: str) -> dict:
    """The page's data, with its compact nodes and edges made into vis-network's items."""
    block = re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', html, re.DOTALL)
    assert block is not None
    data = json.loads(block.group(1))
    data["nodes"], data["edges"] = graph_items(data)
    return data


def labels(html: str) -> set[str]:
    return {n["label"] for n in page_data(html)["nodes"]}


def test_empty_directory_gets_exactly_one_file(run, tmp_path, monkeypatch, proj):
    work = tmp_path / "empty"
    work.mkdir()
    monkeypatch.chdir(work)
    run("viz", "-o", "all.html")
    assert sorted(p.name for p in work.iterdir()) == ["all.html"]
    html = (work / "all.html").read_text(encoding="utf-8")
    # The rule: outside data: URIs no "//" at all (so no http://, https:// or
    # protocol-relative reference), and no src=/href= attribute in any tag.
    assert remote_references(html) == []
    assert not re.search(r"(?i)https?:\s*//", html)
    assert not re.search(r"(?i)<(link|iframe|img|object|embed|base)\b", html)
    assert len(re.findall(r"(?m)^<script\b", html)) == 3 and "<script src" not in html
    assert len(page_data(html)["nodes"]) == len(proj)


def test_remote_reference_rule_catches_urls():
    assert remote_references('<a href="x">') and remote_references("see https://example.org")
    assert remote_references('<img src="//cdn.example/x.png">')
    assert remote_references('url("data:image/png;base64,ab//cd")') == []


def test_script_json_cannot_close_its_block():
    text = script_json({"x": "</script><!-- \u2028 & https://a/b"})
    assert "<" not in text and ">" not in text and "&" not in text and "//" not in text and "\u2028" not in text
    assert json.loads(text) == {"x": "</script><!-- \u2028 & https://a/b"}


def test_missing_directory_is_created(run, tmp_path, small):
    out = tmp_path / "new" / "deeper" / "g.html"
    run("--graph", str(small), "viz", "-o", str(out))
    assert out.is_file() and labels(out.read_text(encoding="utf-8")) == {r[2] for r in ROLES}


def test_output_directory_is_refused(run, tmp_path, small):
    result = run("--graph", str(small), "viz", "-o", str(tmp_path), code=2)
    assert "is a directory" in result.stderr and "Traceback" not in result.stderr
    result = run("--graph", str(small), "viz", "-o", str(tmp_path / "nothere") + "/", code=2)
    assert "is a directory" in result.stderr


def test_unknown_focus_suggests(run, tmp_path, small):
    result = run("--graph", str(small), "viz", "--focus", "data scintist", "-o", str(tmp_path / "f.html"), code=1)
    assert "did you mean" in result.stderr and "data scientist" in result.stderr
    assert not (tmp_path / "f.html").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["--focus", "Python", "--depth", "-1"],
        ["--depth", "2"],
        ["--focus", "Python", "--compare", "ds", "mle"],
        ["--types", "Rol"],
        ["--matrix", "--path", "ds", "mle"],
    ],
)
def test_bad_usage_exits_2(run, tmp_path, small, args):
    result = run("--graph", str(small), "viz", *args, "-o", str(tmp_path / "x.html"), code=2)
    assert "Traceback" not in result.stderr


def test_focus_depth(run, tmp_path, small):
    out = tmp_path / "f.html"
    run("--graph", str(small), "viz", "--focus", "mle", "--depth", "0", "-o", str(out))
    assert labels(out.read_text()) == {"machine learning engineer"}
    run("--graph", str(small), "viz", "--focus", "machine learning engineer", "-o", str(out))
    assert labels(out.read_text()) == {"machine learning engineer", "Python", "Kubernetes", "deploy models"}
    run("--graph", str(small), "viz", "--focus", "nobody at all", "--depth", "2", "-o", str(out), code=1)


def test_types(run, tmp_path, small):
    out = tmp_path / "t.html"
    run("--graph", str(small), "viz", "--types", "role,tools", "-o", str(out))
    data = page_data(out.read_text())
    assert {n["label"] for n in data["nodes"]} == {"data scientist", "machine learning engineer", "Kubernetes"}
    assert len(data["edges"]) == 1


def test_compare_groups_and_legend(run, tmp_path, small):
    out = tmp_path / "c.html"
    run("--graph", str(small), "viz", "--compare", "data scientist", "machine learning engineer", "-o", str(out))
    data = page_data(out.read_text())
    colour = {n["label"]: n["color"]["background"] for n in data["nodes"]}
    assert colour["Python"] not in (colour["statistics"], colour["Kubernetes"])
    assert colour["statistics"] == colour["SQL"] == colour["data scientist"]
    assert colour["Kubernetes"] == colour["deploy models"] == colour["machine learning engineer"]
    legend = [g["text"] for g in data["legend"]["groups"]]
    assert legend == ["only data scientist", "shared by data scientist and machine learning engineer", "only machine learning engineer"]
    run("--graph", str(small), "viz", "--compare", "ds", "Python", "-o", str(out), code=1)


def test_path_is_highlighted(run, tmp_path, small):
    out = tmp_path / "p.html"
    run("--graph", str(small), "viz", "--path", "statistics", "Kubernetes", "-o", str(out))
    data = page_data(out.read_text())
    ids = {n["id"]: n["label"] for n in data["nodes"]}
    red = [(ids[e["from"]], ids[e["to"]]) for e in data["edges"] if e["color"]["color"] == "#E41A1C"]
    assert sorted(red) == [("data scientist", "Python"), ("data scientist", "statistics"), ("machine learning engineer", "Kubernetes"), ("machine learning engineer", "Python")]
    assert "SQL" in ids.values()  # context


def test_essential_and_optional_edges_differ(run, tmp_path, small):
    out = tmp_path / "g.html"
    run("--graph", str(small), "viz", "-o", str(out))
    data = page_data(out.read_text())
    style = {e["relation"]: (e["width"], e["dashes"]) for e in data["edges"]}
    assert style["essentialSkill"][0] > style["optionalSkill"][0]
    assert not style["essentialSkill"][1] and style["optionalSkill"][1]
    colour = {e["relation"]: e["color"]["color"] for e in data["edges"]}
    assert colour["essentialSkill"] == colour["optionalSkill"]  # one family, one colour
    skill = next(e for e in data["legend"]["edges"] if e["text"] == "needs a skill")
    assert [v["text"] for v in skill["variants"]] == ["essential (thick)", "optional (dashed)"]


def test_hard_cap(run, tmp_path, small, monkeypatch):
    monkeypatch.setattr(select, "HARD_CAP", 3)
    result = run("--graph", str(small), "viz", "-o", str(tmp_path / "g.html"), code=1)
    assert "--focus" in result.stderr and "--types" in result.stderr
    run("--graph", str(small), "viz", "--focus", "mle", "--depth", "0", "-o", str(tmp_path / "g.html"))


def test_large_graph_has_positions_and_no_physics(run, tmp_path, small, monkeypatch):
    monkeypatch.setattr(network, "LARGE", 3)
    out = tmp_path / "g.html"
    run("--graph", str(small), "viz", "-o", str(out))
    data = page_data(out.read_text())
    assert data["physics"] is False and data["options"]["physics"]["enabled"] is False
    assert all("x" in n and "y" in n for n in data["nodes"])


def test_hub_layout_places_everything_apart():
    nodes = [f"n{i}" for i in range(300)]
    edges = [(f"n{i % 5}", "p", f"n{i}") for i in range(5, 280)]  # 20 loners too
    pos = hub_layout(nodes, edges, {n: "Skill" for n in nodes})
    assert set(pos) == set(nodes) and len(set(pos.values())) == len(nodes)
    assert pos == hub_layout(nodes, edges, {n: "Skill" for n in nodes})


def test_matrix_html(run, tmp_path, tmp_path_factory):
    graph = write_graph(tmp_path / "m.ttl", ROLES + [("x", "Role", "<b>bold</b> & co")], LINKS + [("x", "essentialSkill", "python")])
    out = tmp_path / "m.html"
    run("--graph", str(graph), "viz", "--matrix", "-o", str(out))
    html = out.read_text()
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html and "<b>" not in html
    assert remote_references(html) == [] and "1.00" in html
    run("--graph", str(graph), "viz", "--matrix", "--types", "Role", "-o", str(out), code=2)


def test_path_legend_names_only_what_is_drawn(run, tmp_path, small):
    out = tmp_path / "p.html"
    run("--graph", str(small), "viz", "--path", "SQL", "deploy models", "-o", str(out))
    legend = page_data(out.read_text())["legend"]
    assert [e["text"] for e in legend["edges"]] == ["link on the path", "other links (faded)"]
    assert [g["text"] for g in legend["groups"]] == ["on the path (red)", "next to the path (faded)"]


def test_heatmap_shows_the_shipped_roles_alike(run, tmp_path):
    """The heatmap of the shipped graph is not white off the diagonal: the
    data scientist's cells with the data analyst and the ML engineer carry
    the matrix's numbers, in a colour darker than the unrelated pairs'."""
    import re

    out = tmp_path / "m.html"
    run("viz", "--matrix", "-o", str(out))
    html = out.read_text()
    m = run.json("matrix")
    names = [r["label"] for r in m["roles"]]

    def cell(a, b):
        value = m["similarity"][names.index(a)][names.index(b)]
        found = re.search(r'<td style="background:(#[0-9a-f]{6});[^"]*" title="' + re.escape(f"{a} / {b}: {value:.2f}") + '">', html)
        assert found, (a, b, value)
        return value, found.group(1)

    da_value, da_colour = cell("data scientist", "data analyst")
    mle_value, mle_colour = cell("data scientist", "machine learning engineer")
    _, unrelated = cell("data analyst", "software engineer")
    assert da_value > 0.15 and mle_value > 0.15
    assert da_colour != unrelated and mle_colour != unrelated
    assert "How: similarity = cosine" in html


def test_link_families_are_few_and_distinct(run, tmp_path, proj):
    """The shipped graph's whole view draws its links in at most 7 colours, one
    a family; the legend lists the families (not one entry a relation), each in
    its own colour, with every relation drawn named under its family."""
    out = tmp_path / "all.html"
    run("viz", "-o", str(out))
    data = page_data(out.read_text())
    colours = {e["color"]["color"] for e in data["edges"]}
    assert 2 <= len(colours) <= 7, colours
    legend = data["legend"]["edges"]
    assert len(legend) <= 7 and len({e["colour"] for e in legend}) == len(legend)
    assert {e["colour"] for e in legend} == colours
    predicates = {style.relation_name(p): p for _s, p, _o in proj.edges()}
    relations = {e["relation"] for e in data["edges"]}
    assert len(relations) > 2 * len(legend)  # families really group relations
    named = {v["text"].rsplit(" (", 1)[0] for e in legend for v in e["variants"]}
    for relation in relations:
        assert style.edge_style(predicates[relation]).variant in named, relation
    # Within a family relations differ by width or dashes, never by colour.
    for entry in legend:
        assert all(v["colour"] == entry["colour"] for v in entry["variants"])
        looks = [(v["width"], str(v["dashes"])) for v in entry["variants"]]
        assert len(set(looks)) == len(looks), entry
    # Every link's tooltip still names its relation in words (the page's
    # script writes "A → words → B": test_viz_browser checks the tooltips).
    for e in data["edges"]:
        assert e["words"] == style.relation_words(predicates[e["relation"]])


def test_unknown_relations_are_other_links():
    st = style.edge_style("http://example.org/vocab#worksNear")
    assert st.family == "other" and st.colour == style.EDGE_FAMILY["other"][0] and st.variant == "works near"
    assert all(s.family in style.EDGE_FAMILY for s in style.EDGE_STYLE.values())
    assert len(style.EDGE_FAMILY) <= 7 and len({c for c, _t in style.EDGE_FAMILY.values()}) == len(style.EDGE_FAMILY)


def test_deep_focus_is_capped_and_says_so(run, tmp_path, proj):
    out = tmp_path / "ds.html"
    run("viz", "--focus", "data scientist", "--depth", "2", "-o", str(out))
    data = page_data(out.read_text())
    full = select.focus_view(proj, "data scientist", 2, limit=None)
    assert len(full.nodes) > select.FOCUS_CAP
    assert len(data["nodes"]) == select.FOCUS_CAP
    left = len(full.nodes) - select.FOCUS_CAP
    summary = data["summary"]
    assert f"{select.FOCUS_CAP} of {len(full.nodes)} entities" in summary and f"{left} left out" in summary
    assert "--depth 1" in summary and "--types" in summary
    # What is kept is connected to the focus and holds its best-connected neighbours.
    kept = {n["label"] for n in data["nodes"]}
    assert {"data scientist", "machine learning engineer", "Python", "statistics"} <= kept
    # Entities two links away are drawn unlabelled (labelled on hover), the first ring labelled.
    ring = {proj.label(n) for n in select._neighbours(proj, next(iter(full.groups)))} | {"data scientist"}
    quiet = {n["label"] for n in data["nodes"] if n.get("quiet")}
    assert quiet and quiet == kept - ring
    assert all(n["font"] == {"size": 0} for n in data["nodes"] if n.get("quiet"))
    assert any("hover" in note for note in data["legend"]["notes"])


def test_shallow_or_small_focus_is_not_capped(run, tmp_path, small, proj):
    out = tmp_path / "d1.html"
    run("viz", "--focus", "data scientist", "-o", str(out))
    data = page_data(out.read_text())
    assert len(data["nodes"]) == len(select.focus_view(proj, "data scientist", 1).nodes)
    assert "left out" not in data["summary"] and not any(n.get("quiet") for n in data["nodes"])
    run("--graph", str(small), "viz", "--focus", "statistics", "--depth", "4", "-o", str(out))
    data = page_data(out.read_text())
    assert labels(out.read_text()) == {r[2] for r in ROLES} and "left out" not in data["summary"]
    assert {n["label"] for n in data["nodes"] if n.get("quiet")} == {"Python", "SQL", "machine learning engineer", "Kubernetes", "deploy models"}


def test_best_connected_grows_from_the_centre(proj):
    view = select.focus_view(proj, "data scientist", 3, limit=12)
    assert len(view.nodes) == 12 and view.left_out > 0
    centre = next(e for e, g in view.groups.items() if g == "focus")
    # Every kept entity links to another kept one: the picture is one piece.
    kept = set(view.nodes)
    for e in kept - {centre}:
        assert any(n in kept for n in select._neighbours(proj, e)), proj.label(e)
    assert select.focus_view(proj, "data scientist", 3, limit=12).nodes == view.nodes  # deterministic


def test_entity_url_links_and_stays_relative(store, tmp_path):
    plain = render(store, focus="Tableau")
    html = render(store, entity_url="/show?ref=", focus="Tableau")
    assert remote_references(html) == []  # no tag with an href: the links are made at run time
    data, before = page_data(html), page_data(plain)
    assert data["entity_url"] == "/show?ref=" and "entity_url" not in before
    assert all(n["iri"].startswith("https:") for n in data["nodes"]) and not any("iri" in n for n in before["nodes"])
    assert [n["key"] for n in data["nodes"]] == [n["key"] for n in before["nodes"]]
    for bad in ("https://example.org/x?", "//evil.example/", "/\\evil", "javascript:alert(1)//", "", " /x"):
        with pytest.raises(ValueError):
            check_entity_url(bad)
    assert check_entity_url("/show?ref=") == "/show?ref="
