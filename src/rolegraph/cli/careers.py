"""Commands for career questions: compare, gap, path, fit, workflow, similar, matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .options import Settings, pass_settings, read_text_value
from .output import distinct_names, emit, labels, output_options, paragraph, render_table

if TYPE_CHECKING:
    from ..careers import Comparison, Fit, Gap, GapItem, Matrix, PathResult, Similar, Step
    from ..careers.profiles import Related
    from ..results import Ref


@click.command("compare")
@click.argument("a")
@click.argument("b")
@click.option("--limit", type=click.IntRange(min=0), default=25, show_default=True, help="In the table, at most N items per cell (0: all); JSON has them all.")
@output_options()
@pass_settings
def compare_command(settings: Settings, a: str, b: str, limit: int, fmt: str) -> None:
    """What two roles share and what only one of them has.

    Skills (essential or optional), tools and tasks, and a similarity score in
    [0, 1] in which essential skills weigh twice as much as the rest.

    \b
    Example:
      rolegraph compare "data scientist" "machine learning engineer"
    """
    from ..careers import compare

    emit(compare(settings.store(), a, b), fmt, table=lambda c: _compare_table(c, limit or None))


def _compare_table(result: Comparison, most: int | None = None) -> str:
    la, lb = _names(result.a, result.b)
    rows = [
        {"": kind, "shared": labels(result.shared[kind], most), f"only {la}": labels(result.only_a[kind], most), f"only {lb}": labels(result.only_b[kind], most)}
        for kind in ("skills", "tools", "tasks")
    ]
    parts = " + ".join(f"{v:.2f} {k}" for k, v in result.components.items()) or "nothing shared"
    lines = [render_table(rows, ["", "shared", f"only {la}", f"only {lb}"], title=f"{la} vs {lb}: similarity {result.similarity:.2f} = {parts}").rstrip("\n")]
    if result.related_tasks:
        shown = result.related_tasks[:6]
        pairs = "; ".join(f"{r.a.label} ~ {r.b.label} ({labels(r.skills)})" for r in shown)
        more = f"; and {len(result.related_tasks) - len(shown)} more pairs (--format json)" if len(result.related_tasks) > len(shown) else ""
        lines.append(paragraph(f"Related tasks (a task of each that involve the same skills): {pairs}{more}."))
    if result.related_skills:
        first = result.related_skills[:6]
        pairs = "; ".join(_related(r) for r in first)
        more = f"; and {len(result.related_skills) - len(first)} more (--format json)" if len(result.related_skills) > len(first) else ""
        lines.append(paragraph(f"Related skills (through the skills hierarchy; related, not shared): {pairs}{more}."))
    lines.append(paragraph(f"How: {result.method}."))
    return "\n".join(lines)


def _related(r: Related) -> str:
    if r.relation == "sibling" and r.via:
        return f"{r.a.label} ~ {r.b.label} (both under {r.via.label})"
    words = {"broader": "is a kind of", "narrower": "is broader than", "related": "is related to"}
    return f"{r.a.label} {words.get(r.relation, r.relation)} {r.b.label}"


def _names(a: Ref, b: Ref) -> tuple[str, str]:
    """Column names for two entities, told apart when their labels are the same."""
    la, lb = distinct_names([a, b])
    return la, lb


@click.command("gap")
@click.argument("from_ref", metavar="FROM")
@click.argument("to_ref", metavar="TO")
@output_options()
@pass_settings
def gap_command(settings: Settings, from_ref: str, to_ref: str, fmt: str) -> None:
    """What FROM must add to do TO's job, as a learning plan.

    The skills and tools to learn, in order (stated prerequisites first, a
    broader skill before the narrower ones, a skill before its example tools,
    then essential before optional), each with why TO needs it and why it
    sits where it sits; the work TO does that FROM's profile lacks; what
    carries over; and coverage, the share of TO's essential skills FROM has.

    \b
    Example:
      rolegraph gap "data analyst" "machine learning engineer"
    """
    from ..careers import gap

    emit(gap(settings.store(), from_ref, to_ref), fmt, table=_gap_table)


def _why(item: GapItem) -> str:
    """Why the target needs an item, in a line: its requirement, how many of
    its tasks need it (naming one), what it is a prerequisite of."""
    parts = [w.text.split(": ", 1)[-1] for w in item.why if w.kind == "requirement"]
    tasks = [w for w in item.why if w.kind in ("task", "workflow-step")]
    if tasks:
        first = tasks[0].entity.label if tasks[0].kind == "task" else tasks[0].text
        parts.append(f"for {first}" + (f" and {len(tasks) - 1} more task{'s' if len(tasks) > 2 else ''}" if len(tasks) > 1 else ""))
    parts += [w.text for w in item.why if w.kind in ("prerequisite", "example", "related")]
    sources = [c for w in item.why for c in w.sources]
    if sources and all(c.inferred for c in sources):
        parts.append("(inferred)")
    return "; ".join(parts)


def _gap_table(result: Gap) -> str:
    fl, tl = result.from_.label, result.to.label
    title = f"{fl} → {tl}: coverage {result.coverage:.0%} of {result.coverage_of}"
    plan = sorted([*result.missing["skills"], *result.missing["tools"]], key=lambda i: i.position or 0)
    rows = []
    for item, name in zip(plan, distinct_names(plan)):
        reasons = _why(item)
        rows.append({"#": item.position, "learn": f"{name} ★" if item.hot else name, "kind": item.type.lower(), "why": reasons, "placed": item.placement})
    out = [render_table(rows, ["#", "learn", "kind", "why", "placed"], title=f"{title}; learning plan").rstrip("\n") if rows else title + "\nNothing to learn."]
    if result.missing["tasks"]:
        out.append(paragraph(f"The work a {tl} does that the {fl} profile lacks (what the plan is for): " + labels(result.missing["tasks"])))
    have = distinct_names([i for k in ("skills", "tools", "tasks") for i in result.have[k]])
    if have:
        out.append(paragraph("Already have: " + ", ".join(have)))
    out.append(paragraph(f"How: {result.method}."))
    return "\n".join(out)


@click.command("path")
@click.argument("a")
@click.argument("b")
@click.option("--max", "k", type=click.IntRange(min=1), default=1, show_default=True, help="How many shortest paths to list.")
@output_options()
@pass_settings
def path_command(settings: Settings, a: str, b: str, k: int, fmt: str) -> None:
    """The shortest explained chain of facts between two entities.

    \b
    Example:
      rolegraph path Tableau TensorFlow --max 3
    """
    from ..careers import path

    emit(path(settings.store(), a, b, k=k), fmt, table=_path_text)


def _path_text(result: PathResult) -> str:
    blocks = []
    for i, p in enumerate(result.paths, 1):
        head = f"{' → '.join(n.label for n in p.nodes)}  ({p.length} hop{'s' if p.length != 1 else ''})"
        lines = [f"{i}. {head}" if len(result.paths) > 1 else head]
        lines += [f"   - {s}" for s in p.sentences]
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


@click.command("fit")
@click.option("--skill", "skills", multiple=True, metavar="SKILL", help="A skill you have or want (repeatable).")
@click.option("--tool", "tools", multiple=True, metavar="TOOL", help="A tool you use or want (repeatable).")
@click.option("--text", "text_value", metavar="FILE|-|TEXT", help="A job ad or CV: a file, - for stdin, or the text itself.")
@click.option("--archetypes", is_flag=True, help="Rank the kinds of data-science job too.")
@click.option("--type", "types", multiple=True, metavar="TYPE", help="Rank only jobs of this class (repeatable), e.g. escom:Occupation for ESCO's occupations [default: Role].")
@click.option("--dataset", "datasets", multiple=True, metavar="ID", help="Rank only jobs of this data set (repeatable), e.g. builtin for the sourced roles.")
@click.option("--limit", type=click.IntRange(min=0), default=25, show_default=True, help="Show only the best N roles (0: all).")
@output_options()
@pass_settings
def fit_command(settings: Settings, skills: tuple[str, ...], tools: tuple[str, ...], text_value: str | None, archetypes: bool, types: tuple[str, ...], datasets: tuple[str, ...], limit: int, fmt: str) -> None:
    """Roles ranked by how much of what each needs your skills and tools
    cover, or those a job ad or CV names.

    score: the harmonic mean of covered (the share of what the role needs
    that you have; essential skills count 2, its other skills, tools and the
    skills its tasks imply 1) and used (the share of your items it needs);
    coverage: the share of its essential skills you have, as in gap. --text
    takes a file, - for stdin, or the text itself; the terms it recognises
    (and where) and those it cannot place are listed.

    \b
    Examples:
      rolegraph fit --skill SQL --tool Excel --tool "Google Analytics"
      rolegraph fit --text job-ad.txt
      rolegraph fit --text "We need Python, SQL and Tableau for reporting."
      rolegraph --with esco.nt fit --skill Python --type escom:Occupation
    """
    from ..careers import fit
    from ..errors import UnknownTypeError
    from ..lookup.explore import match_type

    if not (skills or tools or text_value is not None):
        raise click.UsageError("give at least one --skill, --tool or --text")
    text = read_text_value(text_value) if text_value is not None else None
    store = settings.store()
    if text is not None and text.strip():
        settings.extractor_ready(store)
    try:
        chosen = tuple(match_type(store.projection, t) for t in types)
    except UnknownTypeError as exc:
        raise click.BadParameter(str(exc), param_hint="--type") from None
    kinds = (chosen or ("Role",)) + (("JobArchetype",) if archetypes else ())
    ranked = fit(store, skills, tools, text=text, kinds=kinds, datasets=datasets, limit=limit or None)
    emit(ranked, fmt, rows=_fit_rows, columns=["role", "fit", "score", "covered", "used", "coverage", "matched", "missing"], table=_fit_table)


def _fit_rows(ranked: list[Fit], most: int | None = None) -> list[dict[str, object]]:
    """One row per job; ``most`` cuts the missing list (tables) to that many."""

    def missing(r: Fit) -> str:
        if most is None or len(r.missing) <= most:
            return labels(r.missing)
        return f"{labels(r.missing[:most])} and {len(r.missing) - most} more"

    names = distinct_names([r.role for r in ranked])
    return [
        {"role": name, "fit": r.verdict, "score": r.score, "covered": r.covered, "used": r.used, "coverage": r.coverage, "matched": labels(r.matched), "missing": missing(r)}
        for name, r in zip(names, ranked)
    ]


def _fit_table(ranked: list[Fit]) -> str:
    from ..careers.fit import METHOD

    lines = []
    given = {i.label: i.spans for r in ranked[:1] for i in [*r.matched, *r.unused]}
    spans = {label: s for label, s in given.items() if s}
    if not spans and ranked and ranked[0].unrecognised is not None and not given:
        lines.append("Recognised in the text: nothing rolegraph knows.")
    if spans:
        where = ", ".join(f"{label} ({', '.join(f'{x.start}–{x.end}' for x in s[:3])})" for label, s in sorted(spans.items(), key=lambda kv: kv[1][0].start))
        lines.append(paragraph(f"Recognised in the text (character offsets): {where}"))
    if ranked and ranked[0].unrecognised:
        lines.append(paragraph("Not recognised: " + ", ".join(dict.fromkeys(s.text for s in ranked[0].unrecognised))))
    lines.append(render_table(_fit_rows(ranked, most=6), ["role", "fit", "score", "covered", "used", "coverage", "matched", "missing"]).rstrip("\n"))
    if ranked and ranked[0].verdict == "weak":
        lines.append(paragraph(f"No role fits well: the best, {ranked[0].role.label}, scores {ranked[0].score:.2f} (it needs {ranked[0].used:.0%} of your items, and you cover {ranked[0].covered:.0%} of what it needs)."))
    lines.append(paragraph(f"How: {METHOD}."))
    return "\n".join(lines)


@click.command("workflow")
@click.option("--role", "role", metavar="REF", help="Only the steps this role performs.")
@output_options()
@pass_settings
def workflow_command(settings: Settings, role: str | None, fmt: str) -> None:
    """The machine-learning project workflow in order: who does each step,
    its tasks, and the tools and skills they involve.

    \b
    Example:
      rolegraph workflow --role "data scientist"
    """
    from ..careers import workflow

    emit(workflow(settings.store(), role), fmt, rows=_workflow_rows, columns=["order", "step", "performed by", "tasks", "tools"])


def _workflow_rows(steps: list[Step]) -> list[dict[str, object]]:
    return [{"order": s.order, "step": s.label, "performed by": labels(s.performed_by), "tasks": labels(s.tasks), "tools": labels(s.tools)} for s in steps]


@click.command("similar")
@click.argument("ref")
@click.option("--limit", type=click.IntRange(min=0), default=0, help="Show only the N most similar roles (0: all).")
@output_options("table", "json", "csv", "tsv")
@pass_settings
def similar_command(settings: Settings, ref: str, limit: int, fmt: str) -> None:
    """Roles ranked by similarity to one role (the score of compare).

    \b
    Example:
      rolegraph similar "data analyst"
    """
    from ..careers import similar
    from ..careers.compare import METHOD

    ranked = similar(settings.store(), ref, limit=limit or None)
    table = lambda found: render_table(_similar_rows(found), ["role", "similarity"]) + paragraph(f"How: {METHOD}.")
    emit(ranked, fmt, rows=_similar_rows, columns=["id", "role", "similarity"], table=table)


def _similar_rows(ranked: list[Similar]) -> list[dict[str, object]]:
    return [{"id": r.role.id, "role": name, "similarity": r.similarity} for name, r in zip(distinct_names([r.role for r in ranked]), ranked)]


@click.command("matrix")
@output_options("table", "json", "csv", "tsv")
@pass_settings
def matrix_command(settings: Settings, fmt: str) -> None:
    """All-pairs role similarity, as a table, JSON or CSV.

    \b
    Example:
      rolegraph matrix --format csv > similarity.csv
    """
    from ..careers import matrix

    result = matrix(settings.store())
    names = distinct_names(result.roles)
    table = lambda m: render_table(_matrix_rows(m), ["role", *names]) + paragraph(f"How: {m.method}.")
    emit(result, fmt, rows=_matrix_rows, columns=["role", *names], table=table)


def _matrix_rows(result: Matrix) -> list[dict[str, object]]:
    names = distinct_names(result.roles)
    return [{"role": name, **dict(zip(names, row))} for name, row in zip(names, result.similarity)]


COMMANDS = [compare_command, gap_command, path_command, fit_command, workflow_command, similar_command, matrix_command]
