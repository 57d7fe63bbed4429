"""The shapes the extractor answers in (see the ``extract`` row of docs/json.md)."""

from __future__ import annotations

from dataclasses import dataclass

from ..results import Ref, Span, internal

#: One line saying how a score is computed (shown under the table).
METHOD = (
    "score = 1 for the label, 0.95 an alt label, 0.9 a hidden label, each used as a name; else at most 0.8, from the share "
    "of a name's words in a sentence and BM25 over names and descriptions (docs/extract.md); listed from {min_score}"
)


@dataclass(frozen=True)
class Found(Ref):
    """A skill or tool the text asks for: the entity, the data set it comes
    from (``source``), how sure (``score`` in [0, 1]), the parts of the text it
    rests on (``spans``) and ``how`` it matched: ``label``, ``alt label``,
    ``hidden label`` (the text names it), ``name words`` (the words of one of
    its names, inflected or apart) or ``description words`` (words of its
    description, or of the tasks that involve it)."""

    source: str
    score: float
    spans: list[Span]
    how: str
    iri: str = internal(default="")


@dataclass(frozen=True)
class Extraction:
    """What a text asks for: ``found`` best first, and the skill- or
    tool-like terms that name nothing known (``unrecognised``)."""

    found: list[Found]
    unrecognised: list[Span]


@dataclass(frozen=True)
class LineExtraction:
    """:class:`Extraction` of one line of a file (``line`` counts from 1)."""

    line: int
    found: list[Found]
    unrecognised: list[Span]


@dataclass(frozen=True)
class Count(Ref):
    """A skill or tool with the number of lines that ask for it."""

    lines: int
