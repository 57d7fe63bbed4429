"""The extractor's index on disk (``index.bin``, packed and memory-mapped)
answers exactly as the index built in memory: the same columns, names,
stems and BM25 scores, and the same extractions — for the shipped graph and
for the shipped graph joined with the ESCO ICT sample. A damaged file is
rebuilt, never read."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from non_data_ads import ADS

from helpers import REPO

ADS_DIR = REPO / "tests" / "careers" / "ads"
SENTENCES = [
    "We query data in SQL and build charts in Excel.",
    "You will excel at service and go the extra mile.",
    "Strong R and C programming; Go or Rust a plus; A/B tests and k-NN.",
    "Experience with Haskell and SQL; you will manage ICT projects.",
    "Build machine learning pipelines with Python, Spark and Airflow on AWS.",
    "Kubernetes, Docker and Terraform; data-driven problem solving and communication skills.",
    "Machine learning engineer: deploy models, monitor drift, write clean code.",
    "Analyse large datasets with statistical methods and present findings to stakeholders.",
    "Java (computer programming), database design and ICT security.",
]


def texts() -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(ADS_DIR.glob("*.txt"))] + [ADS[k] for k in sorted(ADS)] + SENTENCES


@pytest.fixture(scope="module")
def ict(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rolegraph.importers.esco import import_esco

    out = tmp_path_factory.mktemp("esco") / "ict.nt"
    import_esco(REPO / "tests" / "importers" / "esco" / "ict", out)
    return out


@dataclass
class Indexes:
    name: str
    add: list[Path]
    cache: Path
    store: Any
    #: the index built in memory
    built: Any
    #: the same index read back from its file
    loaded: Any


@pytest.fixture(scope="module", params=["shipped", "with-esco-ict"])
def indexes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, ict: Path) -> Indexes:
    from rolegraph.extract.index import DIRNAME, Index, _stamp, index_for, read
    from rolegraph.store import open_store

    add = [ict] if request.param == "with-esco-ict" else []
    cache = tmp_path_factory.mktemp("cache")
    store = open_store(add=add, cache_dir=cache)
    built = index_for(store)  # built now, and written beside the compiled store
    assert isinstance(built.names, dict) and built.directory == store.location / DIRNAME
    loaded = read(store.location / DIRNAME, _stamp(store.location))
    assert isinstance(loaded, Index) and loaded.directory == store.location / DIRNAME
    assert not isinstance(loaded.names, dict) and not isinstance(loaded.iris, list)  # views of the file
    return Indexes(request.param, add, cache, store, built, loaded)


def test_the_esco_sample_adds_skills(indexes: Indexes) -> None:
    esco = [iri for iri in indexes.built.iris if iri.startswith("http://data.europa.eu/esco/")]
    assert bool(esco) == (indexes.name == "with-esco-ict")


def test_the_columns_are_the_same(indexes: Indexes) -> None:
    built, loaded = indexes.built, indexes.loaded
    assert len(loaded) == len(built)
    for name in ("iris", "labels", "types", "sources", "technical", "languages", "prior"):
        assert [getattr(loaded, name)[i] for i in range(len(built))] == list(getattr(built, name)), name
    assert [loaded.broader[i] for i in range(len(built))] == built.broader
    assert [loaded.name_terms[i] for i in range(len(built))] == built.name_terms
    assert loaded.stop == built.stop


def test_the_names_and_terms_are_the_same(indexes: Indexes) -> None:
    built, loaded = indexes.built, indexes.loaded
    assert {k: loaded.names[k] for k in built.names} == built.names
    assert len(loaded.names) == len(built.names) and set(loaded.names) == set(built.names)
    assert all(p in loaded.prefixes for p in built.prefixes) and set(loaded.prefixes) == set(built.prefixes)
    assert not any(k in loaded.prefixes for k in built.names if k not in built.prefixes)
    assert not any(k in loaded.names for k in built.prefixes if k not in built.names)
    for absent in ("", "no such name at all", "zzzz", "\udcff"):
        assert absent not in loaded.names and absent not in loaded.prefixes and loaded.names.get(absent) is None
        assert loaded.idf.get(absent, 1.0) == 1.0
    assert isinstance(loaded.idf, Mapping) and {t: loaded.idf[t] for t in built.idf} == built.idf and len(loaded.idf) == len(built.idf)


def test_the_bm25_scores_are_the_same(indexes: Indexes) -> None:
    import numpy as np

    from rolegraph.extract.text import terms

    built, loaded = indexes.built, indexes.loaded
    for part in ("names", "description"):
        a, b = built.retriever(part), loaded.retriever(part)
        assert dict(a.vocab) == {t: b.vocab[t] for t in a.vocab}
        for text in texts():
            query = terms(text)
            assert a.ids(query) == b.ids(query)
            if a.ids(query):
                assert np.array_equal(a.scores(a.ids(query)), b.scores(b.ids(query)))
        assert a.ordered and b.ordered
        docs = [d for d in range(len(built)) if a.has(d, "data")]
        assert docs == [d for d in range(len(built)) if b.has(d, "data")]


@pytest.mark.parametrize("min_score", [0.6, 0.0])
def test_the_extractions_are_the_same(indexes: Indexes, min_score: float) -> None:
    from rolegraph.extract.core import run

    built, loaded = indexes.built, indexes.loaded
    found = 0
    for text in texts():
        expected = run(built, text, min_score=min_score)
        assert run(loaded, text, min_score=min_score) == expected, text[:60]
        found += len(expected.found)
    assert found > 20


def test_a_fresh_open_reads_the_file(indexes: Indexes) -> None:
    from rolegraph.extract import extract
    from rolegraph.extract.index import DIRNAME, index_for
    from rolegraph.store import open_store

    marker = indexes.store.location / DIRNAME / "marker.json"
    before = marker.stat().st_mtime_ns
    again = open_store(add=indexes.add, cache_dir=indexes.cache)
    assert again.location == indexes.store.location
    assert not isinstance(index_for(again).names, dict)  # read, not built
    for text in texts():
        assert extract(again, text) == extract(indexes.store, text), text[:60]
    assert marker.stat().st_mtime_ns == before


def test_postings_score_as_bm25s_does() -> None:
    import numpy as np

    from rolegraph.extract.index import Postings, _bm25
    from rolegraph.extract.text import terms

    docs = [terms(t) for t in [*texts(), ""]]
    retriever = _bm25(docs)
    postings = Postings.of(retriever)
    unordered = Postings(postings.vocab, postings.data, postings.indices, postings.indptr, postings.num_docs, postings.dtype, postings.int_dtype, False)
    everyone = np.arange(len(docs))
    assert postings.ordered
    for text in [*texts(), "data data data and more data", "nothing"]:
        query = terms(text)
        ids = retriever.get_tokens_ids(query)
        assert postings.ids(query) == ids
        if ids:
            assert np.array_equal(postings.scores(ids), retriever.get_scores(ids))
            assert postings.scores(ids).dtype == retriever.get_scores(ids).dtype
        for t in {*query, "nothing at all"}:
            having = {d for d in range(len(docs)) if postings.has(d, t)}
            assert having == {d for d, doc in enumerate(docs) if t in doc}
            assert postings.among(t, everyone) == having == unordered.among(t, everyone)
            assert postings.among(t, everyone[::7]) == {d for d in having if d % 7 == 0} == unordered.among(t, everyone[::7])


# ------------------------------------------------------------------ damage


def _fresh(tmp_path: Path):
    import rolegraph

    return rolegraph.open_store(cache_dir=tmp_path)


DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "garbage": lambda raw: b"garbage",
    "empty": lambda raw: b"",
    "no table of contents": lambda raw: raw[:17] + (1 << 40).to_bytes(8, "little") + raw[25:],
    "zeroed sections": lambda raw: raw[:4096] + bytes(len(raw) - 4096),
    "a flipped byte": lambda raw: raw[:-100] + bytes([raw[-100] ^ 0xFF]) + raw[-99:],
}


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_a_damaged_index_file_is_rebuilt(tmp_path: Path, how: str) -> None:
    from rolegraph.extract import extract
    from rolegraph.extract.index import DIRNAME, FILE, FORMAT, _stamp, read

    store = _fresh(tmp_path)
    expected = extract(store, SENTENCES[4])
    path = store.location / DIRNAME / FILE
    marker = store.location / DIRNAME / "marker.json"
    path.write_bytes(DAMAGE[how](path.read_bytes()))
    assert read(store.location / DIRNAME, _stamp(store.location)) is None
    again = _fresh(tmp_path)
    assert extract(again, SENTENCES[4]) == expected
    assert json.loads(marker.read_text())["stamp"][0] == FORMAT
    assert read(store.location / DIRNAME, _stamp(store.location)) is not None


def test_an_untouched_file_is_not_checksummed_but_a_rewritten_one_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import zlib

    from rolegraph.extract import index as index_mod

    store = _fresh(tmp_path)
    index_mod.index_for(store)
    directory = store.location / index_mod.DIRNAME
    sums: list[int] = []
    real = zlib.crc32
    monkeypatch.setattr(index_mod.zlib, "crc32", lambda data, *a: sums.append(len(data)) or real(data, *a))
    assert index_mod.read(directory, index_mod._stamp(store.location)) is not None
    assert sums == []
    path = directory / index_mod.FILE
    path.write_bytes(path.read_bytes())  # the same bytes, written again: checked, and good
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    assert index_mod.read(directory, index_mod._stamp(store.location)) is not None
    assert sums == [path.stat().st_size]


def test_an_index_that_cannot_be_written_is_kept_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rolegraph.extract import extract
    from rolegraph.extract import index as index_mod

    def refuse(self: Path, data: bytes) -> int:
        raise PermissionError(13, "read-only", str(self))

    store = _fresh(tmp_path)
    monkeypatch.setattr(Path, "write_bytes", refuse)
    assert [f.label for f in extract(store, "SQL and Tableau").found] == ["SQL", "Tableau"]
    assert index_mod.index_for(store).directory is None
    assert not (store.location / index_mod.DIRNAME).exists()
    assert not list(store.location.glob(f"{index_mod.DIRNAME}.tmp-*"))
