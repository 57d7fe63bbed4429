"""Shared pieces of the command-line interface (kept free of heavy imports)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class Settings:
    """The global options, and the store opened from them on first use."""

    graph: tuple[str, ...] = ()
    endpoint: str | None = None
    timeout: float = 30.0
    cache_dir: str | None = None
    _store: Any = field(default=None, repr=False)

    def store(self) -> Any:
        if self._store is None:
            if self.endpoint:
                from .remote import RemoteStore

                self._store = RemoteStore(self.endpoint, timeout=self.timeout)
            else:
                from .store import open_store, stderr_progress

                self._store = open_store(self.graph or None, cache_dir=self.cache_dir, progress=stderr_progress)
        return self._store

    def local_store(self, command: str) -> Any:
        if self.endpoint:
            raise click.UsageError(f"{command} works on the embedded store; it does not take --endpoint")
        return self.store()


pass_settings = click.make_pass_decorator(Settings, ensure=True)


def format_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    """``--format`` with the given choices (``table`` and ``json`` by default)."""
    choices = choices or ("table", "json")
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices, case_sensitive=False),
        default=default,
        show_default=True,
        help="Output format: " + ", ".join(choices) + ".",
    )


def safe_text(text: str) -> str:
    """``text`` with control characters (other than newline and tab) shown as
    escapes, so data can never move the cursor, retitle or clear a terminal."""
    from .errors import escape_controls

    return escape_controls(text)


def echo(text: str) -> None:
    """Write ``text`` to stdout, ending with exactly one newline."""
    click.echo(safe_text(text.rstrip("\n")))


def echo_json(data: Any) -> None:
    from .output import to_json

    click.echo(to_json(data))


def read_text_arg(value: str) -> str:
    """Read a file named by ``value``, or stdin when it is ``-``."""
    if value == "-":
        return sys.stdin.read()
    try:
        with open(value, encoding="utf-8") as fh:
            return fh.read()
    except FileNotFoundError:
        raise click.ClickException(f"{value}: no such file") from None
    except IsADirectoryError:
        raise click.ClickException(f"{value}: is a directory") from None
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{value}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def write_output(path: str | None, data: str | bytes) -> None:
    """Write to ``path`` atomically, or to stdout when it is None or ``-``."""
    if path in (None, "-"):
        if isinstance(data, bytes):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        else:
            click.echo(data, nl=not data.endswith("\n"))
        return
    from .output import atomic_write

    try:
        atomic_write(path, data)
    except IsADirectoryError:
        raise click.UsageError(f"-o {path}: is a directory; give a file name") from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None


def ref_list(items: Sequence[dict[str, Any]]) -> str:
    return ", ".join(i["label"] for i in items) or "—"
