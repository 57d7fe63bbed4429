"""The graph page in a real headless Chromium with every non-file request blocked."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

import pytest

from vizhelpers import PREFIXES, Loaded, ttl_string, write_graph

pytestmark = pytest.mark.browser

IMG = "<img src=x onerror=window.__pwned=1>"
SCRIPT = "<script>window.__pwned=1</script>"
TIMINGS: dict[str, dict[str, float]] = {}


def export(run, out: Path, *args: str) -> float:
    start = time.perf_counter()
    run(*args, "viz", "-o", str(out))
    return time.perf_counter() - start


def assert_clean(loaded: Loaded) -> None:
    assert loaded.problems() == []
    assert loaded.js("() => window.__pwned") is None


def node_count(loaded: Loaded) -> int:
    return loaded.js("() => [network.body.data.nodes.length, Object.keys(network.getPositions()).length]")


def screen_point(loaded: Loaded, node_id: int) -> tuple[float, float]:
    """Where a node is drawn, in page coordinates."""
    point = loaded.js(
        """(id) => {
            const p = network.getPositions([id])[id];
            const d = network.canvasToDOM(p);
            const r = document.getElementById('rg-network').getBoundingClientRect();
            return [r.left + d.x, r.top + d.y];
        }""",
        node_id,
    )
    return point[0], point[1]


def record(name: str, **values: float) -> None:
    TIMINGS[name] = {k: round(v, 3) for k, v in values.items()}


@pytest.fixture(scope="module", autouse=True)
def _write_timings(artifacts):
    yield
    if TIMINGS:
        (artifacts / "viz-timings.json").write_text(json.dumps(TIMINGS, indent=2) + "\n")


def test_shipped_graph_draws_every_entity(run, open_page, tmp_path, proj, artifacts):
    out = tmp_path / "all.html"
    seconds = export(run, out)
    loaded = open_page(out)
    assert node_count(loaded) == [len(proj), len(proj)]
    assert_clean(loaded)
    record("shipped", entities=len(proj), export_seconds=seconds, ready_seconds=loaded.ready_seconds)
    loaded.page.screenshot(path=str(artifacts / "viz-shipped.png"))

    # The search box finds a node by label and selects and centres it.
    target = next(iter(proj.of_type("Role")))
    assert loaded.js("() => document.querySelectorAll('#rg-labels option').length") == 0  # made when first needed
    loaded.page.fill("#rg-search", proj.label(target).upper())
    suggested = loaded.js("() => [...document.querySelectorAll('#rg-labels option')].map(o => o.value)")
    assert len(suggested) == len(set(suggested)) and proj.label(target) in suggested
    loaded.page.press("#rg-search", "Enter")
    selected = loaded.js("() => network.getSelectedNodes().map(id => network.body.data.nodes.get(id).label)")
    assert selected == [proj.label(target)]
    assert proj.label(target) in loaded.page.inner_text("#rg-status")
    loaded.page.fill("#rg-search", "no such thing at all")
    loaded.page.press("#rg-search", "Enter")
    assert "Nothing called" in loaded.page.inner_text("#rg-status")
    assert_clean(loaded)


def test_injected_labels_stay_text(run, open_page, tmp_path, artifacts):
    graph = write_graph(
        tmp_path / "evil.ttl",
        [
            ("evil", "Role", IMG, SCRIPT + " " + IMG),
            ("evil2", "Skill", SCRIPT, "</script><script>window.__pwned=1</script> & <b>bold</b>"),
            ("plain", "Tool", 'quote " and ampersand & https://example.org/x', "see //cdn.example/x"),
        ],
        [("evil", "essentialSkill", "evil2"), ("evil", "usesTool", "plain")],
    )
    (tmp_path / "evil-sources.trig").write_text(
        PREFIXES
        + "rg:src a rg:Source ; skos:prefLabel " + ttl_string("<img src=y onerror=window.__pwned=2> title") + " ; dcterms:identifier <https://example.org/doc> .\n"
        + "rg:ev1 a rg:Evidence ; dcterms:source rg:src ; rg:quote " + ttl_string("a quote " + SCRIPT) + " .\n"
        + "rg:ev1 { rg:evil rg:essentialSkill rg:evil2 . rg:evil skos:altLabel \"evil alt\"@en . }\n",
        encoding="utf-8",
    )
    out = tmp_path / "evil.html"
    run("--graph", str(graph), "--graph", str(tmp_path / "evil-sources.trig"), "viz", "-o", str(out))
    html = out.read_text(encoding="utf-8")
    # Markup from the data never appears as markup; the source's URL (its
    # dcterms:identifier) is not in the page at all.
    assert IMG not in html and "<b>bold" not in html and "example.org\\/doc" not in html
    loaded = open_page(out)
    assert node_count(loaded)[0] == 4
    labels = loaded.js("() => network.body.data.nodes.get().map(n => n.label).sort()")
    assert IMG in labels and SCRIPT in labels

    evil = loaded.js(f"() => network.body.data.nodes.get().find(n => n.label === {json.dumps(IMG)}).id")
    x, y = screen_point(loaded, evil)
    loaded.page.mouse.move(x - 40, y - 40)
    loaded.page.mouse.move(x, y, steps=5)
    tooltip = loaded.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
    text = tooltip.inner_text()
    assert IMG in text and SCRIPT in text and "title" in text and "a quote" in text
    assert "https" not in text
    # innerText turns each newline into a <br>; nothing else may appear.
    assert loaded.js("() => [...document.querySelector('div.vis-tooltip').children].map(c => c.tagName).filter(t => t !== 'BR')") == []
    loaded.page.screenshot(path=str(artifacts / "viz-injection-hover.png"))

    loaded.page.mouse.click(x, y)
    details = loaded.page.inner_text("#rg-details")
    assert IMG in details and SCRIPT in details
    assert loaded.js("() => document.getElementById('rg-details').children.length") == 0

    loaded.page.fill("#rg-search", SCRIPT)
    loaded.page.press("#rg-search", "Enter")
    assert SCRIPT in loaded.page.inner_text("#rg-status")
    loaded.page.wait_for_timeout(300)
    assert loaded.js("() => document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert loaded.js("() => document.scripts.length") == 3
    assert_clean(loaded)


def big_graph(path: Path, n: int = 5000, seed: int = 5) -> Path:
    rnd = random.Random(seed)
    kinds = [("Role", 50), ("Task", 950), ("Tool", 1000), ("Skill", n - 2000)]
    entities, by_kind = [], {}
    for kind, count in kinds:
        by_kind[kind] = [f"{kind.lower()}{i}" for i in range(count)]
        entities += [(e, kind, f"{kind.lower()} {i}") for i, e in enumerate(by_kind[kind])]
    links = []
    for role in by_kind["Role"]:
        links += [(role, "essentialSkill", s) for s in rnd.sample(by_kind["Skill"], 80)]
        links += [(role, "optionalSkill", s) for s in rnd.sample(by_kind["Skill"], 60)]
        links += [(role, "usesTool", t) for t in rnd.sample(by_kind["Tool"], 30)]
        links += [(role, "performsTask", t) for t in rnd.sample(by_kind["Task"], 25)]
    for task in by_kind["Task"]:
        links += [(task, "involvesSkill", rnd.choice(by_kind["Skill"])), (task, "involvesTool", rnd.choice(by_kind["Tool"]))]
    return write_graph(path, entities, links)


@pytest.mark.slow
def test_five_thousand_nodes_are_interactive(run, open_page, tmp_path, artifacts):
    graph = big_graph(tmp_path / "big.ttl")
    out = tmp_path / "big.html"
    compile_and_export = export(run, out, "--graph", str(graph))
    export_only = export(run, out, "--graph", str(graph))  # the store is compiled now
    loaded = open_page(out, timeout=20)
    assert node_count(loaded) == [5000, 5000]
    assert loaded.js("() => network.physics.options.enabled") is False
    assert loaded.ready_seconds < 20
    # Still responsive: a zoom and a search come back quickly.
    start = time.perf_counter()
    loaded.page.fill("#rg-search", "role 7")
    loaded.page.press("#rg-search", "Enter")
    loaded.js("() => { network.moveTo({scale: 1.0}); network.redraw(); }")
    interaction = time.perf_counter() - start
    assert loaded.js("() => network.getSelectedNodes().length") == 1
    assert interaction < 5
    assert_clean(loaded)
    record("5000 nodes", entities=5000, compile_and_export_seconds=compile_and_export, export_seconds=export_only, ready_seconds=loaded.ready_seconds, search_and_zoom_seconds=interaction)
    loaded.page.screenshot(path=str(artifacts / "viz-5000.png"))


def test_empty_graph_page_still_gets_ready(run, open_page, tmp_path):
    graph = tmp_path / "none.ttl"
    graph.write_text(PREFIXES + "rg:x rg:note rg:y .\n", encoding="utf-8")
    out = tmp_path / "none.html"
    run("--graph", str(graph), "viz", "-o", str(out))
    loaded = open_page(out, timeout=10)
    assert node_count(loaded) == [0, 0]
    assert_clean(loaded)


# ------------------------------------------------------------------ legend

NODES_UNDER = """(box) => {
    const r = document.getElementById('rg-network').getBoundingClientRect();
    const pos = network.getPositions();
    return Object.keys(pos).filter((id) => {
        const d = network.canvasToDOM(pos[id]);
        const x = r.left + d.x, y = r.top + d.y;
        return x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
    }).length;
}"""


def rect(loaded: Loaded, selector: str) -> dict[str, float]:
    return loaded.js("(s) => { const r = document.querySelector(s).getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width}; }", selector)


def tab_to(loaded: Loaded, element_id: str, limit: int = 20) -> None:
    """Press Tab until ``element_id`` has the keyboard focus, as a keyboard user would."""
    loaded.page.mouse.click(5, 5)  # start from the page, not the URL bar
    for _ in range(limit):
        loaded.page.keyboard.press("Tab")
        if loaded.js("() => document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} is not reachable with Tab")


def test_legend_never_covers_a_node_and_folds_with_the_keyboard(run, open_page, tmp_path, proj, artifacts):
    out = tmp_path / "all.html"
    export(run, out)
    loaded = open_page(out)
    toggle = "#rg-legend-toggle"
    assert loaded.page.get_attribute(toggle, "aria-expanded") == "true"
    assert loaded.page.get_attribute(toggle, "aria-controls") == "rg-legend"
    legend, canvas = rect(loaded, "#rg-legend"), rect(loaded, "#rg-network")
    assert legend["width"] > 100
    # The legend is laid out beside the drawing area, not over it ...
    assert canvas["right"] <= legend["left"] + 0.5
    # ... so no node's drawn position falls inside the legend.
    assert loaded.js(NODES_UNDER, legend) == 0
    assert loaded.page.is_visible("#rg-legend") and "needs a skill" in loaded.page.inner_text("#rg-legend")

    tab_to(loaded, "rg-legend-toggle")
    loaded.page.keyboard.press("Enter")
    assert loaded.page.get_attribute(toggle, "aria-expanded") == "false"
    assert not loaded.page.is_visible("#rg-legend")
    wide = rect(loaded, "#rg-network")
    assert wide["width"] >= canvas["width"] + legend["width"] - 1  # the drawing takes the room
    loaded.page.screenshot(path=str(artifacts / "viz-legend-folded.png"))

    loaded.page.keyboard.press("Space")  # the focus stays on the button
    assert loaded.page.get_attribute(toggle, "aria-expanded") == "true"
    assert loaded.page.is_visible("#rg-legend")
    loaded.page.wait_for_timeout(100)
    legend = rect(loaded, "#rg-legend")
    assert rect(loaded, "#rg-network")["right"] <= legend["left"] + 0.5
    assert loaded.js(NODES_UNDER, legend) == 0
    # Every node is still inside the drawing area (the view was refitted).
    assert loaded.js(NODES_UNDER, rect(loaded, "#rg-network")) == len(proj)
    assert_clean(loaded)

    # On a narrow screen the legend starts folded, leaving the room to the graph.
    loaded.page.set_viewport_size({"width": 600, "height": 800})
    loaded.page.reload()
    loaded.page.wait_for_function("() => window.rolegraph && window.rolegraph.ready === true", timeout=20000)
    assert loaded.page.get_attribute(toggle, "aria-expanded") == "false" and not loaded.page.is_visible("#rg-legend")
    assert_clean(loaded)


def test_legend_colours_are_the_links_colours(run, open_page, tmp_path):
    out = tmp_path / "all.html"
    export(run, out)
    loaded = open_page(out)
    drawn = loaded.js("() => [...new Set(network.body.data.edges.get().map(e => e.color.color))]")
    legend = loaded.js("() => [...document.querySelectorAll('#rg-legend .rg-family > .rg-row > canvas')].map(c => c.dataset.colour)")
    assert len(drawn) <= 7 and len(legend) == len(set(legend)) and sorted(legend) == sorted(drawn)
    assert_clean(loaded)


# ------------------------------------------------------------------ a deep focus stays readable

LABEL_BOXES = """() => {
    const scale = network.getScale();
    const out = [];
    for (const id of network.body.data.nodes.getIds()) {
        const m = network.body.nodes[id].labelModule;
        if (!m.visible()) continue;
        const s = m.size;
        out.push({id: id, left: s.left, top: s.top, width: s.width, height: s.height, px: m.fontOptions.size * scale});
    }
    return out;
}"""


def overlapping_pairs(boxes: list[dict]) -> list[tuple[int, int]]:
    """Pairs of label boxes that intersect (canvas coordinates; intersection
    does not depend on the zoom, since positions and text scale together)."""
    pairs = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a["left"] < b["left"] + b["width"] and b["left"] < a["left"] + a["width"] and a["top"] < b["top"] + b["height"] and b["top"] < a["top"] + a["height"]:
                pairs.append((a["id"], b["id"]))
    return pairs


#: At most this many pairs of drawn labels may intersect in the depth-2 focus.
#: The readable baseline is the depth-1 view of the same entity, where 7 of its
#: 52 labels' pairs touch (mostly two lines of one long task name grazing
#: another); a pair that touches still leaves both labels legible, and each is
#: also shown whole on hover. Before the cap the depth-2 view drew 114 labels
#: at under 6 px.
MAX_OVERLAPS = 4
#: Drawn labels must be at least this tall on screen when the view is fitted.
MIN_LABEL_PX = 8.0


def test_deep_focus_is_readable(run, open_page, tmp_path, artifacts):
    from rolegraph.viz.select import FOCUS_CAP

    out = tmp_path / "ds.html"
    run("viz", "--focus", "data scientist", "--depth", "2", "-o", str(out))
    loaded = open_page(out)
    shown = node_count(loaded)
    assert shown[0] <= FOCUS_CAP and shown[0] == shown[1]
    summary = loaded.page.inner_text("#rg-summary")
    assert f"{shown[0]} of " in summary and "left out" in summary and "--depth 1" in summary
    boxes = loaded.js(LABEL_BOXES)
    quiet = loaded.js("() => network.body.data.nodes.get().filter(n => n.quiet).map(n => n.id)")
    assert quiet and not {b["id"] for b in boxes} & set(quiet)  # the outer ring is labelled on hover
    assert len(boxes) + len(quiet) == shown[0]
    pairs = overlapping_pairs(boxes)
    assert len(pairs) <= MAX_OVERLAPS, pairs
    assert min(b["px"] for b in boxes) >= MIN_LABEL_PX
    assert loaded.js(NODES_UNDER, rect(loaded, "#rg-legend")) == 0
    record("focus depth 2", entities=shown[0], labels=len(boxes), overlapping_pairs=len(pairs), label_px=min(b["px"] for b in boxes))
    loaded.page.screenshot(path=str(artifacts / "viz-focus-depth2.png"))

    # Hovering over an unlabelled entity shows its label; leaving hides it again.
    visible = "(id) => network.body.nodes[id].labelModule.visible()"
    x, y = screen_point(loaded, quiet[0])
    loaded.page.mouse.move(x - 40, y - 40)
    loaded.page.mouse.move(x, y, steps=5)
    loaded.page.wait_for_function(f"() => ({visible})({quiet[0]})", timeout=5000)
    loaded.page.mouse.move(5, y, steps=5)
    loaded.page.wait_for_function(f"() => !({visible})({quiet[0]})", timeout=5000)
    # Zoomed in (with the mouse wheel), every label shows.
    loaded.js("() => { network.moveTo({scale: 1.5}); }")
    loaded.page.mouse.move(300, 300)
    loaded.page.mouse.wheel(0, -50)
    loaded.page.wait_for_function(f"() => ({visible})({quiet[-1]})", timeout=5000)
    assert loaded.js("() => network.getScale()") >= 1
    assert_clean(loaded)


# ------------------------------------------------------------------ links to the web app


def test_entity_url_links_each_node_to_its_page(open_page, tmp_path, artifacts):
    from rolegraph.store import open_store
    from rolegraph.viz import write

    graph = tmp_path / "linked.ttl"
    graph.write_text(
        PREFIXES
        + "rg:ds a rg:Role ; skos:prefLabel " + ttl_string(SCRIPT + " scientist") + " .\n"
        + "<http://example.org/skills/s1> a rg:Skill ; skos:prefLabel \"foreign skill\"@en .\n"
        + "rg:ds rg:essentialSkill <http://example.org/skills/s1> .\n",
        encoding="utf-8",
    )
    store = open_store([graph])
    out = write(store, tmp_path / "linked.html", entity_url="/show?ref=")
    loaded = open_page(out)
    home = loaded.js("() => { const a = document.getElementById('rg-home'); return a && [a.textContent, a.getAttribute('href')]; }")
    assert home == ["rolegraph home", "/"]

    hrefs = {}
    for label, ref in ((SCRIPT + " scientist", "ds"), ("foreign skill", "http://example.org/skills/s1")):
        node = loaded.js(f"() => network.body.data.nodes.get().find(n => n.label === {json.dumps(label)}).id")
        loaded.page.mouse.click(*screen_point(loaded, node))
        link = loaded.page.wait_for_selector("#rg-details a", timeout=5000)
        assert link.inner_text() == "Open the entity page"
        assert link.get_attribute("target") is None  # same tab: Back returns to the graph
        hrefs[ref] = link.get_attribute("href")
        assert label in loaded.page.inner_text("#rg-details")  # the label, as text
    assert hrefs == {"ds": "/show?ref=ds", "http://example.org/skills/s1": "/show?ref=http%3A%2F%2Fexample.org%2Fskills%2Fs1"}
    assert loaded.js("() => document.querySelectorAll('#rg-details *').length") == 2  # the <p> and its <a>, nothing from data
    loaded.page.screenshot(path=str(artifacts / "viz-entity-link.png"))
    assert_clean(loaded)

    # Following the link navigates (same tab) to that path relative to the page.
    with loaded.page.expect_request(lambda r: "show?ref=" in r.url, timeout=5000) as request:
        loaded.page.click("#rg-details a")
    assert request.value.url == "file:///show?ref=http%3A%2F%2Fexample.org%2Fskills%2Fs1"
    assert request.value.is_navigation_request() and request.value.frame == loaded.page.main_frame


def test_without_entity_url_nothing_links(run, open_page, tmp_path):
    out = tmp_path / "plain.html"
    run("viz", "--focus", "data scientist", "-o", str(out))
    loaded = open_page(out)
    node = loaded.js("() => network.body.data.nodes.get().find(n => n.label === 'data scientist').id")
    loaded.page.mouse.click(*screen_point(loaded, node))
    loaded.page.wait_for_selector("#rg-details", state="visible", timeout=5000)
    assert loaded.js("() => document.querySelectorAll('a, [href]').length") == 0
    assert loaded.js("() => document.getElementById('rg-details').children.length") == 0
    assert_clean(loaded)


# ------------------------------------------------------------------ tooltips built in the page

ONET_FIXTURE = Path(__file__).resolve().parents[1] / "importers" / "onet" / "fixture"


@pytest.mark.parametrize("which", ["shipped", "onet"])
def test_tooltips_are_what_rolegraph_always_wrote(which, store, open_page, tmp_path):
    """The page ships compact rows and builds every node's and link's tooltip
    in the browser: each is, to the letter, the text rolegraph used to write
    into the page (label, class, hot mark, alternative labels, definition,
    ratings, sources), for the shipped graph and for O*NET's (hot
    technologies, ratings)."""
    from rolegraph.store import open_store
    from rolegraph.viz import write
    from rolegraph.viz.network import _definitions
    from rolegraph.viz.select import select_view
    from rolegraph.viz.style import relation_name

    from vizhelpers import edge_tooltip, node_tooltip

    options: dict = {}
    if which == "onet":
        from rolegraph.importers.onet import import_onet

        nt = tmp_path / "onet.nt"
        import_onet(ONET_FIXTURE, nt, release="test fixture")
        store = open_store([nt], cache_dir=tmp_path / "cache")
        options = {"focus": "Data Scientists"}
    proj = store.projection
    view = select_view(store, **options)
    out = write(store, tmp_path / "tips.html", **options)
    loaded = open_page(out)
    nodes = loaded.js("() => network.body.data.nodes.get().map(n => [n.id, n.title])")
    edges = loaded.js("() => network.body.data.edges.get().map(e => [e.from, e.to, e.relation, e.title])")
    definitions = _definitions(store, set(view.nodes))
    assert nodes == [[i, node_tooltip(proj, iri, definitions.get(iri))] for i, iri in enumerate(view.nodes)]
    ids = {iri: i for i, iri in enumerate(view.nodes)}
    assert edges == [[ids[s], ids[o], relation_name(p), edge_tooltip(proj, s, p, o)] for s, p, o in view.edges]
    titles = "\n".join([t for _i, t in nodes] + [e[3] for e in edges])
    if which == "onet":
        assert "Hot technology (O*NET" in titles and "Rated: importance " in titles and "in demand" in titles
    else:
        assert "Sources:" in titles and "also: " in titles
    assert_clean(loaded)
