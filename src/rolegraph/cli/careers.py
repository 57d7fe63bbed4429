"""Commands for career questions: compare, gap, path, fit, workflow, similar, matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from .options import Settings, pass_settings, read_text_arg
from .output import emit, labels, output_options, render_table

if TYPE_CHECKING:
    from ..careers import Comparison, Fit, Gap, Matrix, PathResult, Similar, Step


@click.command("compare")
@click.argument("a")
@click.argument("b")
@output_options()
@pass_settings
def compare_command(settings: Settings, a: str, b: str, fmt: str) -> None:
    """What two roles share and what only one of them has.

    Skills (essential or optional), tools and tasks, and a similarity score in
    [0, 1] in which essential skills weigh twice as much as the rest.

    \b
    Example:
      rolegraph compare "data scientist" "machine learning engineer"
    """
    from ..careers import compare

    emit(compare(settings.store(), a, b), fmt, table=_compare_table)


def _compare_table(result: Comparison) -> str:
    la, lb = result.a.label, result.b.label
    rows = [
        {"": kind, "shared": labels(result.shared[kind]), f"only {la}": labels(result.only_a[kind]), f"only {lb}": labels(result.only_b[kind])}
        for kind in ("skills", "tools", "tasks")
    ]
    return render_table(rows, ["", "shared", f"only {la}", f"only {lb}"], title=f"{la} vs {lb}: similarity {result.similarity:.2f}")


@click.command("gap")
@click.argument("from_ref", metavar="FROM")
@click.argument("to_ref", metavar="TO")
@output_options()
@pass_settings
def gap_command(settings: Settings, from_ref: str, to_ref: str, fmt: str) -> None:
    """What FROM must add to do TO's job, as a learning plan.

    Missing skills in learning order (prerequisites first, then essential
    before optional), tools and tasks, each with why TO needs it; what
    transfers; and coverage, the share of TO's essential skills FROM has.

    \b
    Example:
      rolegraph gap "data analyst" "machine learning engineer"
    """
    from ..careers import gap

    emit(gap(settings.store(), from_ref, to_ref), fmt, table=_gap_table)


def _gap_table(result: Gap) -> str:
    title = f"{result.from_.label} → {result.to.label}: coverage {result.coverage:.0%} of essential skills"
    rows: list[dict[str, object]] = []
    for kind in ("skills", "tools", "tasks"):
        for item in result.missing[kind]:
            reasons = "; ".join(w.text for w in item.why if w.kind != "requirement") or "; ".join(w.text for w in item.why)
            rows.append({"#": len(rows) + 1, "learn": item.label, "kind": kind[:-1], "essential": "yes" if item.essential else "no", "why": reasons})
    out = render_table(rows, ["#", "learn", "kind", "essential", "why"], title=title) if rows else title + "\nNothing is missing.\n"
    have = [i.label for k in ("skills", "tools", "tasks") for i in result.have[k]]
    return out + ("\nAlready have: " + ", ".join(have) if have else "")


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
@click.option("--text", "text_file", metavar="FILE", help="A job ad or CV in plain text; - reads stdin.")
@click.option("--archetypes", is_flag=True, help="Rank the kinds of data-science job too.")
@click.option("--limit", type=click.IntRange(min=0), default=25, show_default=True, help="Show only the best N roles (0: all).")
@output_options()
@pass_settings
def fit_command(settings: Settings, skills: tuple[str, ...], tools: tuple[str, ...], text_file: str | None, archetypes: bool, limit: int, fmt: str) -> None:
    """Roles ranked for your skills and tools, or for a job ad / CV.

    score = 0.7 x the share of your items the role uses + 0.3 x the share of
    the role's essential skills you have.

    \b
    Examples:
      rolegraph fit --skill SQL --tool Excel --tool "Google Analytics"
      rolegraph fit --text job-ad.txt
    """
    from ..careers import fit

    if not (skills or tools or text_file):
        raise click.UsageError("give at least one --skill, --tool or --text")
    text = read_text_arg(text_file) if text_file else None
    kinds = ("Role", "JobArchetype") if archetypes else ("Role",)
    ranked = fit(settings.store(), skills, tools, text=text, kinds=kinds, limit=limit or None)
    emit(ranked, fmt, rows=_fit_rows, columns=["role", "score", "matched", "missing"])


def _fit_rows(ranked: list[Fit]) -> list[dict[str, object]]:
    return [{"role": r.role.label, "score": r.score, "matched": labels(r.matched), "missing": labels(r.missing)} for r in ranked]


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

    ranked = similar(settings.store(), ref, limit=limit or None)
    emit(ranked, fmt, rows=_similar_rows, columns=["id", "role", "similarity"] if fmt != "table" else ["role", "similarity"])


def _similar_rows(ranked: list[Similar]) -> list[dict[str, object]]:
    return [{"id": r.role.id, "role": r.role.label, "similarity": r.similarity} for r in ranked]


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
    names = [r.label for r in result.roles]
    emit(result, fmt, rows=_matrix_rows, columns=["role", *names])


def _matrix_rows(result: Matrix) -> list[dict[str, object]]:
    names = [r.label for r in result.roles]
    return [{"role": name, **dict(zip(names, row))} for name, row in zip(names, result.similarity)]


COMMANDS = [compare_command, gap_command, path_command, fit_command, workflow_command, similar_command, matrix_command]
