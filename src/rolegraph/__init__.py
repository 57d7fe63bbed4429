"""rolegraph: data-science careers as a knowledge graph.

Importing this package does no work; the functions load what they need.

>>> import rolegraph
>>> store = rolegraph.open_store()                       # doctest: +SKIP
>>> rolegraph.show(store, "ML engineer").label           # doctest: +SKIP
'machine learning engineer'
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = [
    "__version__",
    "open_store",
    "stats",
    "list_entities",
    "show",
    "search",
    "why",
    "validate",
    "export",
    "compare",
    "gap",
    "path",
    "fit",
    "workflow",
    "similar",
    "matrix",
    "RolegraphError",
]

from typing import Any

from .errors import RolegraphError


def __getattr__(name: str) -> Any:
    # Lazy re-exports keep ``import rolegraph`` cheap.
    if name == "open_store":
        from .store import open_store

        return open_store
    if name in ("stats", "list_entities", "show", "search", "why"):
        from . import explore

        return getattr(explore, name)
    if name in ("compare", "gap", "workflow", "similar", "matrix"):
        from . import queries

        return getattr(queries, name)
    if name == "path":
        from .paths import path

        return path
    if name == "fit":
        from .matching import fit

        return fit
    if name == "profiles":
        from . import profiles

        return profiles
    if name == "validate":
        from .shacl import validate

        return validate
    if name == "export":
        from .serialize import export

        return export
    raise AttributeError(f"module 'rolegraph' has no attribute {name!r}")
