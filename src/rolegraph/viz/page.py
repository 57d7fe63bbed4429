"""The HTML page around the graph: one self-contained file that loads nothing.

The page (``templates/page.html``, a Jinja2 template with autoescaping) inlines
vis-network's JavaScript and CSS, read at run time from the installed pyvis
package (the newest ``templates/lib/vis-*`` it ships), with the few URLs in
their licence comments and strings neutralised. The rule the output keeps (and the
tests check): apart from inside ``data:`` URIs (the CSS's inline images) the
file contains no ``//`` at all, so no ``http://``, ``https://`` or
protocol-relative reference, and no tag has a ``src`` or ``href`` attribute. A Content
Security Policy allows only the page's own two scripts (by hash), so even a
bug that let markup through could neither load anything nor run it.

Data reaches the page only as JSON inside a ``<script type="application/json">``
block (compact, without spaces; the graph in the form :mod:`.network`
describes), escaped so it cannot close the block, and the page's own script
puts text on screen with ``textContent`` (vis-network shows a string ``title``
with ``innerText``); no label, definition or id ever becomes markup.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ..projection import Projection
from . import network
from .jinja import asset, templates
from .select import View
from .style import DASH_DOT, DOTTED, EDGE_FAMILY, EDGE_STYLE, GROUP_STYLE, LONG_DASH, NODE_STYLE, PATH_EDGE, EdgeStyle, edge_style, node_style

if TYPE_CHECKING:
    from ..store import Store

#: Anything that could name a remote resource; checked on every page written.
_DATA_URI = re.compile(r"data:[^\"')\s]*")
_REMOTE = re.compile(r"//|<[A-Za-z][^<>]*\s(?i:src|href|action|srcset|poster)\s*=")


def _neutralise_js(js: str) -> str:
    # "http:\/\/x" in a string literal is the same string as "http://x" (the
    # SVG namespace vis needs still works); in a comment it is just text. The
    # source-map comment would make developer tools fetch a file: drop it.
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    return js.replace("://", ":\\/\\/")


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(p) for p in re.findall(r"\d+", name))


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's (JavaScript, CSS) from the installed pyvis, made safe to inline."""
    lib = resources.files("pyvis").joinpath("templates", "lib")
    found = [d for d in lib.iterdir() if d.name.startswith("vis-") and d.joinpath("vis-network.min.js").is_file()]
    if not found:
        raise RuntimeError("the installed pyvis ships no vis-network (templates/lib/vis-*/vis-network.min.js)")
    base = max(found, key=lambda d: _version(d.name))
    js = _neutralise_js(base.joinpath("vis-network.min.js").read_text(encoding="utf-8"))
    css = base.joinpath("vis-network.css").read_text(encoding="utf-8")
    for text in (js, css):
        if re.search(r"(?i)</(script|style)|<!--", text):
            raise RuntimeError("vis-network asset would close its own tag")
    return js, css


