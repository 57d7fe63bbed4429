"""The packed, memory-mapped projection answers exactly what the projection
built in memory answers, for every entity, link, type and name: the shipped
graph joined with ESCO (the ICT sample) and O*NET fixtures, compiled into the
cache and read back through the packed files, against the same data sets
loaded into memory with no cache."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from rolegraph.errors import AmbiguousEntityError, UnknownEntityError
from rolegraph.lookup.names import NameIndex, normalise, resolve
from rolegraph.projection import cache as projection_cache
from rolegraph.projection.cache import Strings, iri_hash, pack, unpack
from rolegraph.store import open_store
from rolegraph.store.load import datasets
from rolegraph.store.local import load_in_memory

HERE = Path(__file__).resolve().parent
ICT = HERE.parent / "importers" / "esco" / "ict"
ONET = HERE.parent / "importers" / "onet" / "fixture"


@pytest.fixture(scope="module")
def joined(tmp_path_factory: pytest.TempPathFactory):
    from rolegraph.importers.esco import import_esco
    from rolegraph.importers.onet import import_onet

    work = tmp_path_factory.mktemp("packed")
    import_esco(ICT, work / "ict.nt")
    import_onet(ONET, work / "onet.nt", release="test fixture")
    add = [work / "ict.nt", work / "onet.nt"]
    packed = open_store(add=add, cache_dir=work / "cache").projection
    memory = load_in_memory(datasets(None, add)).projection
    return packed, memory


def test_the_compiled_projection_is_packed_and_mapped(joined) -> None:
    packed, memory = joined
    assert isinstance(packed._get("iris"), Strings) and isinstance(packed._get("labels"), Strings)
    assert not isinstance(memory._get("iris"), Strings)
    assert len(packed) == len(memory) > 800


def test_every_entity_reads_the_same(joined) -> None:
    packed, memory = joined
    assert list(packed) == list(memory)
    assert list(packed.entities()) == list(memory.entities())
    assert list(packed.names()) == list(memory.names())
    for iri in memory:
        assert iri in packed and packed.index[iri] == memory.index[iri]
        assert (packed.label(iri), packed.type(iri), packed.classes(iri), packed.alt_labels(iri)) == (
            memory.label(iri), memory.type(iri), memory.classes(iri), memory.alt_labels(iri))
        assert packed.out_edges(iri) == memory.out_edges(iri)
        assert packed.in_edges(iri) == memory.in_edges(iri)
        assert packed.member_datasets(iri) == memory.member_datasets(iri)
        assert packed.ratings_of(iri) == memory.ratings_of(iri)
    assert list(packed.edges()) == list(memory.edges())


def test_misses_are_misses(joined) -> None:
    packed, _memory = joined
    for iri in ["", "https://w3id.org/rolegraph/", "https://w3id.org/rolegraph/data-scientistx", "zzz", "\udcff", "http://data.europa.eu/esco/skill/"]:
        assert iri not in packed and packed.index.get(iri) is None and packed.canonical(iri) is None
        with pytest.raises(KeyError):
            packed.index[iri]


def test_of_type_lists_the_same_entities_in_the_same_order(joined) -> None:
    packed, memory = joined
    names = {k for cs in memory._get("class_sets") for k in cs} | set(memory._get("kinds")) | {"NoSuchType"}
    for kind in sorted(names):
        listed = memory.of_type(kind)
        assert packed.of_type(kind) == listed, kind
        assert packed.count_of_type(kind) == memory.count_of_type(kind) == len(listed), kind
        members = set(listed)
        for iri in list(memory)[::7]:
            assert packed.is_a(iri, kind) == memory.is_a(iri, kind) == (iri in members), (iri, kind)


def test_every_name_resolves_as_through_the_built_index(joined) -> None:
    """The name index written into the cache gives what NameIndex built from
    the projection gives: every label, alternative label and local id (and
    the ambiguities between them)."""
    packed, memory = joined
    index = NameIndex(memory)
    keys = sorted(index.pref.keys() | index.alt.keys())
    assert keys
    for key in keys:
        assert packed.named(key) == (index.pref.get(key, []), index.alt.get(key, [])), key
    assert packed.named("no such name at all") == ([], [])
    assert dict(packed.local_ids()) == index.ids
    names = [memory.label(i) for i in memory] + [a for i in memory for a in memory.alt_labels(i)]
    for name in random.Random(7).sample(names, min(400, len(names))) + ["data scientist", "DATA  Scientist", "mle", "data-scientist", "no such thing"]:
        assert _outcome(packed, name) == _outcome(memory, name), name


def _outcome(proj, name: str) -> str:
    try:
        return resolve(proj, name)
    except AmbiguousEntityError as exc:
        return f"ambiguous {exc}"
    except UnknownEntityError as exc:
        return f"unknown {exc}"


def test_string_tables_and_the_hash_index_round_trip() -> None:
    words = sorted({"", "a", "é", "数据科学家", "x" * 300, "\udcff", "https://w3id.org/rolegraph/python", *(f"iri-{i}" for i in range(500))}, key=lambda w: w.encode("utf-8", "surrogatepass"))
    blob = pack({"iris": words, "iri_hash": iri_hash(words), "small": ["kept", "as is"], "raw": b"\x01\x02\x03\x04"})
    fields = unpack(Path("x"), memoryview(blob))
    table = fields["iris"]
    assert isinstance(table, Strings) and list(table) == words and table[:3] == words[:3] and table[-1] == words[-1]
    assert fields["small"] == ["kept", "as is"] and bytes(fields["raw"]) == b"\x01\x02\x03\x04"
    hashed = memoryview(fields["iri_hash"]).cast("I")
    for i, w in enumerate(words):
        assert table.find(w) == i == table.find_hashed(w, hashed)
    for miss in ["b", "iri-5000", "数据", "x" * 299]:
        assert table.find(miss) is None and table.find_hashed(miss, hashed) is None


def test_a_section_outside_the_file_is_damage(tmp_path: Path) -> None:
    blob = pack({"iris": ["a", "b", "c"]})
    with pytest.raises(ValueError):
        unpack(tmp_path / "x", memoryview(blob[:-6]))


def test_the_name_index_normal_form() -> None:
    assert normalise("  Data\u00a0SCIENTIST ") == "data scientist" == normalise("data_scientist")
    assert projection_cache.ALT > 1 << 30
