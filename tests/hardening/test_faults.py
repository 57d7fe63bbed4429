"""Faults: a compile killed with SIGKILL at any moment, several processes on a
cold cache at once, a cache that cannot be written, a damaged store.

The big graph is ESCO-shaped N-Triples generated here (4,500 occupations,
21,000 skills with labels, alt labels and definitions, 90,000 essential /
optional links: 192,000 triples), large enough that a compile takes a
second or more, so the kills land before, during and after the compile.
Every command runs as a real subprocess (``python -m rolegraph``) with
``XDG_CACHE_HOME`` pointing at an empty directory, as the acceptance asks.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hardening_util import SMALL, assert_cache_consistent, tree_digest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork semantics are POSIX")

E = "http://data.europa.eu/esco/"
RG = "https://w3id.org/rolegraph/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"


def esco_shaped(path: Path, occupations: int = 4500, skills: int = 21000, relations: int = 90000, seed: int = 7) -> int:
    """Write ESCO-shaped N-Triples (as ``import esco`` writes them); returns the triple count."""
    rnd = random.Random(seed)
    lines: list[str] = []
    for kind, n, cls in (("occupation", occupations, "Role"), ("skill", skills, "Skill")):
        for i in range(n):
            s = f"<{E}{kind}/{i:06d}>"
            lines += [
                f"{s} {RDF_TYPE} <{RG}{cls}> .",
                f'{s} <{SKOS}prefLabel> "{kind} {i} \\u00e9t\\u00e9"@en .',
                f'{s} <{SKOS}altLabel> "{kind} alias {i}"@en .',
                f'{s} <{SKOS}definition> "A {kind} numbered {i}, with a \\"quoted\\" word."@en .',
            ]
    for _ in range(relations):
        p = "essentialSkill" if rnd.random() < 0.5 else "optionalSkill"
        lines.append(f"<{E}occupation/{rnd.randrange(occupations):06d}> <{RG}{p}> <{E}skill/{rnd.randrange(skills):06d}> .")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def _env(xdg: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ROLEGRAPH_CACHE_DIR", "ROLEGRAPH_ENDPOINT")}
    env["XDG_CACHE_HOME"] = str(xdg)
    return env


def _spawn(graph: Path, xdg: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "rolegraph", "--graph", str(graph), *(args or ("stats", "--format", "json"))],
        env=_env(xdg),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _run(graph: Path, xdg: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    proc = _spawn(graph, xdg, *args)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("big") / "esco-shaped.nt"
    esco_shaped(path)
    return path


@pytest.fixture(scope="module")
def clean(big: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, float]:
    """``stats --format json`` from a clean run in a fresh cache, and how long the compile took."""
    xdg = tmp_path_factory.mktemp("clean-xdg")
    started = time.perf_counter()
    done = _run(big, xdg)
    seconds = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"]["Role"] == 4500
    assert_cache_consistent(xdg / "rolegraph")
    return done.stdout, seconds


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("small") / "small.ttl"
    path.write_text(SMALL, encoding="utf-8")
    return path


# ------------------------------------------------------------------ SIGKILL


@pytest.mark.parametrize("delay", [0.2, 0.7, 1.5])
def test_compile_killed_then_rerun_answers_the_same(delay: float, big: Path, small: Path, clean: tuple[str, float], tmp_path: Path) -> None:
    """A compile killed at ``delay`` s leaves the other stores as they were and
    no half-built store under the final name; the next run rebuilds and
    prints the same stats as a clean run."""
    xdg = tmp_path / "xdg"
    cache = xdg / "rolegraph"
    previous = _run(small, xdg)  # a store that was there before
    assert previous.returncode == 0, previous.stderr
    before = tree_digest(cache)

    proc = _spawn(big, xdg)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)

    entries = {p.name for p in cache.iterdir()}
    # Only complete stores carry a final name; a killed build may leave a
    # ``<key>.tmp-<pid>`` directory, which the next build removes.
    for entry in cache.iterdir():
        if entry.is_dir() and ".tmp-" not in entry.name:
            assert (entry / "meta.json").is_file(), f"incomplete store {entry} after a kill at {delay} s ({entries})"
    after = tree_digest(cache)
    assert {k: v for k, v in after.items() if k in before} == before, "the previous store changed"

    again = _run(big, xdg)
    assert again.returncode == 0, again.stderr
    assert again.stdout == clean[0]
    assert "Traceback" not in again.stderr
    assert_cache_consistent(cache)  # the stale temporary directory is gone
    assert _run(small, xdg).stdout == previous.stdout


def test_kill_during_every_phase(big: Path, clean: tuple[str, float], tmp_path: Path) -> None:
    """Kills spread over the whole compile of one cache, one after another
    (each leaving its own stale temporary directory), then a normal run."""
    xdg = tmp_path / "xdg"
    compile_s = clean[1]
    seen_tmp = False
    for fraction in (0.25, 0.5, 0.8):
        proc = _spawn(big, xdg)
        time.sleep(compile_s * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        cache = xdg / "rolegraph"
        if cache.exists():
            seen_tmp |= any(".tmp-" in p.name for p in cache.iterdir())
            for entry in cache.iterdir():
                if entry.is_dir() and ".tmp-" not in entry.name:
                    assert (entry / "meta.json").is_file()
    assert seen_tmp, "no kill landed during a compile; the graph compiles too fast to test this"
    again = _run(big, xdg)
    assert again.returncode == 0, again.stderr
    assert again.stdout == clean[0]
    assert_cache_consistent(xdg / "rolegraph")


# ------------------------------------------------------------------ cold cache, several processes


def test_three_processes_on_a_cold_cache(big: Path, clean: tuple[str, float], tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    procs = [_spawn(big, xdg) for _ in range(3)]
    results = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0, err
        assert "Traceback" not in err
        assert out == clean[0]
    cache = xdg / "rolegraph"
    assert_cache_consistent(cache)
    assert len([p for p in cache.iterdir() if p.is_dir()]) == 1, "the store was compiled more than once"


# ------------------------------------------------------------------ unwritable cache


def _expected_small(small: Path, tmp_path: Path) -> str:
    done = _run(small, tmp_path / "ok-xdg")
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("how", ["cache-dir-under-a-file", "xdg-under-a-file", "env-under-a-file"])
def test_unwritable_cache_falls_back_to_memory(how: str, small: Path, tmp_path: Path) -> None:
    """A cache path whose parent is a regular file cannot be created, even by
    root: rolegraph warns and answers from an in-memory load."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n")
    bad = blocker / "cache"
    env = _env(tmp_path / "unused-xdg")
    args = [sys.executable, "-m", "rolegraph", "--graph", str(small)]
    if how == "cache-dir-under-a-file":
        args += ["--cache-dir", str(bad)]
    elif how == "xdg-under-a-file":
        env["XDG_CACHE_HOME"] = str(bad)
    else:
        env["ROLEGRAPH_CACHE_DIR"] = str(bad)
    done = subprocess.run([*args, "stats", "--format", "json"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout == _expected_small(small, tmp_path)
    warnings = [line for line in done.stderr.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == 1 and "is not writable" in warnings[0] and "loading into memory" in warnings[0], done.stderr
    assert "Traceback" not in done.stderr
    assert blocker.read_text() == "not a directory\n"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root can write a 0o500 directory")
def test_read_only_cache_directory_falls_back_to_memory(small: Path, tmp_path: Path) -> None:
    cache = tmp_path / "ro"
    cache.mkdir()
    cache.chmod(0o500)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "rolegraph", "--graph", str(small), "--cache-dir", str(cache), "stats", "--format", "json"],
            env=_env(tmp_path / "x"), capture_output=True, text=True, timeout=60,
        )
    finally:
        cache.chmod(0o700)
    assert done.returncode == 0, done.stderr
    assert done.stdout == _expected_small(small, tmp_path)
    assert "Warning: " in done.stderr and "not writable" in done.stderr


# ------------------------------------------------------------------ damaged stores


@pytest.mark.parametrize(
    "damage",
    [
        "truncated-projection",
        "truncated-projection-part",
        "removed-projection-part",
        "store-removed",
        "meta-without-store",
        "empty-final-dir",
    ],
)
def test_damaged_store_is_rebuilt(damage: str, small: Path, tmp_path: Path) -> None:
    """A store damaged after it was built (a file truncated or removed) is
    noticed when opened and rebuilt; the commands answer as before."""
    xdg = tmp_path / "xdg"
    first = _run(small, xdg)
    assert first.returncode == 0, first.stderr
    cache = xdg / "rolegraph"
    (entry,) = [p for p in cache.iterdir() if p.is_dir()]
    if damage == "truncated-projection":
        data = (entry / "projection.marshal").read_bytes()
        (entry / "projection.marshal").write_bytes(data[: len(data) // 2])
    elif damage == "truncated-projection-part":
        for part in entry.glob("projection-*.marshal"):
            data = part.read_bytes()
            part.write_bytes(data[: len(data) // 2])
    elif damage == "removed-projection-part":
        for part in entry.glob("projection-*.marshal"):
            part.unlink()
    elif damage == "store-removed":
        import shutil

        shutil.rmtree(entry / "store")
    elif damage == "meta-without-store":
        for p in entry.iterdir():
            if p.name != "meta.json":
                import shutil

                shutil.rmtree(p) if p.is_dir() else p.unlink()
    else:
        import shutil

        shutil.rmtree(entry)
        entry.mkdir()  # a final directory without meta.json: not a store
    for args in (("stats", "--format", "json"), ("show", "alpha role", "--format", "json"), ("search", "skill", "--format", "json")):
        again = _run(small, xdg, *args) if args[0] != "stats" else _run(small, xdg)
        assert again.returncode == 0, again.stderr
        assert "Traceback" not in again.stderr
        if args[0] == "stats":
            assert again.stdout == first.stdout
    assert_cache_consistent(cache)
