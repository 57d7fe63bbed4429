"""Commands ``sparql`` and ``queries``."""

from __future__ import annotations

from typing import Any

import click

from .options import Settings, read_text_arg
from .output import emit, output_options, render_table, safe_text, write_output

RESULT_FORMATS = ("table", "json", "csv", "tsv", "xml")
GRAPH_FORMATS = ("turtle", "nt", "jsonld")


@click.command("sparql")
@click.argument("query", required=False)
@click.option("-f", "--file", "file", metavar="FILE", help="Read the query from FILE (- for stdin).")
@click.option("-q", "--query", "name", metavar="NAME", help="Run a named query (see `rolegraph queries`).")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE", help="Bind ?NAME to the string literal VALUE; VALUE@en gives a language-tagged literal, as labels are (repeatable).")
@click.option("-e", "--entity", "entities", multiple=True, metavar="NAME=REF", help="Bind ?NAME to the entity REF: a label, id, CURIE or IRI (repeatable).")
@click.option("--allow-network", is_flag=True, help="Allow SERVICE, FROM and FROM NAMED, which can reach the network or files.")
@output_options(*RESULT_FORMATS, *GRAPH_FORMATS)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE (atomically) instead of stdout.")
@click.pass_context
def sparql_command(ctx: click.Context, query: str | None, file: str | None, name: str | None, params: tuple[str, ...], entities: tuple[str, ...], allow_network: bool, fmt: str, output: str | None) -> None:
    """Run a read-only SPARQL query: QUERY, -f FILE, -q NAME, or - (stdin).

    SELECT and ASK print a table, or W3C SPARQL results as json, csv, tsv or
    xml; CONSTRUCT and DESCRIBE print turtle (default), nt or jsonld. Updates
    are refused, and so are SERVICE, FROM and FROM NAMED unless
    --allow-network is given. Parameters are bound with a VALUES block, never
    pasted into the query. Every fact is in the default graph.

    \b
    Example:
      rolegraph sparql -q shared-skills -e a="data scientist" -e b="ML engineer"
      rolegraph sparql 'SELECT ?r WHERE { ?r a rg:Role }' --format csv
    """
    from .. import sparql as sq
    from ..sparql.run import execute, query_errors, serialize

    settings = ctx.ensure_object(Settings)
    sources = [s for s in (query, file, name) if s is not None]
    if len(sources) != 1:
        raise click.UsageError("give exactly one of QUERY, -f FILE, -q NAME or - (stdin)")
    named = None
    if name is not None:
        named = sq.named_query(name)
        text = named.text
    elif file is not None:
        text = read_text_arg(file)
    else:
        text = read_text_arg("-") if query == "-" else str(query)

    checked = sq.check(text, allow_network=allow_network)
    fmt = _pick_format(ctx, checked, fmt)
    literals = _pairs(params, "-p")
    refs = _pairs(entities, "-e")
    if named is not None:
        _check_named(named, literals, refs)

    import pyoxigraph as ox

    store = settings.store()
    bindings: dict[str, Any] = {k: _literal(v) for k, v in literals.items()}
    if refs:
        from ..lookup.names import resolve

        proj = store.projection
        bindings.update({k: ox.NamedNode(resolve(proj, ref)) for k, ref in refs.items()})
    full = sq.with_prefixes(text)
    shift = full.count("\n") - text.count("\n")

    def answer_query() -> str | bytes:
        result = execute(store, sq.CheckedQuery(full, checked.form), bindings, shift=shift)
        if fmt == "table":
            with query_errors(shift):
                return _table(result)
        return serialize(result, fmt, shift=shift)

    from ..store.local import LocalStore

    if isinstance(store, LocalStore):
        # In a child process the CLI can stop: on Ctrl-C, at --query-timeout,
        # past --query-memory; offline unless --allow-network.
        from ..sparql.isolate import default_memory_limit, run_isolated

        memory = default_memory_limit() if settings.query_memory is None else settings.query_memory or None
        answer = run_isolated(answer_query, timeout=settings.query_timeout or None, memory=memory, offline=not allow_network)
    else:
        answer = answer_query()
    write_output(output, answer)


def _literal(value: str) -> Any:
    """``VALUE@lang`` (a language tag such as en or en-GB) gives a language-tagged
    literal, as labels are; anything else a plain string."""
    import re

    import pyoxigraph as ox

    m = re.fullmatch(r"(.*)@([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*)", value, re.S)
    return ox.Literal(m.group(1), language=m.group(2)) if m else ox.Literal(value)


def _pick_format(ctx: click.Context, checked: Any, fmt: str) -> str:
    explicit = ctx.get_parameter_source("fmt") not in (click.core.ParameterSource.DEFAULT, None)
    if checked.is_graph:
        if not explicit:
            return "turtle"
        if fmt not in GRAPH_FORMATS:
            raise click.UsageError(f"--format {fmt} does not fit a {checked.form} query, which gives a graph: use {', '.join(GRAPH_FORMATS)}")
    elif fmt not in RESULT_FORMATS:
        raise click.UsageError(f"--format {fmt} does not fit a {checked.form} query, which gives results: use {', '.join(RESULT_FORMATS)}")
    return fmt


def _pairs(items: tuple[str, ...], flag: str) -> dict[str, str]:
    import re

    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key):
            raise click.BadParameter(f"{item!r}: write NAME=VALUE, NAME a variable name without '?'", param_hint=flag)
        if key in out:
            raise click.BadParameter(f"?{key} is given twice", param_hint=flag)
        out[key] = value
    return out


def _check_named(named: Any, literals: dict[str, str], refs: dict[str, str]) -> None:
    given = {**{k: "literal" for k in literals}, **{k: "entity" for k in refs}}
    if set(literals) & set(refs):
        raise click.UsageError(f"?{sorted(set(literals) & set(refs))[0]} is bound by both -p and -e")
    declared = ", ".join(f"{p.name} ({p.kind})" for p in named.parameters) or "none"
    for key, kind in given.items():
        param = named.parameter(key)
        if param is None:
            raise click.UsageError(f"the query {named.name} has no parameter {key!r}; its parameters: {declared}")
        if param.kind != kind:
            flag = "-e" if param.kind == "entity" else "-p"
            raise click.UsageError(f"{key} is an {param.kind}: give it with {flag} {key}=...")
    missing = [p for p in named.parameters if p.required and p.name not in given]
    if missing:
        how = " ".join(f"{'-e' if p.kind == 'entity' else '-p'} {p.name}=..." for p in missing)
        raise click.UsageError(f"the query {named.name} needs {how}")


def _table(result: Any) -> str:
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return "true" if bool(result) else "false"
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append({n: _cell(solution[n]) for n in names if solution[n] is not None})
    if not rows:
        return "(no results)"
    return safe_text(render_table(rows, names))


def _cell(term: Any) -> str:
    import pyoxigraph as ox

    from ..vocab import curie

    if isinstance(term, ox.NamedNode):
        return curie(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


@click.command("queries")
@output_options()
def queries_command(fmt: str) -> None:
    """The named queries shipped with rolegraph, for `sparql -q NAME`.

    \b
    Example:
      rolegraph queries --format json
    """
    from ..sparql import named_queries

    emit(list(named_queries().values()), fmt, rows=_query_rows, columns=["name", "parameters", "description"])


def _query_rows(found: list[Any]) -> list[dict[str, str]]:
    return [
        {"name": q.name, "description": q.description, "parameters": ", ".join(f"{p.name} ({p.kind}{'' if p.required else ', optional'})" for p in q.parameters) or "—"}
        for q in found
    ]


COMMANDS = [sparql_command, queries_command]
