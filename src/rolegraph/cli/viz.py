"""``rolegraph viz``: the interactive HTML graph and the similarity heatmap."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import Settings, pass_settings

if TYPE_CHECKING:
    from ..store import Store


def _check_output(output: str, matrix: bool) -> None:
    if output.endswith(("/", os.sep)) or Path(output).is_dir():
        raise click.BadParameter(f"{output} is a directory; give a file name such as {os.path.join(output, 'graph.html')}", param_hint="-o")
    allowed = (".html", ".htm", ".png") if matrix else (".html", ".htm")
    if Path(output).suffix.lower() not in allowed:
        what = "an HTML page (.html) or a PNG image (.png)" if matrix else "an HTML page"
        raise click.BadParameter(f"{output}: viz writes {what}; give a file name ending {' or '.join(allowed)}", param_hint="-o")


@click.command("viz")
@click.option("-o", "--output", required=True, metavar="FILE", help="The HTML file to write (missing directories are created).")
@click.option("--focus", metavar="REF", help="Show only this entity and its neighbourhood.")
@click.option("--depth", type=click.IntRange(min=0), default=None, help="With --focus: how many links away to go (default 1).")
@click.option("--compare", nargs=2, metavar="A B", default=None, help="Two roles: their skills, tools and tasks, shared vs only one's.")
@click.option("--path", "path_", nargs=2, metavar="A B", default=None, help="A shortest chain of links between two entities, in context.")
@click.option("--types", multiple=True, metavar="T,...", help="Keep only entities of these classes (e.g. Role,Skill; repeatable).")
@click.option("--matrix", is_flag=True, help="Write the role similarity heatmap instead (FILE ending .html, or .png if Chromium is installed).")
@pass_settings
def viz_command(
    settings: Settings,
    output: str,
    focus: str | None,
    depth: int | None,
    compare: tuple[str, str] | None,
    path_: tuple[str, str] | None,
    types: tuple[str, ...],
    matrix: bool,
) -> None:
    """Write a self-contained interactive HTML graph.

    The page needs no network: vis-network is inside it. Hover over an entity
    for its definition and sources; use the search box to find one by name.
    Above 500 entities the layout is computed in advance.

    \b
    Examples:
      rolegraph viz -o graph.html
      rolegraph viz --focus "data scientist" --depth 2 -o ds.html
      rolegraph viz --compare "data scientist" "machine learning engineer" -o cmp.html
      rolegraph viz --path "data analyst" "TensorFlow" -o path.html
      rolegraph viz --matrix -o similarity.html
    """
    chosen = [name for name, given in (("--focus", focus), ("--compare", compare), ("--path", path_), ("--matrix", matrix)) if given]
    if len(chosen) > 1:
        raise click.UsageError(f"{' and '.join(chosen)} cannot be combined; choose one view")
    if depth is not None and focus is None:
        raise click.UsageError("--depth goes with --focus")
    _check_output(output, matrix)
    store = settings.store()
    try:
        written = _write(store, output, focus, depth, compare, path_, types, matrix)
    except IsADirectoryError:
        raise click.BadParameter(f"{output} is a directory; give a file name", param_hint="-o") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {written}", err=True)


def _write(store: Store, output: str, focus: str | None, depth: int | None, compare: tuple[str, str] | None,
           path_: tuple[str, str] | None, types: tuple[str, ...], matrix: bool) -> Path:
    if matrix:
        if types:
            raise click.UsageError("--types does not apply to --matrix")
        from ..viz.matrix import write_matrix

        return write_matrix(store, output)
    from ..viz import write

    kinds = _types(store, types)
    return write(store, output, focus=focus, depth=1 if depth is None else depth, compare=compare, path=path_, types=kinds)


def _types(store: Store, types: tuple[str, ...]) -> list[str]:
    from ..viz.select import parse_types

    try:
        return parse_types(store.projection, types)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--types") from None


COMMANDS = [viz_command]
