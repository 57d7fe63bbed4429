"""Compiling, caching and opening the store; bad graph input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rolegraph.errors import GraphLoadError
from rolegraph.store import cache_root, data_files, open_store

GOOD = """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
rg:r1 a rg:Role ; skos:prefLabel "first role"@en ; rg:essentialSkill rg:s1 .
rg:s1 a rg:Skill ; skos:prefLabel "skill one"@en .
"""


def test_store_is_compiled_once_and_reused(tmp_path: Path):
    data = tmp_path / "g.ttl"
    data.write_text(GOOD)
    cache = tmp_path / "cache"
    first = open_store([data], cache_dir=cache)
    entries = [p for p in cache.iterdir() if p.is_dir()]
    assert len(entries) == 1 and (entries[0] / "meta.json").is_file()
    second = open_store([data], cache_dir=cache)
    assert second.location == first.location
    assert second.projection.counts["Role"] == 1


def test_changed_input_recompiles(tmp_path: Path):
    data = tmp_path / "g.ttl"
    data.write_text(GOOD)
    cache = tmp_path / "cache"
    first = open_store([data], cache_dir=cache)
    data.write_text(GOOD + 'rg:r2 a rg:Role ; skos:prefLabel "second role"@en .\n')
    os.utime(data, ns=(1, 10**18))
    second = open_store([data], cache_dir=cache)
    assert second.location != first.location
    assert second.projection.counts["Role"] == 2


def test_xdg_cache_home_is_respected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("ROLEGRAPH_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "rolegraph"


def test_unwritable_cache_falls_back_to_memory(tmp_path: Path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    data = tmp_path / "g.ttl"
    data.write_text(GOOD)
    with pytest.warns(UserWarning, match="not writable"):
        store = open_store([data], cache_dir=blocker / "cache")
    assert store.location is None
    assert store.projection.counts["Skill"] == 1


def test_stale_temporary_compile_is_cleaned(tmp_path: Path):
    """A compile killed half-way leaves a .tmp- directory; the next open ignores and removes it."""
    data = tmp_path / "g.ttl"
    data.write_text(GOOD)
    cache = tmp_path / "cache"
    store = open_store([data], cache_dir=cache)
    key = store.location.name
    del store
    import shutil

    shutil.rmtree(cache / key)
    (cache / f"{key}.tmp-999999").mkdir()
    (cache / f"{key}.tmp-999999" / "junk").write_text("half a store")
    again = open_store([data], cache_dir=cache)
    assert again.projection.counts["Role"] == 1
    assert not list(cache.glob(f"{key}.tmp-*"))


@pytest.mark.parametrize(
    "text, line, fragment",
    [
        ('@prefix ex: <http://ex/> .\nex:a ex:b "unterminated\n', 2, ""),
        ("@prefix ex: <http://ex/> .\nex:a foo:b ex:c .\n", 2, "foo"),
    ],
)
def test_malformed_turtle_names_file_and_line(tmp_path: Path, text: str, line: int, fragment: str):
    bad = tmp_path / "bad.ttl"
    bad.write_text(text)
    with pytest.raises(GraphLoadError) as err:
        open_store([bad], cache_dir=tmp_path / "c")
    message = str(err.value)
    assert message.startswith(f"{bad}:{line}:") or message.startswith(f"{bad}:{line + 1}:")
    assert fragment in message


def test_non_utf8_file(tmp_path: Path):
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes(b'@prefix ex: <http://ex/> .\nex:a ex:b "caf\xe9" .\n')
    with pytest.raises(GraphLoadError, match=r"latin1\.ttl:2:\d+: .*UTF-8"):
        open_store([bad], cache_dir=tmp_path / "c")


def test_missing_and_empty_graph_paths(tmp_path: Path):
    with pytest.raises(GraphLoadError, match="no such file"):
        data_files([tmp_path / "nope"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(GraphLoadError, match="holds no RDF files"):
        data_files([tmp_path / "empty"])
    with pytest.raises(GraphLoadError, match="empty path"):
        data_files([""])
