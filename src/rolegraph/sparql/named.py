"""The named queries shipped with rolegraph: ``queries/NAME.rq`` beside this
module, each with ``# description:`` and ``# param:`` header lines.

>>> q = named_query("shared-skills")
>>> [p.name for p in q.parameters]
['a', 'b']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import QueryError
from ..results import internal

QUERIES_DIR = Path(__file__).resolve().parent / "queries"


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "entity" or "literal"
    required: bool
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A shipped query; JSON shows its name, description and parameters."""

    name: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str = internal()
    path: Path = internal(compare=False)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


_PARAM = re.compile(r"^(?P<name>\w+)\s*\((?P<kind>entity|literal)(?P<opt>,\s*optional)?\)\s*(?:[—–:-]+\s*)?(?P<text>.*)$")


def parse_header(name: str, text: str, path: Path) -> NamedQuery:
    """Read the ``# description:`` and ``# param:`` lines of a named query."""
    description = ""
    params: list[Parameter] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        key, _, value = line.lstrip("# ").partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "description":
            description = f"{description} {value}".strip()
        elif key == "param":
            m = _PARAM.match(value)
            if m is None:
                raise QueryError(f"{path}: bad param line {value!r}; write 'NAME (entity|literal[, optional]) — text'")
            params.append(Parameter(m["name"], m["kind"], m["opt"] is None, m["text"].strip()))
    return NamedQuery(name, description, tuple(params), text, path)


def named_queries(directory: Path | None = None) -> dict[str, NamedQuery]:
    """The named queries, by name (the file name without ``.rq``), sorted."""
    folder = directory or QUERIES_DIR
    found = {}
    for path in sorted(folder.glob("*.rq")):
        found[path.stem] = parse_header(path.stem, path.read_text(encoding="utf-8"), path)
    return found


def named_query(name: str) -> NamedQuery:
    """One named query; an unknown name raises :class:`QueryError` listing the names."""
    queries = named_queries()
    if name in queries:
        return queries[name]
    raise QueryError(f"no named query {name!r}; the named queries are: {', '.join(queries)}")
