"""The role similarity matrix as a heatmap: an HTML table (no script), or a PNG
rendered from it by a local headless Chromium when one is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import RolegraphError
from ..files import atomic_write
from .jinja import templates

if TYPE_CHECKING:
    from ..store import Store

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def _colour(value: float) -> tuple[str, str]:
    """Background and text colour for a similarity in [0, 1] (white → dark blue)."""
    v = min(1.0, max(0.0, value))
    low, high = (247, 251, 255), (8, 48, 107)
    rgb = tuple(round(lo + (hi - lo) * v) for lo, hi in zip(low, high))
    return "#{:02x}{:02x}{:02x}".format(*rgb), "#ffffff" if v > 0.5 else "#1a1a1a"


def matrix_html(labels: list[str], values: list[list[float]], method: str) -> str:
    """The heatmap as a self-contained HTML table (no script; labels escaped).

    >>> "&lt;b&gt;" in matrix_html(["<b>"], [[1.0]], "how")
    True
    """
    rows = [
        {"label": label, "cells": [dict(zip(("bg", "fg"), _colour(v)), other=other, value=v) for other, v in zip(labels, row)]}
        for label, row in zip(labels, values)
    ]
    scale = [_colour(i / 10)[0] for i in range(11)]
    return templates().get_template("matrix.html").render(labels=labels, rows=rows, scale=scale, method=method)


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
        atomic_write(target, out.read_bytes())


def write_matrix(store: Store, output: str | os.PathLike[str]) -> Path:
    """Write the heatmap of :func:`rolegraph.careers.matrix` to ``output``:
    PNG when it ends ``.png``, else HTML."""
    from ..careers.compare import matrix

    result = matrix(store)
    if not result.roles:
        raise RolegraphError("the graph holds no roles to compare")
    page = matrix_html([r.label for r in result.roles], result.similarity, result.method)
    target = Path(output)
    if target.suffix.lower() == ".png":
        if target.is_dir():
            raise IsADirectoryError(str(target))
        _png(page, target, len(result.roles))
        return target
    return atomic_write(target, page)
