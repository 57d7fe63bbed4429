"""Helpers for the graph page tests: small Turtle graphs, the Chromium to use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers import CHROMIUM, CHROMIUM_ARGS  # noqa: F401 - one definition for every browser test

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

PREFIXES = """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""


def ttl_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"@en'


def write_graph(path: Path, entities: Sequence[tuple[str, str, str] | tuple[str, str, str, str]], links: Sequence[tuple[str, str, str]] = ()) -> Path:
    """A Turtle file: ``entities`` are (id, class, label[, definition]),
    ``links`` are (subject id, property, object id), all in the rg: namespace."""
    lines = [PREFIXES]
    for ent in entities:
        ident, cls, label = ent[:3]
        lines.append(f"rg:{ident} a rg:{cls} ; skos:prefLabel {ttl_string(label)}")
        if len(ent) > 3:
            lines.append(f" ; skos:definition {ttl_string(ent[3])}")  # type: ignore[misc]
        lines.append(" .\n")
    for s, p, o in links:
        lines.append(f"rg:{s} rg:{p} rg:{o} .\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(lines), encoding="utf-8")
    return path


@dataclass
class Loaded:
    """A page opened from ``file:`` with everything else blocked and recorded."""

    page: Any
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    ready_seconds: float = 0.0

    def problems(self) -> list[str]:
        return [f"request: {u}" for u in self.blocked] + [f"console: {m}" for m in self.console_errors] + [f"page error: {m}" for m in self.page_errors]

    def js(self, expression: str, arg: Any = None) -> Any:
        return self.page.evaluate(expression, arg)
