"""Checking a user's SPARQL query before anything runs it.

A query is parsed (with rdflib's SPARQL 1.1 parser) and its syntax tree
inspected, and its tokens read by the lexer: updates are refused, and so are
``SERVICE``, ``FROM`` and ``FROM NAMED`` (the parts of a query that can make a
store fetch from the network or read files) unless the caller allows them. A
query the parser cannot read is refused: there is no looser second reading
to be fooled. Oxigraph's own HTTP client would bypass Python's audit hooks, so
the check must come first.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import QueryError
from ..vocab import PREFIXES
from .lexer import tokens

#: rdflib's SPARQL parser (pyparsing) keeps state while it parses and is not
#: safe to run in two threads at once (the server checks queries concurrently).
_PARSING = threading.Lock()

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(m: re.Match[str]) -> str:
    code = int(m.group(1) or m.group(2), 16)
    return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)


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

    Two independent readings must both agree that the query is safe, and the
    text they read is the one the engine runs (``text`` with the known
    prefixes declared, :func:`with_prefixes`):

    - rdflib's SPARQL 1.1 parser builds the syntax tree, which must hold no
      service call or data-set clause; a query it cannot parse is refused
      (no second, looser reading decides instead);
    - the lexer (:mod:`.lexer`, which reads prefixed names, strings, IRIs and
      comments as the grammar does) must find no ``SERVICE`` / ``FROM`` /
      update keyword anywhere outside strings, IRIs and comments.

    >>> check("SELECT * WHERE { ?s ?p ?o }").form
    'SELECT'
    """
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery
    from rdflib.plugins.sparql.parserutils import CompValue

    if not text.strip():
        raise QueryError("the query is empty")
    full = with_prefixes(text)
    shift = full.count("\n") - text.count("\n")
    # The grammar applies \\u / \\U code point escapes before anything else
    # (a conformant engine reads \\u0053ERVICE as SERVICE): so must the lexer.
    keywords = {t.text.upper() for t in tokens(_CODEPOINT.sub(_unescape, full)) if t.kind == "word" and ":" not in t.text}
    try:
        with _PARSING:
            tree = parseQuery(full)
    except ParseException as exc:
        _refuse_update(full)
        if allow_network and not keywords & set(_UPDATE_WORDS):
            # Reaching out is allowed, so nothing rides on this reading: let
            # the engine parse what rdflib does not know (SPARQL 1.2); a
            # query is all Oxigraph's query() runs, never an update.
            from .lexer import query_form

            return CheckedQuery(text, query_form(full) or "SELECT")
        raise QueryError(_engine_syntax_error(full, shift) or f"SPARQL syntax error at line {max(1, exc.lineno - shift)}, column {exc.col}: {_short(str(exc.msg))}") from None
    except Exception as exc:  # rdflib raises a few other errors (bad prefixes, IRIs)
        raise QueryError(f"invalid SPARQL query: {_short(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)}") from None
    query = tree[1]
    form = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}.get(query.name)
    if form is None:
        raise QueryError(f"unsupported query form {query.name}")
    updates = keywords & set(_UPDATE_WORDS) - {"WITH"}
    if updates:
        raise QueryError(f"updates are refused ({sorted(updates)[0]}): rolegraph only runs read-only queries")
    if not allow_network:
        for node in _walk(tree, CompValue):
            if node.name == "ServiceGraphPattern":
                raise QueryError(f"SERVICE {_n3(dict.get(node, 'term'))} is refused: it would make the store call another endpoint; add --allow-network to allow it")
            if node.name == "DatasetClause":
                named = dict.get(node, "named")
                which, iri = ("FROM", dict.get(node, "default")) if named is None else ("FROM NAMED", named)
                raise QueryError(f"{which} {_n3(iri)} is refused: it can make a store fetch a URL or read a file; add --allow-network to allow it")
        for word in ("SERVICE", "FROM"):
            if word in keywords:
                # The parser saw no such clause where the lexer sees the
                # keyword: the two readings disagree, so refuse.
                raise QueryError(f"{word} is refused: it can make the store reach the network or read a file; add --allow-network to allow it")
    return CheckedQuery(text, form)


def _engine_syntax_error(text: str, shift: int) -> str | None:
    """Oxigraph's own, more precise message for a query rdflib cannot parse,
    or None. Asked in an offline child process (the query is refused
    whatever the answer; the child only reads Oxigraph's parser error), and
    only from a single-threaded process such as the CLI, where forking is safe."""
    if threading.active_count() > 1:
        return None
    from .isolate import leave_network, run_isolated

    def parse() -> str | None:
        import pyoxigraph as ox

        if not leave_network():
            return None  # never evaluate a refused query with the network reachable
        try:
            result = ox.Store().query(text)
            if not isinstance(result, ox.QueryBoolean):
                next(iter(result), None)
        except SyntaxError as err:
            return syntax_message(str(err.msg or err), shift)
        except (OSError, RuntimeError, ValueError, StopIteration):
            return None
        return "rolegraph's safety check cannot read this query (SPARQL 1.2 syntax, or a construct rdflib does not know); it is refused"

    try:
        return run_isolated(parse, timeout=5, memory=None, offline=False)  # type: ignore[no-any-return]
    except (QueryError, OSError):
        return None


def _refuse_update(text: str) -> None:
    """Raise the "updates are refused" error when ``text`` parses as an update."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        with _PARSING:
            update = parseUpdate(text)
    except Exception:
        return
    ops = [op.name for op in update.request] if getattr(update, "request", None) else []
    what = " ".join(re.sub(r"(?<!^)([A-Z])", r" \1", op).upper() for op in ops[:1]) or "an update"
    raise QueryError(f"updates are refused ({what}): rolegraph only runs read-only queries")


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
