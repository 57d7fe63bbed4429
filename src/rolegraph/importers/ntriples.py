"""Writing N-Triples by hand, fast: importers stream millions of rows into a
file that Oxigraph's bulk loader reads, so each triple is one formatted line
(checked terms only) rather than a Python RDF object.

>>> literal('say "hi"\\nthere')
'"say \\\\"hi\\\\"\\\\nthere"@en'
>>> iri("https://w3id.org/rolegraph/Role")
'<https://w3id.org/rolegraph/Role>'
"""

from __future__ import annotations

import re
from typing import IO

# An absolute IRI without the characters N-Triples forbids inside <...>.
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>\"{}|^`\\]+$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile(r'[\\"\x00-\x1f\x7f]')


def literal(text: str, lang: str = "en") -> str:
    """An N-Triples language-tagged literal."""
    if _NEEDS_ESCAPE.search(text):
        text = _NEEDS_ESCAPE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), text)
    return f'"{text}"@{lang}'


def iri(value: str) -> str:
    """An IRI in N-Triples form; ``value`` must pass :func:`valid_iri` (or be one of ours)."""
    return f"<{value}>"


def valid_iri(text: str) -> bool:
    """An absolute IRI that N-Triples can hold and Oxigraph will load.

    >>> valid_iri("http://data.europa.eu/esco/skill/1"), valid_iri("relative/path")
    (True, False)
    """
    if _IRI.match(text) is None:
        return False
    import pyoxigraph

    try:
        pyoxigraph.NamedNode(text)  # RFC 3987 check: '#' twice, bad %-escapes, ...
    except ValueError:
        return False
    return True


class NTriplesWriter:
    """Buffers lines and writes them in batches; ``count`` is the triples written."""

    def __init__(self, fh: IO[str]):
        self.fh = fh
        self.count = 0
        self._buf: list[str] = []

    def triple(self, s: str, p: str, o: str) -> None:
        """Write one triple of terms already in N-Triples form."""
        self._buf.append(f"{s} {p} {o} .\n")
        if len(self._buf) >= 10_000:
            self.flush()

    def flush(self) -> None:
        self.count += len(self._buf)
        self.fh.write("".join(self._buf))
        self._buf.clear()
