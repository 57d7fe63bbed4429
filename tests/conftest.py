"""Shared fixtures: an isolated cache, a CLI runner, the shipped store."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SOURCES = Path(os.environ.get("ROLEGRAPH_SOURCES_DIR", REPO.parent / "shared" / "sources"))


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Compiled stores go to a temporary cache, never the user's."""
    cache = tmp_path_factory.mktemp("cache")
    old = os.environ.get("ROLEGRAPH_CACHE_DIR")
    os.environ["ROLEGRAPH_CACHE_DIR"] = str(cache)
    yield cache
    if old is None:
        os.environ.pop("ROLEGRAPH_CACHE_DIR", None)
    else:
        os.environ["ROLEGRAPH_CACHE_DIR"] = old


class Run:
    """Invoke the CLI in-process; ``run.json(...)`` parses stdout."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int | None = 0):
        from rolegraph.cli import cli

        result = self.runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        if code is not None:
            assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
        return result

    def json(self, *args: str, input: str | None = None):
        return json.loads(self(*args, "--format", "json", input=input).stdout)


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
