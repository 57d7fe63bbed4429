"""Turning evidence into the citations answers show: for a quoted fact the
document, the verbatim quote and the page the document reproduces; for an
inferred one the rationale (and the passage it starts from); for a fact of a
data set that describes itself (an ESCO import), that data set."""

from __future__ import annotations

from collections.abc import Iterable

from ..projection import Projection
from ..results import Citation, SourceRef
from ..vocab import local_id


def _source(proj: Projection, iri: str) -> SourceRef:
    return SourceRef(local_id(iri), proj.label(iri) if iri in proj else local_id(iri))


def citation(proj: Projection, evidence: str) -> Citation:
    """The citation of one evidence graph.

    >>> from rolegraph.store import open_store
    >>> c = citation(open_store().projection, "https://w3id.org/rolegraph/ev-jobs-blanket-title")
    >>> c.source.id, c.cites.id, c.kind
    ('source-slides', 'source-udacity-ds-skills', 'quoted')
    """
    src, quote, primary, rationale, inferred = proj.evidence.get(evidence, ("", "", "", "", False))
    return Citation(
        source=_source(proj, src) if src else None,
        quote=quote,
        evidence=local_id(evidence),
        kind="inferred" if inferred else "quoted",
        cites=_source(proj, primary) if primary else None,
        rationale=rationale or None,
    )


def citations(proj: Projection, evidence: Iterable[str]) -> list[Citation]:
    """The citations of evidence graphs, once each, in IRI order."""
    return [citation(proj, ev) for ev in sorted(set(evidence))]


def dataset_citations(proj: Projection, mask: int) -> list[Citation]:
    """Citations of the data sets in ``mask`` that describe themselves
    (``dcat:Dataset``): their facts are cited as theirs, such as "ESCO v1.2.0"."""
    return [
        Citation(source=SourceRef(d["id"], d["title"]), quote="", evidence="", kind="dataset")
        for i, d in enumerate(proj.datasets)
        if mask >> i & 1 and d["described"]
    ]
