"""Compiled stores on disk: where they live, their keys, and compiling one.

The inputs (ontology, shapes and data files) are compiled once into an
Oxigraph store, with the projection cached beside it, in ``<cache>/<key>/``
where ``key`` hashes the inputs' paths, sizes and modification times.
``meta.json``, written last, marks a complete store.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..projection import ProjectionBuilder
from ..projection import cache as projection_cache
from ..version import __version__
from .base import Q_COUNT, rows
from .load import Dataset, Progress, entail, load_into

if TYPE_CHECKING:
    import pyoxigraph

CACHE_ENV = "ROLEGRAPH_CACHE_DIR"


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where compiled stores live: ``cache_dir``, ``$ROLEGRAPH_CACHE_DIR``,
    or the user cache directory (``$XDG_CACHE_HOME/rolegraph`` on Linux)."""
    if cache_dir:
        return Path(cache_dir)
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("rolegraph", appauthor=False))


def fingerprint(files: Iterable[Path], sets: Sequence[Dataset] = ()) -> str:
    """The cache key of the input files (their paths, sizes and times) and of
    how they are grouped into data sets."""
    h = hashlib.sha256(f"rolegraph {__version__} format {projection_cache.VERSION}\n".encode())
    for f in [*files, *(f for d in sets for f in d.files)]:
        st = f.stat()
        h.update(f"{f.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    h.update(repr([(d.id, len(d.files)) for d in sets]).encode())
    return h.hexdigest()[:24]


def compile_store(sets: Sequence[Dataset], target: Path, progress: Progress | None = None) -> None:
    """Compile the data sets into a store directory ``target`` (which must not exist)."""
    import pyoxigraph as ox

    started = time.perf_counter()
    target.mkdir(parents=True)
    store = ox.Store(str(target / "store"))
    data = build(store, sets, progress)
    store.flush()
    del store
    projection_cache.write(target, data)
    meta = {
        "rolegraph": __version__,
        "format": projection_cache.VERSION,
        "inputs": {d.id: [str(f) for f in d.files] for d in sets},
        "triples": data["triples"],
        "seconds": round(time.perf_counter() - started, 3),
    }
    # meta.json is written last: its presence marks a complete store.
    (target / "meta.json").write_text(json.dumps(meta, indent=2))


def build(store: pyoxigraph.Store, sets: Sequence[Dataset], progress: Progress | None = None) -> dict[str, Any]:
    """Load the data sets into ``store`` and return the projection's fields,
    built from the same quads."""
    builder = ProjectionBuilder()
    load_into(store, sets, builder, progress)
    if progress:
        progress("adding entailed types and links")
    builder.add(entail(store))
    if progress:
        progress("building the projection")
    return builder.build(int(rows(store.query(Q_COUNT))[0]["n"].value))


def remove(path: Path) -> None:
    """Remove a directory, giving a closing store's background threads a
    moment if they are still writing into it."""
    import gc

    gc.collect()
    for _ in range(20):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.05)
