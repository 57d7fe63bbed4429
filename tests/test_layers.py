"""The package's layers: data flows one way, and no module imports from a
layer above its own (type-only imports under ``TYPE_CHECKING`` aside).

    base (version, errors, vocab, files, results, shipped)
    < sparql < projection < store < lookup < extract < careers < viz < serve < cli
    importers sit on the base only.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import rolegraph

PACKAGE = Path(rolegraph.__file__).resolve().parent
BASE = {"version", "errors", "vocab", "files", "results", "shipped", "__init__", "__main__"}
ORDER = ["base", "sparql", "projection", "store", "lookup", "extract", "careers", "viz", "serve", "cli"]
LAYER = {name: i for i, name in enumerate(ORDER)} | {"importers": 1}


def _part(module: str) -> str:
    """``rolegraph.store.local`` → ``store``; a base module → ``base``."""
    parts = module.split(".")
    return "base" if len(parts) == 1 or parts[1] in BASE else parts[1]


def _runtime_imports(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only |= {id(n) for n in ast.walk(node)}
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("rolegraph")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("rolegraph"):
                found |= {f"{target}.{a.name}" for a in node.names} if node.module is None else {target}
    return found


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.append((".".join(parts), path))
    return out


@pytest.mark.parametrize("module, path", _modules(), ids=[m for m, _p in _modules()])
def test_no_import_from_a_higher_layer(module: str, path: Path) -> None:
    mine = _part(module)
    if module == "rolegraph" or mine == "base" and module.endswith("__main__"):
        return  # the package root re-exports lazily; __main__ runs the CLI
    for target in _runtime_imports(path, module):
        theirs = _part(target)
        if theirs == mine:
            continue
        if mine == "importers":
            assert theirs == "base", f"{module} imports {target}: importers stand on the base only"
        else:
            assert LAYER[theirs] < LAYER[mine] or theirs == "base", f"{module} ({mine}) imports {target} ({theirs}), a layer above"
