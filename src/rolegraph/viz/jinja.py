"""The Jinja2 environment of the HTML pages in ``templates/`` (autoescaping)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    """The environment; every variable is HTML-escaped unless marked safe."""
    import jinja2

    return jinja2.Environment(loader=jinja2.PackageLoader("rolegraph.viz", "templates"), autoescape=True, keep_trailing_newline=True)


def asset(name: str) -> str:
    """A file of ``templates/`` as text (the page's own script and style)."""
    return resources.files("rolegraph.viz").joinpath("templates", name).read_text(encoding="utf-8")
