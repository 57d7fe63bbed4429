"""The README and the CLI reference stay true.

README blocks that follow a ``<!-- run: ARGS -->`` marker are the real output of
``rolegraph ARGS``; ``docs/cli.md`` is the ``--help`` of every command. Run
``UPDATE_DOCS=1 python -m pytest tests/test_docs.py`` to regenerate both.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil

import click
import pytest

from rolegraph.cli import cli

from helpers import REPO, invoke

README = REPO / "README.md"
CLI_MD = REPO / "docs" / "cli.md"
UPDATE = os.environ.get("UPDATE_DOCS") == "1"
MARKER = re.compile(r"(<!-- run: (?P<args>.+?) -->\n```console\n)(?P<body>.*?)(```)", re.S)


def _run(args: str) -> str:
    result = invoke(*shlex.split(args), env={"COLUMNS": "120"})
    assert result.crash is None, result.crash
    # What a terminal shows: stdout and stderr interleaved.
    return f"$ rolegraph {args}\n{result.output.rstrip()}\n"


def test_readme_transcripts_are_real_output(tmp_path, monkeypatch):
    # The transcripts run in an empty directory holding the ESCO-format test
    # fixture as esco-csv/, imported to esco.nt as the README shows.
    shutil.copytree(REPO / "tests" / "importers" / "esco" / "fixture", tmp_path / "esco-csv")
    monkeypatch.chdir(tmp_path)
    assert invoke("import", "esco", "esco-csv/", "-o", "esco.nt").code == 0
    text = README.read_text()
    blocks = list(MARKER.finditer(text))
    assert len(blocks) >= 4
    new = MARKER.sub(lambda m: m.group(1) + _run(m.group("args")) + m.group(4), text)
    if UPDATE:
        README.write_text(new)
    assert new == text, "README transcripts are stale: run UPDATE_DOCS=1 python -m pytest tests/test_docs.py"


def test_readme_shows_the_two_setup_commands_and_ci_runs_the_second():
    text = README.read_text()
    install = 'python -m pip install . && rolegraph compare "data scientist" "machine learning engineer" && rolegraph viz --compare "data scientist" "machine learning engineer" -o rolegraph.html'
    tests = 'python -m pip install ".[test]" && python -m pytest'
    assert install in text and tests in text
    assert tests in (REPO / ".ci" / "run").read_text()


def _reference() -> str:
    out = ["# CLI reference", "", "Generated from `--help`; `tests/test_docs.py` keeps it current.", ""]

    def walk(command: click.Command, path: list[str]) -> None:
        ctx = click.Context(command, info_name=" ".join(path), terminal_width=100, max_content_width=100, help_option_names=["-h", "--help"])
        out.extend([f"## {' '.join(path)}", "", "```", command.get_help(ctx).rstrip(), "```", ""])
        if isinstance(command, click.Group):
            for name in sorted(command.commands):
                walk(command.commands[name], [*path, name])

    walk(cli, ["rolegraph"])
    return "\n".join(out)


def test_cli_reference_is_current():
    ref = _reference()
    if UPDATE:
        CLI_MD.parent.mkdir(exist_ok=True)
        CLI_MD.write_text(ref)
    assert CLI_MD.read_text() == ref, "docs/cli.md is stale: run UPDATE_DOCS=1 python -m pytest tests/test_docs.py"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented(name):
    command = cli.commands[name]
    assert command.help and "Example" in command.help, f"{name} help needs an example"
    assert f"rolegraph {name}" in README.read_text() or "rolegraph --graph" in README.read_text() and name in README.read_text(), name
