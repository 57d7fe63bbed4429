"""The extractor's index: every skill and tool of the graph with its names
(label, alternative and hidden labels), what the graph knows of it, and two
BM25 indexes (built with bm25s) over its names and over its description.

Built once per compiled store and kept beside it, in
``<compiled store>/extract-index/``: ``index.bin``, one packed file (see
:mod:`rolegraph.projection.cache`) holding everything as arrays and string
tables, memory-mapped when read, so a question reads only the pages of the
names, terms and entities its text touches; and ``marker.json``, written
last, which records the format, the compiled store it was built from, and
the size and CRC-32 of ``index.bin``. A missing, stale or damaged index is
rebuilt (one whose file was written since the marker is checked against its
CRC first); one that cannot be written (a read-only cache) is kept in
memory. An in-memory store or a SPARQL endpoint keeps its index with its
projection (:meth:`~rolegraph.projection.Projection.memo`).

In ``index.bin``, by entity: ``iris`` and ``labels`` (string tables),
``type_of`` / ``source_of`` (codes into ``type_names`` / ``source_names``),
``technical`` and ``languages`` (a byte each), ``prior`` (float64),
``broader_ptr`` / ``broader`` (rows, compressed sparse), and the stems of
each name (``nt_ptr`` → names: ``nt_kind``, ``nt_flags``, ``nt_tptr`` →
``nt_terms``, ids into ``terms``). By name key: ``keys`` (a string table and
its hash table ``key_hash``; the keys of names, then every proper prefix of
a name key that is not one), ``key_prefix`` (a byte: is a prefix) and
``key_ptr`` → the names it stands for (``entity``, ``kind``, ``flags``,
``forms``). ``terms`` and ``term_hash`` with ``idf`` (float64; the terms
past its length, name stems or BM25 terms, have none). Each BM25 index
(``names_*``, ``description_*``): bm25s's scores by term (``data``,
``indices``, ``indptr``) and each term's id there (``ids``, by row of
``terms``; -1: not in that index).
``stop``: the stop words queries leave out. Answers are the same from the
built index and from the file (``tests/extract/test_index_packed.py``).
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..projection.cache import Strings, iri_hash, map_file, pack, unpack
from ..vocab import BASE, RG, SKOS
from . import lexicon
from .text import WORD, key, stems, stop_words, terms

if TYPE_CHECKING:
    import numpy

    from ..projection import Projection
    from ..store import Store

#: The index format: raise it when what is stored changes, so old indexes rebuild.
FORMAT = 8
DIRNAME = "extract-index"
#: The packed file in ``DIRNAME``.
FILE = "index.bin"

#: Kinds of name, in the order of trust.
LABEL, ALT, HIDDEN = 0, 1, 2
KINDS = ("label", "alt label", "hidden label")
#: Name flags: counts only where the text uses it as a name (a common word,
#: two letters or fewer, or a name more general than its entity) ...
AMBIGUOUS = 1
#: ... of two letters or fewer ...
SHORT = 2
#: ... an everyday word for a skill (research, communication), matched in any case.
GENERIC = 4
#: A job title: read as one name and never reported (``TECHNICAL`` when the job is a data role).
TITLE, TECH_TITLE = -1, -2

#: The links from a job that say it needs a skill or tool (for the prior).
_NEEDS = (RG.essentialSkill, RG.optionalSkill, RG.requiresSkill, RG.strongerIn, RG.usesTool)
_JOBS = ("Role", "JobArchetype", "ExampleJob")

Q_HIDDEN = "SELECT ?e ?h WHERE { ?e <" + SKOS.NS + "hiddenLabel> ?h }"
Q_DEFINITIONS = "SELECT ?e ?d WHERE { ?e <" + SKOS.definition + "> ?d }"

#: One name of a name key: (entity or TITLE / TECH_TITLE, kind, the name as written, flags).
Entry = tuple[int, int, str, int]
#: One name of an entity, for retrieval: (its stems, kind, flags).
NameTerms = tuple[Sequence[str], int, int]
#: The BM25 indexes.
PARTS = ("names", "description")


@dataclass
class Index:
    """What the extractor reads: entities as columns, names by key. Built
    in memory as lists and dicts; read from ``index.bin`` as views of the
    mapped file with the same access (indexing, ``in``, ``get``)."""

    iris: Sequence[str]
    labels: Sequence[str]
    types: Sequence[str]
    sources: Sequence[str]
    #: whether an entity makes a sentence technical (a tool, a language, the sourced graph's skills, ...)
    technical: Sequence[bool]
    #: whether an entity is a programming language (for R, C, Go: see names)
    languages: Sequence[bool]
    #: how many jobs need it, as a share of the most needed: ln(1 + n) / ln(1 + max n)
    prior: Sequence[float]
    #: the entity's broader skills (indexes)
    broader: Sequence[Sequence[int]]
    #: name key → [(entity or TITLE / TECH_TITLE, kind, the name as written, flags)]
    names: Mapping[str, Sequence[Entry]]
    #: every proper prefix of a name key (so a scan stops early)
    prefixes: Set[str]
    #: per entity: (stems of a name, kind, flags) for each of its names
    name_terms: Sequence[Sequence[NameTerms]]
    #: stem → inverse document frequency over names and descriptions
    idf: Mapping[str, float]
    #: the stop words queries leave out (those the BM25 indexes were built without)
    stop: frozenset[str] = frozenset()
    #: where the index file is (None: built, in memory)
    directory: Path | None = None
    _retrievers: dict[str, Postings] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.iris)

    def retriever(self, part: str) -> Postings:
        """The BM25 index of ``names`` or ``description``."""
        return self._retrievers[part]


class Postings:
    """A BM25 index as bm25s computes it ahead of time: the score of each
    term in each document that has it, by term (compressed sparse columns:
    ``indptr`` into ``indices`` and ``data``), and the term ids
    (``vocab``). :meth:`scores` adds them up as bm25s's ``get_scores``
    does (its numpy backend), to the same float32 values — without loading
    bm25s."""

    def __init__(
        self, vocab: Mapping[str, int], data: numpy.ndarray, indices: numpy.ndarray, indptr: numpy.ndarray, num_docs: int, dtype: str, int_dtype: str, ordered: bool
    ):
        self.vocab, self.data, self.indices, self.indptr = vocab, data, indices, indptr
        self.num_docs, self.dtype, self.int_dtype = num_docs, dtype, int_dtype
        #: whether each term's documents are in increasing order (as bm25s builds them)
        self.ordered = ordered

    @classmethod
    def of(cls, retriever: Any) -> Postings:
        """The postings of a bm25s ``BM25`` (numpy backend, no non-occurrence scores)."""
        import numpy as np

        s = retriever.scores
        if getattr(retriever, "nonoccurrence_array", None) is not None:
            raise ValueError("a BM25 variant with non-occurrence scores")
        indices, indptr = s["indices"], s["indptr"]
        # increasing within each term: every step up, but where a term starts
        up = np.diff(indices) > 0
        starts = indptr[1:-1]
        up[starts[(starts > 0) & (starts < len(indices))] - 1] = True
        return cls(retriever.vocab_dict, s["data"], indices, indptr, int(s["num_docs"]), str(retriever.dtype), str(retriever.int_dtype), bool(up.all()))

    def ids(self, query: Iterable[str]) -> list[int]:
        """The ids of the terms of ``query`` the index has (bm25s's ``get_tokens_ids``)."""
        get = self.vocab.get
        return [i for i in (get(t) for t in query) if i is not None]

    def scores(self, ids: Sequence[int]) -> numpy.ndarray:
        """Each document's score for the terms ``ids`` (bm25s's ``get_scores``)."""
        import numpy as np

        q = np.asarray(ids, dtype=self.int_dtype)
        starts, ends = self.indptr[q], self.indptr[q + 1]
        out = np.zeros(self.num_docs, dtype=self.dtype)
        for start, end in zip(starts, ends):
            np.add.at(out, self.indices[start:end], self.data[start:end])
        return out

    def among(self, term: str, docs: numpy.ndarray) -> set[int]:
        """Those of ``docs`` that have ``term``."""
        import numpy as np

        tid = self.vocab.get(term)
        if tid is None or not len(docs):
            return set()
        lo, hi = self.indptr[tid], self.indptr[tid + 1]
        having = self.indices[lo:hi]
        if not self.ordered:
            return set(docs[np.isin(docs, having)].tolist())
        if not len(having):
            return set()
        docs = docs.astype(having.dtype, copy=False)
        at = np.minimum(np.searchsorted(having, docs), len(having) - 1)
        return set(docs[having[at] == docs].tolist())

    def has(self, doc: int, term: str) -> bool:
        """Whether document ``doc`` has ``term``."""
        tid = self.vocab.get(term)
        if tid is None:
            return False
        lo, hi = self.indptr[tid], self.indptr[tid + 1]
        return bool((self.indices[lo:hi] == doc).any())


# ---------------------------------------------------------------- views of the packed file


#: How many look-ups a view remembers (then it starts again).
_REMEMBER = 1 << 16
_NONE: Any = object()


class Keys(Set[str]):
    """A string table with its hash table (:func:`~rolegraph.projection.cache.iri_hash`):
    the row of a string, remembered once asked. As a set: the strings whose
    row has ``marks`` set (all, without ``marks``)."""

    def __init__(self, strings: Strings, table: memoryview, marks: memoryview | None = None, rows: dict[str, int] | None = None):
        self.strings, self.table, self.marks = strings, table, marks
        self._rows: dict[str, int] = {} if rows is None else rows

    def marked(self, marks: memoryview) -> Keys:
        """The same table as the set of the strings whose row has ``marks`` set."""
        return Keys(self.strings, self.table, marks, self._rows)

    def row(self, text: str) -> int:
        """The row of ``text``, or -1."""
        found = self._rows.get(text)
        if found is None:
            if len(self._rows) >= _REMEMBER:
                self._rows.clear()
            at = self.strings.find_hashed(text, self.table)
            found = self._rows[text] = -1 if at is None else at
        return found

    def __contains__(self, text: object) -> bool:
        if not isinstance(text, str):
            return False
        row = self.row(text)
        return row >= 0 and (self.marks is None or bool(self.marks[row]))

    def __len__(self) -> int:
        return len(self.strings) if self.marks is None else sum(1 for m in self.marks.tolist() if m)

    def __iter__(self) -> Iterator[str]:
        marks = self.marks
        return (s for i, s in enumerate(self.strings) if marks is None or marks[i])


class _Values(Mapping[str, Any]):
    """String → the value at its row in ``values`` (rows past its end have none)."""

    def __init__(self, keys: Keys, values: memoryview):
        self.keys_, self.column = keys, values
        self._found: dict[str, Any] = {}

    def __getitem__(self, text: str) -> Any:
        found = self.get(text, _NONE)
        if found is _NONE:
            raise KeyError(text)
        return found

    def get(self, text: str, default: Any = None) -> Any:
        found = self._found.get(text, _NONE)
        if found is _NONE:
            if len(self._found) >= _REMEMBER:
                self._found.clear()
            row = self.keys_.row(text)
            found = self._found[text] = self.column[row] if 0 <= row < len(self.column) else None
        return default if found is None else found

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and 0 <= self.keys_.row(text) < len(self.column)

    def __len__(self) -> int:
        return len(self.column)

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_.strings[: len(self.column)])


