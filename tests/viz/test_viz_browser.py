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
    loaded.page.fill("#rg-search", proj.label(target).upper())
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
