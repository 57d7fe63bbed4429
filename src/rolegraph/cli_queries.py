"""CLI commands for career questions: compare, gap, path, fit, workflow, similar, matrix."""

from __future__ import annotations


import click

from .clitools import Settings, echo, echo_json, format_option, pass_settings, read_text_arg, ref_list


@click.command()
@click.argument("a")
@click.argument("b")
@format_option()
@pass_settings
def compare(settings: Settings, a: str, b: str, fmt: str) -> None:
    """What two roles share and what only one of them has.

    Skills (essential or optional), tools and tasks, and a similarity score in
    [0, 1] in which essential skills weigh twice as much as the rest.

    \b
    Example:
      rolegraph compare "data scientist" "machine learning engineer"
    """
    from .queries import compare as run

    result = run(settings.store(), a, b).to_dict()
    if fmt == "json":
        echo_json(result)
        return
    from .output import table

    la, lb = result["a"]["label"], result["b"]["label"]
    rows = []
    for kind in ("skills", "tools", "tasks"):
        rows.append({"": kind, "shared": ref_list(result["shared"][kind]), f"only {la}": ref_list(result["only_a"][kind]), f"only {lb}": ref_list(result["only_b"][kind])})
    cols = ["", "shared", f"only {la}", f"only {lb}"]
    echo(table(rows, cols, title=f"{la} vs {lb}: similarity {result['similarity']:.2f}"))


@click.command()
@click.argument("from_ref", metavar="FROM")
@click.argument("to_ref", metavar="TO")
@format_option()
@pass_settings
def gap(settings: Settings, from_ref: str, to_ref: str, fmt: str) -> None:
    """What FROM must add to do TO's job, as a learning plan.

    Missing skills in learning order (prerequisites first, then essential
    before optional), tools and tasks, each with why TO needs it; what
    transfers; and coverage, the share of TO's essential skills FROM has.

    \b
    Example:
      rolegraph gap "data analyst" "machine learning engineer"
    """
    from .queries import gap as run

    result = run(settings.store(), from_ref, to_ref).to_dict()
    if fmt == "json":
        echo_json(result)
        return
    from .output import table

    title = f"{result['from']['label']} → {result['to']['label']}: coverage {result['coverage']:.0%} of essential skills"
    rows = []
    n = 0
    for kind in ("skills", "tools", "tasks"):
        for item in result["missing"][kind]:
            n += 1
            reasons = "; ".join(w["text"] for w in item["why"] if w["kind"] != "requirement") or "; ".join(w["text"] for w in item["why"])
            rows.append({"#": n, "learn": item["label"], "kind": kind[:-1], "essential": "yes" if item["essential"] else "no", "why": reasons})
    out = table(rows, ["#", "learn", "kind", "essential", "why"], title=title) if rows else title + "\nNothing is missing.\n"
    have = [i["label"] for k in ("skills", "tools", "tasks") for i in result["have"][k]]
    echo(out + ("\nAlready have: " + ", ".join(have) if have else ""))


@click.command()
@click.argument("a")
@click.argument("b")
@click.option("--max", "k", type=click.IntRange(min=1), default=1, show_default=True, help="How many shortest paths to list.")
@format_option()
@pass_settings
def path(settings: Settings, a: str, b: str, k: int, fmt: str) -> None:
    """The shortest explained chain of facts between two entities.

    \b
    Example:
      rolegraph path Tableau TensorFlow --max 3
    """
    from .paths import path as run

    result = run(settings.store(), a, b, k=k)
    if fmt == "json":
        echo_json(result.to_dict())
        return
    blocks = []
    for i, p in enumerate(result.paths, 1):
        head = " → ".join(n["label"] for n in p.nodes)
        lines = [f"{i}. {head}  ({p.length} hop{'s' if p.length != 1 else ''})" if len(result.paths) > 1 else f"{head}  ({p.length} hop{'s' if p.length != 1 else ''})"]
        lines += [f"   - {s}" for s in p.sentences]
        blocks.append("\n".join(lines))
    echo("\n".join(blocks))


