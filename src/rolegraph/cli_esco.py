"""``rolegraph import esco``: convert ESCO CSV files into rolegraph RDF."""

from __future__ import annotations

import sys

import click

from .clitools import echo, echo_json, format_option


@click.group("import")
def import_() -> None:
    """Convert other data sets into rolegraph RDF.

    \b
    Example:
      rolegraph import esco esco-v1.2.0/ -o esco.nt
    """


@import_.command("esco")
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, dir_okay=True))
@click.option("-o", "--output", "output", metavar="OUT", required=True, help="The RDF file to write: .nt (N-Triples, fastest) or .ttl.")
@click.option("--progress/--no-progress", default=None, help="Report progress on stderr (default: when stderr is a terminal).")
@format_option()
def esco(directory: str, output: str, progress: bool | None, fmt: str) -> None:
    """Convert the ESCO CSV files in DIR into rolegraph RDF.

    Reads occupations_en.csv, skills_en.csv and occupationSkillRelations_en.csv
    (and skillSkillRelations_en.csv, broaderRelationsOccPillar_en.csv and
    broaderRelationsSkillPillar_en.csv when present). Occupations become roles
    and skills become skills, with ESCO's IRIs and labels; essential and
    optional skills stay apart. Rows that cannot be used are counted and
    skipped; the summary says why. OUT is replaced only when the import
    succeeds. Use it with --graph OUT.

    \b
    Example:
      rolegraph import esco esco-v1.2.0/ -o esco.nt
      rolegraph --graph esco.nt show "data scientist"
    """
    if not output.lower().endswith((".nt", ".ttl")):
        raise click.BadParameter(f"{output!r}: OUT must end in .nt (N-Triples) or .ttl (Turtle)", param_hint="-o/--output")
    from .esco import import_esco, stderr_progress

    show = sys.stderr.isatty() if progress is None else progress
    summary = import_esco(directory, output, progress=stderr_progress if show else None).to_dict()
    if fmt == "json":
        echo_json(summary)
        return
    lines = [
        f"Wrote {summary['triples']:,} triples to {summary['output']} in {summary['seconds']:.1f} s.",
        f"  occupations: {summary['entities']['occupations']:,}",
        f"  skills:      {summary['entities']['skills']:,}",
    ]
    for kind, n in summary["relations"].items():
        lines.append(f"  {kind} relations: {n:,}")
    if summary["skipped"]:
        lines.append(f"Skipped {summary['skipped_total']:,} rows:")
        for reason, n in sorted(summary["skipped"].items()):
            lines.append(f"  {n:,} {reason}")
        for problem in summary["problems"]:
            lines.append(f"    {problem}")
    echo("\n".join(lines))


COMMANDS: list[click.Command] = [import_]