def remote_references(html: str) -> list[str]:
    """Every piece of ``html`` that breaks the no-remote-reference rule (see module doc)."""
    stripped = _DATA_URI.sub("data:", html)
    return [stripped[max(0, m.start() - 40) : m.end() + 40] for m in _REMOTE.finditer(stripped)]


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` block: no ``<``, ``>``, ``&``, ``/``,
    U+2028 or U+2029 appear literally (each is a JSON escape)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("/", "\\/"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def _line_words(style: EdgeStyle) -> str:
    """How a line looks, in words (the legend's samples are not read out)."""
    if style.dashes == DOTTED:
        return "dotted"
    if style.dashes == LONG_DASH:
        return "long dashes"
    if style.dashes == DASH_DOT:
        return "dash-dot"
    if style.dashes:
        return "dashed"
    return "thick" if style.width >= 3 else "thin" if style.width <= 1 else "solid"


def _line(colour: str, width: float, dashes: Any, text: str) -> dict[str, Any]:
    return {"colour": colour, "width": width, "dashes": dashes or False, "text": text}


def edge_legend(predicates: Iterable[str]) -> list[dict[str, Any]]:
    """One entry a link family drawn, in :data:`.style.EDGE_FAMILY` order, each
    with the line styles of its relations drawn (``variants``)."""
    order, family_order = list(EDGE_STYLE), list(EDGE_FAMILY)

    def rank(p: str) -> tuple[int, int, str]:
        return family_order.index(edge_style(p).family), order.index(p) if p in EDGE_STYLE else len(order), p

    families: dict[str, dict[str, Any]] = {}
    for p in sorted(set(predicates), key=rank):
        st = edge_style(p)
        colour, text = EDGE_FAMILY[st.family]
        entry = families.setdefault(st.family, {"family": st.family, **_line(colour, 2.5, False, text), "variants": []})
        words = f"{st.variant} ({_line_words(st)})"
        if all(v["text"] != words for v in entry["variants"]):
            entry["variants"].append(_line(colour, st.width, st.dashes, words))
    return list(families.values())


def legend(proj: Projection, view: View, large: bool) -> dict[str, Any]:
    """What the legend lists: entity kinds, highlight groups, link families, notes."""
    kinds = sorted({proj.type(e) for e in view.nodes}, key=lambda k: list(NODE_STYLE).index(k) if k in NODE_STYLE else 99)
    grey = view.kind == "compare"
    nodes = [{"symbol": node_style(k)[2], "colour": "#666666" if grey else node_style(k)[0], "text": k} for k in kinds]
    groups = []
    for g in ("a", "shared", "b", "focus", "path", "context"):
        if g in view.groups.values():
            colour, text = GROUP_STYLE[g]
            groups.append({"symbol": "●", "colour": colour, "text": text.format(a=view.names.get("a", "A"), b=view.names.get("b", "B"))})
    edges = edge_legend({p for _s, p, _o in view.edges})
    if view.kind == "path":  # every other link is drawn faded, whatever its relation
        edges = [
            {"family": "path", **_line(PATH_EDGE, 5, False, "link on the path"), "variants": []},
            {"family": "faded", **_line("#C8C8C8", 2, False, "other links (faded)"), "variants": []},
        ]
    notes = ["Size: number of links shown.", "Hover for details and sources; click to pin them."]
    if view.quiet:
        notes.append("Labels: the entity in focus and what it links to directly; hover over the others, or zoom in, to read theirs.")
    if any(proj.is_hot(e) for e in view.nodes):
        notes.append(f"{network.HOT_MARK} Hot technology (O*NET: frequently asked for in job postings).")
    if large:
        notes.append(f"Over {network.LARGE} entities: layout computed in advance, physics off.")
    return {"nodes": nodes, "groups": groups, "edges": edges, "notes": notes}


def check_entity_url(entity_url: str) -> str:
    """``entity_url`` if it is a relative URL (a path such as ``/show?ref=``):
    the page links only to the server it came from, and holds no ``//``."""
    bad = (
        not entity_url
        or "//" in entity_url
        or "\\" in entity_url
        or urlsplit(entity_url).scheme
        or any(c.isspace() or ord(c) < 32 for c in entity_url)
    )
    if bad:
        raise ValueError(f"entity_url must be a relative URL such as '/show?ref=', not {entity_url!r}")
    return entity_url


def page_data(store: Store, view: View, entity_url: str | None = None) -> dict[str, Any]:
    """What the page's script reads: title, summary, the graph (compact: see
    :mod:`.network`), vis-network's options, the legend.

    With ``entity_url`` (a relative URL such as ``"/show?ref="``, for pages a
    local web app serves), a clicked entity's details link to
    ``entity_url + encodeURIComponent(its id or IRI)``, and the header links to ``/``.
    """
    if entity_url is not None:
        check_entity_url(entity_url)
    graph = network.graph_data(store, view, iris=entity_url is not None)
    n_nodes, n_edges = len(graph["nodes"]), len(graph["edges"])
    n_links = f"{n_edges:,} link{'s' if n_edges != 1 else ''}"
    summary = f"{view.title}: {n_nodes:,} entit{'ies' if n_nodes != 1 else 'y'}, {n_links}"
    if view.left_out:
        summary = (
            f"{view.title}: {n_nodes:,} of {n_nodes + view.left_out:,} entities (the best connected), "
            f"{n_links}; {view.left_out:,} left out: {view.hint}"
        )
    data: dict[str, Any] = {
        "title": "rolegraph",
        "summary": summary,
        **graph,
        "physics": bool(graph["options"]["physics"]["enabled"]),
        "legend": legend(store.projection, view, n_nodes > network.LARGE),
    }
    if entity_url is not None:
        data["entity_url"] = entity_url
    return data


def page(data: dict[str, Any]) -> str:
    """The complete HTML page for ``data`` (see :func:`page_data`)."""
    from markupsafe import Markup

    vis_js, vis_css = vis_assets()
    app_js, app_css = asset("viz.js"), asset("viz.css")
    csp = (
        "default-src 'none'; script-src " + _hash(vis_js) + " " + _hash(app_js)
        + "; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )
    # The assets are checked not to close their tags (vis_assets), and the
    # JSON is escaped for a script block: the only text marked safe.
    html = templates().get_template("page.html").render(
        csp=csp, vis_css=Markup(vis_css), app_css=Markup(app_css), data=Markup(script_json(data)), vis_js=Markup(vis_js), app_js=Markup(app_js)
    )
    bad = remote_references(html)
    if bad:  # a bug in rolegraph, never a user mistake
        raise RuntimeError(f"the page would hold a remote reference: {bad[0]!r}")
    return html