class _Ids(Mapping[str, int]):
    """String → the id at its row in ``ids`` (-1: none)."""

    def __init__(self, keys: Keys, ids: memoryview):
        self.keys_, self.ids = keys, ids

    def get(self, text: str, default: Any = None) -> Any:
        row = self.keys_.row(text)
        found = self.ids[row] if row >= 0 else -1
        return found if found >= 0 else default

    def __getitem__(self, text: str) -> int:
        found = self.get(text)
        if found is None:
            raise KeyError(text)
        return found  # type: ignore[no-any-return]

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.get(text) is not None

    def __len__(self) -> int:
        return sum(1 for i in self.ids.tolist() if i >= 0)

    def __iter__(self) -> Iterator[str]:
        ids = self.ids
        return (s for i, s in enumerate(self.keys_.strings) if ids[i] >= 0)


class _Names(Mapping[str, Sequence[Entry]]):
    """Name key → its names: rows ``ptr[k]`` to ``ptr[k + 1]`` of ``entity``, ``kind``, ``forms``, ``flags``."""

    def __init__(self, keys: Keys, ptr: memoryview, entity: memoryview, kind: memoryview, flags: memoryview, forms: Strings):
        self.keys_, self.ptr, self.entity, self.kind, self.flags, self.forms = keys, ptr, entity, kind, flags, forms
        self._found: dict[int, list[Entry]] = {}

    def _rows(self, text: object) -> tuple[int, int]:
        row = self.keys_.row(text) if isinstance(text, str) else -1
        return (self.ptr[row], self.ptr[row + 1]) if row >= 0 else (0, 0)

    def __contains__(self, text: object) -> bool:
        lo, hi = self._rows(text)
        return hi > lo

    def __getitem__(self, text: str) -> list[Entry]:
        row = self.keys_.row(text)
        found = self._found.get(row)
        if found is None:
            lo, hi = self._rows(text)
            if hi <= lo:
                raise KeyError(text)
            if len(self._found) >= _REMEMBER:
                self._found.clear()
            forms = self.forms.take(range(lo, hi))
            found = self._found[row] = [(self.entity[r], self.kind[r], form, self.flags[r]) for r, form in zip(range(lo, hi), forms)]
        return found

    def __len__(self) -> int:
        ptr = self.ptr.tolist()
        return sum(1 for a, b in zip(ptr, ptr[1:]) if b > a)

    def __iter__(self) -> Iterator[str]:
        ptr = self.ptr
        return (s for i, s in enumerate(self.keys_.strings) if ptr[i + 1] > ptr[i])


