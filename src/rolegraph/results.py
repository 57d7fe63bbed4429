"""The shapes answers come in, and the one conversion from an answer to JSON.

Every public function returns a frozen dataclass (or a list of them); the
CLI's ``--format json`` is :func:`to_data` of it, written by :func:`to_json`.
A field named with a trailing underscore (``from_``) is written without it;
a field made with :func:`omitted_if_none` is left out when it is None; a field
made with :func:`internal` is never written.

>>> to_json(Ref("python", "Python", "Skill"))
'{\\n  "id": "python",\\n  "label": "Python",\\n  "type": "Skill"\\n}'
>>> to_data(Citation(SourceRef("s", "Slides"), "a quote", "ev-1", "quoted"))
{'source': {'id': 's', 'title': 'Slides'}, 'quote': 'a quote', 'evidence': 'ev-1', 'kind': 'quoted'}
"""

from __future__ import annotations

import builtins
import dataclasses
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

R = TypeVar("R", bound="Ref")


def omitted_if_none(default: Any = None) -> Any:
    """A dataclass field left out of the JSON when it is None."""
    return dataclasses.field(default=default, metadata={"omit_none": True})


def internal(**kwargs: Any) -> Any:
    """A dataclass field for Python callers only, never written to JSON."""
    return dataclasses.field(metadata={"internal": True}, **kwargs)


@dataclass(frozen=True)
class Ref:
    """An entity as list items show it: its id, label and type."""

    id: str
    label: str
    type: str

    @classmethod
    def of(cls: builtins.type[R], ref: Ref, **more: Any) -> R:
        """``ref`` as this subclass of :class:`Ref`, with ``more`` fields."""
        return cls(ref.id, ref.label, ref.type, **more)


@dataclass(frozen=True)
class Item(Ref):
    """An entity in a job's requirements, with whether the job marks it
    essential (left out where that does not apply)."""

    essential: bool | None = omitted_if_none()
    #: a technology a data set flags hot (O*NET's Hot Technology); left out otherwise
    hot: bool | None = omitted_if_none()


@dataclass(frozen=True)
class Span:
    """Where a text names something: ``text[start:end]`` (character offsets)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SourceRef:
    """A source document: its id and title."""

    id: str
    title: str


@dataclass(frozen=True)
class Citation:
    """What supports a fact. ``quoted``: the document, the verbatim passage,
    the evidence holding the fact, and the page the document reproduces
    (``cites``) when it names one. ``inferred``: the curators' ``rationale``,
    with the document and passage the inference starts from when there is one
    (else ``source`` is None and ``quote`` empty). ``dataset``: a data set
    that describes itself (an ESCO import) states the fact; ``source`` is the
    data set (its id and title), ``quote`` and ``evidence`` are empty."""

    source: SourceRef | None
    quote: str
    evidence: str
    kind: str  # "quoted", "inferred" or "dataset"
    cites: SourceRef | None = omitted_if_none()
    rationale: str | None = omitted_if_none()

    @property
    def inferred(self) -> bool:
        return self.kind == "inferred"


def to_data(value: Any) -> Any:
    """``value`` as plain JSON data: dataclasses become objects (in field
    order), tuples and lists arrays, mappings objects.

    >>> to_data([Ref("sql", "SQL", "Skill")])
    [{'id': 'sql', 'label': 'SQL', 'type': 'Skill'}]
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            if f.metadata.get("internal"):
                continue
            item = getattr(value, f.name)
            if item is None and f.metadata.get("omit_none"):
                continue
            out[f.name.rstrip("_")] = to_data(item)
        return out
    if isinstance(value, Mapping):
        return {str(k): to_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_data(v) for v in value]
    return value


def to_json(value: Any) -> str:
    """:func:`to_data` of ``value`` as indented JSON (UTF-8 text, not escaped).

    >>> print(to_json({"café": 1.5}))
    {
      "café": 1.5
    }
    """
    return json.dumps(to_data(value), indent=2, ensure_ascii=False)
