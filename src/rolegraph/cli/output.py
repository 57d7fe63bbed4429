"""The one way commands write answers (after sqlite-utils' ``output_options``
and ``output_rows``): :func:`output_options` adds ``--format``, :func:`emit`
writes a result in it. JSON is :func:`rolegraph.results.to_json` of the
result; csv and tsv are rows; table is a rich table (or a command's own
layout).

One escaping path for everything that reaches the terminal: :func:`echo` and
:func:`write_output` show control characters (C0 and C1, so ESC, CSI, OSC and
OSC-8 hyperlinks, BEL and a lone carriage return) as ``\\xNN``, in every
format (in JSON as ``\\u00NN``, which parses to the same string); and rich
never reads data as markup (every cell, title and header is a ``Text``), so a
label ``a[b]c`` or ``[/x]`` prints as it is.
"""

from __future__ import annotations

import csv
import io
import os
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TypeVar

import click

from ..errors import escape_controls

F = TypeVar("F", bound=Callable[..., Any])
Rows = list[dict[str, Any]]


def output_options(*choices: str, default: str = "table") -> Callable[[F], F]:
    """``--format`` with the given choices (``table`` and ``json`` by default)."""
    choices = choices or ("table", "json")
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices, case_sensitive=False),
        default=default,
        show_default=True,
        help="Output format: " + ", ".join(choices) + ".",
    )


_C1 = re.compile(r"[\x7f-\x9f]")


def safe_text(text: str) -> str:
    """``text`` with control characters (other than newline and tab; a CRLF
    becomes a newline) shown as escapes, so data can never move the cursor,
    retitle, link or clear a terminal.

    >>> safe_text("a\\x1b]8;;http://x\\x07b\\x9bc\\rd\\r\\n")
    'a\\\\x1b]8;;http://x\\\\x07b\\\\x9bc\\\\x0dd\\n'
    """
    return escape_controls(text.replace("\r\n", "\n"))


def safe_json(text: str) -> str:
    """JSON text with DEL and the C1 controls as ``\\u00NN`` escapes (JSON
    already escapes C0): the same data, nothing a terminal acts on."""
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def echo(text: str) -> None:
    """Write ``text`` to stdout, made safe, ending with exactly one newline."""
    click.echo(safe_text(text.rstrip("\n")))


def emit(
    result: Any,
    fmt: str,
    *,
    rows: Callable[[Any], Rows] | None = None,
    columns: Sequence[str] = (),
    table: Callable[[Any], str] | None = None,
    title: str | None = None,
) -> None:
    """Write ``result`` in ``fmt``: ``json`` (the result's JSON), ``csv`` /
    ``tsv`` (``rows(result)``, else the result's JSON objects, in ``columns``),
    or ``table`` (``table(result)``, else a table of the rows)."""
    from ..results import to_data, to_json

    if fmt == "json":
        click.echo(safe_json(to_json(result)))
        return
    data: Rows = rows(result) if rows is not None else to_data(result)
    if fmt in ("csv", "tsv"):
        echo(delimited(data, columns, "," if fmt == "csv" else "\t"))
    elif table is not None:
        echo(table(result))
    else:
        echo(render_table(data, columns, title=title))


def delimited(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], delimiter: str = ",") -> str:
    """CSV (or TSV) with a header row; lists are joined with ``; ``."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _cell(row.get(c)) for c in columns])
    return buf.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, Mapping):
        return str(value.get("label", value.get("id", "")))
    return str(value)


def render_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], title: str | None = None, headers: Sequence[str] | None = None) -> str:
    """Rows as a text table with rich (imported only here)."""
    from rich.table import Table
    from rich.text import Text

    # Text, never str: rich would read "[/x]" in a label as markup.
    # (rich would also drop control characters silently: escape them first.)
    t = Table(title=Text(safe_text(title)) if title else None, show_lines=False, title_justify="left", header_style="bold")
    for h in headers or columns:
        t.add_column(Text(safe_text(h)), overflow="fold")
    for row in rows:
        t.add_row(*[Text(safe_text(_cell(row.get(c))) if row.get(c) is not None else "") for c in columns])
    return render(t)


def render(*renderables: Any) -> str:
    """rich renderables as plain text: the terminal's width, ``$COLUMNS`` when
    set, else 120 columns when piped."""
    from rich.console import Console

    tty = sys.stdout.isatty()
    width = None if tty or os.environ.get("COLUMNS", "").isdigit() else 120
    console = Console(file=io.StringIO(), width=width, force_terminal=False, no_color=not tty, highlight=False)
    for r in renderables:
        console.print(r)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def paragraph(text: str) -> str:
    """``text`` wrapped at the width tables use (see :func:`render`)."""
    from rich.text import Text

    return render(Text(safe_text(text))).rstrip("\n")


def distinct_names(refs: Sequence[Any]) -> list[str]:
    """The labels of ``refs`` (entities with an ``id`` and a ``label``), each
    label that two of them share followed by the entity's CURIE, so a table
    never shows two entities under one name.

    >>> from rolegraph.results import Ref
    >>> distinct_names([Ref("data-scientist", "data scientist", "Role"), Ref("http://data.europa.eu/esco/occupation/x", "data scientist", "Role"), Ref("sql", "SQL", "Skill")])
    ['data scientist (rg:data-scientist)', 'data scientist (esco:occupation/x)', 'SQL']
    """
    from collections import Counter

    from ..vocab import BASE, short

    counts = Counter(r.label.casefold() for r in refs)
    return [r.label if counts[r.label.casefold()] == 1 else f"{r.label} ({short(r.id if ':' in r.id else BASE + r.id)})" for r in refs]


def labels(items: Sequence[Any], most: int | None = None) -> str:
    """``a, b, c`` from items with a label (objects or JSON objects), or ``—``;
    with ``most``, at most that many, then ``and N more``. A hot technology
    (O*NET's flag) is marked ``★``."""
    def name(i: Any) -> str:
        label, hot = (i["label"], i.get("hot")) if isinstance(i, Mapping) else (i.label, getattr(i, "hot", None))
        return f"{label} ★" if hot else label

    names = [name(i) for i in items]
    if most is not None and len(names) > most:
        return f"{', '.join(names[:most])} and {len(names) - most} more"
    return ", ".join(names) or "—"


def write_output(path: str | None, data: str | bytes) -> None:
    """Write to ``path`` atomically, or to stdout when it is None or ``-``."""
    if path in (None, "-"):
        # To the terminal (or a pipe that may end in one): escaped, as every
        # answer is; a file written with -o keeps the data byte for byte.
        text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
        text = safe_json(text) if text.lstrip().startswith(("{", "[")) else safe_text(text)
        click.echo(text, nl=not text.endswith("\n"))
        return
    from ..files import atomic_write

    try:
        atomic_write(path, data)
    except IsADirectoryError:
        raise click.UsageError(f"-o {path}: is a directory; give a file name") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None
