"""Running users' SPARQL safely: check a query before it runs, bind parameters,
and load the named queries shipped in ``rolegraph/queries/``.

A query is parsed (with rdflib's SPARQL 1.1 parser) and its syntax tree
inspected before anything runs: updates are refused, and so are ``SERVICE``,
``FROM`` and ``FROM NAMED`` (the parts of a query that can make a store fetch
from the network or read files) unless the caller allows them. Oxigraph's own
HTTP client would bypass Python's audit hooks, so the check must come first.

Parameters are bound by a ``VALUES`` block of checked RDF terms placed at the
start of the query's ``WHERE`` group (:func:`bind`), never by pasting user text
into the query. This works the same on the embedded store and on any SPARQL 1.1
endpoint (the protocol has no parameter binding), and unlike Oxigraph's
substitutions it can bind variables that are not projected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import QueryError
from .resources import queries_dir

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


# ------------------------------------------------------------------ tokens

# Enough of the SPARQL lexer to find braces, keywords and variables outside
# strings, IRIs and comments. A "<" that is a less-than operator never matches
# IRI, because an IRI cannot contain spaces or braces.
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>(?:[^\W\d]|_)[\w\-.]*(?::[\w\-.%:\\]*)?|:[\w\-.%:\\]*)
  | (?P<other>.)
    """,
    re.X | re.S,
)


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    start: int
    end: int


def _tokens(text: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind not in ("ws", "comment"):
            out.append(_Tok(kind, m.group(), m.start(), m.end()))
    return out


def _words(text: str) -> set[str]:
    return {t.text.upper() for t in _tokens(text) if t.kind == "word"}


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword after the prologue."""
    return next((t.text.upper() for t in _tokens(text) if t.kind == "word" and t.text.upper() in FORMS), None)


def variables(text: str) -> set[str]:
    """The names of the variables a query mentions (outside strings and comments)."""
    return {t.text[1:] for t in _tokens(text) if t.kind == "var"}


# ------------------------------------------------------------------ checking


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
        for value in dict.values(node):
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
    words = _words(text)
    reaching = {"SERVICE", "FROM"}
    if words & ({"DEFINE", *_UPDATE_WORDS} | (set() if allow_network else reaching)):
        raise QueryError(rdflib_error)
    if words & reaching:
        # Allowed to reach out: do not try it on a scratch store (that would
        # make the call); the store that runs it reports any syntax error.
        form = "CONSTRUCT" if "CONSTRUCT" in words else "DESCRIBE" if "DESCRIBE" in words else "ASK" if "ASK" in words and "SELECT" not in words else "SELECT"
        return CheckedQuery(text, form)
    # Without a SERVICE or FROM keyword anywhere (outside strings and
    # comments) the query cannot reach out: let Oxigraph parse it on an empty
    # in-memory store, for its (more precise) error or its extended syntax.
    import pyoxigraph as ox

    from ._iri import PREFIXES

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
    return CheckedQuery(text, "DESCRIBE" if "DESCRIBE" in words else "CONSTRUCT")


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
    from ._iri import PREFIXES

    tokens = _tokens(text)
    declared = {tokens[i + 1].text.split(":", 1)[0] for i, t in enumerate(tokens[:-1]) if t.kind == "word" and t.text.upper() == "PREFIX"}
    used = {t.text.split(":", 1)[0] for t in tokens if t.kind == "word" and ":" in t.text}
    wanted = [p for p in PREFIXES if p in used and p not in declared]
    if not wanted:
        return text
    return " ".join(f"PREFIX {p}: <{PREFIXES[p]}>" for p in wanted) + "\n" + text


def _short(message: str, limit: int = 200) -> str:
    line = " ".join(message.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ------------------------------------------------------------------ binding


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
    span = _where_group(_tokens(text))
    if span is None:
        return f"{text.rstrip()}\n{block}"
    open_tok, first_inner, close_tok = span
    if first_inner is not None and first_inner.kind == "word" and first_inner.text.upper() == "SELECT":
        # The group is a sub-select: wrap it, a VALUES cannot precede SELECT.
        return f"{text[:open_tok.end]} {block} {{{text[open_tok.end:close_tok.start]}}} {text[close_tok.start:]}"
    return f"{text[:open_tok.end]} {block}{text[open_tok.end:]}"


def _where_group(tokens: list[_Tok]) -> tuple[_Tok, _Tok | None, _Tok] | None:
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


# ------------------------------------------------------------------ named queries


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "entity" or "literal"
    required: bool
    description: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "required": self.required, "description": self.description}


@dataclass(frozen=True)
class NamedQuery:
    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "description": self.description, "parameters": [p.to_dict() for p in self.parameters]}

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


_PARAM = re.compile(r"^(?P<name>\w+)\s*\((?P<kind>entity|literal)(?P<opt>,\s*optional)?\)\s*(?:[—–:-]+\s*)?(?P<text>.*)$")


def parse_header(name: str, text: str, path: Path) -> NamedQuery:
    """Read the ``# description:`` and ``# param:`` lines of a named query."""
    description = ""
    params: list[Parameter] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key, _, value = line.lstrip("# ").partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "description":
            description = f"{description} {value}".strip()
        elif key == "param":
            m = _PARAM.match(value)
            if m is None:
                raise QueryError(f"{path}: bad param line {value!r}; write 'NAME (entity|literal[, optional]) — text'")
            params.append(Parameter(m["name"], m["kind"], m["opt"] is None, m["text"].strip()))
    return NamedQuery(name, description, tuple(params), text, path)


def named_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """The named queries, by name (the file name without ``.rq``), sorted."""
    folder = directory or queries_dir()
    found = {}
    for path in sorted(folder.glob("*.rq")):
        found[path.stem] = parse_header(path.stem, path.read_text(encoding="utf-8"), path)
    return found


def named_query(name: str) -> NamedQuery:
    """One named query; an unknown name raises :class:`QueryError` listing the names."""
    queries = named_queries()
    if name in queries:
        return queries[name]
    raise QueryError(f"no named query {name!r}; the named queries are: {', '.join(queries)}")
