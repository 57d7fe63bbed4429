"""The interactive graph as a pyvis ``Network``: the only module that imports pyvis.

pyvis holds the nodes, edges and vis-network options and serialises them
(``Network.get_network_data``); the page around them is rolegraph's own
(:mod:`.page`), because pyvis's template loads Bootstrap from a CDN and
switches tooltips to ``innerHTML``. Tooltips are plain text.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from pyvis.network import Network

from ..lookup.citations import citations
from ..projection import Projection
from ..vocab import BASE, SPARQL_PREFIXES, local_id
from .layout import hub_layout
from .select import View
from .style import FADED_EDGE, GROUP_STYLE, PATH_EDGE, edge_style, node_style, relation_name, relation_words, size_for

if TYPE_CHECKING:
    from ..store import Store

#: Above this many entities the browser's physics is off and positions come from Python.
LARGE = 500
MAX_SOURCES = 4
MAX_QUOTE = 220
#: Labels longer than this are cut, with "…", where the graph is drawn: the
#: browser lays a label out each time it draws it, and one of 100 KB kept a
#: page busy for a minute. The tooltip and the details panel show it whole,
#: and the search box finds it by its whole text.
MAX_LABEL = 120


def drawn_label(label: str) -> str:
    """``label`` as the graph draws it: at most :data:`MAX_LABEL` characters."""
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"

Q_DEFINITIONS = SPARQL_PREFIXES + "SELECT ?e ?d WHERE { ?e skos:definition ?d FILTER(isIRI(?e)) }"


def _definitions(store: Store, wanted: set[str]) -> dict[str, str]:
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
    lines: list[str] = []
    for item in citations(proj, evidence):
        if item.inferred:
            line = f"• inferred: {_clip(item.rationale or '', MAX_QUOTE)}"
            if line not in lines:
                lines.append(line)
            continue
        title = item.source.title if item.source else "unnamed source"
        if "://" in title:  # an unlabelled source: its IRI is no title, and no URL goes in the page
            title = "unnamed source"
        line = f"• {title}: “{_clip(item.quote, MAX_QUOTE)}”" if item.quote else f"• {title}"
        if line not in lines:
            lines.append(line)
    if len(lines) > MAX_SOURCES:
        lines = lines[:MAX_SOURCES] + [f"… and {len(lines) - MAX_SOURCES} more (rolegraph show)"]
    return lines


#: How a hot technology is marked: after its label, in its tooltip, in the legend.
HOT_MARK = "★"


def node_tooltip(proj: Projection, iri: str, definition: str | None) -> str:
    """Plain text: label, type, definition, alt labels and sources."""
    kind, label, classes = proj.type(iri), proj.label(iri), proj.classes(iri)
    extra = [c for c in classes if c != kind]
    lines = [label, kind + (f" ({', '.join(extra)})" if extra else "")]
    if proj.is_hot(iri):
        lines.append(f"{HOT_MARK} Hot technology (O*NET: frequently asked for in job postings)")
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
    rated = proj.rating(s, o)
    if rated is not None:
        importance, level, demand = rated
        parts = [f"importance {importance:g}/5"] if importance is not None else []
        parts += [f"level {level:g}/7"] if level is not None else []
        parts += ["in demand"] if demand else []
        if parts:
            lines.append("Rated: " + ", ".join(parts))
    sources = _sources(proj, proj.edge_evidence(s, p, o))
    if sources:
        lines += ["", "Sources:"] + sources
    return "\n".join(lines)


def build_network(store: Store, view: View, iris: bool = False) -> Network:
    """A pyvis ``Network`` holding ``view``'s nodes, edges and vis-network options;
    with ``iris`` each node's data holds its IRI too (to link it to a page)."""
    proj = store.projection
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    ids = {iri: i for i, iri in enumerate(view.nodes)}
    degree: Counter[str] = Counter()
    for s, _p, o in view.edges:
        degree[s] += 1
        degree[o] += 1
    large = len(view.nodes) > LARGE
    positions: dict[str, tuple[float, float]] = {}
    if large:
        positions = hub_layout(view.nodes, view.edges, {e: proj.type(e) for e in view.nodes})
    definitions = _definitions(store, set(view.nodes))
    for iri in view.nodes:
        kind, label = proj.type(iri), proj.label(iri)
        options = _node_options(view, iri, kind, size_for(degree[iri]))
        if iri in positions:
            options["x"], options["y"] = positions[iri]
        if iri in view.quiet:  # labelled by the page's script on hover, or zoomed in
            options["quiet"], options["font"] = True, {"size": 0}
        if iris:
            options["iri"] = iri
        hot = proj.is_hot(iri)
        if drawn_label(label) != label:
            options["name"] = label  # the whole label, for the search box
        net.add_node(
            ids[iri],
            label=f"{drawn_label(label)} {HOT_MARK}" if hot else drawn_label(label),
            hot=hot,
            title=node_tooltip(proj, iri, definitions.get(iri)),
            key=local_id(iri) if iri.startswith(BASE) else "",
            kind=kind,
            alts=proj.alt_labels(iri),
            **options,
        )
    for s, p, o in view.edges:
        net.add_edge(ids[s], ids[o], title=edge_tooltip(proj, s, p, o), relation=relation_name(p), **_edge_options(view, (s, p, o)))
    # With nothing to lay out, vis-network never reports the layout settled.
    net.set_options(json.dumps(vis_options(large or not view.nodes, len(view.edges))))
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
    style = edge_style(edge[1])
    colour, width, dashes, arrow = style.colour, style.width, style.dashes, style.arrow
    if view.kind == "path":
        if edge in view.highlight_edges:
            colour, width, dashes = PATH_EDGE, 5.0, False
        else:
            colour = FADED_EDGE
    return {"color": {"color": colour, "highlight": "#000000", "hover": "#333333"}, "width": width, "dashes": dashes, "arrows": "to" if arrow else ""}


def vis_options(large: bool, n_edges: int) -> dict[str, Any]:
    """vis-network's options; physics is on only for views small enough to settle.
    (pyvis's ``set_options`` drops spaces, so no value may hold one.)"""
    return {
        "autoResize": True,
        "nodes": {
            "font": {"size": 16, "face": "system-ui,-apple-system,sans-serif", "color": "#1A1A1A", "strokeWidth": 4, "strokeColor": "#FFFFFF"},
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
