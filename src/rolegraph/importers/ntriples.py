"""Writing an importer's output with pyoxigraph's N-Triples serializer: terms
are checked as they are made (an invalid IRI is refused, never written), the
serializer escapes literals, and triples stream out in batches, so millions of
rows never sit in memory.

>>> import io
>>> fh = io.BytesIO()
>>> out = TripleWriter(fh)
>>> out.add(iri("urn:x:s"), iri("urn:x:p"), text('say "hi"'))
>>> out.flush()
>>> fh.getvalue()
b'<urn:x:s> <urn:x:p> "say \\\\"hi\\\\""@en .\\n'
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    Term = ox.NamedNode | ox.Literal


def iri(value: str) -> ox.NamedNode | None:
    """``value`` as an IRI, or None when it is not a valid absolute IRI.

    >>> iri("http://data.europa.eu/esco/skill/1") is not None, iri("relative/path")
    (True, None)
    """
    try:
        return ox.NamedNode(value)
    except ValueError:
        return None


def text(value: str, lang: str = "en") -> ox.Literal:
    """A language-tagged literal."""
    return ox.Literal(value, language=lang)


class TripleWriter:
    """Buffers triples and serialises them in batches; ``count`` is the triples written."""

    def __init__(self, fh: IO[bytes], batch: int = 20_000):
        self.fh = fh
        self.count = 0
        self._batch = batch
        self._buf: list[ox.Triple] = []

    def add(self, s: ox.NamedNode, p: ox.NamedNode, o: Term) -> None:
        self._buf.append(ox.Triple(s, p, o))
        if len(self._buf) >= self._batch:
            self.flush()

    def flush(self) -> None:
        if self._buf:
            ox.serialize(self._buf, self.fh, format=ox.RdfFormat.N_TRIPLES)
            self.count += len(self._buf)
            self._buf.clear()
