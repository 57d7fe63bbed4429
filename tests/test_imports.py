"""Start-up stays light: the CLI module imports no heavy library."""

from __future__ import annotations

import subprocess
import sys


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_cli_imports_no_heavy_library():
    loaded = _loaded_after("import rolegraph.cli")
    for heavy in ("rdflib", "networkx", "pyvis", "pyshacl", "rich", "pyoxigraph"):
        assert heavy not in loaded, f"import rolegraph.cli imported {heavy}"


def test_package_import_does_no_work():
    loaded = _loaded_after("import rolegraph")
    assert "rolegraph.store" not in loaded
    assert "rdflib" not in loaded
