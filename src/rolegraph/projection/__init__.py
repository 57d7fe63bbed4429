"""The graph projected onto entities: what networkx and the career queries work on.

- :mod:`.builder`: the one builder, from a stream of quads;
- :mod:`.cache`: its fields and how they are kept beside a compiled store;
- :mod:`.view`: :class:`Projection`, the read-only look-ups;
- :mod:`.networkx`: :func:`to_networkx` and :func:`undirected_view` (import
  networkx, so they load on first use).
"""

from __future__ import annotations

from typing import Any

from .builder import ProjectionBuilder
from .view import Projection

__all__ = ["Projection", "ProjectionBuilder", "to_networkx", "undirected_view"]


def __getattr__(name: str) -> Any:
    if name in ("to_networkx", "undirected_view"):
        from . import networkx

        return getattr(networkx, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
