"""The interactive HTML graph: the only module that imports pyvis.

pyvis's ``Network`` holds the nodes, edges and vis-network options and
serialises them (:meth:`pyvis.network.Network.get_network_data`); the page
around them is rolegraph's own (:mod:`rolegraph.viz_page`), because pyvis's
template loads Bootstrap from a CDN and switches tooltips to ``innerHTML``.

>>> from rolegraph.store import open_store          # doctest: +SKIP
>>> html = render(open_store(), focus="data scientist", depth=1)  # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from ._iri import BASE, SPARQL_PREFIXES, local_id
from .errors import RolegraphError
from .projection import Projection
from .viz_select import View
from .viz_style import (
    EDGE_STYLE,
    FADED_EDGE,
    GROUP_STYLE,
    NODE_STYLE,
    PATH_EDGE,
    edge_style,
    node_style,
    relation_name,
    relation_words,
    size_for,
)

#: Above this many entities the browser's physics is off and positions come from Python.
LARGE = 500
#: Above this many entities the page would be unusable: ask for a smaller view.
HARD_CAP = 20_000
MAX_SOURCES = 4
MAX_QUOTE = 220

Q_DEFINITIONS = SPARQL_PREFIXES + "SELECT ?e ?d WHERE { ?e skos:definition ?d FILTER(isIRI(?e)) }"


class ViewTooLargeError(RolegraphError):
    """The view asked for holds more entities than a browser can show."""


def select_view(
    store: Any,
    *,
    focus: str | None = None,
    depth: int = 1,
    compare: Sequence[str] | None = None,
    path: Sequence[str] | None = None,
    types: Sequence[str] = (),
) -> View:
    """The entities and links to draw (see :mod:`rolegraph.viz_select`)."""
    from . import viz_select as sel

    proj: Projection = store.projection
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    if focus is not None:
        view = sel.focus(proj, focus, depth, types)
    elif compare:
        view = sel.compare(proj, compare[0], compare[1], types)
    elif path:
        view = sel.path(store, path[0], path[1], types)
    else:
        view = sel.whole(proj, types)
    if len(view.nodes) > HARD_CAP:
        raise ViewTooLargeError(
            f"this view holds {len(view.nodes):,} entities, more than a browser can draw usefully "
            f"(limit {HARD_CAP:,}); show part of it with --focus REF --depth N or --types Role,Skill"
        )
    return view


# ------------------------------------------------------------------ text


def _definitions(store: Any, wanted: set[str]) -> dict[str, str]:
    best: dict[str, tuple[int, str]] = {}
    for row in store.select(Q_DEFINITIONS):
        e = row["e"].value
        if e not in wanted:
            continue
        lang = (getattr(row["d"], "language", None) or "").lower()
        rank = 0 if lang.startswith("en") else 1 if not lang else 2
        if e not in best or rank < best[e][0]:
            best[e] = (rank, row["d"].value)
    return {e: text for e, (_r, text) in best.items()}


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _sources(proj: Projection, evidence: Sequence[str]) -> list[str]:
    from .explore import source_item

    lines: list[str] = []
    for ev in evidence:
        item = source_item(proj, ev)
        title = item["source"]["title"]
        if "://" in title:  # an unlabelled source: its IRI is no title, and no URL goes in the page
            title = "unnamed source"
        line = f"• {title}: “{_clip(item['quote'], MAX_QUOTE)}”" if item["quote"] else f"• {title}"
        if line not in lines:
            lines.append(line)
    if len(lines) > MAX_SOURCES:
        lines = lines[:MAX_SOURCES] + [f"… and {len(lines) - MAX_SOURCES} more (rolegraph show)"]
    return lines


def node_tooltip(proj: Projection, iri: str, definition: str | None) -> str:
    """Plain text: label, type, definition, alt labels and sources."""
    kind, label, classes = proj.nodes[iri]
    extra = [c for c in classes if c != kind]
    lines = [label, kind + (f" ({', '.join(extra)})" if extra else "")]
    alts = proj.alt_labels(iri)
    if alts:
        lines.append("also: " + ", ".join(alts))
    if definition:
        lines += ["", _clip(definition, 600)]
    sources = _sources(proj, proj.node_evidence(iri))
    if sources:
        lines += ["", "Sources:"] + sources
    return "\n".join(lines)


def edge_tooltip(proj: Projection, s: str, p: str, o: str) -> str:
    lines = [f"{proj.label(s)} → {relation_words(p)} → {proj.label(o)}"]
    sources = _sources(proj, proj.edge_evidence(s, p, o))
    if sources:
        lines += ["", "Sources:"] + sources
    return "\n".join(lines)


# ------------------------------------------------------------------ network


class _IdList(list):  # type: ignore[type-arg]
    """pyvis checks node ids with ``in`` on a list (O(n) per edge); a set makes
    a 5,000-node export take milliseconds instead of seconds."""

    def __init__(self) -> None:
        super().__init__()
        self._set: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._set.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._set


def build_network(store: Any, view: View) -> Any:
    """A pyvis ``Network`` holding ``view``'s nodes, edges and options."""
    from pyvis.network import Network

    proj: Projection = store.projection
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    net.node_ids = _IdList()
    ids = {iri: i for i, iri in enumerate(view.nodes)}
    degree: Counter[str] = Counter()
    for s, _p, o in view.edges:
        degree[s] += 1
        degree[o] += 1
    large = len(view.nodes) > LARGE
    positions: dict[str, tuple[float, float]] = {}
    if large:
        from .viz_layout import hub_layout

        positions = hub_layout(view.nodes, view.edges, {e: proj.type(e) for e in view.nodes})
    definitions = _definitions(store, set(view.nodes))
    for iri in view.nodes:
        kind, label, _classes = proj.nodes[iri]
        options = _node_options(view, iri, kind, size_for(degree[iri]))
        if iri in positions:
            options["x"], options["y"] = positions[iri]
        net.add_node(
            ids[iri],
            label=label,
            title=node_tooltip(proj, iri, definitions.get(iri)),
            key=local_id(iri) if iri.startswith(BASE) else "",
            kind=kind,
            alts=proj.alt_labels(iri),
            **options,
        )
    for s, p, o in view.edges:
        net.add_edge(ids[s], ids[o], title=edge_tooltip(proj, s, p, o), relation=relation_name(p), **_edge_options(view, (s, p, o)))
    # With nothing to lay out, vis-network never reports the layout settled.
    net.options = _vis_options(large or not view.nodes, len(view.edges))
    return net


