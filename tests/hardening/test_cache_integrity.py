"""The cache never serves wrong answers.

- Its key sees every edit of a graph file, even one that keeps the size and
  the modification time (``cp -p``, ``touch -r``, tar and rsync keep it): the
  key holds the change time and inode, which no tool sets, and, for files up
  to 1 MiB, a digest of the content.
- Every file of a compiled store carries a checksum: ``meta.json`` and the
  projection's head are checked when the store opens, with the size of every
  file; the Oxigraph (RocksDB) files are checked against the manifest in
  ``meta.json`` at their first use, a projection part when it is first read.
  A flipped bit, zeroed bytes or a truncation in any of them is noticed, the
  store is rebuilt with a warning, and the answer is the right one.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rolegraph.errors import StoreError
from rolegraph.store import cache as store_cache
from rolegraph.store import open_store

from hardening_util import SMALL, assert_cache_consistent, assert_ok, assert_one_line_error
from helpers import invoke

GRAPH = SMALL + 'rg:s1 skos:altLabel "first skill"@en ; skos:definition "the first of the skills"@en .\n'
#: Files no answer depends on: RocksDB's lock file and its own log.
UNCHECKED = {"LOCK", "LOG"}


def answers(store: Any) -> dict[str, Any]:
    """What commands read: the head (counts), each part of the projection
    (labels and types, alternative labels, ratings), and every quad of the
    Oxigraph store."""
    proj = store.projection
    return {
        "counts": dict(proj.counts),
        "labels": sorted((e, proj.label(e), proj.type(e), tuple(proj.alt_labels(e)), proj.is_hot(e)) for e in proj),
        # Blank nodes are named afresh by each compile.
        "quads": sorted(re.sub(r"_:\w+", "_:b", str(q)) for q in store.store),
    }


@pytest.fixture
def graph(tmp_path: Path) -> Path:
    path = tmp_path / "g.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return path


@pytest.fixture
def reference(graph: Path, tmp_path: Path) -> dict[str, Any]:
    return answers(open_store([graph], cache_dir=tmp_path / "reference-cache"))


def _entry(cache: Path) -> Path:
    (entry,) = [p for p in cache.iterdir() if p.is_dir() and ".tmp-" not in p.name]
    return entry


@pytest.fixture
def no_other_warnings() -> Iterator[list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught


# ------------------------------------------------------------------ the key


def _keep_times(path: Path, edit: Any) -> None:
    """Apply ``edit`` to ``path``, then put back its times; the size is the same."""
    before = path.stat()
    edit()
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def _rewrite(path: Path, text: str) -> None:
    with open(path, "r+", encoding="utf-8") as fh:  # the same inode
        fh.write(text)


def _replace(path: Path, text: str) -> None:
    other = path.with_name("new-" + path.name)
    other.write_text(text, encoding="utf-8")
    os.replace(other, path)  # another inode


def _copy_preserving(path: Path, text: str) -> None:
    """What ``cp -p new g.ttl`` does: the content, the mode and the times of ``new``."""
    other = path.with_name("new-" + path.name)
    other.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(other, ns=(st.st_atime_ns, st.st_mtime_ns))
    shutil.copy2(other, path)


@pytest.mark.parametrize("hashed", [True, False], ids=["small-file", "file-too-big-to-hash"])
@pytest.mark.parametrize("how", [_rewrite, _replace, _copy_preserving], ids=["rewritten-in-place", "replaced", "cp-p"])
def test_an_edit_keeping_size_and_times_is_seen(how: Any, hashed: bool, graph: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit that keeps the size and the modification time gives the new
    answer, whether the file is hashed into the key or, larger than
    ``HASH_BYTES``, known by its change time and inode."""
    if not hashed:
        monkeypatch.setattr(store_cache, "HASH_BYTES", 0)
    cache = tmp_path / "cache"
    alpha = "https://w3id.org/rolegraph/alpha"
    assert open_store([graph], cache_dir=cache).projection.label(alpha) == "alpha role"
    _keep_times(graph, lambda: how(graph, GRAPH.replace('"alpha role"', '"omega role"')))
    assert open_store([graph], cache_dir=cache).projection.label(alpha) == "omega role"
    _keep_times(graph, lambda: how(graph, GRAPH.replace('"alpha role"', '"gamma role"')))
    again = open_store([graph], cache_dir=cache)
    assert again.projection.label(alpha) == "gamma role"
    assert any("gamma role" in str(q) for q in again.store)


