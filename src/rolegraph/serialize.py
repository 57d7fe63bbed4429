"""Export the graph in a standard RDF format."""

from __future__ import annotations

from typing import Any

from ._iri import PREFIXES, SHAPES_GRAPH

FORMATS = ("turtle", "nt", "nquads", "trig", "jsonld", "xml")


def export(store: Any, to: str) -> bytes:
    """Serialise the graph. ``turtle``/``nt``/``jsonld``/``xml`` hold the default
    graph (every asserted fact plus the ontology); ``nquads``/``trig`` also hold
    the evidence named graphs, so provenance survives a round trip."""
    import pyoxigraph as ox

    fmt = {
        "turtle": ox.RdfFormat.TURTLE,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
    }[to]
    prefixes = {p: iri for p, iri in PREFIXES.items() if p != "esco"}
    if to in ("nquads", "trig"):
        shapes = ox.NamedNode(SHAPES_GRAPH)
        default = ox.DefaultGraph()
        named = {q for q in store.store.quads_for_pattern(None, None, None) if q.graph_name != default and q.graph_name != shapes}
        # A fact in a named graph is copied into the default graph on load, so
        # only default-graph triples not asserted in any named graph are kept.
        in_named = {ox.Triple(q.subject, q.predicate, q.object) for q in named}
        quads = sorted(named, key=str)
        quads += sorted(
            (q for q in store.store.quads_for_pattern(None, None, None, default) if ox.Triple(q.subject, q.predicate, q.object) not in in_named),
            key=str,
        )
        kwargs: dict[str, Any] = {"prefixes": prefixes} if to == "trig" else {}
        return ox.serialize(quads, format=fmt, **kwargs)
    quads = sorted(store.store.quads_for_pattern(None, None, None, ox.DefaultGraph()), key=str)
    kwargs = {"prefixes": prefixes} if to in ("turtle", "xml") else {}
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    return ox.serialize(triples, format=fmt, **kwargs)
