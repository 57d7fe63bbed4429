"""Shared fixtures: the CLI runner, the shipped store, and real servers on
127.0.0.1 (the isolated cache is the top-level conftest's)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import CHROMIUM, CHROMIUM_ARGS, Run
from servers import Listener, OxigraphServer, running_oxigraph


@pytest.fixture
def run() -> Run:
    return Run()


@pytest.fixture(scope="session")
def store():
    from rolegraph.store import open_store

    return open_store()


@pytest.fixture(scope="session")
def proj(store):
    return store.projection


@pytest.fixture
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A real Oxigraph server on 127.0.0.1 with a temporary store, stopped after."""
    with running_oxigraph(tmp_path_factory) as server:
        yield server


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """A real headless Chromium: Debian's, driven by Playwright through
    ``executable_path`` (no browser download). One for the whole run, since a
    process can hold one Playwright at a time. Without Chromium the browser
    tests are skipped, except in CI (env ``CI`` set), where they fail."""
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
