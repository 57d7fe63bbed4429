"""Reading RDF files into an Oxigraph store, and handing the same quads to the
projection builder on the way.

Facts in named graphs (one per supporting passage, see ``ontology.ttl``) are
also copied into the default graph, which therefore holds every asserted fact.
A file that cannot be read or parsed stops the load with a
:class:`~rolegraph.errors.GraphLoadError` naming the file, line and column.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import GraphLoadError, escape_controls
from ..shipped import RDF_SUFFIXES, graph_dir, ontology_path, rdf_files, rdf_format, shapes_path
from ..vocab import BASE, RDF, RDFS, SHAPES_GRAPH

if TYPE_CHECKING:
    import pyoxigraph

    from ..projection import ProjectionBuilder

Progress = Callable[[str], None]

#: Turtle and N-Triples files larger than this go through Oxigraph's own bulk
#: loader, several times faster than passing Python objects.
BULK_BYTES = 4_000_000
_BATCH = 10_000


#: The name ``--graph`` takes for the graph shipped with rolegraph.
BUILTIN = "builtin"


@dataclass(frozen=True)
class Dataset:
    """One input data set: the shipped graph (``builtin``) or what a path
    names, with its RDF files. ``id`` is short and unique in a store."""

    id: str
    path: str
    files: tuple[Path, ...]


def _files_of(item: str | os.PathLike[str]) -> list[Path]:
    if str(item) == BUILTIN:
        return rdf_files(graph_dir())
    path = Path(item)
    if str(item) == "":
        raise GraphLoadError("--graph was given an empty path")
    if not path.exists():
        raise GraphLoadError(f"{path}: no such file or directory")
    found = rdf_files(path)
    if path.is_dir() and not found:
        raise GraphLoadError(f"{path}: the directory holds no RDF files ({', '.join(RDF_SUFFIXES)})")
    for f in found:
        try:
            rdf_format(f)
        except ValueError as exc:
            raise GraphLoadError(f"{f}: {exc}") from None
    return found


def datasets(graph: Sequence[str | os.PathLike[str]] | None = None, add: Sequence[str | os.PathLike[str]] = ()) -> list[Dataset]:
    """The data sets to load: ``graph`` (default: the shipped graph, whose
    name is ``builtin``), then those of ``add``. Each path (a file or a
    directory) is one data set. Raises :class:`GraphLoadError` for a missing
    path, a directory with no RDF or a file that is not RDF.

    >>> [(d.id, len(d.files) > 3) for d in datasets(add=[])]
    [('builtin', True)]
    """
    found: list[Dataset] = []
    seen: set[str] = set()
    for item in [*(graph or [BUILTIN]), *add]:
        files = tuple(_files_of(item))
        stem = BUILTIN if str(item) == BUILTIN else (Path(item).stem or Path(item).name or "data")
        key, n = stem, 1
        while key in seen:
            n += 1
            key = f"{stem}-{n}"
        seen.add(key)
        found.append(Dataset(key, str(item), files))
    if len(found) > 31:
        raise GraphLoadError(f"{len(found)} data sets given; rolegraph keeps apart at most 31 (put files together in a directory)")
    return found


def data_files(graph: Sequence[str | os.PathLike[str]] | None = None) -> list[Path]:
    """The data files of :func:`datasets` ``(graph)``, in order.

    >>> [f.name for f in data_files()][:2]
    ['archetypes.trig', 'esco.ttl']
    """
    return [f for d in datasets(graph) for f in d.files]


_POSITION = re.compile(r"^Parser error (?:at line \d+ )?(?:between|at) [^:]*: ", re.S)


def load_error(path: Path, exc: BaseException) -> GraphLoadError:
    """A one-line error naming the file (and the line and column when known)."""
    if isinstance(exc, SyntaxError) and exc.lineno is not None:
        message = escape_controls(_POSITION.sub("", str(exc.msg or exc)), newlines=True)
        return GraphLoadError(f"{path}:{exc.lineno}:{exc.offset or 0}: {message}")
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return GraphLoadError(f"{path}: {escape_controls(text, newlines=True)}")


def parse(path: Path, into_graph: Any = None) -> Iterator[pyoxigraph.Quad]:
    """The quads of one file; a fact in a named graph is also yielded in the
    default graph. With ``into_graph`` every triple goes to that graph instead."""
    import pyoxigraph as ox

    default = ox.DefaultGraph()
    try:
        for q in ox.parse(path=str(path), format=rdf_format(path), rename_blank_nodes=True):
            if into_graph is not None:
                yield ox.Quad(q.subject, q.predicate, q.object, into_graph)
                continue
            yield q
            if q.graph_name != default:
                yield ox.Quad(q.subject, q.predicate, q.object, default)
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
        raise load_error(path, exc) from None


def _feeding(quads: Iterable[Any], builder: ProjectionBuilder, dataset: int | None) -> Iterator[Any]:
    """Pass ``quads`` through, handing them to ``builder`` in batches."""
    batch: list[Any] = []
    for q in quads:
        batch.append(q)
        yield q
        if len(batch) >= _BATCH:
            builder.add(batch, dataset)
            batch = []
    builder.add(batch, dataset)


def load_into(store: pyoxigraph.Store, sets: Sequence[Dataset], builder: ProjectionBuilder, progress: Progress | None = None) -> None:
    """Load the ontology, the shapes (into their own graph) and the data sets
    into ``store``, handing every quad but the shapes to ``builder`` with the
    index of the data set it comes from."""
    import pyoxigraph as ox

    plan: list[tuple[Path, Any, int | None]] = [(ontology_path(), None, None), (shapes_path(), ox.NamedNode(SHAPES_GRAPH), None)]
    plan += [(f, None, i) for i, d in enumerate(sets) for f in d.files]
    builder.datasets = [(d.id, d.path) for d in sets]
    for path, graph, dataset in plan:
        if progress:
            progress(f"loading {path.name}")
        try:
            fmt = rdf_format(path)
            if graph is not None:
                store.bulk_extend(parse(path, graph))
            elif fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES) and path.stat().st_size > BULK_BYTES:
                _bulk_load(store, path, fmt, builder, dataset)
            else:
                store.bulk_extend(_feeding(parse(path), builder, dataset))
        except GraphLoadError:
            raise
        except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
            raise load_error(path, exc) from None


def _bulk_load(store: pyoxigraph.Store, path: Path, fmt: Any, builder: ProjectionBuilder, dataset: int | None) -> None:
    """Bulk-load ``path``; meanwhile (Oxigraph releases the GIL) parse it again
    in this thread for the builder, so the two overlap on two cores."""
    import threading

    import pyoxigraph as ox

    failed: list[BaseException] = []

    def load() -> None:
        try:
            store.bulk_load(path=str(path), format=fmt)
        except BaseException as exc:  # re-raised in the calling thread
            failed.append(exc)

    loader = threading.Thread(target=load, name="rolegraph-bulk-load", daemon=True)
    loader.start()
    try:
        builder.add(ox.parse(path=str(path), format=fmt), dataset)
    finally:
        loader.join()
    if failed:
        raise failed[0]


def entail(store: pyoxigraph.Store) -> list[pyoxigraph.Quad]:
    """Materialise the RDFS entailments SPARQL users rely on, for the ``rg:``
    vocabulary: the types implied by ``rdfs:subClassOf`` (a programming language
    is found with ``?x a rg:Tool``, every role with ``?x a rg:Job``) and the
    links implied by ``rdfs:subPropertyOf`` (``?r rg:requiresSkill ?s`` finds
    essential and optional skills). The vocabulary is small and the instances
    many, so each closure is taken in Python and only the missing triples are
    added to the default graph, and returned."""
    import pyoxigraph as ox

    from ..projection.builder import closure

    default = ox.DefaultGraph()

    def pairs(predicate: str) -> list[tuple[str, str]]:
        found = store.quads_for_pattern(None, ox.NamedNode(predicate), None, default)
        return [(q.subject.value, q.object.value) for q in found if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.NamedNode)]

    type_ = ox.NamedNode(RDF.type)
    new: list[Any] = []
    for cls, supers in closure(pairs(RDFS.subClassOf)).items():
        extra = [ox.NamedNode(x) for x in supers if x != cls and x.startswith(BASE)]
        if extra:
            for q in store.quads_for_pattern(None, type_, ox.NamedNode(cls), default):
                new.extend(ox.Quad(q.subject, type_, x, default) for x in extra)
    for prop, supers in closure(pairs(RDFS.subPropertyOf)).items():
        extra = [ox.NamedNode(x) for x in supers if x != prop and x.startswith(BASE)]
        if extra and prop.startswith(BASE):
            for q in store.quads_for_pattern(None, ox.NamedNode(prop), None, default):
                new.extend(ox.Quad(q.subject, x, q.object, default) for x in extra)
    store.bulk_extend(new)
    return new