class _Rows(Sequence[list[int]]):
    """Compressed sparse rows: row ``i`` is ``values[ptr[i]:ptr[i + 1]]``."""

    def __init__(self, ptr: memoryview, values: memoryview):
        self.ptr, self.values = ptr, values

    def __len__(self) -> int:
        return len(self.ptr) - 1

    def __getitem__(self, i: int) -> list[int]:  # type: ignore[override]
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.values[self.ptr[i] : self.ptr[i + 1]].tolist()  # type: ignore[no-any-return]


class _Coded(Sequence[str]):
    """A column of few distinct strings: ``names[codes[i]]``."""

    def __init__(self, codes: memoryview, names: list[str]):
        self.codes, self.names = codes, names

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        return self.names[self.codes[i]]


class _NameTerms(Sequence[list[NameTerms]]):
    """Per entity, its names' stems: names ``ptr[e]`` to ``ptr[e + 1]``, each
    with ``kind``, ``flags`` and the terms ``tids[tptr[n]:tptr[n + 1]]``."""

    def __init__(self, ptr: memoryview, kind: memoryview, flags: memoryview, tptr: memoryview, tids: memoryview, terms: Strings):
        self.ptr, self.kind, self.flags, self.tptr, self.tids, self.terms = ptr, kind, flags, tptr, tids, terms
        self._found: dict[int, list[NameTerms]] = {}

    def __len__(self) -> int:
        return len(self.ptr) - 1

    def __getitem__(self, e: int) -> list[NameTerms]:  # type: ignore[override]
        found = self._found.get(e)
        if found is None:
            if not 0 <= e < len(self):
                raise IndexError(e)
            if len(self._found) >= _REMEMBER:
                self._found.clear()
            tptr = self.tptr
            found = self._found[e] = [(self.terms.take(self.tids[tptr[n] : tptr[n + 1]].tolist()), self.kind[n], self.flags[n]) for n in range(self.ptr[e], self.ptr[e + 1])]
        return found


