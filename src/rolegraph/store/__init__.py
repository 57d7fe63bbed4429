"""Stores: one interface (:class:`Store`), the embedded Oxigraph store
(:class:`LocalStore`, :func:`open_store`), a remote SPARQL endpoint
(:class:`RemoteStore`), and what works on any store: :func:`export`,
:func:`push`, :func:`validate`.

Importing this package imports no heavy library; each name loads its module
on first use.

>>> from rolegraph.store import open_store
>>> open_store().projection.counts["Role"] >= 4
True
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_NAMES = {
    "Store": ".base",
    "LocalStore": ".local",
    "open_store": ".local",
    "load_in_memory": ".local",
    "RemoteStore": ".remote",
    "export": ".export",
    "push": ".push",
    "PushResult": ".push",
    "validate": ".validate",
    "Validation": ".validate",
    "cache_root": ".cache",
    "data_files": ".load",
}
__all__ = [
    "LocalStore",
    "PushResult",
    "RemoteStore",
    "Store",
    "Validation",
    "cache_root",
    "data_files",
    "export",
    "load_in_memory",
    "open_store",
    "push",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(import_module(_NAMES[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
