"""The web app in a real headless Chromium, against the real server: paste a
job ad into fit, open a compare page by URL, follow a link from the graph to
an entity page and back — with no console error and no request leaving
127.0.0.1. ``UPDATE_SCREENSHOTS=1`` rewrites the README's screenshots."""

from __future__ import annotations

import os
import re

import pytest

from .conftest import start_server
from helpers import REPO

pytestmark = [pytest.mark.browser, pytest.mark.server]

SHOTS = REPO / "docs" / "screenshots"
UPDATE = os.environ.get("UPDATE_SCREENSHOTS") == "1"
AD = """Junior data analyst wanted. You will build dashboards in Tableau and Excel,
write SQL against our warehouse, and present findings to the business.
Some statistics and data visualization experience is a plus; Looker is nice to have."""


def shot(tab, name: str) -> None:
    if UPDATE:
        SHOTS.mkdir(parents=True, exist_ok=True)
        tab.page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def test_fit_ranks_roles_for_a_pasted_job_ad(tab):
    tab.page.goto(tab.base + "fit")
    tab.page.fill("#text", AD)
    tab.page.click("button:has-text('Rank the roles')")
    tab.page.wait_for_selector("#result table")
    first = tab.page.inner_text("#result tbody tr:first-child td:first-child")
    assert first == "data analyst"
    recognised = tab.page.inner_text("#result")
    assert "Recognised in the text" in recognised and "Tableau" in recognised
    # The pasted text comes back with the recognised spans highlighted, each
    # exactly the words of the ad it rests on, and nothing else marked.
    marks = tab.page.locator("#marked-text mark").all_inner_texts()
    assert {"Tableau", "Excel", "SQL"} <= set(marks)
    assert all(m in AD for m in marks)
    assert tab.page.inner_text("#marked-text").split() == AD.split()
    assert "Looker" in tab.page.locator("#marked-text u.unrecognised").all_inner_texts()
    shot(tab, "fit")
    assert tab.problems() == []


def test_compare_page_by_url(tab):
    tab.page.goto(tab.base + "compare?a=data+scientist&b=machine+learning+engineer")
    heading = tab.page.inner_text("#result")
    assert re.search(r"data scientist vs machine learning engineer: similarity 0\.\d\d", heading)
    assert tab.page.input_value("#a") == "data scientist"
    cells = tab.page.inner_text("table.compare")
    assert "machine learning" in cells
    shot(tab, "compare")
    assert tab.problems() == []


def test_gap_workflow_and_entity_pages(tab):
    tab.page.goto(tab.base + "gap?from=data+analyst&to=data+scientist")
    assert "coverage" in tab.page.inner_text("#result")
    assert tab.page.locator("ol.plan > li").count() > 3
    shot(tab, "gap")
    tab.page.goto(tab.base + "workflow")
    assert tab.page.locator("ol.steps > li").count() == 3
    shot(tab, "workflow")
    tab.page.goto(tab.base + "show?ref=rg:data-scientist")
    assert tab.page.inner_text("h1") == "data scientist"
    assert "Partners with the Data Scientist" in tab.page.inner_text("main")  # a quote, with its source
    shot(tab, "entity")
    assert tab.problems() == []


def test_search_suggests_and_goes(tab):
    tab.page.goto(tab.base)
    shot(tab, "home")
    tab.page.focus("#q")
    tab.page.keyboard.type("visualis")
    tab.page.wait_for_function("() => document.querySelectorAll('#q-suggestions option').length > 0")
    options = tab.page.eval_on_selector_all("#q-suggestions option", "os => os.map(o => o.value)")
    assert "data visualization" in options
    tab.page.fill("#q", "Tableau")
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_url(re.compile(r".*/search\?q=Tableau.*"))
    assert tab.page.inner_text("h1") == "Tableau"
    tab.page.goto(tab.base + "show?ref=Pythn")
    assert "no entity matches 'Pythn'" in tab.page.inner_text("main")
    assert tab.page.locator("ul.suggestions a", has_text="Python").count() == 1
    assert [e for e in tab.problems() if "404" not in e] == []


def test_graph_links_to_entity_pages_and_back(tab):
    tab.page.goto(tab.base + "graph?focus=data+scientist&depth=1")
    tab.page.wait_for_function("() => window.rolegraph && window.rolegraph.ready === true", timeout=20000)
    graph_url = tab.page.url
    shot(tab, "graph")
    node = tab.page.evaluate(
        """() => {
            const nodes = network.body.data.nodes.get();
            const n = nodes.find(x => x.label === 'machine learning engineer');
            const p = network.canvasToDOM(network.getPositions([n.id])[n.id]);
            const r = document.getElementById('rg-network').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }"""
    )
    tab.page.mouse.click(node[0], node[1])
    link = tab.page.locator("#rg-details a", has_text="Open the entity page")
    link.wait_for(timeout=5000)
    link.click()
    tab.page.wait_for_url(re.compile(r".*/show\?ref=.*"))
    assert tab.page.inner_text("h1") == "machine learning engineer"
    tab.page.go_back()
    tab.page.wait_for_url(graph_url)
    tab.page.wait_for_function("() => window.rolegraph && window.rolegraph.ready === true", timeout=20000)
    assert tab.problems() == []


HOSTILE = """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
rg:evil a rg:Role ; skos:prefLabel "<img src=x onerror=window.__pwned=1>"@en ;
    skos:definition "<script>window.__pwned=1</script> a role"@en ; rg:essentialSkill rg:sql .
rg:sql a rg:Skill ; skos:prefLabel "SQL"@en ; skos:altLabel "<script>window.__pwned=2</script>"@en .
"""


def test_markup_in_the_data_is_shown_as_text(browser, tmp_path):
    data = tmp_path / "hostile.ttl"
    data.write_text(HOSTILE, encoding="utf-8")
    server = start_server("--graph", str(data), "serve")
    try:
        context = browser.new_context()
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in ("show?ref=rg:evil", "show?ref=SQL", "search?q=img", "compare?a=rg:evil&b=rg:evil", "graph?focus=rg:evil"):
            page.goto(server.url + path)
            page.wait_for_load_state("load")
            assert page.evaluate("() => window.__pwned") is None, path
        page.goto(server.url + "show?ref=rg:evil")
        assert page.inner_text("h1") == "<img src=x onerror=window.__pwned=1>"
        assert "<script>window.__pwned=1</script> a role" in page.inner_text("main")
        assert errors == []
        context.close()
    finally:
        assert server.stop() == 0