# ---------------------------------------------------------------- reading and writing


def index_for(store: Store, progress: Callable[[str], None] | None = None) -> Index:
    """The index of ``store``: read from beside the compiled store, built
    (and written there) when missing or stale — saying so to ``progress`` —
    or kept in memory with the projection."""
    proj = store.projection
    return proj.memo("extract-index", lambda _p: _open(store, progress))  # type: ignore[no-any-return]


def index_of_projection(proj: Projection) -> Index:
    """An index of the names alone (no hidden labels or descriptions, which
    only the store holds), for callers that have only a projection."""
    return proj.memo("extract-index-names", lambda p: _build(p, {}, {}))  # type: ignore[no-any-return]


def _open(store: Store, progress: Callable[[str], None] | None = None) -> Index:
    from ..store.local import LocalStore

    location = store.location if isinstance(store, LocalStore) else None
    if location is None:
        return _build(store.projection, *_from_store(store))
    directory = location / DIRNAME
    stamp = _stamp(location)
    found = read(directory, stamp)
    if found is not None:
        return found
    if progress:
        progress(f"building the skill extractor's index of {len(store.projection):,} entities (once for this data)")
    built = _build(store.projection, *_from_store(store))
    try:
        write(built, location, stamp)
    except OSError:
        pass  # a read-only cache: keep it in memory
    return built


