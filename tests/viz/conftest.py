"""Fixtures for the graph page: a real headless Chromium, pages opened with
every request other than ``file:``/``data:`` blocked and recorded.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright through
``executable_path`` (no browser download). Without it the browser tests are
skipped, except in CI (env ``CI`` set), where they fail.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from vizhelpers import ARTIFACTS, Loaded


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# The browser itself is tests/conftest.py's (one Playwright per process).


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
