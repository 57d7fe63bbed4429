"""Binding parameters into a query without pasting user text into it.

Parameters are joined in by a ``VALUES`` block of checked RDF terms placed at
the start of the query's ``WHERE`` group. This works the same on the embedded
store and on any SPARQL 1.1 endpoint (the protocol has no parameter binding),
and unlike Oxigraph's substitutions it can bind variables that are not
projected.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..errors import QueryError
from .lexer import FORMS, Token, tokens, variables

_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def term_sparql(term: Any) -> str:
    """A checked IRI or literal in SPARQL syntax (its N-Triples form)."""
    import pyoxigraph as ox

    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return str(term)  # pyoxigraph validates IRIs and escapes literals
    raise QueryError(f"cannot bind {type(term).__name__} {term}: only IRIs and literals can be bound")


def values_block(bindings: Mapping[str, Any]) -> str:
    """``VALUES (?a ?b) { (<x> "y") }`` for ``bindings`` (names are checked)."""
    for name in bindings:
        if not _VARNAME.match(name):
            raise QueryError(f"{name!r} is not a valid variable name")
    names = " ".join(f"?{n}" for n in bindings)
    terms = " ".join(term_sparql(t) for t in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def bind(text: str, bindings: Mapping[str, Any] | None) -> str:
    """``text`` with ``bindings`` (variable name → pyoxigraph term) joined in by a
    ``VALUES`` block at the start of its ``WHERE`` group, so every pattern and
    ``FILTER`` of that group sees them (a ``VALUES`` at the end of the query
    would be joined only after grouping, and missed by filters).

    >>> import pyoxigraph as ox
    >>> bind("SELECT ?o WHERE { ?s ?p ?o }", {"s": ox.NamedNode("http://x")})
    'SELECT ?o WHERE { VALUES (?s) { (<http://x>) } ?s ?p ?o }'
    """
    if not bindings:
        return text
    mentioned = variables(text)
    missing = [n for n in bindings if n not in mentioned]
    if missing:
        raise QueryError("the query has no variable " + ", ".join(f"?{n}" for n in missing))
    block = values_block(bindings)
    span = _where_group(tokens(text))
    if span is None:
        return f"{text.rstrip()}\n{block}"
    open_tok, first_inner, close_tok = span
    if first_inner is not None and first_inner.kind == "word" and first_inner.text.upper() == "SELECT":
        # The group is a sub-select: wrap it, a VALUES cannot precede SELECT.
        return f"{text[:open_tok.end]} {block} {{{text[open_tok.end:close_tok.start]}}} {text[close_tok.start:]}"
    return f"{text[:open_tok.end]} {block}{text[open_tok.end:]}"


def _where_group(tokens: list[Token]) -> tuple[Token, Token | None, Token] | None:
    """The opening token, first inner token and closing token of the query's
    WHERE group; None when it has none a VALUES block may go into."""
    groups: list[tuple[int, int, bool]] = []  # (open index, close index, after WHERE)
    form = next((t.text.upper() for t in tokens if t.kind == "word" and t.text.upper() in FORMS), None)  # = query_form
    braces = parens = 0
    start = -1
    for i, tok in enumerate(tokens):
        if tok.kind != "other":
            continue
        if tok.text == "(":
            parens += 1
        elif tok.text == ")":
            parens -= 1
        elif tok.text == "{":
            if braces == 0 and parens == 0:
                start = i
            braces += 1
        elif tok.text == "}":
            braces -= 1
            if braces == 0 and parens == 0 and start >= 0:
                prev = tokens[start - 1] if start > 0 else None
                after_where = prev is not None and prev.kind == "word" and prev.text.upper() == "WHERE"
                groups.append((start, i, after_where))
                start = -1
    chosen: tuple[int, int, bool] | None = None
    if form == "CONSTRUCT":
        first_where = next((g for g in groups if g[2]), None)
        if first_where is not None and first_where is groups[0]:
            return None  # CONSTRUCT WHERE { triples }: no room for VALUES
        chosen = first_where or (groups[1] if len(groups) > 1 else None)
    else:
        chosen = next((g for g in groups if g[2]), None) or (groups[0] if groups else None)
    if chosen is None:
        return None
    o, c, _ = chosen
    return tokens[o], (tokens[o + 1] if o + 1 < c else None), tokens[c]
