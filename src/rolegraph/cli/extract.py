"""``rolegraph extract``: the skills and tools a text asks for."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

import click

from .options import Settings, file_error, pass_settings, read_text_value
from .output import emit, output_options, paragraph, render_table, safe_json

if TYPE_CHECKING:
    from ..extract import Count, Extraction


@click.command("extract")
@click.option("--text", "text_value", metavar="FILE|-|TEXT", help="The text: a file, - for stdin, or the text itself.")
@click.option("--lines", "lines_file", metavar="FILE|-", help="Read each line of FILE (- for stdin) as its own text; writes JSON lines, one object per line.")
@click.option("--count", is_flag=True, help="With --lines: each skill or tool with the number of lines that ask for it, instead.")
@click.option("--limit", type=click.IntRange(min=0), default=0, help="Show only the best K per text (0: all).")
@output_options("table", "json", "csv")
@pass_settings
def extract_command(settings: Settings, text_value: str | None, lines_file: str | None, count: bool, limit: int, fmt: str) -> None:
    """The skills and tools a text asks for: a job ad, a CV, a sentence.

    Each with its entity, the data set it comes from, a score in [0, 1],
    where the text asks for it (character offsets) and how it matched: by
    its label, an alternative or hidden label, the words of a name, or the
    words of its description. A name that is also a common word (Excel,
    Spark, Go) counts only where the text uses it as a name. Terms that look
    like skills or tools but name nothing known are listed as unrecognised.

    --text takes a file, - for stdin, or the text itself (as fit --text).
    --lines reads a file of texts, one a line, and writes JSON lines
    ({"line": N, "found": [...], "unrecognised": [...]}); --count instead
    counts, for each skill or tool, the lines that ask for it (table, json
    or csv).

    \b
    Examples:
      rolegraph extract --text job-ad.txt
      rolegraph extract --text "We need Python, SQL and Tableau for reporting."
      rolegraph extract --lines ads.txt > skills.jsonl
      rolegraph --with esco.nt extract --lines ads.txt --count --format csv
    """
    if lines_file is not None and text_value is not None:
        raise click.UsageError("give --text or --lines, not both")
    if lines_file is None and text_value is None:
        raise click.UsageError("give a text (--text FILE|-|TEXT) or a file of texts (--lines FILE)")
    if count and lines_file is None:
        raise click.UsageError("--count counts over the lines of a file: give --lines FILE")
    if fmt == "csv" and not count:
        raise click.UsageError("--format csv goes with --lines FILE --count")
    text = read_text_value(text_value) if text_value is not None else None
    store = settings.store()
    if text is None or text.strip():
        settings.extractor_ready(store)
    if text is not None:
        from ..extract import extract

        emit(extract(store, text, limit=limit or None), fmt, table=_table)
        return
    assert lines_file is not None
    with _open_lines(lines_file) as fh:
        lines = _progress(fh, lines_file)
        if count:
            from ..extract import count_lines

            counted = count_lines(store, lines)
            emit(counted, fmt, rows=_count_rows, columns=["id", "label", "type", "lines"], table=_count_table)
            return
        import json

        from ..extract import extract_lines
        from ..results import to_data

        for result in extract_lines(store, lines, limit=limit or None):
            click.echo(safe_json(json.dumps(to_data(result), ensure_ascii=False)))


def _table(result: Extraction) -> str:
    from ..extract import METHOD, MIN_SCORE

    out = []
    if result.found:
        rows = [
            {"skill or tool": f.label, "type": f.type, "source": f.source, "score": f.score, "how": f.how, "where": ", ".join(f"{s.text!r} {s.start}–{s.end}" for s in f.spans[:3]) + (f" and {len(f.spans) - 3} more" if len(f.spans) > 3 else "")}
            for f in result.found
        ]
        out.append(render_table(rows, ["skill or tool", "type", "source", "score", "how", "where"]).rstrip("\n"))
    else:
        out.append("Found nothing rolegraph knows.")
    if result.unrecognised:
        out.append(paragraph("Not recognised: " + ", ".join(dict.fromkeys(s.text for s in result.unrecognised))))
    out.append(paragraph("How: " + METHOD.format(min_score=MIN_SCORE) + "."))
    return "\n".join(out)


def _count_rows(counted: list[Count]) -> list[dict[str, object]]:
    return [{"id": c.id, "label": c.label, "type": c.type, "lines": c.lines} for c in counted]


def _count_table(counted: list[Count]) -> str:
    if not counted:
        return "No line asks for a skill or tool rolegraph knows."
    table = render_table([{"skill or tool": c.label, "type": c.type, "lines": c.lines} for c in counted], ["skill or tool", "type", "lines"]).rstrip("\n")
    return table + "\n" + paragraph("How: lines = the number of lines of the file that ask for it (as extract finds it in each line on its own).")


class _open_lines:
    """The lines of a file (or stdin), read as they are needed."""

    def __init__(self, value: str):
        self.value = value
        self.fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        if self.value == "-":
            return sys.stdin
        try:
            self.fh = open(self.value, encoding="utf-8")
        except OSError as exc:
            raise file_error(self.value, exc) from None
        return self.fh

    def __exit__(self, *exc: object) -> None:
        if self.fh is not None:
            self.fh.close()


def _progress(fh: IO[str], name: str) -> Iterator[str]:
    """The lines of ``fh``, with a progress bar on stderr when it is a terminal."""
    try:
        yield from _with_bar(fh, name) if sys.stderr.isatty() else fh
    except UnicodeDecodeError as exc:
        raise file_error(name, exc) from None


def _with_bar(fh: IO[str], name: str) -> Iterator[str]:
    import os

    total = None
    if fh is not sys.stdin:
        try:
            total = os.fstat(fh.fileno()).st_size
        except (OSError, ValueError):
            total = None
    progress: Any = click.progressbar(length=total, label="Reading lines", file=sys.stderr, show_pos=total is None)
    with progress as bar:
        for line in fh:
            bar.update(len(line.encode("utf-8")) if total else 1)
            yield line


COMMANDS = [extract_command]