def _stamp(location: Path) -> list[Any]:
    """What identifies the compiled store: its ``meta.json`` (rewritten by
    every compile) by size, time and inode."""
    try:
        st = (location / "meta.json").stat()
        return [FORMAT, st.st_size, st.st_mtime_ns, st.st_ino]
    except OSError:
        return [FORMAT]


def _file_id(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]


def read(directory: Path, stamp: list[Any]) -> Index | None:
    """The index in ``directory`` if its marker records ``stamp``, else None
    (also for a missing, truncated or damaged one)."""
    try:
        marker = json.loads((directory / "marker.json").read_text(encoding="utf-8"))
        if not isinstance(marker, dict) or marker.get("stamp") != stamp:
            return None
        path = directory / FILE
        st = path.stat()
        raw = map_file(path)
        if len(raw) != marker["size"]:
            return None
        if _file_id(st) != marker["file"] and zlib.crc32(raw) != marker["crc"]:
            return None  # written since the marker, and not the file it describes
        index = _from_fields(unpack(path, raw), directory)
        if len(index) != marker["entities"]:
            return None
        return index
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError, AttributeError):
        return None


def write(index: Index, location: Path, stamp: list[Any]) -> None:
    """Write the index into ``location/extract-index`` atomically: built in a
    temporary directory, renamed into place, the marker written last."""
    final = location / DIRNAME
    tmp = location / f"{DIRNAME}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        blob = pack(_fields(index))
        (tmp / FILE).write_bytes(blob)
        marker = {"stamp": stamp, "entities": len(index), "size": len(blob), "crc": zlib.crc32(blob), "file": _file_id(os.stat(tmp / FILE))}
        del blob
        (tmp / "marker.json").write_text(json.dumps(marker), encoding="utf-8")
        if final.exists():
            stale = location / f"{DIRNAME}.stale-{os.getpid()}"
            os.replace(final, stale)
            shutil.rmtree(stale, ignore_errors=True)
        os.replace(tmp, final)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)
        if not (final / "marker.json").is_file():
            raise
        return  # another process put its index in place first
    index.directory = final


class _Table(Strings):
    """A list of strings for :func:`~rolegraph.projection.cache.pack` to
    write as a string table (it reads it only by iterating)."""

    def __init__(self, values: Sequence[str]):
        self.values = values

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)


def _ints(values: Iterable[Any], code: str = "I") -> bytes:
    return array(code, values).tobytes()


def _csr(rows: Iterable[Sequence[Any]]) -> tuple[bytes, list[Any]]:
    """Row pointers (uint32, or uint64 past 2³² values) and the values, flattened."""
    ptr: list[int] = [0]
    flat: list[Any] = []
    for r in rows:
        flat += r
        ptr.append(len(flat))
    return _ints(ptr, "Q" if len(flat) >= 1 << 32 else "I"), flat


