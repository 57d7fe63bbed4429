"""The role similarity matrix as a heatmap: an HTML table (no script), or a PNG
rendered from it by a local headless Chromium when one is installed."""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from .errors import RolegraphError

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


OWN_METHOD = "Weighted Jaccard overlap of skills (essential 2, optional 1), tools and tasks, as rolegraph matrix computes it"


def similarity(store: Any) -> tuple[list[str], list[list[float]], str]:
    """``(role labels, matrix, how it was computed)``: ``rolegraph.queries.matrix``
    when it exists, else the weighted Jaccard of :mod:`rolegraph.profiles`."""
    try:
        from . import queries  # type: ignore[attr-defined]
    except ImportError:
        queries = None
    if queries is not None and hasattr(queries, "matrix"):
        result = queries.matrix(store)
        data = result.to_dict() if hasattr(result, "to_dict") else result
        return [r["label"] for r in data["roles"]], [list(map(float, row)) for row in data["similarity"]], OWN_METHOD
    from .profiles import profile, weighted_jaccard

    proj = store.projection
    roles = proj.of_type("Role")
    weights = [profile(proj, r).weights() for r in roles]
    return [proj.label(r) for r in roles], [[weighted_jaccard(a, b) for b in weights] for a in weights], OWN_METHOD


def _colour(value: float) -> tuple[str, str]:
    """Background and text colour for a similarity in [0, 1] (white → dark blue)."""
    v = min(1.0, max(0.0, value))
    low, high = (247, 251, 255), (8, 48, 107)
    rgb = tuple(round(lo + (hi - lo) * v) for lo, hi in zip(low, high))
    return "#{:02x}{:02x}{:02x}".format(*rgb), "#ffffff" if v > 0.5 else "#1a1a1a"


def matrix_html(labels: list[str], values: list[list[float]], method: str = OWN_METHOD) -> str:
    esc = html.escape
    head = "".join(f'<th scope="col"><span>{esc(label)}</span></th>' for label in labels)
    rows = []
    for label, row in zip(labels, values):
        cells = []
        for other, v in zip(labels, row):
            bg, fg = _colour(v)
            tip = esc(f"{label} / {other}: {v:.2f}")
            cells.append(f'<td style="background:{bg};color:{fg}" title="{tip}">{v:.2f}</td>')
        rows.append(f'<tr><th scope="row">{esc(label)}</th>{"".join(cells)}</tr>')
    scale = "".join(f'<span style="background:{_colour(i / 10)[0]}"></span>' for i in range(11))
    return _PAGE.format(head=head, rows="\n".join(rows), scale=scale, n=len(labels), method=esc(method))


def _chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _png(page: str, target: Path, n: int) -> None:
    browser = _chromium()
    if browser is None:
        raise RolegraphError("a PNG heatmap needs Chromium installed (chromium on PATH); write an .html file instead")
    width, height = 420 + 70 * n, 320 + 48 * n
    with tempfile.TemporaryDirectory(prefix="rolegraph-") as tmp:
        src, out = Path(tmp) / "matrix.html", Path(tmp) / "matrix.png"
        src.write_text(page, encoding="utf-8")
        args = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars", f"--window-size={width},{height}",
                f"--screenshot={out}", src.as_uri()]
        try:
            subprocess.run(args, capture_output=True, timeout=60, check=False, cwd=tmp)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise RolegraphError(f"Chromium could not render the heatmap: {exc}") from None
        if not out.exists():
            raise RolegraphError("Chromium did not write the heatmap PNG")
        from .output import atomic_write

        atomic_write(target, out.read_bytes())


def write_matrix(store: Any, output: str | os.PathLike[str]) -> Path:
    """Write the heatmap to ``output``: PNG when it ends ``.png``, else HTML."""
    from .output import atomic_write

    labels, values, method = similarity(store)
    if not labels:
        raise RolegraphError("the graph holds no roles to compare")
    page = matrix_html(labels, values, method)
    target = Path(output)
    if target.suffix.lower() == ".png":
        if target.is_dir():
            raise IsADirectoryError(str(target))
        _png(page, target, len(labels))
        return target
    return atomic_write(target, page)


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>rolegraph: role similarity</title>
<style>
body {{ font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #1a1a1a; background: #fff; }}
h1 {{ font-size: 20px; margin: 0 0 4px; }}
p {{ margin: 0 0 16px; color: #444; font-size: 14px; }}
table {{ border-collapse: collapse; font-size: 14px; }}
td {{ width: 64px; height: 44px; text-align: center; border: 2px solid #fff; font-variant-numeric: tabular-nums; }}
th {{ font-weight: 600; padding: 4px 8px; }}
th[scope=row] {{ text-align: right; white-space: nowrap; }}
thead th {{ height: 150px; vertical-align: bottom; white-space: nowrap; }}
thead th span {{ display: inline-block; transform: rotate(-40deg); transform-origin: left bottom; width: 40px; }}
.scale {{ display: flex; align-items: center; gap: 6px; margin-top: 16px; font-size: 13px; }}
.scale div {{ display: flex; }}
.scale div span {{ width: 22px; height: 14px; }}
</style>
</head>
<body>
<h1>Role similarity</h1>
<p>{method}; 1 = identical, 0 = nothing shared. {n} roles.</p>
<table>
<thead><tr><th></th>{head}</tr></thead>
<tbody>
{rows}
</tbody>
</table>
<div class="scale">0 <div>{scale}</div> 1</div>
</body>
</html>
"""
