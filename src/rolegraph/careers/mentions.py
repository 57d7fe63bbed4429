"""The skills and tools a text (a job ad, a CV) asks for, where it asks for
them, and the skill- or tool-like terms it could not place: what ``fit
--text`` ranks roles for. A thin view of :mod:`rolegraph.extract`, the one
extractor behind ``extract``, ``fit``, the API and the web app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..projection import Projection
from ..results import Span

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class Mentions:
    """What a text asks for: each entity (skill or tool) with the spans that
    ask for it, in order of first mention; and the terms that look like
    skills or tools but name nothing rolegraph knows."""

    found: dict[str, list[Span]]
    unrecognised: list[Span]


def mentions(source: Store | Projection, text: str) -> Mentions:
    """The skills and tools ``text`` asks for (:func:`rolegraph.extract.extract`),
    by IRI with where. Given a store, names, hidden labels and descriptions
    all count; given only a projection, names (labels and alt labels) only.

    >>> from rolegraph.store import open_store
    >>> store = open_store()
    >>> m = mentions(store, "Strong SQL and R programming; Tableau, Kubernetes and Docker a plus.")
    >>> [store.projection.label(i) for i in m.found], [s.text for s in m.unrecognised]
    (['SQL', 'R', 'programming', 'Tableau'], ['Kubernetes', 'Docker'])
    """
    from ..extract.core import run
    from ..extract.index import index_for, index_of_projection

    index = index_of_projection(source) if isinstance(source, Projection) else index_for(source)
    result = run(index, text)
    ordered = sorted(result.found, key=lambda f: (f.spans[0].start if f.spans else 0, f.label))
    return Mentions({f.iri: f.spans for f in ordered}, result.unrecognised)
