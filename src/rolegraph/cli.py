"""The ``rolegraph`` command line. Thin: parse arguments, call the library,
format the answer. Heavy libraries are imported inside commands only."""

from __future__ import annotations

import sys
import warnings
from typing import Any

import click

from . import __version__
from .clitools import Settings, echo, echo_json, format_option, pass_settings, safe_text, write_output


class RolegraphGroup(click.Group):
    """Turns rolegraph's own errors into ``Error: ...`` and exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        from .errors import RolegraphError

        def show_warning(message: Any, category: Any, filename: Any, lineno: Any, file: Any = None, line: Any = None) -> None:
            click.echo(f"Warning: {safe_text(str(message))}", err=True)

        warnings.showwarning = show_warning
        # Library deprecation notices are for developers, not CLI users.
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        warnings.filterwarnings("ignore", category=PendingDeprecationWarning)
        try:
            return super().invoke(ctx)
        except RolegraphError as exc:
            raise click.ClickException(safe_text(" ".join(str(exc).splitlines()))) from None
        except KeyboardInterrupt:
            click.echo("Aborted.", err=True)
            sys.exit(130)
        except BrokenPipeError:
            sys.stderr.close()
            sys.exit(0)


CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


@click.group(cls=RolegraphGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "--version", prog_name="rolegraph")
@click.option(
    "--graph",
    "graph",
    multiple=True,
    metavar="PATH",
    help="A data directory or RDF file to use instead of the shipped graph (repeatable). The ontology is always included.",
)
@click.option("--endpoint", metavar="URL", envvar="ROLEGRAPH_ENDPOINT", help="A SPARQL query endpoint to read from instead of the embedded store.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True, help="Seconds to wait for a remote endpoint.")
@click.option("--cache-dir", metavar="DIR", envvar="ROLEGRAPH_CACHE_DIR", help="Where compiled stores are kept (default: the user cache directory).")
@click.pass_context
def cli(ctx: click.Context, graph: tuple[str, ...], endpoint: str | None, timeout: float, cache_dir: str | None) -> None:
    """rolegraph: data-science careers as a knowledge graph.

    Roles, their tasks, skills and tools, the kinds of data-science job and the
    steps of a machine-learning project, as RDF with a source for every fact.

    \b
    Examples:
      rolegraph compare "data scientist" "machine learning engineer"
      rolegraph show "ML engineer"
      rolegraph viz -o graph.html
    """
    ctx.obj = Settings(graph=graph, endpoint=endpoint, timeout=timeout, cache_dir=cache_dir)


# ------------------------------------------------------------------ stats


@cli.command()
@format_option()
@pass_settings
def stats(settings: Settings, fmt: str) -> None:
    """Size of the graph: triples and entities per class.

    \b
    Example:
      rolegraph stats --format json
    """
    from .explore import stats as run

    result = run(settings.store()).to_dict()
    if fmt == "json":
        echo_json(result)
        return
    from .output import table

    rows = [{"what": "triples", "count": result["triples"]}, {"what": "evidence passages", "count": result["evidence"]}]
    rows += [{"what": k, "count": v} for k, v in result["counts"].items()]
    echo(table(rows, ["what", "count"]))


# ------------------------------------------------------------------ list


@cli.command("list")
@click.argument("kind", metavar="[TYPE]", required=False)
@format_option("table", "json", "csv", "tsv")
@pass_settings
def list_(settings: Settings, kind: str | None, fmt: str) -> None:
    """Entities of a type (Role, Skill, Tool, Task, WorkflowStep, JobArchetype,
    Source, or a subclass such as MLFramework), or of every type.

    \b
    Example:
      rolegraph list role
    """
    from .errors import UnknownTypeError
    from .explore import list_entities

    try:
        rows = list_entities(settings.store(), kind)
    except UnknownTypeError as exc:
        raise click.BadParameter(str(exc), param_hint="TYPE") from None
    _rows_out(rows, ["id", "label", "type"], fmt)


def _rows_out(rows: list[dict[str, Any]], columns: list[str], fmt: str, title: str | None = None) -> None:
    from .output import delimited, table

    if fmt == "json":
        echo_json(rows)
    elif fmt in ("csv", "tsv"):
        echo(delimited(rows, columns, "," if fmt == "csv" else "\t"))
    else:
        echo(table(rows, columns, title=title))


# ------------------------------------------------------------------ show


@cli.command()
@click.argument("ref")
@format_option()
@pass_settings
def show(settings: Settings, ref: str, fmt: str) -> None:
    """One entity with its links and the sources of each.

    REF is a label or alt label (any case), an id, a CURIE or an IRI.

    \b
    Example:
      rolegraph show "ML engineer"
    """
    from .explore import show as run

    entity = run(settings.store(), ref).to_dict()
    if fmt == "json":
        echo_json(entity)
        return

    lines = [f"{entity['label']}  ({entity['type']}, {entity['id']})"]
    if entity["alt_labels"]:
        lines.append("also: " + ", ".join(entity["alt_labels"]))
    if entity["definition"]:
        lines.append(entity["definition"])
    for name, values in entity["attributes"].items():
        lines.append(f"{name}: " + "; ".join(values))
    lines.append("")
    for link in entity["links"]:
        arrow = "→" if link["direction"] == "out" else "←"
        cite = sorted({_cited(s) for s in link["sources"]})
        where = f"   [{'; '.join(cite)}]" if cite else ""
        lines.append(f"  {arrow} {link['predicate']:<22} {link['target']['label']} ({link['target']['type']}){where}")
    if entity["sources"]:
        lines.append("")
        lines.append("sources:")
        for s in entity["sources"]:
            lines.append(f"  {_cited(s)}: “{s['quote']}”")
    echo("\n".join(lines))


def _cited(item: dict[str, Any]) -> str:
    """A source's title, and the page it reproduces when it cites one."""
    title = item["source"]["title"]
    return f"{title} (citing {item['cites']['title']})" if item.get("cites") else title