def _fields(index: Index) -> dict[str, Any]:
    """The built index as the fields of ``index.bin`` (see the module)."""
    n = len(index)
    types = list(dict.fromkeys(index.types))
    sources = list(dict.fromkeys(index.sources))
    type_code, source_code = {t: i for i, t in enumerate(types)}, {s: i for i, s in enumerate(sources)}
    broader_ptr, broader = _csr(index.broader)
    # name keys: the names', then the prefixes that are not names
    keys = list(index.names)
    seen = set(keys)
    keys += sorted(p for p in index.prefixes if p not in seen)
    key_ptr, entries = _csr([index.names.get(k, ()) for k in keys])
    # terms: idf's, then any name stem or BM25 term without one
    terms_ = list(index.idf)
    term_id = {t: i for i, t in enumerate(terms_)}

    def tid(t: str) -> int:
        found = term_id.get(t)
        if found is None:
            found = term_id[t] = len(terms_)
            terms_.append(t)
        return found

    name_rows = [row for own in index.name_terms for row in own]
    nt_ptr = _ints(_accumulate(len(own) for own in index.name_terms))
    nt_tptr, nt_terms = _csr([[tid(t) for t in stems_] for stems_, _kind, _flags in name_rows])
    for postings in index._retrievers.values():
        for t in postings.vocab:
            tid(t)
    fields: dict[str, Any] = {
        "n": n,
        "iris": list(index.iris),
        "labels": list(index.labels),
        "type_names": types,
        "type_of": _ints(type_code[t] for t in index.types),
        "source_names": sources,
        "source_of": _ints(source_code[s] for s in index.sources),
        "technical": bytes(bool(v) for v in index.technical),
        "languages": bytes(bool(v) for v in index.languages),
        "prior": _ints(index.prior, "d"),
        "broader_ptr": broader_ptr,
        "broader": _ints(broader),
        "keys": _Table(keys),
        "key_hash": iri_hash(keys),
        "key_prefix": bytes(k in index.prefixes for k in keys),
        "key_ptr": key_ptr,
        "entity": _ints((e[0] for e in entries), "i"),
        "kind": bytes(e[1] for e in entries),
        "flags": bytes(e[3] for e in entries),
        "forms": _Table([e[2] for e in entries]),
        "terms": _Table(terms_),
        "term_hash": iri_hash(terms_),
        "idf": _ints(index.idf.values(), "d"),
        "nt_ptr": nt_ptr,
        "nt_kind": bytes(r[1] for r in name_rows),
        "nt_flags": bytes(r[2] for r in name_rows),
        "nt_tptr": nt_tptr,
        "nt_terms": _ints(nt_terms),
        "stop": sorted(index.stop),
    }
    for part, postings in index._retrievers.items():
        ids = array("i", [-1]) * len(terms_)
        for t, i in postings.vocab.items():
            ids[term_id[t]] = i
        fields[f"{part}_ids"] = ids.tobytes()
        for name in ("data", "indices", "indptr"):
            fields[f"{part}_{name}"] = getattr(postings, name).tobytes()
        fields[f"{part}_meta"] = {
            "num_docs": postings.num_docs,
            "dtype": postings.dtype,
            "int_dtype": postings.int_dtype,
            "ordered": postings.ordered,
            **{name: getattr(postings, name).dtype.str for name in ("data", "indices", "indptr")},
        }
    return fields


def _accumulate(counts: Iterable[int]) -> list[int]:
    out = [0]
    for c in counts:
        out.append(out[-1] + c)
    return out


def _ptr(mv: memoryview, rows: int, size: int) -> memoryview:
    """A row-pointer column (uint32, or uint64: see :func:`_csr`), checked:
    ``rows + 1`` entries from 0, ending within ``size``."""
    ptr = mv.cast("I" if len(mv) == 4 * (rows + 1) else "Q")
    if len(ptr) != rows + 1 or ptr[0] != 0 or ptr[rows] > size:
        raise ValueError("a row pointer column does not fit")
    return ptr


def _from_fields(f: dict[str, Any], directory: Path) -> Index:
    """The index over the fields of a mapped ``index.bin``; raises
    ValueError (or KeyError, TypeError) where the file does not hold together."""
    n = f["n"]
    iris, labels = f["iris"], f["labels"]
    if not isinstance(iris, Strings) or not isinstance(labels, Strings) or len(iris) != n or len(labels) != n:
        raise ValueError("the entity columns do not fit")
    columns = {name: f[name].cast(code) for name, code in (("type_of", "I"), ("source_of", "I"), ("technical", "?"), ("languages", "?"), ("prior", "d"))}
    if any(len(c) != n for c in columns.values()):
        raise ValueError("the entity columns do not fit")
    keys, forms, terms_ = f["keys"], f["forms"], f["terms"]
    entity, kind, flags = f["entity"].cast("i"), f["kind"], f["flags"]
    if not len(entity) == len(kind) == len(flags) == len(forms):
        raise ValueError("the names do not fit")
    key_prefix = f["key_prefix"]
    if len(key_prefix) != len(keys):
        raise ValueError("the name keys do not fit")
    key_table = Keys(keys, f["key_hash"].cast("I"))
    idf = f["idf"].cast("d")
    term_keys = Keys(terms_, f["term_hash"].cast("I"))
    nt_kind, nt_flags = f["nt_kind"], f["nt_flags"]
    nt_terms = f["nt_terms"].cast("I")
    if len(nt_kind) != len(nt_flags) or len(idf) > len(terms_):
        raise ValueError("the name terms do not fit")
    broader = f["broader"].cast("I")
    index = Index(
        iris=iris,
        labels=labels,
        types=_Coded(columns["type_of"], f["type_names"]),
        sources=_Coded(columns["source_of"], f["source_names"]),
        technical=cast("Sequence[bool]", columns["technical"]),
        languages=cast("Sequence[bool]", columns["languages"]),
        prior=cast("Sequence[float]", columns["prior"]),
        broader=_Rows(_ptr(f["broader_ptr"], n, len(broader)), broader),
        names=_Names(key_table, _ptr(f["key_ptr"], len(keys), len(entity)), entity, kind, flags, forms),
        prefixes=key_table.marked(key_prefix),
        name_terms=_NameTerms(_ptr(f["nt_ptr"], n, len(nt_kind)), nt_kind, nt_flags, _ptr(f["nt_tptr"], len(nt_kind), len(nt_terms)), nt_terms, terms_),
        idf=_Values(term_keys, idf),
        stop=frozenset(f["stop"]),
        directory=directory,
    )
    if n:
        import numpy as np

        for part in PARTS:
            meta = f[f"{part}_meta"]
            ids = f[f"{part}_ids"].cast("i")
            if len(ids) != len(terms_):
                raise ValueError("a BM25 vocabulary does not fit")
            data, indices, indptr = (np.frombuffer(f[f"{part}_{name}"], dtype=meta[name]) for name in ("data", "indices", "indptr"))
            # bm25s's vocabulary may end with "", a term of no document: one id past indptr
            if len(data) != len(indices) or not 0 < len(indptr) <= len(ids) + 1 or indptr[-1] > len(data):
                raise ValueError("a BM25 index does not fit")
            index._retrievers[part] = Postings(_Ids(term_keys, ids), data, indices, indptr, meta["num_docs"], meta["dtype"], meta["int_dtype"], meta["ordered"] is True)
    return index


