"""The one way tests run the CLI: in process, with click's ``CliRunner``, an
escaping exception recorded (never swallowed), stdout and stderr apart."""

from __future__ import annotations

import json
import os
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
#: Debian's Chromium, which the browser tests drive with Playwright.
CHROMIUM = os.environ.get("ROLEGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@dataclass
class Outcome:
    """What one CLI invocation did."""

    code: int
    stdout: str
    stderr: str
    output: str  # stdout and stderr interleaved, as a terminal shows them
    crash: str | None  # the traceback of an exception that escaped, if any

    @property
    def error_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("Error: ")]


def invoke(*args: str, input: str | bytes | None = None, env: dict[str, str] | None = None) -> Outcome:
    """Run ``rolegraph ARGS`` in process; an escaping exception is recorded, not
    raised, so a test can say "this was a traceback" instead of failing oddly."""
    from click.testing import CliRunner

    from rolegraph.cli import cli

    result = CliRunner().invoke(cli, list(args), input=input, env=env, prog_name="rolegraph", catch_exceptions=True)
    crash = None
    if result.exc_info is not None and not isinstance(result.exc_info[1], SystemExit):
        crash = "".join(traceback.format_exception(*result.exc_info))
    return Outcome(result.exit_code, result.stdout, result.stderr, result.output, crash)


class Run:
    """``run(*args, code=0)``: invoke and assert the exit code (and that nothing
    crashed); ``run.json(*args)`` parses stdout of ``--format json``."""

    def __call__(self, *args: str, input: str | None = None, code: int | None = 0, env: dict[str, str] | None = None) -> Outcome:
        out = invoke(*args, input=input, env=env)
        assert out.crash is None, f"an exception escaped:\n{out.crash}"
        if code is not None:
            assert out.code == code, (out.code, out.stdout, out.stderr)
        return out

    def json(self, *args: str, input: str | None = None) -> Any:
        return json.loads(self(*args, "--format", "json", input=input).stdout)