def _node_options(view: View, iri: str, kind: str, size: float) -> dict[str, Any]:
    colour, shape, _symbol = node_style(kind)
    group = view.groups.get(iri)
    border, border_width, font = colour, 1, None
    if group in ("a", "b", "shared"):
        colour = border = GROUP_STYLE[group][0]
    elif group == "focus":
        border, border_width, size = "#000000", 4, size + 8
    elif group == "path":
        border, border_width, size = GROUP_STYLE["path"][0], 4, size + 6
    elif group == "context":
        colour, border, font = "#E6E6E6", "#BBBBBB", {"color": "#8A8A8A"}
    options: dict[str, Any] = {
        "shape": shape,
        "size": size,
        "borderWidth": border_width,
        "color": {"background": colour, "border": border, "highlight": {"background": colour, "border": "#000000"}, "hover": {"background": colour, "border": "#000000"}},
    }
    if font:
        options["font"] = font
    return options


def _edge_options(view: View, edge: tuple[str, str, str]) -> dict[str, Any]:
    colour, width, dashes, arrow, _text = edge_style(edge[1])
    if view.kind == "path":
        if edge in view.highlight_edges:
            colour, width, dashes = PATH_EDGE, 5.0, False
        else:
            colour = FADED_EDGE
    return {"color": {"color": colour, "highlight": "#000000", "hover": "#333333"}, "width": width, "dashes": dashes, "arrows": "to" if arrow else ""}


