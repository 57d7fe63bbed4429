"""Writers for the CLI's output formats: table (for people), json, csv, tsv."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any


def to_json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def delimited(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], delimiter: str = ",") -> str:
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


def table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], title: str | None = None, headers: Sequence[str] | None = None) -> str:
    """Render rows as a text table with rich (imported only here)."""
    from rich.table import Table

    t = Table(title=title, show_lines=False, title_justify="left", header_style="bold")
    for h in headers or columns:
        t.add_column(h, overflow="fold")
    for row in rows:
        t.add_row(*[_cell(row.get(c)) if row.get(c) is not None else "" for c in columns])
    return render(t)


def render(*renderables: Any) -> str:
    from rich.console import Console

    width = 120 if not sys.stdout.isatty() else None
    console = Console(file=io.StringIO(), width=width, force_terminal=False, no_color=not sys.stdout.isatty(), highlight=False)
    for r in renderables:
        console.print(r)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n"


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same directory and
    an atomic rename, so a reader never sees half a file and a failure leaves
    the previous file in place. Missing parent directories are created."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target
