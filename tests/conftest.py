"""Shared fixtures: the CLI runner, the shipped store, and real servers on
127.0.0.1 (the isolated cache is the top-level conftest's)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from helpers import Run
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
