"""The README and the pages of docs/ stay true.

A block that follows a ``<!-- run: ARGS -->`` marker is the real output of
``rolegraph ARGS``; one after ``<!-- run-with-oxigraph: ARGS -->`` the same,
run against a real Oxigraph server started here (``http://localhost:7878`` in
the text stands for it); a ``python`` block after ``<!-- python -->`` runs
without error. Timings (``in 0.34 s``) may differ from run to run.
``docs/cli.md`` is the ``--help`` of every command. Run
``UPDATE_DOCS=1 python -m pytest tests/cli/test_docs.py`` to regenerate them.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
from pathlib import Path

import click
import pytest

from rolegraph.cli import cli

from helpers import REPO, invoke

README = REPO / "README.md"
CLI_MD = REPO / "docs" / "cli.md"
PAGES = [README, *sorted(p for p in (REPO / "docs").glob("*.md") if p != CLI_MD)]
UPDATE = os.environ.get("UPDATE_DOCS") == "1"
MARKER = re.compile(r"(<!-- (?P<kind>run|run-with-oxigraph): (?P<args>.+?) -->\n```console\n)(?P<body>.*?)(```)", re.S)
PYTHON = re.compile(r"<!-- python -->\n```python\n(?P<code>.*?)```", re.S)
SECONDS = re.compile(r"\bin \d+\.\d+ s\b")
PLACEHOLDER = "http://localhost:7878"


def _run(args: str, server: str | None = None) -> str:
    argv = shlex.split(args.replace(PLACEHOLDER, server) if server else args)
    result = invoke(*argv, env={"COLUMNS": "120"})
    assert result.crash is None, result.crash
    output = result.output.rstrip()
    if server:
        output = output.replace(server, PLACEHOLDER)
    # What a terminal shows: stdout and stderr interleaved.
    return f"$ rolegraph {args}\n{output}\n"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding the ESCO-format test fixture as esco-csv/ (imported
    to esco.nt as docs/esco.md shows), the real ESCO sample as esco-ict.zip,
    the O*NET-format fixture as onet-fixture/ with its crosswalk, the shipped
    graph as graph/ and the examples of docs/examples/ as examples/."""
    tmp = tmp_path_factory.mktemp("docs")
    shutil.copytree(REPO / "tests" / "importers" / "esco" / "fixture", tmp / "esco-csv")
    shutil.copytree(REPO / "graph", tmp / "graph")
    shutil.copytree(REPO / "docs" / "examples", tmp / "examples")
    shutil.copytree(REPO / "tests" / "importers" / "onet" / "fixture", tmp / "onet-fixture")
    shutil.copy(REPO / "tests" / "importers" / "onet" / "esco-onet-crosswalk.csv", tmp / "esco-onet-crosswalk.csv")
    # The real ESCO sample zipped as the README says (python -m zipfile -c).
    import zipfile

    with zipfile.ZipFile(tmp / "esco-ict.zip", "w", zipfile.ZIP_DEFLATED) as z:
        for f in sorted((REPO / "tests" / "importers" / "esco" / "ict").glob("*.csv")):
            z.write(f, f.name)
    return tmp


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_transcripts_are_real_output(page: Path, workdir: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    monkeypatch.chdir(workdir)
    if not (workdir / "esco.nt").exists():
        assert invoke("import", "esco", "esco-csv/", "-o", "esco.nt").code == 0
    text = page.read_text(encoding="utf-8")
    blocks = list(MARKER.finditer(text))
    server = None
    if any(m["kind"] == "run-with-oxigraph" for m in blocks):
        server = request.getfixturevalue("oxigraph_server").base

    def fresh(m: re.Match[str]) -> str:
        out = _run(m["args"], server if m["kind"] == "run-with-oxigraph" else None)
        if SECONDS.sub("in N s", out) == SECONDS.sub("in N s", m["body"]):
            out = m["body"]  # only a timing differs: keep the text as it is
        return m.group(1) + out + m.group(5)

    new = MARKER.sub(fresh, text)
    if UPDATE:
        page.write_text(new, encoding="utf-8")
    assert new == text, f"{page.name} transcripts are stale: run UPDATE_DOCS=1 python -m pytest tests/cli/test_docs.py"


@pytest.mark.parametrize("page", [p for p in PAGES if PYTHON.search(p.read_text(encoding="utf-8"))], ids=lambda p: p.name)
def test_python_examples_run(page: Path) -> None:
    for m in PYTHON.finditer(page.read_text(encoding="utf-8")):
        with contextlib.redirect_stdout(io.StringIO()):
            exec(compile(m["code"], f"{page.name} example", "exec"), {})


def test_readme_shows_the_two_setup_commands_and_ci_runs_the_second() -> None:
    text = README.read_text(encoding="utf-8")
    venv = "python3 -m venv .venv && . .venv/bin/activate && "
    install = venv + 'python -m pip install . && rolegraph compare "data scientist" "machine learning engineer" && rolegraph viz --compare "data scientist" "machine learning engineer" -o rolegraph.html && rolegraph serve --open'
    tests = venv + 'python -m pip install ".[test]" && python -m pytest'
    assert install in text and tests in text
    assert tests in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_is_short() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 300, "the README is for a two-minute read: move reference material to docs/"


def test_pages_link_to_pages_that_exist() -> None:
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#:]+\.(?:md|png))\)", page.read_text(encoding="utf-8")):
            assert (page.parent / target).is_file(), f"{page.name} links to {target}, which does not exist"


def _reference() -> str:
    out = ["# CLI reference", "", "Generated from `--help`; `tests/cli/test_docs.py` keeps it current.", ""]

    def walk(command: click.Command, path: list[str]) -> None:
        ctx = click.Context(command, info_name=" ".join(path), terminal_width=100, max_content_width=100, help_option_names=["-h", "--help"])
        out.extend([f"## {' '.join(path)}", "", "```", command.get_help(ctx).rstrip(), "```", ""])
        if isinstance(command, click.Group):
            for name in sorted(command.commands):
                walk(command.commands[name], [*path, name])

    walk(cli, ["rolegraph"])
    return "\n".join(out)


def test_cli_reference_is_current() -> None:
    ref = _reference()
    if UPDATE:
        CLI_MD.parent.mkdir(exist_ok=True)
        CLI_MD.write_text(ref)
    assert CLI_MD.read_text() == ref, "docs/cli.md is stale: run UPDATE_DOCS=1 python -m pytest tests/cli/test_docs.py"


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented(name: str) -> None:
    command = cli.commands[name]
    assert command.help and "Example" in command.help, f"{name} help needs an example"
    documented = "".join(p.read_text(encoding="utf-8") for p in PAGES)
    assert f"rolegraph {name}" in documented or f"`{name}" in documented, name
