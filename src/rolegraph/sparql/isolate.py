"""Running a user's SPARQL query in a child process the CLI can stop.

Oxigraph evaluates a query in Rust without looking at Python's signals, so a
runaway query (a three-way cross join) would ignore Ctrl-C and any time limit
if it ran in the CLI's own process. :func:`run_isolated` forks a child that
runs the query and writes its answer back; the parent waits, and kills the
child when the time limit passes, when the child's memory passes the memory
limit, or on Ctrl-C (within a tenth of a second). Before running the query
the child also leaves the network, where the system allows it (a new network
namespace holding nothing, not even loopback): even a query that slipped past
:func:`rolegraph.sparql.check` could not reach anything.

Where ``fork`` is not available (Windows), the query runs in the process
itself, without these limits.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import Any

from ..errors import QueryError, RolegraphError


class QueryTimeoutError(QueryError):
    """A query ran past its time limit and was stopped."""


class QueryMemoryError(QueryError):
    """A query used more memory than its limit and was stopped."""


def default_memory_limit() -> int:
    """Half the machine's memory, at most 4 GiB (bytes)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        total = 8 << 30
    return min(4 << 30, total // 2)


def _rss(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def leave_network() -> bool:
    """Move this process into new, empty user and network namespaces (Linux),
    keeping its own user and group ids; True when it worked."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        uid, gid = os.getuid(), os.getgid()
        if libc.unshare(0x10000000 | 0x40000000) != 0:  # CLONE_NEWUSER | CLONE_NEWNET
            return False
        for path, text in (("/proc/self/setgroups", "deny"), ("/proc/self/uid_map", f"{uid} {uid} 1"), ("/proc/self/gid_map", f"{gid} {gid} 1")):
            try:
                with open(path, "w") as fh:
                    fh.write(text)
            except OSError:
                pass
        return True
    except (OSError, AttributeError):
        return False


def run_isolated(work: Callable[[], Any], *, timeout: float | None, memory: int | None, offline: bool = True) -> Any:
    """``work()`` run in a forked child; its return value (picklable) or the
    :class:`RolegraphError` it raised, raised here. Raises
    :class:`QueryTimeoutError` / :class:`QueryMemoryError` after killing a
    child past its limits; ``KeyboardInterrupt`` after killing it on Ctrl-C."""
    if not hasattr(os, "fork"):
        return work()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its results are what the tests check
        os.close(read_end)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            if offline:
                leave_network()
            try:
                answer = (True, work())
            except RolegraphError as exc:
                answer = (False, exc)
            except Exception as exc:
                answer = (False, QueryError(f"the query failed: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}"))
            data = pickle.dumps(answer)
            view = memoryview(data)
            while view:
                view = view[os.write(write_end, view):]
        finally:
            os._exit(0)
    os.close(write_end)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout if timeout else None
    try:
        while True:
            wait = 0.1 if deadline is None else max(0.0, min(0.1, deadline - time.monotonic()))
            ready, _w, _x = select.select([read_end], [], [], wait)
            if ready:
                chunk = os.read(read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
                continue
            if deadline is not None and time.monotonic() >= deadline:
                raise QueryTimeoutError(f"the query ran past the {timeout:g} s limit and was stopped (--query-timeout to change it)")
            if memory is not None:
                used = _rss(pid)
                if used is not None and used > memory:
                    raise QueryMemoryError(f"the query used more than {memory / (1 << 30):.1f} GiB of memory and was stopped (--query-memory to change it)")
    finally:
        os.close(read_end)
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
    if not chunks:
        raise QueryError("the query stopped without an answer (it may have run out of memory)")
    ok, payload = pickle.loads(b"".join(chunks))
    if not ok:
        raise payload
    return payload
