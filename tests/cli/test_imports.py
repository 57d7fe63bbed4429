"""Start-up stays light (after click's ``tests/test_imports.py``): importing the
CLI or the package loads only the modules listed here."""

from __future__ import annotations

import json
import subprocess
import sys

# What `import rolegraph.cli` may load beyond what `import click` loads: the
# CLI's own modules, the package root, and a few standard modules.
ALLOWED_CLI = {
    "rolegraph",
    "rolegraph.version",
    "rolegraph.errors",
    "rolegraph.cli",
    "rolegraph.cli.careers",
    "rolegraph.cli.data",
    "rolegraph.cli.explore",
    "rolegraph.cli.extract",
    "rolegraph.cli.options",
    "rolegraph.cli.output",
    "rolegraph.cli.serve",
    "rolegraph.cli.sparql",
    "rolegraph.cli.viz",
    "_csv",
    "csv",
    "_locale",
    "locale",
    "copy",
    "dataclasses",
    "fnmatch",
    "ipaddress",
    "ntpath",
    "pathlib",
    "urllib",
    "urllib.parse",
}

# What `import rolegraph` may load: its root, version and errors (and the
# standard modules those need, which a bare interpreter may not have yet).
ALLOWED_PACKAGE = {"rolegraph", "rolegraph.version", "rolegraph.errors"}


def _loaded_by(statement: str, after: str = "pass") -> set[str]:
    code = f"import sys, json; {after}; before = set(sys.modules); {statement}; print(json.dumps(sorted(set(sys.modules) - before)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(json.loads(out))


def test_importing_the_cli_loads_only_what_is_allowed() -> None:
    loaded = _loaded_by("import rolegraph.cli", after="import click")
    assert loaded - ALLOWED_CLI == set(), "import rolegraph.cli loaded modules not on the allow-list"


def test_importing_the_package_does_no_work() -> None:
    loaded = _loaded_by("import rolegraph")
    assert {m for m in loaded if m.startswith("rolegraph")} == ALLOWED_PACKAGE
    for heavy in ("rdflib", "networkx", "pyvis", "pyshacl", "rich", "pyoxigraph", "click", "jinja2"):
        assert heavy not in loaded, f"import rolegraph imported {heavy}"
