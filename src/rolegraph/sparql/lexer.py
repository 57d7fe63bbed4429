"""Enough of the SPARQL lexer to find braces, keywords and variables outside
strings, IRIs and comments: what :mod:`.check` and :mod:`.bind` need to read
a query's structure without pasting anything into it.

Prefixed names follow the grammar's ``PN_LOCAL``: a ``\\#`` or ``\\'`` escape is
part of the name (``rg:a\\#b``), never the start of a comment or a string, so a
keyword after it is seen where the query engine sees it.

>>> [t.text for t in tokens('SELECT ?s WHERE { ?s rdfs:label "x" } # c')]
['SELECT', '?s', 'WHERE', '{', '?s', 'rdfs:label', '"x"', '}']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

# A "<" that is a less-than operator never matches IRI, because an IRI cannot
# contain spaces or braces.
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>(?:[^\W\d]|_)[\w\-.]*(?::(?:[\w\-.:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*)?|:(?:[\w\-.:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%])*)
  | (?P<other>.)
    """,
    re.X | re.S,
)


@dataclass(frozen=True)
class Token:
    kind: str  # string, iri, var, word or other
    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """The tokens of ``text``, without white space and comments."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind not in ("ws", "comment"):
            out.append(Token(kind, m.group(), m.start(), m.end()))
    return out


def words(text: str) -> set[str]:
    """The keywords and prefixed names of ``text``, upper-cased."""
    return {t.text.upper() for t in tokens(text) if t.kind == "word"}


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first such keyword after the prologue.

    >>> query_form("PREFIX x: <http://x/> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    return next((t.text.upper() for t in tokens(text) if t.kind == "word" and t.text.upper() in FORMS), None)


def variables(text: str) -> set[str]:
    """The names of the variables a query mentions (outside strings and comments).

    >>> sorted(variables("SELECT ?a WHERE { ?a ?b 'not ?c' }"))
    ['a', 'b']
    """
    return {t.text[1:] for t in tokens(text) if t.kind == "var"}
