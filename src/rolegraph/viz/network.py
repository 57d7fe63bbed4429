"""The interactive graph's entities and links, in the compact form the page ships.

vis-network (from the pyvis package, inlined by :mod:`.page`) draws the graph;
this module says what it draws. Every entity and link is written once, with
what differs between them only: what is shared (a class's colour and shape, a
relation's line, a source's title and quote) is in a table, once, and the
page's script (``templates/viz.js``) turns the rows into vis-network's items
and their tooltips (plain text) in the browser. A 5,000-entity page is then
smaller than plain pyvis's page for the same nodes and links (see
``tests/viz/test_viz_size.py``).

What :func:`graph_data` returns (node ids are positions in ``nodes``):

- ``nodeStyles``: one entry a (class, highlight group) drawn: ``kind`` (the
  class) and vis-network's ``shape``, ``borderWidth``, ``color`` (and ``font``);
- ``edgeStyles``: one entry a (relation, highlight) drawn: ``relation`` (its
  name), ``words`` (its name in words, for tooltips) and vis-network's
  ``color``, ``width``, ``dashes``, ``arrows``;
- ``nodes``: ``[label, style, size, key]`` (the label as drawn: a hot
  technology's ends with `` ★``), then, only when there is more to
  say, ``{...}`` with ``n``: the whole label (when the drawn one is cut),
  ``h``: a hot technology, ``a``: alternative labels, ``c``: its other
  classes, ``d``: definition, ``s``: sources (positions in ``sources``),
  ``q``: quiet (drawn without a label until hovered or zoomed in to), ``i``:
  its IRI (with ``iris``, when ``base`` + key is not it);
- ``edges``: ``[from, to, style]``, then, only when there is more to say,
  ``{...}`` with ``r``: the rating ``[importance, level, in demand]``
  (``null`` when unknown) and ``s``: sources;
- ``xy``: for views laid out in advance, each node's x and y in turn;
- ``sources``: the source lines cited (title and quote), each once;
- ``options``: vis-network's options; ``hot``: the mark after a hot
  technology's label and the line its tooltip gives it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any

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
MAX_DEFINITION = 600
#: Labels longer than this are cut, with "…", where the graph is drawn: the
#: browser lays a label out each time it draws it, and one of 100 KB kept a
#: page busy for a minute. The tooltip and the details panel show it whole,
#: and the search box finds it by its whole text.
MAX_LABEL = 120

#: How much larger a highlighted entity is drawn.
SIZE_BONUS = {"focus": 8.0, "path": 6.0}

#: How a hot technology is marked: after its label, in its tooltip, in the legend.
HOT_MARK = "★"
HOT_LINE = f"{HOT_MARK} Hot technology (O*NET: frequently asked for in job postings)"


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


def source_lines(proj: Projection, evidence: Sequence[str]) -> list[str]:
    """The tooltip's lines for the sources of some facts: ``• title: “quote”``
    (an inference: ``• inferred: why``), each once, at most :data:`MAX_SOURCES`."""
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


class _Table:
    """Values numbered in the order first seen (the page holds each once)."""

    def __init__(self) -> None:
        self.rows: list[Any] = []
        self._index: dict[Any, int] = {}

    def add(self, key: Hashable, make: Callable[[Any], Any]) -> int:
        """The number of ``key``'s row, ``make(key)`` the first time."""
        i = self._index.get(key)
        if i is None:
            i = self._index[key] = len(self.rows)
            self.rows.append(make(key))
        return i


def _number(value: float | None) -> float | int | None:
    """A rating as the tooltip prints it (``4.5``, ``3``), as a JSON number."""
    if value is None:
        return None
    shown = float(format(value, "g"))
    return int(shown) if shown.is_integer() else shown


