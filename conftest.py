"""For every pytest run (the tests and ``pytest --doctest-modules src/``):
compiled stores go to a temporary cache, never the user's."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    cache = tmp_path_factory.mktemp("cache")
    old = os.environ.get("ROLEGRAPH_CACHE_DIR")
    os.environ["ROLEGRAPH_CACHE_DIR"] = str(cache)
    yield cache
    if old is None:
        os.environ.pop("ROLEGRAPH_CACHE_DIR", None)
    else:
        os.environ["ROLEGRAPH_CACHE_DIR"] = old