def _english(lit: Any) -> bool:
    lang = getattr(lit, "language", None) or ""
    return lang == "" or lang.lower().startswith("en")


def _from_store(store: Store) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Hidden labels and definitions of every entity, from the store (by the
    entity each IRI is joined into)."""
    proj = store.projection
    hidden: dict[str, list[str]] = {}
    definitions: dict[str, list[str]] = {}
    for query, out, var in ((Q_HIDDEN, hidden, "h"), (Q_DEFINITIONS, definitions, "d")):
        for row in store.select(query):
            term = row.get("e")
            lit = row.get(var)
            if term is None or lit is None or not _english(lit):
                continue
            entity = proj.canonical(term.value)
            if entity is not None:
                values = out.setdefault(entity, [])
                if lit.value not in values:
                    values.append(lit.value)
    return hidden, definitions


def _flags(name: str, label: str, kind: int) -> int:
    words = [m.group() for m in WORD.finditer(name)]
    if not words:
        return 0
    flags = 0
    letters = "".join(words)
    if len(words) == 1 and len(letters) <= 2 and not any(c in letters for c in "+#"):
        flags |= AMBIGUOUS | SHORT
    elif len(words) == 1 and words[0].casefold() in lexicon.COMMON_NAMES:
        flags |= AMBIGUOUS
    if key(name) in lexicon.GENERIC_SKILLS or (len(words) <= 2 and all(w.casefold() in lexicon.GENERIC_SKILLS for w in words)):
        flags |= AMBIGUOUS | GENERIC
    elif kind != LABEL and len(words) <= 2 and not flags & SHORT:
        # "problem solving" for "data-driven problem solving": a name more
        # general than the entity it names says less than it seems.
        own, full = set(stems(w.casefold() for w in words)), set(stems(m.group().casefold() for m in WORD.finditer(label)))
        if own < full:
            flags |= AMBIGUOUS | GENERIC
    return flags


_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")


def _variants(names: Iterable[str]) -> list[tuple[str, bool]]:
    """Each name, and the name without a trailing qualifier in brackets
    ("Java (computer programming)" is also "Java"), marked True."""
    out: list[tuple[str, bool]] = []
    for name in names:
        out.append((name, False))
        bare = _QUALIFIER.sub("", name)
        if bare and bare != name:
            out.append((bare, True))
    return out


def _technical(proj: Projection, iri: str, label: str, definitions: list[str]) -> bool:
    classes = proj.classes(iri)
    if "Tool" in classes or "ProgrammingLanguage" in classes:
        return True
    if iri.startswith(BASE) and "/onet/" not in iri:
        return True  # the sourced graph is about data work
    text = " ".join([label, *definitions[:1]])
    return any(w.casefold() in lexicon.TECH_CUES or w.casefold() in lexicon.TECH_TOPICS for w in WORD.findall(text))


def _build(proj: Projection, hidden: dict[str, list[str]], definitions: dict[str, list[str]]) -> Index:
    entities = list(dict.fromkeys([*proj.of_type("Skill"), *proj.of_type("Tool")]))
    position = {iri: i for i, iri in enumerate(entities)}
    labels = [proj.label(e) for e in entities]
    names: dict[str, list[tuple[int, int, str, int]]] = {}
    name_terms: list[list[tuple[list[str], int, int]]] = []
    name_docs: list[list[str]] = []
    desc_docs: list[list[str]] = []
    for i, iri in enumerate(entities):
        own: list[tuple[list[str], int, int]] = []
        doc: list[str] = []
        seen: set[str] = set()
        for kind, values in ((LABEL, [labels[i]]), (ALT, proj.alt_labels(iri)), (HIDDEN, hidden.get(iri, []))):
            for name, bare in _variants(values):
                k = key(name)
                if not k or (k, kind) in seen:
                    continue
                seen.add((k, kind))  # type: ignore[arg-type]
                flags = _flags(name, labels[i], kind)
                if bare and len(k.split()) == 1:
                    flags |= AMBIGUOUS  # "Source (digital game creation systems)" as "Source"
                names.setdefault(k, []).append((i, kind, name.strip(), flags))
                t = terms(name)
                # A name with one-letter words (A/B tests, k-NN) cannot be
                # told from its other words alone: it counts only as a name.
                own.append(([] if any(len(w) == 1 for w in k.split()) else t, kind, flags))
                doc += t
        name_terms.append(own)
        name_docs.append(doc)
        tasks = [proj.label(t) for t in proj.sources_of(iri, RG.involvesSkill, RG.involvesTool)]
        desc_docs.append(terms(" ".join([*definitions.get(iri, []), *tasks])))
    for kind_name in _JOBS:
        for job in proj.of_type(kind_name):
            technical = job.startswith(BASE) and "/onet/" not in job or any(m.startswith(BASE) and "/onet/" not in m for m in proj.members(job))
            for name in [proj.label(job), *proj.alt_labels(job)]:
                k = key(name)
                if len(k.split()) > 1 or len(k) > 3:
                    names.setdefault(k, []).append((TECH_TITLE if technical else TITLE, LABEL, name.strip(), 0))
    prefixes = {" ".join(k.split()[:n]) for k in names for n in range(1, len(k.split()))}
    needed = [len({s for p, s in proj.in_edges(iri) if p in _NEEDS}) for iri in entities]
    top = max(needed, default=0)
    prior = [round(math.log1p(n) / math.log1p(top), 4) if top else 0.0 for n in needed]
    broader = [[position[b] for b in proj.targets(iri, SKOS.broader, RG.exampleOf) if b in position] for iri in entities]
    df: dict[str, int] = {}
    for in_names, in_description in zip(name_docs, desc_docs):
        for term in set(in_names) | set(in_description):
            df[term] = df.get(term, 0) + 1
    n = max(len(entities), 1)
    idf = {term: round(math.log(1 + n / c), 4) for term, c in df.items()}
    index = Index(
        iris=entities,
        labels=labels,
        types=[proj.type(e) for e in entities],
        sources=[(proj.dataset_ids(proj.member_datasets(e)) or [""])[0] for e in entities],
        technical=[_technical(proj, e, labels[i], definitions.get(e, [])) for i, e in enumerate(entities)],
        languages=["ProgrammingLanguage" in proj.classes(e) for e in entities],
        prior=prior,
        broader=broader,
        names=names,
        prefixes=prefixes,
        name_terms=name_terms,
        idf=idf,
        stop=stop_words(),
    )
    if entities:
        index._retrievers["names"] = Postings.of(_bm25(name_docs))
        index._retrievers["description"] = Postings.of(_bm25(desc_docs))
    return index


#: A term no text has, for a document with no words (bm25s needs one).
_EMPTY = "\x00"


def _bm25(docs: Iterable[list[str]]) -> Any:
    import bm25s

    retriever = bm25s.BM25()
    retriever.index([d or [_EMPTY] for d in docs], show_progress=False)
    return retriever
