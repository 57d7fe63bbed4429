"""Exporting a store's graphs in a standard RDF format, with pyoxigraph's serializers."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from ..vocab import OUTPUT_PREFIXES

if TYPE_CHECKING:
    from .base import Store

#: The formats :func:`export` writes, by the name the CLI takes.
FORMATS: dict[str, str] = {
    "turtle": "TURTLE",
    "nt": "N_TRIPLES",
    "nquads": "N_QUADS",
    "trig": "TRIG",
    "jsonld": "JSON_LD",
    "xml": "RDF_XML",
}


def format_for(name: str) -> Any:
    """The pyoxigraph ``RdfFormat`` of a format name of :data:`FORMATS`."""
    import pyoxigraph as ox

    return getattr(ox.RdfFormat, FORMATS[name])


def format_of_file(filename: str) -> str | None:
    """The format name of :data:`FORMATS` that a file name's ending implies
    (pyoxigraph's ``RdfFormat.from_extension``), or None.

    >>> format_of_file("out/graph.ttl"), format_of_file("graph.nq"), format_of_file("graph.png")
    ('turtle', 'nquads', None)
    """
    import pyoxigraph as ox

    suffix = PurePath(filename).suffix.lower().lstrip(".")
    fmt = ox.RdfFormat.RDF_XML if suffix == "owl" else ox.RdfFormat.from_extension(suffix) if suffix else None
    return next((name for name, attr in FORMATS.items() if fmt is not None and getattr(ox.RdfFormat, attr) == fmt), None)


def export(store: Store, to: str) -> bytes:
    """Serialise the graph. ``turtle``/``nt``/``jsonld``/``xml`` hold the default
    graph (every asserted fact plus the ontology); ``nquads``/``trig`` also hold
    the evidence named graphs, so provenance survives a round trip.

    >>> from rolegraph.store import open_store
    >>> export(open_store(), "nt").count(b"\\n") == open_store().triples
    True
    """
    import pyoxigraph as ox

    fmt = format_for(to)
    default = list(store.quads(ox.DefaultGraph()))
    if fmt.supports_datasets:
        named = [q for g in store.named_graphs() for q in store.quads(g)]
        # A fact in a named graph is copied into the default graph on load, so
        # only default-graph triples not asserted in any named graph are kept.
        in_named = {ox.Triple(q.subject, q.predicate, q.object) for q in named}
        quads = sorted(named, key=str)
        quads += sorted((q for q in default if ox.Triple(q.subject, q.predicate, q.object) not in in_named), key=str)
        return _bytes(ox.serialize(quads, format=fmt, prefixes=OUTPUT_PREFIXES if to == "trig" else None))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in sorted(default, key=str)]
    return _bytes(ox.serialize(triples, format=fmt, prefixes=OUTPUT_PREFIXES if to in ("turtle", "xml") else None))


def _bytes(data: bytes | None) -> bytes:
    # pyoxigraph returns the bytes when it is given no file to write to.
    return data or b""
