"""Shared fixtures: a CLI runner and the shipped store (the isolated cache is
the top-level conftest's)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
SOURCES = Path(os.environ.get("ROLEGRAPH_SOURCES_DIR", REPO.parent / "shared" / "sources"))


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
