"""The embedded store: Oxigraph on disk (compiled once, then opened read-only)
or in memory, with its projection.

The compile happens under a file lock in a temporary directory that is
renamed into place when complete, so neither two processes starting at once
nor one killed half-way can leave a broken store behind. If the cache cannot
be written (or fills up while compiling) the graph is loaded into memory
instead, with a warning.

A compiled store is never served unchecked: opening it checks ``meta.json``
and the projection's head against their checksums and every file's size; the
first use of the Oxigraph store (or of its directory) checks the CRC-32 of
each of its files, and a projection part is checked when it is read. A store
found damaged is rebuilt from the graph files, with a warning, and the
command goes on with the rebuilt one.
"""

from __future__ import annotations

import os
import shutil
import threading
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import QueryError, StoreError
from ..projection import Projection
from ..projection import cache as projection_cache
from ..shipped import ontology_path, shapes_path
from ..vocab import SHAPES_GRAPH
from .base import Store, _dataset
from .cache import build, cache_root, check_store_files, compile_store, fingerprint, read_meta, remove
from .load import Dataset, Progress, datasets, store_error

if TYPE_CHECKING:
    import pyoxigraph as ox
    import rdflib

    from .base import GraphName, QueryResult, Term


class LocalStore(Store):
    """A pyoxigraph ``Store`` and its projection.

    >>> import pyoxigraph as ox
    >>> store = open_store()
    >>> query = "SELECT ?l WHERE { ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l }"
    >>> store.select(query, {"e": ox.NamedNode("https://w3id.org/rolegraph/python")})[0]["l"].value
    'Python'
    """

    def __init__(
        self,
        store: ox.Store | Callable[[], ox.Store],
        projection: Projection,
        location: Path | None = None,
        *,
        verify: Callable[[], None] | None = None,
    ):
        # A callable opens the store on first use: commands answered from the
        # projection alone (stats, compare, gap, fit, path) never open RocksDB.
        self._store = store
        self._projection = projection
        self._location = location
        self._verify = verify

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph ``Store``."""
        if callable(self._store):
            self._store = self._store()
        return self._store

    @property
    def location(self) -> Path | None:
        """The compiled store's directory (None for a store in memory). Who
        takes it reads the files directly, so they are checked first (once)."""
        if self._verify is not None:
            self._verify()
        return self._location

    def __repr__(self) -> str:
        return f"LocalStore({str(self._location) if self._location else 'in memory'})"

    @property
    def projection(self) -> Projection:
        return self._projection

    def query(self, query: str, bindings: Mapping[str, Term] | None = None) -> QueryResult:
        from ..sparql import bind

        try:
            return self.store.query(bind(query, bindings))
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc.msg or exc}") from None

    def quads(self, graph: GraphName | None = None) -> Iterator[ox.Quad]:
        return iter(self.store.quads_for_pattern(None, None, None, graph))

    def named_graphs(self) -> list[ox.NamedNode]:
        import pyoxigraph as ox

        found = (g for g in self.store.named_graphs() if isinstance(g, ox.NamedNode) and g.value != SHAPES_GRAPH)
        return sorted(found, key=lambda g: g.value)

    def to_rdflib(self) -> rdflib.Dataset:
        """The store itself as an rdflib ``Dataset`` (through oxrdflib), no copy."""
        return _dataset(self.store)


def _first_line(exc: BaseException) -> str:
    return (str(exc).splitlines() or [type(exc).__name__])[0]


class _Entry:
    """The compiled store of one key in the cache directory: opened with its
    files checked, and rebuilt with a warning when found damaged."""

    def __init__(self, root: Path, key: str, sets: Sequence[Dataset], progress: Progress | None):
        self.root, self.key, self.sets, self.progress = root, key, sets, progress
        self.path = root / key
        self.manifest: dict[str, list[int]] = {}
        self.meta_id: tuple[int, int] | None = None
        self.verified = False
        self.opened: LocalStore | None = None
        # Threads of one process (rolegraph serve) share the entry: one checks
        # or rebuilds it at a time.
        self.busy = threading.RLock()

    def _meta_id(self) -> tuple[int, int] | None:
        try:
            st = (self.path / "meta.json").stat()
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns

    # ------------------------------------------------------------------ opening

    def _checked(self) -> tuple[dict[str, Any], Callable[[str], dict[str, Any]]]:
        """Check ``meta.json`` and the projection's head against their
        checksums, and the size of every file; returns the projection's head
        and loader, or raises :class:`StoreError` naming the damage."""
        meta = read_meta(self.path)
        manifest = meta["store_files"]
        problem = None if "CURRENT" in manifest else "the store has no CURRENT file"
        problem = problem or check_store_files(self.path / "store", manifest, sums=False)
        if problem:
            raise StoreError(f"the compiled store {self.path} is damaged ({problem})")
        self.manifest, self.meta_id, self.verified = manifest, self._meta_id(), False
        return projection_cache.read(self.path, on_damage=self.rebuild, trusted=self._untouched)

    def _untouched(self) -> bool:
        """Whether the files are those verified last, untouched since (then
        they need no second look)."""
        return self._stamp() == self._stamp_of_files()

    # ------------------------------------------------------------------ the stamp

    @property
    def _stamp_path(self) -> Path:
        return self.root / f"{self.key}.verified"

    def _stamp_of_files(self) -> list[list[Any]] | None:
        """Size, modification time, change time and inode of every file of
        the compiled store: any write moves the change time, which no tool
        sets back, so files with the stamp of the last verification are the
        files verified."""
        found = []
        try:
            for path in [*(self.path / "store" / name for name in sorted(self.manifest)), *projection_cache.paths(self.path), self.path / "meta.json"]:
                st = path.stat()
                found.append([path.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino])
        except OSError:
            return None
        return found

    def _stamp(self) -> list[list[Any]] | None:
        import json

        try:
            stamp = json.loads(self._stamp_path.read_bytes())
        except (OSError, ValueError):
            return None
        return stamp if isinstance(stamp, list) else None

    def _write_stamp(self) -> None:
        """Record the files as verified (nothing happens if the cache
        directory cannot take it: the next command verifies them again)."""
        import json

        stamp = self._stamp_of_files()
        if stamp is None:
            return
        tmp = self.root / f"{self.key}.verified.tmp-{os.getpid()}-{threading.get_ident()}"
        try:
            tmp.write_text(json.dumps(stamp))
            os.replace(tmp, self._stamp_path)
        except OSError:
            tmp.unlink(missing_ok=True)

    def _open(self) -> LocalStore:
        head, load = self._checked()
        self.opened = LocalStore(self._open_store, Projection(head, load), self.path, verify=self.verify)
        return self.opened

    def open(self) -> LocalStore:
        """The store, compiled first if there is none or it is damaged."""
        damage = None
        if (self.path / "meta.json").is_file():
            try:
                return self._open()
            except StoreError as exc:
                damage = str(exc)
        elif self.path.exists():
            damage = f"the compiled store {self.path} is incomplete (no meta.json)"
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            probe = self.root / f".probe-{os.getpid()}"
            probe.touch()
            probe.unlink()
        except OSError as exc:
            warnings.warn(f"cache directory {self.root} is not writable ({exc.strerror}); loading into memory", stacklevel=3)
            return load_in_memory(self.sets, self.progress)
        try:
            self._compile(force=False)
        except (OSError, RuntimeError, StoreError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(store_error(exc)).removeprefix("cannot write the store: ")
            warnings.warn(f"cache directory {self.root} cannot take the compiled store ({reason}); loading into memory", stacklevel=3)
            return load_in_memory(self.sets, self.progress)
        if damage:
            warnings.warn(f"{damage}; rebuilt it", stacklevel=3)
        return self._open()

    def _compile(self, force: bool) -> None:
        """Compile the store under the key's lock, unless (without ``force``)
        another process has put a sound one in place meanwhile; with
        ``force``, unless the one in place is not the one this entry opened."""
        from filelock import FileLock

        with FileLock(str(self.root / f"{self.key}.lock")):
            if (self.path / "meta.json").is_file() and (not force or self._meta_id() != self.meta_id):
                try:
                    self._checked()
                    if not force:
                        return
                    if check_store_files(self.path / "store", self.manifest, sums=True) is None:
                        self.verified = True
                        return
                except StoreError:
                    pass
            if self.path.exists():
                remove(self.path)
            for stale in self.root.glob(f"{self.key}.tmp-*"):
                shutil.rmtree(stale, ignore_errors=True)
            tmp = self.root / f"{self.key}.tmp-{os.getpid()}"
            try:
                compile_store(self.sets, tmp, self.progress)
                os.replace(tmp, self.path)
            except BaseException as exc:
                # The traceback's frames still hold the half-built store open, and
                # RocksDB would go on writing into the directory being removed:
                # drop their locals (the traceback itself is kept) first.
                traceback.clear_frames(exc.__traceback__)
                remove(tmp)
                raise
            self._write_stamp()  # just written
            self._checked()

    # ------------------------------------------------------------------ first use

    def verify(self) -> None:
        """Check the CRC-32 of every file of the Oxigraph store, once; a
        damaged store is rebuilt."""
        with self.busy:
            if self.verified or self._untouched():
                return
            problem = check_store_files(self.path / "store", self.manifest, sums=True) or projection_cache.check(self.path)
            if problem:
                self.rebuild(f"the compiled store {self.path} is damaged ({problem})")
            else:
                self._write_stamp()
            self.verified = True

    def rebuild(self, reason: str) -> None:
        """Rebuild the store found damaged (``reason``), with a warning; the
        Oxigraph store is opened anew on its next use."""
        with self.busy:
            if self.opened is not None:
                self.opened._store = self._open_store  # drop RocksDB's hold on the old files
            try:
                self._compile(force=True)
            except (OSError, RuntimeError, StoreError) as exc:
                raise StoreError(f"{reason}, and cannot be rebuilt ({_first_line(exc)})") from None
        warnings.warn(f"{reason}; rebuilt it", stacklevel=3)

    def _open_store(self) -> ox.Store:
        import pyoxigraph as ox

        self.verify()
        try:
            return ox.Store.read_only(str(self.path / "store"))
        except (OSError, RuntimeError) as exc:  # damage no checksum shows, or another Oxigraph's store
            self.rebuild(f"the compiled store {self.path} cannot be opened ({_first_line(exc)})")
        try:
            return ox.Store.read_only(str(self.path / "store"))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot open the compiled store {self.path}: {_first_line(exc)}") from None


def load_in_memory(files: Sequence[str | os.PathLike[str] | Dataset], progress: Progress | None = None) -> LocalStore:
    """Load the ontology, the shapes and ``files`` (paths, each one data set,
    or data sets) into an in-memory store, with no cache. No files: the
    ontology alone."""
    import pyoxigraph as ox

    paths = [f for f in files if not isinstance(f, Dataset)]
    sets = [f for f in files if isinstance(f, Dataset)] + (datasets(paths) if paths else [])
    store = ox.Store()
    return LocalStore(store, Projection(build(store, sets, progress)))


def open_store(
    graph: Sequence[str | os.PathLike[str]] | None = None,
    *,
    add: Sequence[str | os.PathLike[str]] = (),
    cache_dir: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> LocalStore:
    """Open the compiled store for ``graph`` (data directories or RDF files;
    default: the shipped graph, named ``builtin``) and the data sets ``add``
    joins to it, compiling first if no up-to-date store exists. Each path is
    one data set; answers say which data set each fact comes from.

    Raises :class:`~rolegraph.errors.GraphLoadError` for input that is missing
    or not valid RDF.

    >>> store = open_store()
    >>> store.projection.label("https://w3id.org/rolegraph/machine-learning-engineer")
    'machine learning engineer'
    """
    sets = datasets(graph, add)
    key = fingerprint([ontology_path(), shapes_path()], sets)
    return _Entry(cache_root(cache_dir), key, sets, progress).open()
