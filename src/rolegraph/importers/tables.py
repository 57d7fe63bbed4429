"""Reading a download of delimited files — a folder or the zip file itself —
row by row, each field looked up by its header name.

A :class:`Download` finds its files by name whatever folder of the zip they
are in; a :class:`Table` streams one file's rows with the physical line each
starts on (quoted fields may span lines), counting and skipping rows that
cannot be trusted. Shared by the ESCO and O*NET importers.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from ..errors import ImportDataError

#: Problems listed by line in a summary (the rest are only counted).
MAX_PROBLEMS = 20
#: Rows between two progress reports.
PROGRESS_EVERY = 50_000

#: The longest field read, in characters (ESCO descriptions are long; csv's
#: default is 128 KiB). A longer one skips its row, or stops the import when
#: it is in the header.
FIELD_LIMIT = 16 * 1024 * 1024


@dataclass
class Tally:
    """What an import has done so far: counts, and rows skipped with why."""

    entities: Counter[str] = field(default_factory=Counter)
    relations: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def skip(self, reason: str, where: str | None = None) -> None:
        """Count a skipped row; ``where`` (``file:line (detail)``) is listed
        among the first :data:`MAX_PROBLEMS` problems."""
        self.skipped[reason] += 1
        if where is not None and len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{where}: {reason}")


class Download:
    """The files of a download: a directory (searched recursively) or a zip.

    Raises :class:`ImportDataError` when ``path`` is neither.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._zip: zipfile.ZipFile | None = None
        self.names: dict[PurePosixPath, Path | str]
        if self.path.is_dir():
            self.names = {PurePosixPath(p.relative_to(self.path).as_posix()): p for p in sorted(self.path.rglob("*")) if p.is_file()}
        elif self.path.is_file():
            try:
                self._zip = zipfile.ZipFile(self.path)
            except (zipfile.BadZipFile, OSError) as exc:
                raise ImportDataError(f"{self.path}: not a folder or a zip file ({exc})") from None
            self.names = {PurePosixPath(i.filename): i.filename for i in self._zip.infolist() if not i.is_dir()}
        elif not self.path.exists():
            raise ImportDataError(f"{self.path}: no such file or directory")
        else:
            raise ImportDataError(f"{self.path}: not a folder or a zip file")

    @classmethod
    def of_file(cls, path: str | Path) -> Download:
        """A download of one plain file (a crosswalk CSV)."""
        found = cls.__new__(cls)
        found.path = Path(path)
        found._zip = None
        found.names = {PurePosixPath(found.path.name): found.path}
        return found

    def files(self) -> list[PurePosixPath]:
        """Every file, by its path inside the download (macOS resource forks left out)."""
        return [n for n in self.names if not n.name.startswith("._") and "__MACOSX" not in n.parts]

    def open(self, name: PurePosixPath) -> IO[str]:
        """A file as UTF-8 text (a byte-order mark is dropped)."""
        target = self.names[name]
        if self._zip is not None:
            return io.TextIOWrapper(self._zip.open(str(target)), encoding="utf-8-sig", newline="")
        return open(target, encoding="utf-8-sig", newline="")

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> Download:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def shown_header(columns: list[str], width: int = 60, most: int = 30) -> str:
    """A header's columns for a message: each cut to ``width`` characters,
    at most ``most`` of them."""
    shown = [c if len(c) <= width else c[: width - 1] + "…" for c in columns[:most]]
    if len(columns) > most:
        shown.append(f"… {len(columns) - most} more")
    return ", ".join(shown)


def _csv_problem(exc: csv.Error) -> str:
    """What a ``csv.Error`` says, in words a reader of the summary knows."""
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field longer than {FIELD_LIMIT:,} characters"
    return text


class Table:
    """One file read row by row; fields looked up by header name.

    ``required`` columns must be in the header (else :class:`ImportDataError`
    naming the file and the columns it has); ``any_of`` groups need one of
    their columns (ESCO v1.1 and v1.2 name some differently).
    """

    def __init__(self, download: Download, name: PurePosixPath, tally: Tally, required: tuple[str, ...] = (), delimiter: str = ","):
        self.download = download
        self.path = name
        self.name = name.name
        self.tally = tally
        self.required = required
        self.delimiter = delimiter
        self._fh: IO[str] | None = None
        self.columns: dict[str, int] = {}
        self.width = 0

    def open(self) -> Table:
        # csv's limit is process-wide state another library may change: set it
        # each time a table is read.
        csv.field_size_limit(FIELD_LIMIT)
        try:
            self._fh = self.download.open(self.path)
            header = next(csv.reader(self._fh, delimiter=self.delimiter), None)
        except csv.Error as exc:
            raise ImportDataError(f"{self.name}:1: the header cannot be read ({_csv_problem(exc)})") from None
        except UnicodeDecodeError as exc:
            raise ImportDataError(f"{self.name}: not UTF-8 text ({exc.reason}) in the header") from None
        except (OSError, zipfile.BadZipFile) as exc:
            raise ImportDataError(f"{self.name}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
        if header is None:
            raise ImportDataError(f"{self.name}: the file is empty (no header row)")
        self.columns = {}
        self.width = len(header)
        for i, column in enumerate(header):
            self.columns.setdefault(column.strip(), i)
        missing = [c for c in self.required if c not in self.columns]
        if missing:
            raise ImportDataError(f"{self.name}: no {', '.join(repr(c) for c in missing)} column (the header has: {shown_header(header)})")
        return self

    def has(self, column: str) -> bool:
        return column in self.columns

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def rows(self, progress: Callable[[str], None] | None = None) -> Iterator[tuple[int, Callable[[str], str]]]:
        """``(line, get)`` for each usable row; ``get(column)`` is '' when
        absent. Rows with a field count unlike the header's are skipped."""
        assert self._fh is not None, "open() the table first"
        csv.field_size_limit(FIELD_LIMIT)
        reader = csv.reader(self._fh, delimiter=self.delimiter)
        reader_line = 1  # the header took line 1 (csv.reader's line_num restarts)
        count = 0
        while True:
            start = reader_line + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                reader_line = 1 + reader.line_num
                self.tally.skip("malformed row", f"{self.name}:{start} ({_csv_problem(exc)})")
                continue
            except UnicodeDecodeError as exc:
                raise ImportDataError(f"{self.name}: not UTF-8 text ({exc.reason}) after line {start - 1}") from None
            reader_line = 1 + reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(f"{self.name}: {count:,} rows")
            if len(row) != self.width:
                # A field count unlike the header's means broken quoting or a
                # cut line: the values cannot be trusted to be in their columns.
                self.tally.skip("malformed row", f"{self.name}:{start} ({len(row)} fields, the header has {self.width})")
                continue

            def get(column: str, row: list[str] = row, cols: dict[str, int] = self.columns) -> str:
                i = cols.get(column)
                return row[i].strip() if i is not None else ""

            yield start, get
