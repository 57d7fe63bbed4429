"""Load, compile and open the graph.

The inputs (ontology, shapes and data files) are compiled once into an
Oxigraph store on disk, with the networkx projection of the graph cached beside
it, in ``<cache>/<key>/`` where ``key`` hashes the inputs' paths, sizes and
modification times. The compile happens under a file lock in a temporary
directory that is renamed into place when complete, so neither two processes
starting at once nor one killed half-way can leave a broken store behind. If
the cache cannot be written the graph is loaded into memory instead.

Facts in named graphs (one per supporting passage, see ``ontology.ttl``) are
also copied into the default graph, which therefore holds every asserted fact:
queries need no ``GRAPH`` clause and behave the same on any SPARQL endpoint.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import os
import re
import shutil
import sys
import time
import traceback
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from ._iri import BASE, RDF, RDFS, SHAPES_GRAPH
from .errors import GraphLoadError, StoreError
from .resources import RDF_SUFFIXES, graph_dir, ontology_path, rdf_files, shapes_path

if TYPE_CHECKING:
    import pyoxigraph

    from .projection import Collector, Projection

CACHE_ENV = "ROLEGRAPH_CACHE_DIR"
_FORMAT_VERSION = "6"
Progress = Callable[[str], None]


# ------------------------------------------------------------------ inputs


def data_files(graph: Sequence[str | os.PathLike[str]] | None = None) -> list[Path]:
    """The data files to load: the shipped graph, or those under ``graph``.

    Raises :class:`GraphLoadError` for a missing path or a directory with no RDF.
    """
    if not graph:
        return rdf_files(graph_dir())
    files: list[Path] = []
    for item in graph:
        path = Path(item)
        if str(item) == "":
            raise GraphLoadError("--graph was given an empty path")
        if not path.exists():
            raise GraphLoadError(f"{path}: no such file or directory")
        found = rdf_files(path)
        if path.is_dir() and not found:
            suffixes = ", ".join(sorted(RDF_SUFFIXES))
            raise GraphLoadError(f"{path}: the directory holds no RDF files ({suffixes})")
        for f in found:
            if f.suffix.lower() not in RDF_SUFFIXES:
                raise GraphLoadError(
                    f"{f}: unknown RDF file type {f.suffix or '(none)'!r}; use one of "
                    + ", ".join(sorted(RDF_SUFFIXES))
                )
        files.extend(found)
    return files


def _fingerprint(files: Iterable[Path]) -> str:
    h = hashlib.sha256(f"rolegraph {__version__} format {_FORMAT_VERSION}\n".encode())
    for f in files:
        st = f.stat()
        h.update(f"{f.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:24]


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Where compiled stores live: ``cache_dir``, ``$ROLEGRAPH_CACHE_DIR``,
    or the user cache directory (``$XDG_CACHE_HOME/rolegraph`` on Linux)."""
    if cache_dir:
        return Path(cache_dir)
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("rolegraph", appauthor=False))


# ------------------------------------------------------------------ parsing

_POSITION = re.compile(r"^Parser error (?:at line \d+ )?(?:between|at) [^:]*: ", re.S)


def _load_error(path: Path, exc: BaseException) -> GraphLoadError:
    from .errors import escape_controls

    if isinstance(exc, SyntaxError) and exc.lineno is not None:
        message = escape_controls(_POSITION.sub("", str(exc.msg or exc)), newlines=True)
        return GraphLoadError(f"{path}:{exc.lineno}:{exc.offset or 0}: {message}")
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return GraphLoadError(f"{path}: {escape_controls(text, newlines=True)}")


def _format(path: Path) -> pyoxigraph.RdfFormat:
    import pyoxigraph as ox

    return {
        "turtle": ox.RdfFormat.TURTLE,
        "trig": ox.RdfFormat.TRIG,
        "nt": ox.RdfFormat.N_TRIPLES,
        "nquads": ox.RdfFormat.N_QUADS,
        "jsonld": ox.RdfFormat.JSON_LD,
        "xml": ox.RdfFormat.RDF_XML,
        "n3": ox.RdfFormat.N3,
    }[RDF_SUFFIXES[path.suffix.lower()]]