def graph_data(store: Store, view: View, iris: bool = False) -> dict[str, Any]:
    """``view``'s nodes, links, styles and vis-network options, compact (see
    the module doc); with ``iris`` each node's IRI can be had (to link it to a page)."""
    proj = store.projection
    ids = {iri: i for i, iri in enumerate(view.nodes)}
    degree: Counter[str] = Counter()
    for s, _p, o in view.edges:
        degree[s] += 1
        degree[o] += 1
    large = len(view.nodes) > LARGE
    definitions = _definitions(store, set(view.nodes))
    sources, node_styles, edge_styles = _Table(), _Table(), _Table()

    def cite(evidence: Sequence[str]) -> list[int]:
        return [sources.add(line, str) for line in source_lines(proj, evidence)]

    nodes: list[list[Any]] = []
    for iri in view.nodes:
        kind, label, group = proj.type(iri), proj.label(iri), view.groups.get(iri)
        style = node_styles.add((kind, group), lambda k: _node_style(*k))
        drawn, hot = drawn_label(label), proj.is_hot(iri)
        key = local_id(iri) if iri.startswith(BASE) else ""
        row: list[Any] = [f"{drawn} {HOT_MARK}" if hot else drawn, style, round(size_for(degree[iri]) + SIZE_BONUS.get(group or "", 0), 1), key]
        more: dict[str, Any] = {}
        if drawn != label:
            more["n"] = label  # the whole label, for the tooltip and the search box
        if hot:
            more["h"] = 1
        alts = proj.alt_labels(iri)
        if alts:
            more["a"] = list(alts)
        extra = [c for c in proj.classes(iri) if c != kind]
        if extra:
            more["c"] = extra
        if definitions.get(iri):
            more["d"] = _clip(definitions[iri], MAX_DEFINITION)
        cited = cite(proj.node_evidence(iri))
        if cited:
            more["s"] = cited
        if iri in view.quiet:  # labelled by the page's script on hover, or zoomed in
            more["q"] = 1
        if iris and BASE + key != iri:
            more["i"] = iri
        if more:
            row.append(more)
        nodes.append(row)

    edges: list[list[Any]] = []
    for s, p, o in view.edges:
        state = ("path" if (s, p, o) in view.highlight_edges else "faded") if view.kind == "path" else ""
        row = [ids[s], ids[o], edge_styles.add((p, state), lambda k: _edge_style(*k))]
        more = {}
        rated = proj.rating(s, o)
        if rated is not None:
            importance, level, demand = rated
            if importance is not None or level is not None or demand:
                more["r"] = [_number(importance), _number(level), 1 if demand else 0]
        cited = cite(proj.edge_evidence(s, p, o))
        if cited:
            more["s"] = cited
        if more:
            row.append(more)
        edges.append(row)

    data: dict[str, Any] = {"nodeStyles": node_styles.rows, "edgeStyles": edge_styles.rows, "nodes": nodes, "edges": edges}
    if large:
        positions = hub_layout(view.nodes, view.edges, {e: proj.type(e) for e in view.nodes})
        # Whole canvas pixels: finer than the eye can tell apart, shorter to write.
        data["xy"] = [round(c) for iri in view.nodes for c in positions[iri]]
    data["sources"] = sources.rows
    data["hot"] = {"mark": HOT_MARK, "line": HOT_LINE}
    # With nothing to lay out, vis-network never reports the layout settled.
    data["options"] = vis_options(large or not view.nodes, len(view.edges))
    if iris:
        data["base"] = BASE
    return data


def _node_style(kind: str, group: str | None) -> dict[str, Any]:
    colour, shape, _symbol = node_style(kind)
    border, border_width, font = colour, 1, None
    if group in ("a", "b", "shared"):
        colour = border = GROUP_STYLE[group][0]
    elif group == "focus":
        border, border_width = "#000000", 4
    elif group == "path":
        border, border_width = GROUP_STYLE["path"][0], 4
    elif group == "context":
        colour, border, font = "#E6E6E6", "#BBBBBB", {"color": "#8A8A8A"}
    style: dict[str, Any] = {
        "kind": kind,
        "shape": shape,
        "borderWidth": border_width,
        "color": {"background": colour, "border": border, "highlight": {"background": colour, "border": "#000000"}, "hover": {"background": colour, "border": "#000000"}},
    }
    if font:
        style["font"] = font
    return style


def _edge_style(predicate: str, state: str) -> dict[str, Any]:
    style = edge_style(predicate)
    colour, width, dashes, arrow = style.colour, style.width, style.dashes, style.arrow
    if state == "path":
        colour, width, dashes = PATH_EDGE, 5.0, False
    elif state == "faded":
        colour = FADED_EDGE
    return {
        "relation": relation_name(predicate),
        "words": relation_words(predicate),
        "color": {"color": colour, "highlight": "#000000", "hover": "#333333"},
        "width": width,
        "dashes": dashes,
        "arrows": "to" if arrow else "",
    }


def vis_options(large: bool, n_edges: int) -> dict[str, Any]:
    """vis-network's options; physics is on only for views small enough to settle."""
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
