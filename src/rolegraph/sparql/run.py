"""Running a checked query on a store and writing its answer in a standard format.

>>> from rolegraph.store import open_store
>>> from rolegraph.sparql import check
>>> q = check("SELECT (COUNT(*) AS ?n) WHERE { ?r a <https://w3id.org/rolegraph/Role> }")
>>> serialize(execute(open_store(), q), "csv").splitlines()[0]
b'n'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..errors import QueryError
from ..vocab import OUTPUT_PREFIXES
from .check import CheckedQuery, syntax_message

if TYPE_CHECKING:
    from ..store.base import QueryResult, Store

#: SELECT / ASK answers: format name → pyoxigraph ``QueryResultsFormat``.
RESULT_FORMATS: dict[str, str] = {"json": "JSON", "csv": "CSV", "tsv": "TSV", "xml": "XML"}
#: CONSTRUCT / DESCRIBE answers: format name → pyoxigraph ``RdfFormat``.
GRAPH_FORMATS: dict[str, str] = {"turtle": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD"}


@contextmanager
def query_errors(shift: int = 0) -> Iterator[None]:
    """Turn the errors a running query raises (also while its solutions are
    read, which is when an embedded store evaluates them) into
    one-line :class:`QueryError`; ``shift`` lines were added before the user's text."""
    try:
        yield
    except SyntaxError as exc:
        raise QueryError(syntax_message(str(exc.msg or exc), shift)) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"the query failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def execute(store: Store, query: CheckedQuery, bindings: Mapping[str, Any] | None = None, *, shift: int = 0) -> QueryResult:
    """Run ``query`` on ``store``; a graph query's triples come back sorted.
    Solutions are read lazily: read them inside :func:`query_errors`.
    Raises :class:`QueryError`."""
    import pyoxigraph as ox

    with query_errors(shift):
        result = store.query(query.text, bindings)
        if query.is_graph:
            triples = list(result) if not isinstance(result, (ox.QuerySolutions, ox.QueryBoolean)) else None
            if triples is None or not all(isinstance(t, ox.Triple) for t in triples):
                raise QueryError(f"the store did not answer the {query.form} query with a graph")
            triples.sort(key=str)
            return triples
        return result


def serialize(result: QueryResult, fmt: str, *, shift: int = 0) -> bytes:
    """``result`` in ``fmt``: a name of :data:`RESULT_FORMATS` for solutions and
    booleans, of :data:`GRAPH_FORMATS` for triples. Ends with a newline."""
    with query_errors(shift):
        return _serialize(result, fmt)


def _serialize(result: QueryResult, fmt: str) -> bytes:
    import pyoxigraph as ox

    if isinstance(result, list):
        rdf = getattr(ox.RdfFormat, GRAPH_FORMATS[fmt])
        return ox.serialize(result, format=rdf, prefixes=OUTPUT_PREFIXES if fmt == "turtle" else None) or b""
    data = result.serialize(format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[fmt])) or b""
    return data if data.endswith(b"\n") else data + b"\n"
