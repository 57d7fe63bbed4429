"""Helpers shared by the hardening tests: small graphs, assertions on one-line
errors (over the CLI runner of ``helpers``), and a snapshot of a cache
directory and its store to prove that nothing changed."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from helpers import Outcome

PREFIXES = """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

#: A small valid graph with the awkward cases the inventory needs: a role with
#: no skills, two entities sharing a label, labels in other scripts and with an
#: emoji, a prerequisite chain (no cycle), a tool and a task.
SMALL = PREFIXES + """
rg:alpha a rg:Role ; skos:prefLabel "alpha role"@en ;
    rg:essentialSkill rg:s1 ; rg:optionalSkill rg:s2 ; rg:usesTool rg:t1 .
rg:beta a rg:Role ; skos:prefLabel "beta role"@en ;
    rg:essentialSkill rg:s2 , rg:s3 ; rg:usesTool rg:t1 ; rg:performsTask rg:k1 .
rg:empty a rg:Role ; skos:prefLabel "empty role"@en .
rg:twin-role a rg:Role ; skos:prefLabel "twin"@en ; rg:essentialSkill rg:s1 .
rg:twin-skill a rg:Skill ; skos:prefLabel "Twin"@en .
rg:zh a rg:Role ; skos:prefLabel "分析师"@en ; rg:essentialSkill rg:s1 .
rg:ru a rg:Role ; skos:prefLabel "аналитик данных"@en ; rg:essentialSkill rg:s2 .
rg:ar a rg:Role ; skos:prefLabel "محلل بيانات"@en .
rg:emoji a rg:Skill ; skos:prefLabel "data 🧪 scientist"@en .
rg:cafe a rg:Skill ; skos:prefLabel "caf\\u00e9 skills"@en .
rg:s1 a rg:Skill ; skos:prefLabel "skill one"@en ; rg:prerequisite rg:s2 .
rg:s2 a rg:Skill ; skos:prefLabel "skill two"@en ; rg:prerequisite rg:s3 .
rg:s3 a rg:Skill ; skos:prefLabel "skill three"@en .
rg:t1 a rg:Tool ; skos:prefLabel "tool one"@en .
rg:k1 a rg:Task ; skos:prefLabel "task one"@en ; rg:involvesSkill rg:s3 .
"""

#: A three-skill prerequisite cycle and a skill that is its own prerequisite.
CYCLE = PREFIXES + """
rg:from a rg:Role ; skos:prefLabel "from role"@en .
rg:to a rg:Role ; skos:prefLabel "to role"@en ; rg:essentialSkill rg:c1 .
rg:self a rg:Role ; skos:prefLabel "self role"@en ; rg:essentialSkill rg:loop .
rg:c1 a rg:Skill ; skos:prefLabel "cycle one"@en ; rg:prerequisite rg:c2 .
rg:c2 a rg:Skill ; skos:prefLabel "cycle two"@en ; rg:prerequisite rg:c3 .
rg:c3 a rg:Skill ; skos:prefLabel "cycle three"@en ; rg:prerequisite rg:c1 .
rg:loop a rg:Skill ; skos:prefLabel "loop"@en ; rg:prerequisite rg:loop .
"""


def assert_one_line_error(out: Outcome, code: int, pattern: str | None = None) -> str:
    """Exit ``code``, no traceback, no stdout, and exactly one ``Error: ...``
    line on stderr (for exit 1, stderr is that line alone; click's usage
    errors, exit 2, print the usage above it). Returns the message."""
    assert out.crash is None, f"an exception escaped:\n{out.crash}"
    assert "Traceback" not in out.stderr + out.stdout
    assert out.code == code, (out.code, out.stdout, out.stderr)
    assert out.stdout == "", out.stdout
    errors = out.error_lines
    assert len(errors) == 1, out.stderr
    if code == 1:
        lines = [line for line in out.stderr.splitlines() if line.strip() and not line.startswith("Warning: ")]
        assert lines == errors, out.stderr
    message = errors[0].removeprefix("Error: ")
    assert "\n" not in message
    if pattern is not None:
        assert re.search(pattern, message), (pattern, message)
    return message


def assert_ok(out: Outcome) -> None:
    assert out.crash is None, f"an exception escaped:\n{out.crash}"
    assert out.code == 0, (out.code, out.stdout, out.stderr)
    assert "Traceback" not in out.stderr
    assert not out.error_lines, out.stderr


# ------------------------------------------------------------------ snapshots


def tree_digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` with a digest of its content (lock files,
    whose content filelock may touch, are listed by name only)."""
    found: dict[str, str] = {}
    if not root.exists():
        return found
    for path in sorted(root.rglob("*")):
        if path.is_file():
            rel = str(path.relative_to(root))
            found[rel] = "lock" if path.suffix == ".lock" else hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def store_quads(files: list[Path], cache: Path) -> list[str]:
    """The quads of the compiled store for ``files`` in ``cache``, sorted."""
    from rolegraph.store import open_store

    store = open_store([str(f) for f in files], cache_dir=cache)
    quads = sorted(str(q) for q in store.store)
    del store
    return quads


def assert_cache_consistent(cache: Path) -> None:
    """A cache holds only lock files, verification stamps and complete
    stores (with meta.json); no half-built store and no temporary directory
    or file survives a failure."""
    if not cache.exists():
        return
    for entry in cache.iterdir():
        if entry.is_dir():
            assert ".tmp-" not in entry.name, f"leftover temporary store {entry}"
            assert (entry / "meta.json").is_file(), f"incomplete store {entry}"
        else:
            assert ".tmp-" not in entry.name, f"leftover temporary file {entry}"
            assert entry.suffix in (".lock", ".verified") or entry.name.startswith(".probe"), entry


# ------------------------------------------------------------------ time limits


class Hang(Exception):
    pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` if the block runs longer than ``seconds`` (main
    thread, POSIX only; elsewhere the block simply runs)."""
    if not hasattr(signal, "setitimer"):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise Hang(f"took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def stats_json(out: Outcome) -> dict[str, Any]:
    assert_ok(out)
    return json.loads(out.stdout)


def env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default
