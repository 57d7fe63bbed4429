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
block, escaped so it cannot close the block, and the page's own script puts
text on screen with ``textContent`` (vis-network shows a string ``title`` with
``innerText``); no label, definition or id ever becomes markup.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from ..projection import Projection
from . import network
from .jinja import asset, templates
from .select import View
from .style import EDGE_STYLE, GROUP_STYLE, NODE_STYLE, PATH_EDGE, edge_style, node_style

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


def legend(proj: Projection, view: View, large: bool) -> dict[str, Any]:
    """What the legend lists: entity kinds, highlight groups, link kinds, notes."""
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
    if any(proj.is_hot(e) for e in view.nodes):
        notes.append(f"{network.HOT_MARK} Hot technology (O*NET: frequently asked for in job postings).")
    if large:
        notes.append(f"Over {network.LARGE} entities: layout computed in advance, physics off.")
    return {"nodes": nodes, "groups": groups, "edges": list(seen.values()), "notes": notes}


def page_data(store: Store, view: View) -> dict[str, Any]:
    """What the page's script reads: title, summary, vis nodes, edges, options, legend."""
    net = network.build_network(store, view)
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    parsed = json.loads(options)
    return {
        "title": "rolegraph",
        "summary": f"{view.title}: {len(nodes):,} entities, {len(edges):,} links",
        "nodes": nodes,
        "edges": edges,
        "options": parsed,
        "physics": bool(parsed["physics"]["enabled"]),
        "legend": legend(store.projection, view, len(nodes) > network.LARGE),
    }


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
