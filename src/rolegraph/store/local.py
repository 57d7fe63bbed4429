"""The embedded store: Oxigraph on disk (compiled once, then opened read-only)
or in memory, with its projection.

The compile happens under a file lock in a temporary directory that is
renamed into place when complete, so neither two processes starting at once
nor one killed half-way can leave a broken store behind. If the cache cannot
be written the graph is loaded into memory instead.
"""

from __future__ import annotations

import os
import shutil
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import QueryError, StoreError
from ..projection import Projection
from ..projection import cache as projection_cache
from ..shipped import ontology_path, shapes_path
from ..vocab import SHAPES_GRAPH
from .base import Store, _dataset
from .cache import build, cache_root, compile_store, fingerprint, remove
from .load import Dataset, Progress, datasets

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

    def __init__(self, store: ox.Store | Callable[[], ox.Store], projection: Projection, location: Path | None = None):
        # A callable opens the store on first use: commands answered from the
        # projection alone (stats, compare, gap, fit, path) never open RocksDB.
        self._store = store
        self._projection = projection
        self.location = location

    @property
    def store(self) -> ox.Store:
        """The pyoxigraph ``Store``."""
        if callable(self._store):
            self._store = self._store()
        return self._store

    def __repr__(self) -> str:
        return f"LocalStore({str(self.location) if self.location else 'in memory'})"

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


def _open_compiled(path: Path) -> LocalStore:
    import pyoxigraph as ox

    head, load = projection_cache.read(path)
    if not (path / "store" / "CURRENT").is_file():
        raise StoreError(f"the compiled store {path} is incomplete")

    def open_read_only() -> ox.Store:
        try:
            return ox.Store.read_only(str(path / "store"))
        except OSError as exc:
            raise StoreError(f"cannot open the compiled store {path}: {exc}") from None

    return LocalStore(open_read_only, Projection(head, load), path)


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
    root = cache_root(cache_dir)
    final = root / key
    if (final / "meta.json").is_file():
        try:
            return _open_compiled(final)
        except (OSError, ValueError, EOFError, StoreError):
            pass  # a damaged entry is rebuilt below
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError as exc:
        warnings.warn(f"cache directory {root} is not writable ({exc.strerror}); loading into memory", stacklevel=2)
        return load_in_memory(sets, progress)

    from filelock import FileLock

    with FileLock(str(root / f"{key}.lock")):
        if (final / "meta.json").is_file():
            try:
                return _open_compiled(final)
            except (OSError, ValueError, EOFError, StoreError):
                shutil.rmtree(final, ignore_errors=True)
        elif final.exists():
            shutil.rmtree(final, ignore_errors=True)
        for stale in root.glob(f"{key}.tmp-*"):
            shutil.rmtree(stale, ignore_errors=True)
        tmp = root / f"{key}.tmp-{os.getpid()}"
        try:
            compile_store(sets, tmp, progress)
            os.replace(tmp, final)
        except BaseException as exc:
            # The traceback's frames still hold the half-built store open, and
            # RocksDB would go on writing into the directory being removed:
            # drop their locals (the traceback itself is kept) first.
            traceback.clear_frames(exc.__traceback__)
            remove(tmp)
            raise
    return _open_compiled(final)