# ------------------------------------------------------------------ search


@cli.command()
@click.argument("text")
@click.option("--type", "kind", metavar="TYPE", help="Only entities of this type.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@format_option("table", "json", "csv", "tsv")
@pass_settings
def search(settings: Settings, text: str, kind: str | None, limit: int, fmt: str) -> None:
    """Find entities by label, alt label or definition (fuzzy).

    \b
    Example:
      rolegraph search "visualisation"
    """
    from .errors import UnknownTypeError
    from .explore import search as run

    if not text.strip():
        raise click.BadParameter("give some text to search for", param_hint="TEXT")
    try:
        rows = run(settings.store(), text, kind=kind, limit=limit)
    except UnknownTypeError as exc:
        raise click.BadParameter(str(exc), param_hint="--type") from None
    _rows_out(rows, ["id", "label", "type", "score"], fmt)


# ------------------------------------------------------------------ why


@cli.command()
@click.argument("subject", metavar="S")
@click.argument("predicate", metavar="P")
@click.argument("obj", metavar="O")
@format_option()
@pass_settings
def why(settings: Settings, subject: str, predicate: str, obj: str, fmt: str) -> None:
    """The sources and quotes behind one fact S P O.

    P is a property such as essentialSkill or rg:usesTool; a super-property
    (requiresSkill) finds the facts of its sub-properties too.

    \b
    Example:
      rolegraph why "data scientist" usesTool Tableau
    """
    from .explore import why as run

    rows = run(settings.store(), subject, predicate, obj)
    if fmt == "json":
        echo_json(rows)
        return
    if not rows:
        echo("The graph asserts this fact but names no source for it.")
        return
    echo("\n".join(f"{_cited(r)}:\n  “{r['quote']}”" for r in rows))


# ------------------------------------------------------------------ validate


@cli.command()
@format_option()
@pass_settings
def validate(settings: Settings, fmt: str) -> None:
    """Parse the ontology and data and validate them with the SHACL shapes.

    Exits 1 when there is a violation; warnings alone do not fail.

    \b
    Example:
      rolegraph --graph my-data/ validate
    """
    from .shacl import validate as run

    result = run(settings.local_store("validate"))
    if fmt == "json":
        echo_json(result.to_dict())
    else:
        if result.conforms and not result.violations:
            echo("The graph conforms to the rolegraph shapes.")
        for v in result.violations:
            rule = f" [{v['rule']}]" if v.get("rule") else ""
            path = f" {v['path']}" if v.get("path") else ""
            echo(f"{v['severity']}: {v['focus']}{path}: {v['message']}{rule}")
    if not result.conforms:
        sys.exit(1)


# ------------------------------------------------------------------ export


@cli.command()
@click.option("--to", "to", type=click.Choice(["turtle", "nt", "nquads", "trig", "jsonld", "xml"]), default="turtle", show_default=True, help="RDF format.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")
@pass_settings
def export(settings: Settings, to: str, output: str | None) -> None:
    """Export the graph in a standard RDF format.

    trig and nquads keep the evidence named graphs (provenance); the others
    hold every asserted fact and the ontology.

    \b
    Example:
      rolegraph export --to trig -o rolegraph.trig
    """
    from .serialize import export as run

    write_output(output, run(settings.local_store("export"), to))


def _register() -> None:
    from . import cli_esco, cli_queries, cli_sparql, cli_viz

    for module in (cli_queries, cli_sparql, cli_viz, cli_esco):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="rolegraph")
