"""The SPARQL 1.1 Protocol endpoint's engine: queries run in worker
processes, so one that runs past its time limit is stopped (its process is
killed and replaced) while the server keeps answering.

Each worker opens the compiled store read-only and answers one query at a
time: it runs the query and serialises the answer, stopping with an error
(not a silently cut answer) when it grows past ``max_bytes``. The checks of the
``sparql`` command (read-only, offline: no update, ``SERVICE`` or ``FROM``)
run in the server before a query reaches a worker.
"""

from __future__ import annotations

import io
import multiprocessing as mp
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import QueryError

#: Media types of the answers, by the format names of :mod:`rolegraph.sparql.run`.
RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples", "jsonld": "application/ld+json"}


class QueryTimeout(QueryError):
    """A query ran past the endpoint's time limit."""


class TooManyResults(QueryError):
    """A query's answer is larger than the endpoint's result-size limit."""


class _Capped(io.BytesIO):
    """A byte sink that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int):
        super().__init__()
        self.limit = limit

    def write(self, data: Any) -> int:
        if self.tell() + len(data) > self.limit:
            raise TooManyResults(f"the answer is larger than the endpoint's limit of {self.limit:,} bytes")
        return super().write(data)


def _work(store_path: str, conn: Any) -> None:  # pragma: no cover - runs in the worker process
    """A worker's loop: (query text, graph?, format, byte limit) in, (ok, bytes or (kind, message)) out."""
    import pyoxigraph as ox

    from ..sparql.isolate import leave_network
    from ..sparql.run import GRAPH_FORMATS, RESULT_FORMATS

    leave_network()  # defence in depth: the server's checks refuse SERVICE and FROM already
    store = ox.Store.read_only(store_path)
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        text, is_graph, fmt, max_bytes = job
        sink = _Capped(max_bytes)
        try:
            result: Any = store.query(text)
            if is_graph:
                triples = []
                for t in result:
                    triples.append(t)
                    if len(triples) * 64 > max_bytes:  # no triple serialises shorter
                        raise TooManyResults(f"the answer is larger than the endpoint's limit of {max_bytes:,} bytes")
                triples.sort(key=str)
                ox.serialize(triples, sink, format=getattr(ox.RdfFormat, GRAPH_FORMATS[fmt]))
            else:
                result.serialize(sink, format=getattr(ox.QueryResultsFormat, RESULT_FORMATS[fmt]))
            conn.send((True, sink.getvalue()))
        except TooManyResults as exc:
            conn.send((False, ("size", str(exc))))
        except (SyntaxError, OSError, RuntimeError, ValueError) as exc:
            if isinstance(exc.__cause__, TooManyResults) or isinstance(exc.__context__, TooManyResults):
                conn.send((False, ("size", str(exc.__cause__ or exc.__context__))))
            else:
                conn.send((False, ("error", f"the query failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")))


@dataclass
class _Worker:
    process: Any
    conn: Any


class QueryPool:
    """``size`` worker processes on the compiled store at ``store_path``."""

    def __init__(self, store_path: Path, *, size: int = 2, timeout: float = 10.0, max_bytes: int = 20_000_000):
        self.store_path = str(store_path)
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._context = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._closed = False
        self._all: list[_Worker] = []
        for _ in range(size):
            self._idle.put(self._start())

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_work, args=(self.store_path, child), daemon=True, name="rolegraph-sparql")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            self._all.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        with self._lock:
            if worker in self._all:
                self._all.remove(worker)

    def run(self, text: str, is_graph: bool, fmt: str) -> bytes:
        """Run a checked query; raises :class:`QueryTimeout`,
        :class:`TooManyResults` or :class:`QueryError`."""
        import time

        deadline = time.monotonic() + self.timeout
        try:
            worker = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            raise QueryTimeout(f"the endpoint is busy: no worker was free within the {self.timeout:g} s limit") from None
        try:
            worker.conn.send((text, is_graph, fmt, self.max_bytes))
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._retire(worker)
                worker = self._start()
                raise QueryTimeout(f"the query ran past the endpoint's {self.timeout:g} s limit and was stopped")
            ok, answer = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._retire(worker)
            worker = self._start()
            raise QueryError("the query worker stopped; try again") from None
        finally:
            if not self._closed:
                self._idle.put(worker)
        if ok:
            return answer  # type: ignore[no-any-return]
        kind, message = answer
        raise (TooManyResults if kind == "size" else QueryError)(message)

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for worker in workers:
            self._retire(worker)
