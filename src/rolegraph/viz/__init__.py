"""The interactive HTML graph and the similarity heatmap: the only part of
rolegraph that uses pyvis (for the vis-network it ships).

- :mod:`.select`: which entities and links a view shows (no drawing);
- :mod:`.style`: colours, shapes and line styles;
- :mod:`.layout`: positions for views too large for the browser's physics;
- :mod:`.network`: the nodes, links and styles vis-network draws, compact;
- :mod:`.page`: the self-contained page (Jinja2, ``templates/``);
- :mod:`.matrix`: the role similarity heatmap.

>>> from rolegraph.store import open_store
>>> from rolegraph.viz.page import remote_references
>>> html = render(open_store(), focus="data scientist", depth=1)
>>> html.startswith("<!DOCTYPE html>"), remote_references(html)
(True, [])
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import atomic_write

if TYPE_CHECKING:
    from ..store import Store


def render(store: Store, entity_url: str | None = None, **view_options: Any) -> str:
    """The whole HTML page for a view (``focus``, ``depth``, ``compare``, ``path``,
    ``types``, ``limit``: see :func:`.select.select_view`).

    ``entity_url``, a relative URL such as ``"/show?ref="``, makes each entity's
    details link to ``entity_url`` + its id (or IRI), URL-encoded: for pages
    served by a local web app. Without it the page links nowhere.
    """
    from .page import page, page_data
    from .select import select_view

    return page(page_data(store, select_view(store, **view_options), entity_url=entity_url))


def write(store: Store, output: str | os.PathLike[str], entity_url: str | None = None, **view_options: Any) -> Path:
    """Render a view and write it atomically to ``output`` (parents created)."""
    return atomic_write(output, render(store, entity_url=entity_url, **view_options))