@pytest.mark.skipif(not shutil.which("cp") or not shutil.which("touch") or sys.platform == "win32", reason="needs cp and touch")
def test_cp_p_and_touch_r_from_the_command_line(graph: Path, tmp_path: Path) -> None:
    """The reported case, with the tools themselves and the CLI."""
    env = {k: v for k, v in os.environ.items() if k != "ROLEGRAPH_ENDPOINT"}
    env["ROLEGRAPH_CACHE_DIR"] = str(tmp_path / "cache")

    def label() -> str:
        done = subprocess.run([sys.executable, "-m", "rolegraph", "--graph", str(graph), "show", "rg:alpha"], env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.splitlines()[0]

    assert label().startswith("alpha role")
    new = tmp_path / "new.ttl"
    new.write_text(GRAPH.replace('"alpha role"', '"omega role"'), encoding="utf-8")
    subprocess.run(["touch", "-r", str(graph), str(new)], check=True)
    subprocess.run(["cp", "-p", str(new), str(graph)], check=True)
    assert label().startswith("omega role")
    _rewrite(graph, GRAPH.replace('"alpha role"', '"gamma role"'))
    subprocess.run(["touch", "-r", str(new), str(graph)], check=True)
    assert graph.stat().st_mtime_ns == new.stat().st_mtime_ns
    assert label().startswith("gamma role")


# ------------------------------------------------------------------ damaged files


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "flip":
        data[len(data) // 2] ^= 0x10
    elif how == "zero":
        start = len(data) // 3
        data[start : start + 64] = bytes(len(data[start : start + 64]))
        if bytes(data) == path.read_bytes():  # the bytes were zeros already
            data[start] = 0x55
    else:
        del data[len(data) // 2 :]
    path.write_bytes(bytes(data))


def _files(entry: Path) -> list[str]:
    return sorted(str(p.relative_to(entry)) for p in entry.rglob("*") if p.is_file() and p.name not in UNCHECKED and p.stat().st_size)


@pytest.mark.parametrize("how", ["flip", "zero", "truncate"])
def test_every_damaged_file_is_rebuilt_and_never_served(how: str, graph: Path, reference: dict[str, Any], tmp_path: Path) -> None:
    """Each file of the compiled store (meta.json, the projection's head and
    parts, every RocksDB file), damaged in turn: the answers are the right
    ones, and a warning says the store was damaged and rebuilt."""
    cache = tmp_path / "cache"
    open_store([graph], cache_dir=cache)
    key = _entry(cache).name
    pristine = tmp_path / "pristine"
    shutil.copytree(cache / key, pristine)
    names = _files(pristine)
    assert {"meta.json", "projection.marshal", "projection-core.bin", "projection-alts.bin", "store/CURRENT"} <= set(names)
    assert sum(n.endswith(".sst") for n in names) >= 5 and any(n.startswith("store/MANIFEST-") for n in names)
    for name in names:
        entry = cache / key
        shutil.rmtree(entry, ignore_errors=True)
        shutil.copytree(pristine, entry)
        _damage(entry / name, how)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            got = answers(open_store([graph], cache_dir=cache))
        assert got == reference, f"{name} ({how}): a wrong answer was served"
        said = [str(w.message) for w in caught]
        assert len(said) == 1 and re.search(r"the compiled store .* is (damaged|incomplete) \(.*\); rebuilt it$", said[0]), (name, how, said)
        assert_cache_consistent(cache)
        # The store was rebuilt, not merely worked around: it opens quietly now.
        with warnings.catch_warnings(record=True) as later:
            warnings.simplefilter("always")
            assert answers(open_store([graph], cache_dir=cache)) == reference
        assert not later, (name, how, [str(w.message) for w in later])


@pytest.mark.parametrize("target", ["projection-core.bin", "projection-alts.bin", "store-file"])
def test_damage_after_opening_is_caught_at_first_use(target: str, graph: Path, reference: dict[str, Any], tmp_path: Path) -> None:
    """Damage between opening the store and the command's first use of a
    part or of RocksDB: the part or the store is checked when used, rebuilt,
    and the command goes on with the right answer."""
    cache = tmp_path / "cache"
    open_store([graph], cache_dir=cache)
    store = open_store([graph], cache_dir=cache)  # head read and checked
    entry = _entry(cache)
    path = entry / target if target != "store-file" else max((entry / "store").glob("*.sst"), key=lambda p: p.stat().st_size)
    _damage(path, "flip")
    with pytest.warns(UserWarning, match=r"is damaged \(.*fails its checksum\); rebuilt it"):
        assert answers(store) == reference


def test_the_directory_is_checked_before_it_is_handed_out(graph: Path, tmp_path: Path) -> None:
    """``location`` is what `rolegraph serve` gives its SPARQL worker
    processes, which open the files themselves: it is checked first."""
    cache = tmp_path / "cache"
    open_store([graph], cache_dir=cache)
    store = open_store([graph], cache_dir=cache)
    sst = max((_entry(cache) / "store").glob("*.sst"), key=lambda p: p.stat().st_size)
    _damage(sst, "zero")
    with pytest.warns(UserWarning, match=r"fails its checksum\); rebuilt it"):
        location = store.location
    assert location is not None
    assert store_cache.check_store_files(location / "store", store_cache.read_meta(location)["store_files"], sums=True) is None


def test_the_cli_warns_and_answers(graph: Path, tmp_path: Path) -> None:
    """Through the CLI: `Warning: ...` on stderr, the right answer, exit 0."""
    cache = tmp_path / "cache"
    g = ("--cache-dir", str(cache), "--graph", str(graph))
    first = invoke(*g, "show", "skill one", "--format", "json")
    assert_ok(first)
    _damage(_entry(cache) / "projection-core.bin", "flip")
    again = invoke(*g, "show", "skill one", "--format", "json")
    assert_ok(again)
    assert again.stdout == first.stdout
    assert re.fullmatch(r"Warning: the compiled store \S+ is damaged \(projection-core\.bin fails its checksum\); rebuilt it\n", again.stderr), again.stderr


def test_a_store_that_cannot_be_rebuilt_is_one_line_error(graph: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Damage found when the cache cannot take a new store (a full disk): one
    line naming both, exit 1, and nothing damaged is served."""
    cache = tmp_path / "cache"
    g = ("--cache-dir", str(cache), "--graph", str(graph))
    assert_ok(invoke(*g, "stats"))
    _damage(_entry(cache) / "projection-core.bin", "flip")

    def full(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    from rolegraph.store import local

    monkeypatch.setattr(local, "compile_store", full)
    out = invoke(*g, "show", "skill one")
    assert_one_line_error(out, 1, r"the compiled store \S+ is damaged \(projection-core\.bin fails its checksum\), and cannot be rebuilt \(.*No space left on device\)")


def test_meta_json_damage_is_noticed_at_open(graph: Path, tmp_path: Path) -> None:
    """``meta.json`` holds the store's manifest: edited to match a damaged
    file, it fails its own checksum."""
    cache = tmp_path / "cache"
    open_store([graph], cache_dir=cache)
    entry = _entry(cache)
    meta = (entry / "meta.json").read_text()
    (entry / "meta.json").write_text(meta.replace('"triples": ', '"triples": 1'))
    with pytest.warns(UserWarning, match=r"meta\.json fails its checksum\); rebuilt it"):
        open_store([graph], cache_dir=cache)
    with pytest.raises(StoreError, match="fails its checksum"):
        (entry / "meta.json").write_text(meta.replace('"triples": ', '"triples": 1'))
        store_cache.read_meta(entry)
