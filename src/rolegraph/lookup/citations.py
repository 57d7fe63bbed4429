"""Turning an evidence graph into the citation answers show: the document,
the verbatim quote and the page the document reproduces."""

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
    >>> c.source.id, c.cites.id
    ('source-slides', 'source-udacity-ds-skills')
    """
    src, quote, primary = proj.evidence.get(evidence, ("", "", ""))
    return Citation(_source(proj, src), quote, local_id(evidence), _source(proj, primary) if primary else None)


def citations(proj: Projection, evidence: Iterable[str]) -> list[Citation]:
    """The citations of evidence graphs, once each, in IRI order."""
    return [citation(proj, ev) for ev in sorted(set(evidence))]
