"""What commands share: the global options and the store opened from them,
and reading a text argument (a file, ``-`` for stdin)."""

from __future__ import annotations

import os
import sys
import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..store import LocalStore, Store


def stderr_progress(message: str) -> None:
    """Progress of a long compile, on stderr when it is a terminal."""
    if sys.stderr.isatty():
        click.echo(f"rolegraph: {message}…", err=True)


@dataclass
class Settings:
    """The global options, and the store opened from them on first use."""

    graph: tuple[str, ...] = ()
    add: tuple[str, ...] = ()
    endpoint: str | None = None
    timeout: float = 30.0
    cache_dir: str | None = None
    #: seconds a query may run (0: no limit), and the memory a SPARQL query
    #: may use (bytes, 0: no limit, None: the default, half the machine's)
    query_timeout: float = 60.0
    query_memory: int | None = None
    #: whether the command is a query, which --query-timeout bounds
    timed: bool = False
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        """The remote endpoint when ``--endpoint`` is given, else the embedded store."""
        if self._store is None:
            if self.endpoint:
                from ..store.remote import RemoteStore

                self._store = RemoteStore(self.endpoint, timeout=self.timeout)
            else:
                self._store = self._open_local()
        return self._store

    def local_store(self, command: str) -> LocalStore:
        """The embedded store, for a command that only works on it."""
        if self.endpoint:
            raise click.UsageError(f"{command} works on the embedded store; it does not take --endpoint")
        return self._open_local()

    def _open_local(self) -> LocalStore:
        from ..store.local import LocalStore, open_store

        if not isinstance(self._store, LocalStore):
            self._store = open_store(self.graph or None, add=self.add, cache_dir=self.cache_dir, progress=stderr_progress)
            for message in self._store.projection.warnings:
                warnings.warn(message, stacklevel=2)
            self.start_clock()
        return self._store

    def extractor_ready(self, store: Store) -> None:
        """Build the skill extractor's index if this store has none yet (once
        per compiled store, like the compile: not part of the question, so
        outside --query-timeout's clock), saying so on stderr."""
        import signal
        import threading

        from ..extract.index import index_for

        clocked = self.timed and self.query_timeout and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
        if clocked:
            signal.setitimer(signal.ITIMER_REAL, 0)
        try:
            index_for(store, progress=stderr_progress)
        finally:
            if clocked:
                self.start_clock()

    def start_clock(self) -> None:
        """Bound the rest of a query command by --query-timeout (the store is
        compiled and opened before: a first compile is not a query)."""
        import signal
        import threading

        if self.timed and self.query_timeout and threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            limit = self.query_timeout

            def expired(_signum: int, _frame: object) -> None:
                from ..sparql.isolate import QueryTimeoutError

                raise QueryTimeoutError(f"the command ran past the {limit:g} s limit and was stopped (--query-timeout to change it)")

            signal.signal(signal.SIGALRM, expired)
            signal.setitimer(signal.ITIMER_REAL, limit)


pass_settings = click.make_pass_decorator(Settings, ensure=True)


_PATHLIKE = (".txt", ".md", ".text", ".csv", ".tsv", ".json", ".html", ".doc", ".docx", ".pdf", ".rtf")


def read_text_value(value: str) -> str:
    """What ``--text VALUE`` means: ``-`` reads stdin; the name of an existing
    file reads that file; anything else is the text itself — except a single
    word that looks like a file name (with a ``/`` or an ending such as
    ``.txt``), which is an error rather than a one-word text."""
    if value == "-" or os.path.exists(value):
        return read_text_arg(value)
    stripped = value.strip()
    if stripped and not any(c.isspace() for c in stripped) and ("/" in stripped or stripped.lower().endswith(_PATHLIKE)):
        raise click.ClickException(f"{value}: no such file (to give the text itself, pass it with spaces, or use - for stdin)")
    return value


def read_text_arg(value: str) -> str:
    """Read a file named by ``value``, or stdin when it is ``-``."""
    if value == "-":
        return sys.stdin.read()
    try:
        with open(value, encoding="utf-8") as fh:
            return fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise file_error(value, exc) from None


def file_error(value: str, exc: OSError | UnicodeDecodeError) -> click.ClickException:
    """The one-line error for a text file that cannot be read."""
    if isinstance(exc, UnicodeDecodeError):
        return click.ClickException(f"{value}: not UTF-8 text ({exc.reason} at byte {exc.start})")
    if isinstance(exc, FileNotFoundError):
        return click.ClickException(f"{value}: no such file")
    if isinstance(exc, IsADirectoryError):
        return click.ClickException(f"{value}: is a directory")
    return click.ClickException(f"{value}: {exc.strerror or exc}")
