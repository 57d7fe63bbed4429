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


def graph_items(data: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The page's compact graph (see :mod:`rolegraph.viz.network`) as the
    vis-network items its script makes of it, tooltips left out: nodes with
    ``id``, ``label``, ``kind``, ``color``, ``x``/``y``, ``quiet``, ...; edges
    with ``from``, ``to``, ``relation``, ``words``, ``color``, ``width``, ...
    (What the browser makes of it, tooltips too, is checked in a browser.)"""
    xy = data.get("xy")
    nodes = []
    for i, row in enumerate(data["nodes"]):
        style, more = data["nodeStyles"][row[1]], (row[4] if len(row) > 4 else {})
        node = {k: v for k, v in style.items()}
        node.update(id=i, label=row[0], size=row[2], key=row[3], hot=bool(more.get("h")))
        if "n" in more:
            node["name"] = more["n"]
        if "a" in more:
            node["alts"] = more["a"]
        if more.get("q"):
            node.update(quiet=True, font={"size": 0})
        if "base" in data:
            node["iri"] = more.get("i") or data["base"] + row[3]
        if xy:
            node["x"], node["y"] = xy[2 * i], xy[2 * i + 1]
        nodes.append(node)
    edges = []
    for row in data["edges"]:
        edge = dict(data["edgeStyles"][row[2]])
        edge.update({"from": row[0], "to": row[1]})
        edges.append(edge)
    return nodes, edges


# The tooltips as rolegraph wrote them into the page before the page's script
# built them from compact data: what the script must still show, to the letter.


def node_tooltip(proj: Any, iri: str, definition: str | None) -> str:
    from rolegraph.viz.network import HOT_LINE, MAX_DEFINITION, _clip, source_lines

    kind, label, classes = proj.type(iri), proj.label(iri), proj.classes(iri)
    extra = [c for c in classes if c != kind]
    lines = [label, kind + (f" ({', '.join(extra)})" if extra else "")]
    if proj.is_hot(iri):
        lines.append(HOT_LINE)
    alts = proj.alt_labels(iri)
    if alts:
        lines.append("also: " + ", ".join(alts))
    if definition:
        lines += ["", _clip(definition, MAX_DEFINITION)]
    sources = source_lines(proj, proj.node_evidence(iri))
    if sources:
        lines += ["", "Sources:"] + sources
    return "\n".join(lines)


def edge_tooltip(proj: Any, s: str, p: str, o: str) -> str:
    from rolegraph.viz.network import source_lines
    from rolegraph.viz.style import relation_words

    lines = [f"{proj.label(s)} → {relation_words(p)} → {proj.label(o)}"]
    rated = proj.rating(s, o)
    if rated is not None:
        importance, level, demand = rated
        parts = [f"importance {importance:g}/5"] if importance is not None else []
        parts += [f"level {level:g}/7"] if level is not None else []
        parts += ["in demand"] if demand else []
        if parts:
            lines.append("Rated: " + ", ".join(parts))
    sources = source_lines(proj, proj.edge_evidence(s, p, o))
    if sources:
        lines += ["", "Sources:"] + sources
    return "\n".join(lines)
