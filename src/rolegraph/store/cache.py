"""Compiled stores on disk: where they live, their keys, and compiling one.

The inputs (ontology, shapes and data files) are compiled once into an
Oxigraph store, with the projection cached beside it, in ``<cache>/<key>/``
where ``key`` hashes what identifies each input's content (see
:func:`fingerprint`). ``meta.json``, written last, marks a complete store; it
lists the size and CRC-32 of every file of the Oxigraph store, so damage to
one (a flipped bit, zeroed bytes, a truncation) is noticed before the store is
served (see :func:`check_store_files`), as the projection's files carry
theirs (:mod:`rolegraph.projection.cache`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..projection import ProjectionBuilder
from ..projection import cache as projection_cache
from ..version import __version__
from .base import Q_COUNT, rows
from .load import Dataset, Progress, entail, load_error, load_into

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


#: Input files up to this size are hashed whole into the cache key (the
#: shipped graph, an ontology, a hand-edited file), as long as the files
#: hashed for one key stay within :data:`HASH_TOTAL` bytes (a few
#: milliseconds); the others are known by their size, times and inode.
HASH_BYTES = 1 << 20
HASH_TOTAL = 4 << 20


def fingerprint(files: Iterable[Path], sets: Sequence[Dataset] = ()) -> str:
    """The cache key of the input files and of how they are grouped into data
    sets. A file counts by its path, size, modification time, change time and
    inode: ``cp -p``, ``touch -r``, tar and rsync keep the modification time
    (and the size may not change), but no tool sets the change time, which
    any write moves, and a file replaced by another has another inode. Small
    files (see :data:`HASH_BYTES`) count by their content too, which holds on
    any file system."""
    h = hashlib.sha256(f"rolegraph {__version__} format {projection_cache.VERSION}\n".encode())
    hashed = 0
    for f in [*files, *(f for d in sets for f in d.files)]:
        try:
            st = f.stat()
            h.update(f"{f.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}\0{st.st_ino}\n".encode())
            if st.st_size <= HASH_BYTES and hashed + st.st_size <= HASH_TOTAL:
                hashed += st.st_size
                h.update(hashlib.sha256(f.read_bytes()).digest())
        except OSError as exc:
            raise load_error(f, exc) from None
    h.update(repr([(d.id, len(d.files)) for d in sets]).encode())
    return h.hexdigest()[:24]


#: Files of an Oxigraph (RocksDB) store left out of its manifest: the lock
#: file and RocksDB's own log, which opening the store may write.
_UNLISTED = ("LOCK", "LOG")


def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as fh:
        while block := fh.read(1 << 20):
            crc = zlib.crc32(block, crc)
    return crc


def store_files(directory: Path) -> dict[str, list[int]]:
    """The manifest of the Oxigraph store in ``directory``: each file's size and CRC-32."""
    return {p.name: [p.stat().st_size, _crc(p)] for p in sorted(directory.iterdir()) if p.is_file() and not p.name.startswith(_UNLISTED)}


def check_store_files(directory: Path, manifest: dict[str, list[int]], *, sums: bool) -> str | None:
    """What is wrong with the store files in ``directory`` against
    ``manifest`` (a file missing, of another size, or with ``sums`` one whose
    CRC-32 differs), or None. Sizes take a ``stat`` a file; sums read the
    store whole (about 0.05 s for a million triples)."""
    for name, (size, crc) in manifest.items():
        path = directory / name
        try:
            if path.stat().st_size != size:
                return f"{name} is truncated or was replaced"
            if sums and _crc(path) != crc:
                return f"{name} fails its checksum"
        except OSError as exc:
            return f"{name}: {exc.strerror or exc}"
    return None


def _meta_check(meta: dict[str, Any]) -> int:
    return zlib.crc32(json.dumps({k: v for k, v in meta.items() if k != "check"}, sort_keys=True).encode())


def read_meta(target: Path) -> dict[str, Any]:
    """``meta.json`` of the compiled store in ``target``; raises
    :class:`StoreError` if it is unreadable or fails its checksum."""
    path = target / "meta.json"
    try:
        meta = json.loads(path.read_bytes())
    except OSError as exc:
        raise StoreError(f"the compiled store {target} is damaged (meta.json: {exc.strerror or exc})") from None
    except ValueError:
        meta = None
    if not isinstance(meta, dict) or meta.get("check") != _meta_check(meta) or not isinstance(meta.get("store_files"), dict):
        raise StoreError(f"the compiled store {target} is damaged (meta.json fails its checksum)")
    return meta


def compile_store(sets: Sequence[Dataset], target: Path, progress: Progress | None = None) -> None:
    """Compile the data sets into a store directory ``target`` (which must not exist)."""
    import pyoxigraph as ox

    started = time.perf_counter()
    target.mkdir(parents=True)
    store = ox.Store(str(target / "store"))
    data = build(store, sets, progress)
    store.flush()
    del store  # closes the store: RocksDB writes nothing more
    projection_cache.write(target, data)
    meta: dict[str, Any] = {
        "rolegraph": __version__,
        "format": projection_cache.VERSION,
        "inputs": {d.id: [str(f) for f in d.files] for d in sets},
        "triples": data["triples"],
        "seconds": round(time.perf_counter() - started, 3),
        "store_files": store_files(target / "store"),
    }
    meta["check"] = _meta_check(meta)
    # meta.json is written last: its presence marks a complete store.
    (target / "meta.json").write_text(json.dumps(meta, indent=2))


def build(store: pyoxigraph.Store, sets: Sequence[Dataset], progress: Progress | None = None) -> dict[str, Any]:
    """Load the data sets into ``store`` and return the projection's fields,
    built from the same quads."""
    builder = ProjectionBuilder()
    load_into(store, sets, builder, progress)
    if progress:
        progress("adding entailed types and links")
    # Written, then counted, by a thread while the projection is built.
    entailing = entail(store, builder, then=lambda: int(rows(store.query(Q_COUNT))[0]["n"].value))
    if progress:
        progress("building the projection")
    try:
        data = builder.build(0)
    except BaseException:
        entailing.wait(stop=True)
        raise
    entailing.wait()
    data["triples"] = entailing.result
    return data


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