@click.command()
@click.option("--skill", "skills", multiple=True, metavar="SKILL", help="A skill you have or want (repeatable).")
@click.option("--tool", "tools", multiple=True, metavar="TOOL", help="A tool you use or want (repeatable).")
@click.option("--text", "text_file", metavar="FILE", help="A job ad or CV in plain text; - reads stdin.")
@click.option("--archetypes", is_flag=True, help="Rank the kinds of data-science job too.")
@click.option("--limit", type=click.IntRange(min=0), default=25, show_default=True, help="Show only the best N roles (0: all).")
@format_option()
@pass_settings
def fit(settings: Settings, skills: tuple[str, ...], tools: tuple[str, ...], text_file: str | None, archetypes: bool, limit: int | None, fmt: str) -> None:
    """Roles ranked for your skills and tools, or for a job ad / CV.

    score = 0.7 x the share of your items the role uses + 0.3 x the share of
    the role's essential skills you have.

    \b
    Examples:
      rolegraph fit --skill SQL --tool Excel --tool "Google Analytics"
      rolegraph fit --text job-ad.txt
    """
    from .matching import fit as run

    if not (skills or tools or text_file):
        raise click.UsageError("give at least one --skill, --tool or --text")
    text = read_text_arg(text_file) if text_file else None
    kinds = ("Role", "JobArchetype") if archetypes else ("Role",)
    ranked = run(settings.store(), skills, tools, text=text, kinds=kinds, limit=limit or None)
    if fmt == "json":
        echo_json([r.to_dict() for r in ranked])
        return
    from .output import table

    rows = [
        {"role": r.role["label"], "score": r.score, "matched": ref_list(r.matched), "missing": ref_list(r.missing)}
        for r in ranked
    ]
    echo(table(rows, ["role", "score", "matched", "missing"]))


@click.command()
@click.option("--role", "role", metavar="REF", help="Only the steps this role performs.")
@format_option()
@pass_settings
def workflow(settings: Settings, role: str | None, fmt: str) -> None:
    """The machine-learning project workflow in order: who does each step,
    its tasks, and the tools and skills they involve.

    \b
    Example:
      rolegraph workflow --role "data scientist"
    """
    from .queries import workflow as run

    steps = [s.to_dict() for s in run(settings.store(), role)]
    if fmt == "json":
        echo_json(steps)
        return
    from .output import table

    rows = [{"order": s["order"], "step": s["label"], "performed by": ref_list(s["performed_by"]), "tasks": ref_list(s["tasks"]), "tools": ref_list(s["tools"])} for s in steps]
    echo(table(rows, ["order", "step", "performed by", "tasks", "tools"]))


@click.command()
@click.argument("ref")
@click.option("--limit", type=click.IntRange(min=0), default=0, help="Show only the N most similar roles (0: all).")
@format_option("table", "json", "csv", "tsv")
@pass_settings
def similar(settings: Settings, ref: str, limit: int | None, fmt: str) -> None:
    """Roles ranked by similarity to one role (the score of compare).

    \b
    Example:
      rolegraph similar "data analyst"
    """
    from .queries import similar as run

    ranked = [r.to_dict() for r in run(settings.store(), ref, limit=limit or None)]
    if fmt == "json":
        echo_json(ranked)
        return
    from .output import delimited, table

    rows = [{"id": r["role"]["id"], "role": r["role"]["label"], "similarity": r["similarity"]} for r in ranked]
    if fmt in ("csv", "tsv"):
        echo(delimited(rows, ["id", "role", "similarity"], "," if fmt == "csv" else "\t"))
    else:
        echo(table(rows, ["role", "similarity"]))


@click.command()
@format_option("table", "json", "csv", "tsv")
@pass_settings
def matrix(settings: Settings, fmt: str) -> None:
    """All-pairs role similarity, as a table, JSON or CSV.

    \b
    Example:
      rolegraph matrix --format csv > similarity.csv
    """
    from .queries import matrix as run

    result = run(settings.store()).to_dict()
    if fmt == "json":
        echo_json(result)
        return
    from .output import delimited, table

    labels = [r["label"] for r in result["roles"]]
    rows = [{"role": label, **{labels[j]: v for j, v in enumerate(row)}} for label, row in zip(labels, result["similarity"])]
    if fmt in ("csv", "tsv"):
        echo(delimited(rows, ["role", *labels], "," if fmt == "csv" else "\t"))
    else:
        echo(table(rows, ["role", *labels]))


COMMANDS = [compare, gap, path, fit, workflow, similar, matrix]
