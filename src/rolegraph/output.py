"""Writers for the CLI's output formats: table (for people), json, csv, tsv."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


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


@contextmanager
def atomic_file(path: str | os.PathLike[str], *, text: bool = False) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` for writing; when the block ends
    without an exception, sync it and rename it over ``path`` atomically, so a
    reader never sees half a file and a failure or interruption leaves the
    previous file in place. Missing parent directories are created; the file
    keeps the mode of the one it replaces (else the umask's default)."""
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        opened = os.fdopen(fd, "w", encoding="utf-8", newline="\n") if text else os.fdopen(fd, "wb")
        with opened as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, _mode(target))
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_file`)."""
    with atomic_file(path) as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(path)