def _vis_options(large: bool, n_edges: int) -> dict[str, Any]:
    return {
        "autoResize": True,
        "nodes": {
            "font": {"size": 16, "face": "system-ui, -apple-system, Segoe UI, sans-serif", "color": "#1A1A1A", "strokeWidth": 4, "strokeColor": "#FFFFFF"},
            "widthConstraint": {"maximum": 180},
        },
        "edges": {
            "smooth": False if large or n_edges > 800 else {"enabled": True, "type": "continuous", "roundness": 0.3},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "selectionWidth": 1.5,
        },
        "interaction": {"hover": not large, "tooltipDelay": 120, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large, "multiselect": False},
        "physics": {
            "enabled": not large,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -140, "centralGravity": 0.012, "springLength": 150, "springConstant": 0.05, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 500, "updateInterval": 50, "fit": True},
        },
        "layout": {"improvedLayout": not large, "randomSeed": 7},
    }


# ------------------------------------------------------------------ page


def _legend(proj: Projection, view: View, large: bool) -> dict[str, Any]:
    kinds = sorted({proj.type(e) for e in view.nodes}, key=lambda k: list(NODE_STYLE).index(k) if k in NODE_STYLE else 99)
    grey = view.kind == "compare"
    nodes = [{"symbol": node_style(k)[2], "colour": "#666666" if grey else node_style(k)[0], "text": k} for k in kinds]
    groups = []
    for g in ("a", "shared", "b", "focus", "path", "context"):
        if g in view.groups.values():
            colour, text = GROUP_STYLE[g]
            groups.append({"symbol": "●", "colour": colour, "text": text.format(a=view.names.get("a", "A"), b=view.names.get("b", "B"))})
    seen: dict[str, dict[str, Any]] = {}
    order = [text for *_style, text in EDGE_STYLE.values()]
    for p in sorted({p for _s, p, _o in view.edges}, key=lambda p: (order.index(edge_style(p)[4]) if edge_style(p)[4] in order else 99, p)):
        colour, width, dashes, _arrow, text = edge_style(p)
        seen.setdefault(text, {"colour": colour, "width": width, "dashed": bool(dashes), "dotted": bool(dashes) and dashes[0] <= 2, "text": text})
    if view.kind == "path":  # every other link is drawn faded, whatever its relation
        seen = {
            "path": {"colour": PATH_EDGE, "width": 5, "dashed": False, "dotted": False, "text": "link on the path"},
            "other": {"colour": "#C8C8C8", "width": 2, "dashed": False, "dotted": False, "text": "other links (faded)"},
        }
    notes = ["Size: number of links shown.", "Hover for details and sources; click to pin them."]
    if large:
        notes.append(f"Over {LARGE} entities: layout computed in advance, physics off.")
    return {"nodes": nodes, "groups": groups, "edges": list(seen.values()), "notes": notes}


def page_data(store: Any, view: View) -> dict[str, Any]:
    net = build_network(store, view)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    import json

    proj = store.projection
    return {
        "title": "rolegraph",
        "summary": f"{view.title}: {len(nodes):,} entities, {len(edges):,} links",
        "nodes": nodes,
        "edges": edges,
        "options": json.loads(options),
        "physics": bool(net.options["physics"]["enabled"]),
        "legend": _legend(proj, view, len(nodes) > LARGE),
    }


def _asset(name: str) -> str:
    return resources.files("rolegraph").joinpath("templates", name).read_text(encoding="utf-8")


def render(store: Any, **view_options: Any) -> str:
    """The whole HTML page for a view (``focus``, ``depth``, ``compare``, ``path``, ``types``)."""
    from .viz_page import page

    view = select_view(store, **view_options)
    return page(page_data(store, view), _asset("viz.js"), _asset("viz.css"))


def write(store: Any, output: str | os.PathLike[str], **view_options: Any) -> Path:
    """Render a view and write it atomically to ``output`` (parents created)."""
    from .output import atomic_write

    return atomic_write(output, render(store, **view_options))