def _quads(path: Path, to_graph: Any = None) -> Iterator[pyoxigraph.Quad]:
    """Parse one file; a fact in a named graph is also yielded in the default graph."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    try:
        for q in ox.parse(path=str(path), format=_format(path), rename_blank_nodes=True):
            if to_graph is not None:
                yield ox.Quad(q.subject, q.predicate, q.object, to_graph)
                continue
            yield q
            if q.graph_name != default:
                yield ox.Quad(q.subject, q.predicate, q.object, default)
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
        raise _load_error(path, exc) from None


def load_into(
    store: pyoxigraph.Store,
    files: Sequence[Path],
    progress: Progress | None = None,
    collector: Collector | None = None,
) -> None:
    """Load the ontology, the shapes and ``files`` into ``store``; with a
    ``collector``, also hand it every triple of the default graph."""
    import pyoxigraph as ox

    shapes = ox.NamedNode(SHAPES_GRAPH)
    plan: list[tuple[Path, Any]] = [(ontology_path(), None), (shapes_path(), shapes)]
    plan += [(f, None) for f in files]
    for path, graph in plan:
        if progress:
            progress(f"loading {path.name}")
        try:
            fmt = _format(path)
            if graph is None and fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES) and path.stat().st_size > 4_000_000:
                # Large triple files: Oxigraph's own bulk loader is several times
                # faster than going through Python objects.
                _bulk_load(store, path, fmt, collector)
            elif collector is None or graph is not None:
                store.bulk_extend(_quads(path, graph))
            else:
                seen: list[Any] = []
                store.bulk_extend(_kept(_quads(path, graph), seen))
                collector.add_all(seen)
        except GraphLoadError:
            raise
        except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
            raise _load_error(path, exc) from None


def _kept(items: Iterable[Any], into: list[Any]) -> Iterator[Any]:
    for item in items:
        into.append(item)
        yield item


def _bulk_load(store: pyoxigraph.Store, path: Path, fmt: Any, collector: Collector | None) -> None:
    """Bulk-load ``path``; meanwhile (Oxigraph releases the GIL) parse it again
    in this thread for the projection, so the two overlap on two cores."""
    if collector is None:
        store.bulk_load(path=str(path), format=fmt)
        return
    import threading

    import pyoxigraph as ox

    failed: list[BaseException] = []

    def load() -> None:
        try:
            store.bulk_load(path=str(path), format=fmt)
        except BaseException as exc:  # re-raised in the calling thread
            failed.append(exc)

    collector.bulk = True
    loader = threading.Thread(target=load, name="rolegraph-bulk-load", daemon=True)
    loader.start()
    try:
        collector.add_all(ox.parse(path=str(path), format=fmt))
    finally:
        loader.join()
    if failed:
        raise failed[0]


# ------------------------------------------------------------------ stores


class LocalStore:
    """The embedded store: a pyoxigraph ``Store`` plus its cached projection."""

    kind = "embedded"

    def __init__(self, store: pyoxigraph.Store | Callable[[], pyoxigraph.Store], projection_data: dict[str, Any], location: Path | None):
        # A callable opens the store on first use: commands answered from the
        # projection alone (stats, compare, gap, fit, path) never open RocksDB.
        self._store = store
        self._projection_data = projection_data
        self._projection: Projection | None = None
        self.location = location

    @property
    def store(self) -> pyoxigraph.Store:
        """The pyoxigraph ``Store``."""
        if callable(self._store):
            self._store = self._store()
        return self._store

    def __repr__(self) -> str:
        return f"LocalStore({str(self.location) if self.location else 'in memory'})"

    def select(self, query: str, bindings: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a SELECT; each row maps variable names to pyoxigraph terms."""
        return select_rows(self.query(query, bindings))

    def query(self, query: str, bindings: Mapping[str, Any] | None = None) -> Any:
        """Run any read query, ``bindings`` (name → pyoxigraph term) joined in
        as checked RDF terms by :func:`rolegraph.sparql.bind` — the same
        mechanism as on a remote endpoint, so both give the same answers."""
        from .errors import QueryError
        from .sparql import bind

        try:
            return self.store.query(bind(query, bindings))
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc.msg or exc}") from None

    @property
    def triples(self) -> int:
        return int(self._projection_data["triples"])

    @property
    def projection(self) -> Projection:
        if self._projection is None:
            from .projection import Projection

            self._projection = Projection(self._projection_data)
        return self._projection

    def to_rdflib(self) -> Any:
        """The store as an rdflib ``Dataset`` backed by Oxigraph (via oxrdflib)."""
        import rdflib
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=self.store))




def select_rows(result: Any) -> list[dict[str, Any]]:
    names = [v.value for v in result.variables]
    rows = []
    for solution in result:
        rows.append({n: solution[n] for n in names if solution[n] is not None})
    return rows


def _infer_types(store: pyoxigraph.Store) -> None:
    """RDFS subclass entailment for the rolegraph classes, so that SPARQL users
    find a programming language with ``?x a rg:Tool`` and a role with
    ``?x a rg:Job``. The class hierarchy is small; the instances are many, so
    the closure is taken in Python and only the missing triples are added."""
    import pyoxigraph as ox

    from .projection import _closure

    default = ox.DefaultGraph()
    type_, sub = ox.NamedNode(RDF + "type"), ox.NamedNode(RDFS + "subClassOf")
    pairs = [(q.subject.value, q.object.value) for q in store.quads_for_pattern(None, sub, None, default) if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)]
    new: list[Any] = []
    for cls, supers in _closure(pairs).items():
        extra = [ox.NamedNode(x) for x in supers if x != cls and x.startswith(BASE)]
        if not extra:
            continue
        for q in store.quads_for_pattern(None, type_, ox.NamedNode(cls), default):
            new.extend(ox.Quad(q.subject, type_, x, default) for x in extra)
    store.bulk_extend(new)


