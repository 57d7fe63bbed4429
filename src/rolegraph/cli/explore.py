"""Commands that look around the graph: stats, list, show, search, why."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .options import Settings, pass_settings
from .output import emit, output_options, paragraph, render_table

if TYPE_CHECKING:
    from ..lookup import Entity, Stats
    from ..lookup.show import Link
    from ..results import Citation


@click.command("stats")
@output_options()
@pass_settings
def stats_command(settings: Settings, fmt: str) -> None:
    """Size of the graph: triples, entities per class, links by what
    supports them, and the data sets loaded.

    \b
    Example:
      rolegraph stats --format json
    """
    from ..lookup import stats

    emit(stats(settings.store()), fmt, rows=_stats_rows, columns=["what", "count"])


def _stats_rows(result: Stats) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = [
        {"what": "triples", "count": result.triples},
        {"what": "quoted passages", "count": result.evidence},
        {"what": "inferences", "count": result.inferences},
        {"what": "links, quoted", "count": result.facts["quoted"]},
        {"what": "links, inferred only", "count": result.facts["inferred"]},
        {"what": "links, from a data set", "count": result.facts["dataset"]},
        {"what": "links, no source", "count": result.facts["unsourced"]},
    ]
    if result.facts["alignments"]:
        rows.append({"what": "alignments (closeMatch, ...)", "count": result.facts["alignments"]})
    rows += [{"what": k, "count": v} for k, v in result.counts.items() if v or k not in ("OccupationGroup", "SkillGroup")]
    rows += [{"what": f"data set {d['id']}: {d['title']}", "count": f"{d['entities']} entities, {d['links']} links"} for d in result.datasets]
    return rows


@click.command("list")
@click.argument("kind", metavar="[TYPE]", required=False)
@output_options("table", "json", "csv", "tsv")
@pass_settings
def list_command(settings: Settings, kind: str | None, fmt: str) -> None:
    """Entities of a type (Role, Skill, Tool, Task, WorkflowStep, JobArchetype,
    Source, or a subclass such as MLFramework), or of every type.

    \b
    Example:
      rolegraph list role
    """
    from ..errors import UnknownTypeError
    from ..lookup import list_entities

    try:
        found = list_entities(settings.store(), kind)
    except UnknownTypeError as exc:
        raise click.BadParameter(str(exc), param_hint="TYPE") from None
    emit(found, fmt, columns=["id", "label", "type"])


@click.command("show")
@click.argument("ref")
@click.option("--limit", type=click.IntRange(min=0), default=30, show_default=True, help="In the table, at most N links per data set (0: all); JSON has them all.")
@output_options()
@pass_settings
def show_command(settings: Settings, ref: str, limit: int, fmt: str) -> None:
    """One entity with its links and the sources of each, grouped by the
    data set stating them.

    REF is an IRI, a CURIE (rg:data-scientist, esco:occupation/...), a label
    or alt label (any case) or a local id, in that order of precedence. An
    entity joined with others (skos:exactMatch, owl:sameAs) shows the facts of
    every member, each with its own source.

    \b
    Examples:
      rolegraph show "ML engineer"
      rolegraph --with esco.nt show "data scientist"
    """
    from ..lookup import show

    emit(show(settings.store(), ref), fmt, table=lambda e: _show_text(e, limit))


def _show_text(entity: Entity, limit: int = 0) -> str:
    kind = f"{entity.type}, hot technology" if entity.hot else entity.type
    lines = [f"{entity.label}  ({kind}, {entity.id if ':' not in entity.id else entity.members[0].curie})"]
    if len(entity.members) > 1:
        lines.append("joined: " + "; ".join(f"{m.curie} ({', '.join(m.datasets) or 'vocabulary'})" for m in entity.members))
    if entity.alt_labels:
        lines.append("also: " + ", ".join(entity.alt_labels))
    if entity.definition:
        lines.append(entity.definition)
    for name, values in entity.attributes.items():
        lines.append(f"{name}: " + "; ".join(values))
    # Links grouped by the data set stating them; one stated by two data sets
    # shows under each: a self-described data set (ESCO) is its own support,
    # the others' links carry their quotes and inferences.
    titles = {d.id: d.title for d in entity.datasets}
    groups: dict[str, list[str]] = {}
    for link in entity.links:
        arrow = "→" if link.direction == "out" else "←"
        for where in link.datasets or [""]:
            if any(c.kind == "dataset" and c.source and c.source.id == where for c in link.sources):
                cite = ""
            else:
                found = sorted({_cited(c) for c in link.sources if c.kind != "dataset"})
                cite = f"   [{'; '.join(found)}]" if found else ""
            kind = f"{link.target.type}, hot technology" if link.hot else link.target.type
            groups.setdefault(where, []).append(f"  {arrow} {link.predicate:<22} {link.target.label} ({kind}){_rating(link)}{cite}")
    for where, found in groups.items():
        heading = f"from {titles.get(where, where)} [{where}]:" if where else "from the vocabulary:"
        if limit and len(found) > limit:
            found = [*found[:limit], f"  … and {len(found) - limit} more (--limit 0 or --format json for all)"]
        lines += ["", heading, *found]
    if entity.sources:
        lines += ["", "sources:"]
        lines += [f"  {_cited(s)}: {_said(s)}" for s in entity.sources[: limit or None]]
        if limit and len(entity.sources) > limit:
            lines.append(f"  … and {len(entity.sources) - limit} more (--limit 0 or --format json for all)")
    return "\n".join(lines)


def _rating(link: Link) -> str:
    """`` [importance 4.12/5, level 3.88/7, in demand]`` where a data set rates the link."""
    r = link.rating
    if r is None:
        return ""
    parts = [f"importance {r.importance:g}/5"] if r.importance is not None else []
    parts += [f"level {r.level:g}/7"] if r.level is not None else []
    parts += ["in demand"] if r.in_demand else []
    return f"  [{', '.join(parts)}]" if parts else ""


def _cited(item: Citation) -> str:
    """Where a fact comes from, in a few words: the source's title (and the
    page it reproduces), or ``inferred``."""
    if item.inferred:
        return "inferred" + (f" from {item.source.title}" if item.source else "")
    if item.kind == "dataset":
        return item.source.title if item.source else "a data set"
    title = item.source.title if item.source else "unnamed source"
    return f"{title} (citing {item.cites.title})" if item.cites else title


def _said(item: Citation) -> str:
    """What supports a fact: the quote, or the rationale of an inference (and
    the passage it starts from)."""
    if item.inferred:
        return f"{item.rationale}" + (f" (from “{item.quote}”)" if item.quote else "")
    if item.kind == "dataset":
        return "stated by the data set"
    return f"“{item.quote}”"


@click.command("search")
@click.argument("text")
@click.option("--type", "kind", metavar="TYPE", help="Only entities of this type.")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
@output_options("table", "json", "csv", "tsv")
@pass_settings
def search_command(settings: Settings, text: str, kind: str | None, limit: int, fmt: str) -> None:
    """Find entities by label, alt label or definition (fuzzy).

    \b
    Example:
      rolegraph search "visualisation"
    """
    from ..errors import UnknownTypeError
    from ..lookup import search

    if not text.strip():
        raise click.BadParameter("give some text to search for", param_hint="TEXT")
    try:
        hits = search(settings.store(), text, kind=kind, limit=limit)
    except UnknownTypeError as exc:
        raise click.BadParameter(str(exc), param_hint="--type") from None
    from ..lookup.explore import METHOD
    from ..results import to_data

    emit(hits, fmt, columns=["id", "label", "type", "score", "how"], table=lambda found: render_table(to_data(found), ["id", "label", "type", "score", "how"]) + paragraph(f"How: {METHOD}."))


@click.command("why")
@click.argument("subject", metavar="S")
@click.argument("predicate", metavar="P")
@click.argument("obj", metavar="O")
@output_options()
@pass_settings
def why_command(settings: Settings, subject: str, predicate: str, obj: str, fmt: str) -> None:
    """The sources and quotes behind one fact S P O.

    P is a property such as essentialSkill or rg:usesTool; a super-property
    (requiresSkill) finds the facts of its sub-properties too.

    \b
    Example:
      rolegraph why "data scientist" usesTool Tableau
    """
    from ..lookup import why

    emit(why(settings.store(), subject, predicate, obj), fmt, table=_why_text)


def _why_text(found: list[Citation]) -> str:
    if not found:
        return "The graph asserts this fact but names no source for it."
    return "\n".join(f"{_cited(c)}:\n  {_said(c)}" for c in found)


COMMANDS = [stats_command, list_command, show_command, search_command, why_command]
