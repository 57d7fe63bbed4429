"""The HTML page around the graph: one self-contained file that loads nothing.

The page inlines vis-network's JavaScript and CSS, read at run time from the
pyvis package (``pyvis/templates/lib/vis-9.1.2/``), with the few URLs in their
licence comments and strings neutralised. The rule the output keeps (and the
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
from typing import Any

VIS_DIR = ("templates", "lib", "vis-9.1.2")

#: Anything that could name a remote resource; checked on every page written.
_DATA_URI = re.compile(r"data:[^\"')\s]*")
_REMOTE = re.compile(r"//|<[A-Za-z][^<>]*\s(?i:src|href|action|srcset|poster)\s*=")


def _neutralise_js(js: str) -> str:
    # "http:\/\/x" in a string literal is the same string as "http://x" (the
    # SVG namespace vis needs still works); in a comment it is just text. The
    # source-map comment would make developer tools fetch a file: drop it.
    js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.MULTILINE)
    return js.replace("://", ":\\/\\/")


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's (JavaScript, CSS) from the installed pyvis, made safe to inline."""
    base = resources.files("pyvis").joinpath(*VIS_DIR)
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


def page(data: dict[str, Any], app_js: str, app_css: str) -> str:
    """The complete HTML page for ``data`` (see ``viz.py`` for its keys)."""
    vis_js, vis_css = vis_assets()
    csp = (
        "default-src 'none'; script-src " + _hash(vis_js) + " " + _hash(app_js)
        + "; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'"
    )
    html = _TEMPLATE.format(csp=csp, vis_css=vis_css, app_css=app_css, data=script_json(data), vis_js=vis_js, app_js=app_js)
    bad = remote_references(html)
    if bad:  # a bug in rolegraph, never a user mistake
        raise RuntimeError(f"the page would hold a remote reference: {bad[0]!r}")
    return html


_TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>rolegraph</title>
<style>
{vis_css}
</style>
<style>
{app_css}
</style>
</head>
<body>
<header id="rg-header">
  <div id="rg-heading"><strong id="rg-title"></strong> <span id="rg-summary"></span></div>
  <form id="rg-search-form" autocomplete="off">
    <label for="rg-search">Find</label>
    <input id="rg-search" type="search" list="rg-labels" placeholder="a label, e.g. Python" spellcheck="false">
    <datalist id="rg-labels"></datalist>
    <button type="submit">Go</button>
    <span id="rg-status" role="status"></span>
  </form>
</header>
<main id="rg-main">
  <div id="rg-network"></div>
  <aside id="rg-legend" aria-label="Legend"></aside>
  <aside id="rg-details" aria-live="polite" hidden></aside>
</main>
<script type="application/json" id="rg-data">{data}</script>
<script>{vis_js}</script>
<script>{app_js}</script>
</body>
</html>
"""
