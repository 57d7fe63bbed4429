"""Fixtures for the graph page: small Turtle graphs and a real headless Chromium.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright through
``executable_path`` (no browser download). Without it the browser tests are
skipped, except in CI (env ``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
CHROMIUM = os.environ.get("ROLEGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PREFIXES = """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


def ttl_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"@en'


def write_graph(path: Path, entities: Sequence[tuple[str, str, str] | tuple[str, str, str, str]], links: Sequence[tuple[str, str, str]] = ()) -> Path:
    """A Turtle file: ``entities`` are (id, class, label[, definition]),
    ``links`` are (subject id, property, object id), all in the rg: namespace."""
    lines = [PREFIXES]
    for ent in entities:
        ident, cls, label = ent[:3]
        lines.append(f"rg:{ident} a rg:{cls} ; skos:prefLabel {ttl_string(label)}")
        if len(ent) > 3:
            lines.append(f" ; skos:definition {ttl_string(ent[3])}")  # type: ignore[misc]
        lines.append(" .\n")
    for s, p, o in links:
        lines.append(f"rg:{s} rg:{p} rg:{o} .\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# ------------------------------------------------------------------ browser


@dataclass
class Loaded:
    """A page opened from ``file:`` with everything else blocked and recorded."""

    page: Any
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    ready_seconds: float = 0.0

    def problems(self) -> list[str]:
        return [f"request: {u}" for u in self.blocked] + [f"console: {m}" for m in self.console_errors] + [f"page error: {m}" for m in self.page_errors]

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def _open(path: Path, timeout: float = 20.0) -> Loaded:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
        contexts.append(context)
        page = context.new_page()
        loaded = Loaded(page)

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(("file:", "data:")):
                r.continue_()
            else:
                loaded.blocked.append(url)
                r.abort()

        context.route("**/*", route)
        page.on("request", lambda req: None if req.url.startswith(("file:", "data:")) or req.url in loaded.blocked else loaded.blocked.append(req.url))
        page.on("console", lambda msg: loaded.console_errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: loaded.page_errors.append(str(exc)))
        start = time.perf_counter()
        page.goto(path.resolve().as_uri())
        page.wait_for_function("() => window.rolegraph && window.rolegraph.ready === true", timeout=timeout * 1000)
        loaded.ready_seconds = time.perf_counter() - start
        return loaded

    yield _open
    for c in contexts:
        c.close()
