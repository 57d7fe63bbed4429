"""Every exception rolegraph raises on purpose, in one hierarchy under
:class:`RolegraphError`. The CLI turns each into one line on stderr and exit 1.

>>> issubclass(UnknownEntityError, RolegraphError)
True
>>> str(UnknownEntityError("data scintist", ["data scientist"]))
"no entity matches 'data scintist'; did you mean: 'data scientist'?"
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL_AND_NEWLINES = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escape_controls(text: str, *, newlines: bool = False) -> str:
    """``text`` with control characters shown as ``\\xNN`` escapes (newline and
    tab kept unless ``newlines``), so data can never drive a terminal or split
    a one-line error."""
    pattern = _CONTROL_AND_NEWLINES if newlines else _CONTROL
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


class RolegraphError(Exception):
    """Base class of every error rolegraph raises on purpose."""


class GraphLoadError(RolegraphError):
    """An input file is missing, unreadable or not valid RDF."""


class StoreError(RolegraphError):
    """The compiled store or a remote endpoint could not be used."""


class UnknownEntityError(RolegraphError):
    """A reference names no entity; ``suggestions`` holds the nearest labels."""

    def __init__(self, ref: str, suggestions: list[str]):
        self.ref = ref
        self.suggestions = suggestions
        hint = f"; did you mean: {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"no entity matches {ref!r}{hint}")


class AmbiguousEntityError(RolegraphError):
    """A reference names several entities; ``candidates`` are (id, label, type)."""

    def __init__(self, ref: str, candidates: list[tuple[str, str, str]]):
        self.ref = ref
        self.candidates = candidates
        listed = "; ".join(f"{label} ({type_}, {id_})" for id_, label, type_ in candidates)
        super().__init__(f"{ref!r} is ambiguous, it could be: {listed}")


class UnknownTypeError(RolegraphError):
    """A class name matches none of the graph's; ``known`` lists them."""

    def __init__(self, text: str, known: list[str]):
        self.text = text
        self.known = known
        super().__init__(f"unknown type {text!r}; known types: {', '.join(known)}")


class WrongTypeError(RolegraphError):
    """A reference names an entity of a type the operation does not take."""


class QueryError(RolegraphError):
    """A SPARQL query is invalid, refused or failed."""


class DataError(RolegraphError):
    """The data cannot answer the question (for example a prerequisite cycle)."""


class ImportDataError(RolegraphError):
    """Another data set (ESCO, ...) cannot be imported: a missing file or column, bad encoding."""


class ViewTooLargeError(RolegraphError):
    """The view asked for holds more entities than a browser can show."""
