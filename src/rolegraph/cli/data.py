"""Commands about the data itself: validate, export, push, import."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import Settings, pass_settings
from .output import echo, emit, output_options, paragraph, write_output

if TYPE_CHECKING:
    from ..importers.esco import ImportSummary
    from ..store.validate import Validation


@click.command("validate")
@output_options()
@pass_settings
def validate_command(settings: Settings, fmt: str) -> None:
    """Parse the ontology and data and validate them with the SHACL shapes.

    Exits 1 when there is a violation; warnings alone do not fail.

    \b
    Example:
      rolegraph --graph my-data/ validate
    """
    from ..store.validate import validate

    result = validate(settings.store())
    emit(result, fmt, table=_validation_text)
    if not result.conforms:
        sys.exit(1)


def _validation_text(result: Validation) -> str:
    lines = ["The graph conforms to the rolegraph shapes."] if result.conforms and not result.violations else []
    for v in result.violations:
        rule = f" [{v.rule}]" if v.rule else ""
        path = f" {v.path}" if v.path else ""
        lines.append(f"{v.severity}: {v.focus}{path}: {v.message}{rule}")
    return "\n".join(lines)


@click.command("export")
@click.option("--to", "to", type=click.Choice(["turtle", "nt", "nquads", "trig", "jsonld", "xml"]), default=None, help="RDF format [default: from -o's file name, else turtle].")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")
@pass_settings
def export_command(settings: Settings, to: str | None, output: str | None) -> None:
    """Export the graph in a standard RDF format.

    trig and nquads keep the evidence named graphs (provenance); the others
    hold every asserted fact and the ontology. With -o and no --to, the format
    comes from the file name (.ttl, .nt, .nq, .trig, .jsonld, .rdf).

    \b
    Example:
      rolegraph export --to trig -o rolegraph.trig
    """
    from ..store.export import export, format_of_file

    if output not in (None, "-") and (Path(output).is_dir() or output.endswith(("/", os.sep))):
        raise click.UsageError(f"-o {output}: is a directory; give a file name")
    implied = format_of_file(output) if output not in (None, "-") else None
    if output not in (None, "-") and implied is None and to is None:
        raise click.UsageError(f"cannot tell an RDF format from the name {output!r}: give --to, or a name ending .ttl, .nt, .nq, .trig, .jsonld or .rdf")
    if to is not None and implied is not None and implied != to:
        raise click.UsageError(f"-o {output} names a {implied} file but --to is {to}: make them agree")
    write_output(output, export(settings.store(), to or implied or "turtle"))


@click.command("push")
@click.option("--store", "store_url", required=True, metavar="URL", help="A SPARQL 1.1 Graph Store Protocol endpoint, e.g. http://localhost:7878/store.")
@click.option("--default-graph", metavar="IRI", help="Put the default graph's triples in this named graph (for stores without a default graph, such as Virtuoso).")
@pass_settings
def push_command(settings: Settings, store_url: str, default_graph: str | None) -> None:
    """Upload the graph to a SPARQL store with the Graph Store HTTP Protocol.

    PUTs each evidence named graph (provenance), then the default graph
    (every fact and the ontology), replacing what is there, so pushing twice
    leaves the same data; readers see the old data until the default graph is
    replaced. Then graphs an earlier push wrote that are gone from the data
    are deleted: only those holding the marker push writes into each graph,
    never a graph push did not write (such graphs are kept and counted).
    An interrupted push leaves the old or the new data; push again to finish.
    Each request must end within --timeout seconds; answers are limited to
    ROLEGRAPH_MAX_RESPONSE_BYTES (default 256M). Progress goes to stderr.
    Basic auth: ROLEGRAPH_ENDPOINT_USER and ROLEGRAPH_ENDPOINT_PASSWORD.

    \b
    Example:
      rolegraph push --store http://localhost:7878/store
    """
    from ..store.push import push

    if default_graph is not None and ("://" not in default_graph or any(c in default_graph for c in ' <>"{}|^`\\')):
        raise click.BadParameter(f"{default_graph!r} is not an absolute IRI", param_hint="--default-graph")
    local = settings.local_store("push")
    result = push(local, store_url, timeout=settings.timeout, progress=lambda m: click.echo(f"rolegraph: {m}", err=True), default_graph=default_graph)
    removed = f", deleted {result.removed} stale graph{'s' if result.removed != 1 else ''}" if result.removed else ""
    kept = f", kept {len(result.kept)} listed as pushed that push did not write or could not check" if result.kept else ""
    echo(f"pushed {result.triples} triples in {result.graphs} graphs to {store_url} in {result.seconds:.2f} s{removed}{kept}")


@click.group("import")
def import_group() -> None:
    """Convert other data sets into rolegraph RDF.

    \b
    Example:
      rolegraph import esco "ESCO dataset - v1.2.0 - classification - en - csv.zip" -o esco.nt
    """


@import_group.command("esco")
@click.argument("source", metavar="DOWNLOAD", type=click.Path(exists=False))
@click.option("-o", "--output", "output", metavar="OUT", required=True, help="The RDF file to write: .nt (N-Triples, fastest) or .ttl.")
@click.option("--language", metavar="CODE", help="The files' language suffix (en, fr, ...) [default: the only one in the download].")
@click.option("--release", metavar="NAME", help="The ESCO version, for citations (\"v1.2.0\") [default: read from the download's name].")
@click.option("--progress/--no-progress", default=None, help="Report progress on stderr (default: when stderr is a terminal).")
@output_options()
def import_esco_command(source: str, output: str, language: str | None, release: str | None, progress: bool | None, fmt: str) -> None:
    """Convert an ESCO CSV download (the zip file or its folder) into RDF.

    Reads occupations, skills and occupation-skill relations (required), and
    when present skill-skill relations, skill groups, ISCO groups, both
    broader-relation files (skos:broader) and the skill collections, by
    header name (ESCO v1.1 and v1.2). ESCO's IRIs stay the entities' IRIs.
    Rows that cannot be used are counted and skipped; the summary says why,
    with file and line. OUT is replaced only when the import succeeds. Load it
    beside the shipped graph with --with OUT.

    \b
    Examples:
      rolegraph import esco esco-v1.2.0.zip -o esco.nt
      rolegraph import esco esco-csv/ --language fr -o esco-fr.nt
      rolegraph --with esco.nt show "data scientist"
    """
    if not output.lower().endswith((".nt", ".ttl")):
        raise click.BadParameter(f"{output!r}: OUT must end in .nt (N-Triples) or .ttl (Turtle)", param_hint="-o/--output")
    from ..importers.esco import import_esco

    show = sys.stderr.isatty() if progress is None else progress
    summary = import_esco(source, output, progress=_progress if show else None, language=language, release=release)
    emit(summary, fmt, table=_import_text)


@import_group.command("onet")
@click.argument("source", metavar="DOWNLOAD")
@click.option("-o", "--output", "output", metavar="OUT", required=True, help="The RDF file to write: .nt (N-Triples, fastest) or .ttl.")
@click.option("--release", metavar="NAME", help="The O*NET release, for citations (\"29.0\") [default: read from the download's name, db_29_0_text].")
@click.option("--progress/--no-progress", default=None, help="Report progress on stderr (default: when stderr is a terminal).")
@output_options()
def import_onet_command(source: str, output: str, release: str | None, progress: bool | None, fmt: str) -> None:
    """Convert the O*NET database (text files: the zip or its folder) into RDF.

    Reads Occupation Data (required), Alternate Titles, Task Statements, Task
    Ratings, Technology Skills (with the Hot Technology and In Demand flags),
    Tools Used, Skills, Knowledge (importance IM 1-5 and level LV 0-7) and
    Related Occupations, by header name. Ratings are kept on rg:Rating nodes
    (Recommend Suppress and Not Relevant honoured); an element rated 3
    ("important") or more is also linked with rg:requiresSkill. Rows that
    cannot be used are counted and skipped; the summary says why, with file
    and line. OUT is replaced only when the import succeeds.

    \b
    Examples:
      rolegraph import onet db_29_0_text.zip -o onet.nt
      rolegraph --with onet.nt gap "Statisticians" "Data Scientists"
    """
    if not output.lower().endswith((".nt", ".ttl")):
        raise click.BadParameter(f"{output!r}: OUT must end in .nt (N-Triples) or .ttl (Turtle)", param_hint="-o/--output")
    from ..importers.onet import import_onet

    show = sys.stderr.isatty() if progress is None else progress
    emit(import_onet(source, output, progress=_progress if show else None, release=release), fmt, table=_onet_text)


def _onet_text(summary: object) -> str:
    from ..importers.onet import ImportSummary

    assert isinstance(summary, ImportSummary)
    lines = [f"Wrote {summary.triples:,} triples of {summary.title} to {summary.output} in {summary.seconds:.1f} s."]
    for what, counts in (("entities", summary.entities), ("links", summary.relations), ("ratings", summary.ratings)):
        if counts:
            lines.append(paragraph(f"  {what}: " + ", ".join(f"{n:,} {kind}" for kind, n in counts.items())))
    if summary.missing_files:
        lines.append(f"Not in the download (skipped): {', '.join(summary.missing_files)}")
    if summary.windows_1252:
        lines.append(f"Read as Windows-1252 (not UTF-8): {', '.join(summary.windows_1252)}")
    return "\n".join(lines + _skipped_lines(summary))


@import_group.command("crosswalk")
@click.argument("source", metavar="FILE")
@click.option("-o", "--output", "output", metavar="OUT", required=True, help="The RDF file to write: .nt or .ttl.")
@click.option("--match", metavar="TYPE", help="The match type of every row when the file has no match column: exact, close, broad, narrow or related.")
@output_options()
def import_crosswalk_command(source: str, output: str, match: str | None, fmt: str) -> None:
    """Convert a crosswalk CSV (concept, concept, match type) into skos:*Match links.

    The first two columns name the concepts (IRIs, CURIEs such as esco:...,
    or O*NET-SOC codes such as 15-2051.00); the match type is the column whose
    header says match, type or relation: exact joins the two entities (they
    answer as one), close, broad, narrow and related link them.

    \b
    Example:
      rolegraph import crosswalk esco-onet.csv -o esco-onet.nt
      rolegraph --with esco.nt --with onet.nt --with esco-onet.nt show "data scientist"
    """
    if not output.lower().endswith((".nt", ".ttl")):
        raise click.BadParameter(f"{output!r}: OUT must end in .nt (N-Triples) or .ttl (Turtle)", param_hint="-o/--output")
    from ..importers.crosswalk import import_crosswalk

    summary = import_crosswalk(source, output, match=match)

    def text(s: object) -> str:
        links = ", ".join(f"{n:,} {kind}" for kind, n in summary.links.items()) or "no links"
        return "\n".join([f"Wrote {summary.triples:,} triples of {summary.title} to {summary.output}: {links}.", *_skipped_lines(summary)])

    emit(summary, fmt, table=text)


def _skipped_lines(summary: object) -> list[str]:
    skipped: dict[str, int] = getattr(summary, "skipped", {})
    if not skipped:
        return []
    lines = [f"Skipped {sum(skipped.values()):,} rows:"]
    lines += [f"  {n:,} {reason}" for reason, n in sorted(skipped.items())]
    lines += [f"    {problem}" for problem in getattr(summary, "problems", [])]
    return lines


def _progress(message: str) -> None:
    click.echo(f"rolegraph: {message}", err=True)


def _import_text(summary: ImportSummary) -> str:
    lines = [f"Wrote {summary.triples:,} triples of {summary.title} to {summary.output} in {summary.seconds:.1f} s."]
    lines += [f"  {kind}: {n:,}" for kind, n in summary.entities.items()]
    lines += [f"  {kind} relations: {n:,}" for kind, n in summary.relations.items()]
    if summary.missing_files:
        lines.append(f"Not in the download (skipped): {', '.join(summary.missing_files)}")
    for name, why in summary.unread_files.items():
        lines.append(f"Not read: {name} ({why})")
    for cycle in summary.cycles:
        lines.append(f"Cycle in skos:broader: {' > '.join(cycle)}")
    if summary.skipped:
        lines.append(f"Skipped {summary.skipped_total:,} rows:")
        lines += [f"  {n:,} {reason}" for reason, n in sorted(summary.skipped.items())]
        lines += [f"    {problem}" for problem in summary.problems]
    return "\n".join(lines)


COMMANDS = [validate_command, export_command, push_command, import_group]
