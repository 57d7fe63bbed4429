"""rolegraph: data-science careers as a knowledge graph.

The public API: open a store, then ask it questions. Every function takes the
store first (embedded or a SPARQL endpoint) and returns a frozen dataclass;
:func:`to_json` writes any answer as the CLI's ``--format json`` does.
Importing this package does no work: each name loads its module on first use.

>>> import rolegraph
>>> store = rolegraph.open_store()
>>> rolegraph.show(store, "ML engineer").label
'machine learning engineer'
>>> rolegraph.compare(store, "data scientist", "ML engineer").similarity > 0
True
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from .errors import RolegraphError
from .version import __version__

#: Public name → the module that defines it.
_API = {
    "open_store": "rolegraph.store.local",
    "LocalStore": "rolegraph.store.local",
    "RemoteStore": "rolegraph.store.remote",
    "Store": "rolegraph.store.base",
    "export": "rolegraph.store.export",
    "push": "rolegraph.store.push",
    "validate": "rolegraph.store.validate",
    "stats": "rolegraph.lookup.explore",
    "list_entities": "rolegraph.lookup.explore",
    "search": "rolegraph.lookup.explore",
    "show": "rolegraph.lookup.show",
    "why": "rolegraph.lookup.show",
    "resolve": "rolegraph.lookup.names",
    "compare": "rolegraph.careers.compare",
    "similar": "rolegraph.careers.compare",
    "matrix": "rolegraph.careers.compare",
    "gap": "rolegraph.careers.gap",
    "path": "rolegraph.careers.path",
    "fit": "rolegraph.careers.fit",
    "workflow": "rolegraph.careers.workflow",
    "extract": "rolegraph.extract.core",
    "extract_lines": "rolegraph.extract.core",
    "to_json": "rolegraph.results",
    "to_data": "rolegraph.results",
    "Ref": "rolegraph.results",
}

__all__ = [
    "LocalStore",
    "Ref",
    "RemoteStore",
    "RolegraphError",
    "Store",
    "__version__",
    "compare",
    "export",
    "extract",
    "extract_lines",
    "fit",
    "gap",
    "list_entities",
    "matrix",
    "open_store",
    "path",
    "push",
    "resolve",
    "search",
    "show",
    "similar",
    "stats",
    "to_data",
    "to_json",
    "validate",
    "why",
    "workflow",
]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'rolegraph' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
