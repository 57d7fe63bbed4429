"""Checking a user's SPARQL query before anything runs it.

A query is parsed (with rdflib's SPARQL 1.1 parser) and its syntax tree
inspected: updates are refused, and so are ``SERVICE``, ``FROM`` and ``FROM
NAMED`` (the parts of a query that can make a store fetch from the network or
read files) unless the caller allows them. Oxigraph's own HTTP client would
bypass Python's audit hooks, so the check must come first.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import QueryError
from ..vocab import PREFIXES
from .lexer import tokens, words

#: rdflib's SPARQL parser (pyparsing) keeps state while it parses and is not
#: safe to run in two threads at once (the server checks queries concurrently).
_PARSING = threading.Lock()

_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed :func:`check`: its text and form (SELECT, ASK, ...)."""

    text: str
    form: str

    @property
    def is_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


def check(text: str, *, allow_network: bool = False) -> CheckedQuery:
    """Parse ``text`` and refuse updates and, unless ``allow_network``, any
    ``SERVICE``, ``FROM`` or ``FROM NAMED``. Raises :class:`QueryError`.

    >>> check("SELECT * WHERE { ?s ?p ?o }").form
    'SELECT'
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    if not text.strip():
        raise QueryError("the query is empty")
    try:
        with _PARSING:
            tree = parseQuery(text)
    except ParseException as exc:
        return _fallback(text, exc, allow_network)
    except Exception as exc:  # rdflib raises a few other errors (bad prefixes, IRIs)
        raise QueryError(f"invalid SPARQL query: {str(exc).splitlines()[0]}") from None
    query = tree[1]
    form = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}.get(query.name)
    if form is None:
        raise QueryError(f"unsupported query form {query.name}")
    if not allow_network:
        for node in _walk(tree, CompValue):
            if node.name == "ServiceGraphPattern":
                raise QueryError(f"SERVICE {_n3(dict.get(node, 'term'))} is refused: it would make the store call another endpoint; add --allow-network to allow it")
            if node.name == "DatasetClause":
                named = dict.get(node, "named")
                which, iri = ("FROM", dict.get(node, "default")) if named is None else ("FROM NAMED", named)
                raise QueryError(f"{which} {_n3(iri)} is refused: it can make a store fetch a URL or read a file; add --allow-network to allow it")
    return CheckedQuery(text, form)


def _n3(term: Any) -> str:
    return term.n3() if hasattr(term, "n3") else str(term)


def _walk(node: Any, comp: type) -> Iterator[Any]:
    if isinstance(node, comp):
        yield node
        value: Any
        for value in dict.values(node):  # type: ignore[arg-type]  # CompValue is a dict
            yield from _walk(value, comp)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for value in node:
            yield from _walk(value, comp)


_OX_POSITION = re.compile(r"^error at (\d+):(\d+): (.*)$", re.S)


def _fallback(text: str, exc: Any, allow_network: bool) -> CheckedQuery:
    """rdflib could not parse ``text``: it is an update, a syntax error, or
    syntax rdflib does not know (SPARQL 1.2) that Oxigraph may accept."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        update = parseUpdate(text)
    except Exception:
        update = None
    if update is not None:
        ops = [op.name for op in update.request] if getattr(update, "request", None) else []
        what = " ".join(re.sub(r"(?<!^)([A-Z])", r" \1", op).upper() for op in ops[:1]) or "an update"
        raise QueryError(f"updates are refused ({what}): rolegraph only runs read-only queries")
    rdflib_error = f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {_short(str(exc.msg))}"
    found = words(text)
    reaching = {"SERVICE", "FROM"}
    if found & ({"DEFINE", *_UPDATE_WORDS} | (set() if allow_network else reaching)):
        raise QueryError(rdflib_error)
    if found & reaching:
        # Allowed to reach out: do not try it on a scratch store (that would
        # make the call); the store that runs it reports any syntax error.
        form = "CONSTRUCT" if "CONSTRUCT" in found else "DESCRIBE" if "DESCRIBE" in found else "ASK" if "ASK" in found and "SELECT" not in found else "SELECT"
        return CheckedQuery(text, form)
    # Without a SERVICE or FROM keyword anywhere (outside strings and
    # comments) the query cannot reach out: let Oxigraph parse it on an empty
    # in-memory store, for its (more precise) error or its extended syntax.
    import pyoxigraph as ox

    try:
        result = ox.Store().query(text, prefixes=dict(PREFIXES))
    except SyntaxError as err:
        raise QueryError(syntax_message(str(err.msg or err))) from None
    except (OSError, RuntimeError, ValueError) as err:
        raise QueryError(f"invalid SPARQL query: {err}") from None
    if isinstance(result, ox.QueryBoolean):
        return CheckedQuery(text, "ASK")
    if isinstance(result, ox.QuerySolutions):
        return CheckedQuery(text, "SELECT")
    return CheckedQuery(text, "DESCRIBE" if "DESCRIBE" in found else "CONSTRUCT")


def syntax_message(message: str, shift: int = 0) -> str:
    """Oxigraph's ``error at L:C: ...`` as ``SPARQL syntax error at line L, column C: ...``
    (``shift`` lines were added before the user's text)."""
    m = _OX_POSITION.match(message.strip())
    if m is None:
        return f"SPARQL syntax error: {_short(message)}"
    line = max(1, int(m.group(1)) - shift)
    return f"SPARQL syntax error at line {line}, column {m.group(2)}: {_short(m.group(3))}"


def with_prefixes(text: str) -> str:
    """``text`` with a first line declaring the known prefixes (``rg:``,
    ``skos:``, ``dcterms:``, ...) it uses without declaring."""
    toks = tokens(text)
    declared = {toks[i + 1].text.split(":", 1)[0] for i, t in enumerate(toks[:-1]) if t.kind == "word" and t.text.upper() == "PREFIX"}
    used = {t.text.split(":", 1)[0] for t in toks if t.kind == "word" and ":" in t.text}
    wanted = [p for p in PREFIXES if p in used and p not in declared]
    if not wanted:
        return text
    return " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in wanted) + "\n" + text


def _short(message: str, limit: int = 200) -> str:
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