def _build(files: Sequence[Path], target: Path | None, progress: Progress | None) -> tuple[Any, dict[str, Any]]:
    import pyoxigraph as ox

    from .projection import Collector, build_projection_data

    store = ox.Store(str(target / "store")) if target is not None else ox.Store()
    collector = Collector()
    load_into(store, files, progress, collector)
    if progress:
        progress("inferring types")
    _infer_types(store)
    if progress:
        progress("building the projection")
    local = LocalStore(store, {}, target)
    # Small graphs are projected by SPARQL as before (same order of edges, so
    # the same output); a bulk-loaded file is projected from its parse.
    data = build_projection_data(local.select, collector if collector.bulk else None)
    return store, data


def compile_store(files: Sequence[Path], target: Path, progress: Progress | None = None) -> None:
    """Compile ``files`` into a store directory ``target`` (which must not exist)."""
    started = time.perf_counter()
    target.mkdir(parents=True)
    store, data = _build(files, target, progress)
    store.flush()
    del store
    from .projection import pack, split

    parts = split(pack(data))
    head = parts.pop("head")
    head["part_sizes"] = {}
    for name, part in parts.items():
        blob = marshal.dumps(part)
        (target / f"projection-{name}.marshal").write_bytes(blob)
        head["part_sizes"][name] = len(blob)
    # The head records each part's size, so a damaged part is noticed at open.
    (target / "projection.marshal").write_bytes(marshal.dumps(head))
    meta = {
        "rolegraph": __version__,
        "format": _FORMAT_VERSION,
        "inputs": [str(f) for f in files],
        "triples": data["triples"],
        "seconds": round(time.perf_counter() - started, 3),
    }
    # meta.json is written last: its presence marks a complete store.
    (target / "meta.json").write_text(json.dumps(meta, indent=2))


def _open_compiled(path: Path) -> LocalStore:
    import pyoxigraph as ox

    with open(path / "projection.marshal", "rb") as fh:
        # loads(read()) is ~10x faster than load(fh), which reads in small pieces.
        data = marshal.loads(fh.read())
    data["location"] = str(path)  # where the other parts are read from, on use
    if not (path / "store" / "CURRENT").is_file():
        raise StoreError(f"the compiled store {path} is incomplete")
    for name, size in data.get("part_sizes", {}).items():
        part = path / f"projection-{name}.marshal"
        if not part.is_file() or part.stat().st_size != size:
            raise StoreError(f"the compiled store {path} is damaged ({part.name})")

    def open_read_only() -> pyoxigraph.Store:
        try:
            return ox.Store.read_only(str(path / "store"))
        except OSError as exc:
            raise StoreError(f"cannot open the compiled store {path}: {exc}") from None

    return LocalStore(open_read_only, data, path)


def load_in_memory(files: Sequence[Path], progress: Progress | None = None) -> LocalStore:
    """Load everything into an in-memory store (no cache)."""
    store, data = _build(files, None, progress)
    return LocalStore(store, data, None)


def open_store(
    graph: Sequence[str | os.PathLike[str]] | None = None,
    *,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: Progress | None = None,
) -> LocalStore:
    """Open the compiled store for ``graph`` (default: the shipped graph),
    compiling it first if no up-to-date one exists.

    >>> store = open_store()          # doctest: +SKIP
    >>> store.projection.role_ids()   # doctest: +SKIP
    """
    files = data_files(graph)
    inputs = [ontology_path(), shapes_path(), *files]
    key = _fingerprint(inputs)
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
        return load_in_memory(files, progress)

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
            compile_store(files, tmp, progress)
            os.replace(tmp, final)
        except BaseException as exc:
            # The traceback's frames still hold the half-built store open, and
            # RocksDB would go on writing into the directory being removed:
            # drop their locals (the traceback itself is kept) first.
            traceback.clear_frames(exc.__traceback__)
            _remove(tmp)
            raise
    return _open_compiled(final)


def _remove(path: Path) -> None:
    """Remove a directory, giving a closing store's background threads a
    moment if they are still writing into it."""
    import gc

    gc.collect()
    for _ in range(20):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return
        time.sleep(0.05)


def stderr_progress(message: str) -> None:
    """A progress callback that writes to stderr when it is a terminal."""
    if sys.stderr.isatty():
        print(f"rolegraph: {message}…", file=sys.stderr)
