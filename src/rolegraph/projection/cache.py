"""The projection's cache format: files beside the compiled store that a
cold command maps rather than reads.

Every field the projection holds is listed once in :data:`FIELDS` with the
part (file) it lives in. The head (what ``stats`` needs) is a small
``marshal`` file read when a store opens. The large parts (entity columns,
links as compressed sparse rows, names) are **packed**: each array is stored
as raw bytes and each list of strings as an offsets array plus one UTF-8
blob, at offsets a table of contents gives, and the file is memory-mapped, so
a command that touches a handful of entities reads a handful of pages —
looking an IRI up is a binary search in the sorted IRI column, a name a
binary search in the name index written here (:func:`name_index`) — however
large the graph. Small parts (ratings) stay ``marshal``.

The head carries a checksum of itself, checked before it is read, and the
size and checksum of each part: a truncated or replaced part is noticed at
open, a damaged one (a flipped bit, zeroed bytes) before it is first used,
unless the part is the file this store wrote and nothing has written to it
since (its size, modification time, change time and inode are those recorded
when it was last verified: see :mod:`rolegraph.store.local`). Adding a
field: compute it in :meth:`~rolegraph.projection.builder.ProjectionBuilder.build`,
list it here, and raise :data:`VERSION`.
"""

from __future__ import annotations

import marshal
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, overload

from ..errors import StoreError

#: The cache format; part of every compiled store's key, so a change rebuilds.
VERSION = "16"

#: field → part. ``head`` is read at open; the others on first use.
FIELDS: dict[str, str] = {
    "triples": "head",
    "counts": "head",
    "facts": "head",
    "datasets": "head",
    "warnings": "head",
    "members": "head",
    "predicate_labels": "head",
    "evidence": "head",
    "edge_evidence": "head",
    "node_evidence": "head",
    "iris": "core",
    "labels": "core",
    "kinds": "core",
    "kind_of": "core",
    "class_sets": "core",
    "class_of": "core",
    "preds": "core",
    "having": "core",
    "out": "core",
    "in": "core",
    "node_datasets": "core",
    "edge_datasets": "core",
    "by_label": "core",
    "type_rows": "core",
    "iri_hash": "core",
    "ratings": "ratings",
    "hot": "ratings",
    "alt_ptr": "alts",
    "alt_text": "alts",
    "name_keys": "names",
    "name_ptr": "names",
    "name_rows": "names",
    "name_ids": "names",
}
PARTS: tuple[str, ...] = tuple(dict.fromkeys(FIELDS.values()))
#: The parts written packed (memory-mapped when read); the others are ``marshal``.
PACKED = frozenset({"core", "alts", "names"})
#: The lists of strings a packed part keeps as string tables (see :class:`Strings`).
STRING_TABLES = frozenset({"iris", "labels", "alt_text", "name_keys"})
#: In ``name_rows``, the bit marking a row found by an alternative label.
ALT = 1 << 31


#: The head file starts with this, then the CRC-32 of the rest (4 bytes, big-endian).
MAGIC = b"rolegraph projection\n"
#: A packed part starts with this, then the length of its table of contents
#: (8 bytes, little-endian), the table (``marshal``), then the sections.
PACKED_MAGIC = b"rolegraph packed\n"


def _path(directory: Path, part: str) -> Path:
    if part == "head":
        return directory / "projection.marshal"
    return directory / f"projection-{part}.{'bin' if part in PACKED else 'marshal'}"


def paths(directory: Path) -> list[Path]:
    """Every file of the projection in ``directory``, the head first."""
    return [_path(directory, part) for part in PARTS]


# ---------------------------------------------------------------- derived fields


def name_index(data: Mapping[str, Any]) -> dict[str, Any]:
    """The name index of the packed form: every normalised preferred and
    alternative label, sorted (``name_keys``), with the rows it names
    (``name_ptr`` into ``name_rows``: preferred-label rows first, in IRI
    order, then alternative-label rows marked with :data:`ALT`); and the
    local ids of the ``rg:`` entities and joined members, case-folded
    (``name_ids``). The same look-ups as
    :class:`~rolegraph.lookup.names.NameIndex`, without building it."""
    from ..vocab import BASE, local_id
    from .names import normalise

    iris, labels = data["iris"], data["labels"]
    ptr = memoryview(data["alt_ptr"]).cast("I")
    text = data["alt_text"]
    pref: dict[str, list[int]] = {}
    alt: dict[str, list[int]] = {}
    ids: dict[str, str] = {}
    for i, (iri, label) in enumerate(zip(iris, labels)):
        pref.setdefault(normalise(label), []).append(i)
        if iri.startswith(BASE):
            ids[local_id(iri).casefold()] = iri
        for name in text[ptr[i] : ptr[i + 1]]:
            rows = alt.setdefault(normalise(name), [])
            if not rows or rows[-1] != i:
                rows.append(i)
    for canonical, members in data["members"].items():
        for member in members:
            if member[0] != canonical and member[0].startswith(BASE):
                ids.setdefault(local_id(member[0]).casefold(), canonical)
    keys = sorted(pref.keys() | alt.keys(), key=lambda k: k.encode("utf-8", "surrogatepass"))
    offsets: list[int] = [0]
    rows_out: list[int] = []
    for key in keys:
        rows_out += pref.get(key, ())
        rows_out += [r | ALT for r in alt.get(key, ())]
        offsets.append(len(rows_out))
    return {"name_keys": keys, "name_ptr": array("I", offsets).tobytes(), "name_rows": array("I", rows_out).tobytes(), "name_ids": ids}


def by_label(data: Mapping[str, Any]) -> dict[str, Any]:
    """The rows in the order entities are listed — by label (case-folded),
    then IRI — all of them (``by_label``) and those of each core type or
    class (``type_rows``: what :meth:`~rolegraph.projection.view.Projection.of_type`
    answers)."""
    iris, labels = data["iris"], data["labels"]
    order = sorted(range(len(iris)), key=lambda i: (labels[i].casefold(), iris[i]))
    kinds, sets = data["kinds"], data["class_sets"]
    kind_of, class_of = memoryview(data["kind_of"]).cast("I"), memoryview(data["class_of"]).cast("I")
    rows: dict[str, array[int]] = {}
    for i in order:
        for name in {kinds[kind_of[i]], *sets[class_of[i]]}:
            rows.setdefault(name, array("I")).append(i)
    return {"by_label": array("I", order).tobytes(), "type_rows": {name: r.tobytes() for name, r in sorted(rows.items())}}


def iri_hash(iris: Sequence[str]) -> bytes:
    """An open-addressing hash table of the IRI column: slot
    ``crc32(iri) & (size - 1)`` onwards (linear probing) holds the IRI's
    row + 1, 0 marking an empty slot; at most half full."""
    size = 8
    while size < 2 * len(iris):
        size *= 2
    mask = size - 1
    table = array("I", bytes(4 * size))
    crc32 = zlib.crc32
    for row, iri in enumerate(iris):
        slot = crc32(iri.encode("utf-8", "surrogatepass")) & mask
        while table[slot]:
            slot = (slot + 1) & mask
        table[slot] = row + 1
    return table.tobytes()


# ---------------------------------------------------------------- packing


def pack(fields: Mapping[str, Any]) -> bytes:
    """A packed part: each ``bytes`` value a raw section, each list of
    strings an offsets array and a blob, tuples and dicts of those
    recursively; anything else kept in the table of contents."""
    sections: list[bytes] = []
    size = 0

    def section(blob: bytes) -> tuple[int, int]:
        nonlocal size
        start = size
        sections.append(blob)
        size += len(blob)
        pad = -size % 8
        if pad:
            sections.append(b"\0" * pad)
            size += pad
        return start, len(blob)

    def encode(value: Any, table: bool = False) -> tuple[Any, ...]:
        if isinstance(value, bytes):
            return ("b", *section(value))
        if isinstance(value, Strings) or (isinstance(value, list) and all(type(v) is str for v in value) and table):
            encoded = [v.encode("utf-8", "surrogatepass") for v in value]
            blob = b"".join(encoded)
            offsets = array("Q" if len(blob) >= 1 << 32 else "I", [0])
            total = 0
            for e in encoded:
                total += len(e)
                offsets.append(total)
            return ("s", offsets.typecode, *section(offsets.tobytes()), *section(blob))
        if isinstance(value, tuple) and any(isinstance(v, bytes) for v in value):
            return ("t", [encode(v) for v in value])
        if isinstance(value, dict) and value and all(isinstance(v, bytes) for v in value.values()):
            return ("d", {k: encode(v) for k, v in value.items()})
        return ("m", value)

    toc = marshal.dumps({name: encode(value, name in STRING_TABLES) for name, value in fields.items()})
    head = PACKED_MAGIC + len(toc).to_bytes(8, "little") + toc
    head += b"\0" * (-len(head) % 8)
    return head + b"".join(sections)


class Strings(Sequence[str]):
    """A list of strings in a packed part, decoded one at a time."""

    def __init__(self, offsets: memoryview, blob: memoryview):
        self._offsets, self._blob = offsets, blob

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return str(self._blob[self._offsets[i] : self._offsets[i + 1]], "utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        blob = self._blob.tobytes()
        offsets = self._offsets.tolist()
        for a, b in zip(offsets, offsets[1:]):
            yield str(blob[a:b], "utf-8", "surrogatepass")

    def take(self, rows: Iterable[int]) -> list[str]:
        """The strings at ``rows``, in that order."""
        offsets, blob = self._offsets, self._blob
        return [str(blob[offsets[i] : offsets[i + 1]], "utf-8", "surrogatepass") for i in rows]

    def find_hashed(self, text: str, table: memoryview) -> int | None:
        """The position of ``text``, through a hash table made by :func:`iri_hash`."""
        key = text.encode("utf-8", "surrogatepass")
        offsets, blob = self._offsets, self._blob
        mask = len(table) - 1
        slot = zlib.crc32(key) & mask
        while True:
            row = table[slot]
            if not row:
                return None
            if blob[offsets[row - 1] : offsets[row]] == key:
                return row - 1
            slot = (slot + 1) & mask

    def find(self, text: str) -> int | None:
        """The position of ``text`` in a list sorted by UTF-8 bytes (code
        points), or None."""
        key = text.encode("utf-8", "surrogatepass")
        offsets, blob = self._offsets, self._blob
        lo, hi = 0, len(offsets) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if blob[offsets[mid] : offsets[mid + 1]].tobytes() < key:
                lo = mid + 1
            else:
                hi = mid
        if lo < len(offsets) - 1 and blob[offsets[lo] : offsets[lo + 1]] == key:
            return lo
        return None


def unpack(path: Path, raw: memoryview) -> dict[str, Any]:
    if raw[: len(PACKED_MAGIC)] != PACKED_MAGIC:
        raise ValueError("not a packed part")
    n = int.from_bytes(raw[len(PACKED_MAGIC) : len(PACKED_MAGIC) + 8], "little")
    start = len(PACKED_MAGIC) + 8
    toc = marshal.loads(raw[start : start + n])
    base = start + n + (-(start + n) % 8)
    end = len(raw)

    def piece(offset: int, length: int) -> memoryview:
        if offset < 0 or length < 0 or base + offset + length > end:
            raise ValueError("a section lies outside the file")
        return raw[base + offset : base + offset + length]

    def decode(entry: tuple[Any, ...]) -> Any:
        kind = entry[0]
        if kind == "b":
            return piece(entry[1], entry[2])
        if kind == "s":
            offsets = piece(entry[2], entry[3]).cast(entry[1])
            blob = piece(entry[4], entry[5])
            if len(offsets) < 1 or offsets[-1] > len(blob):
                raise ValueError("a string table lies outside its blob")
            return Strings(offsets, blob)
        if kind == "t":
            return tuple(decode(e) for e in entry[1])
        if kind == "d":
            return {k: decode(e) for k, e in entry[1].items()}
        return entry[1]

    if not isinstance(toc, dict):
        raise ValueError("no table of contents")
    return {name: decode(entry) for name, entry in toc.items()}


# ---------------------------------------------------------------- files


def write(directory: Path, data: Mapping[str, Any]) -> None:
    """Write the fields of ``data``, and the fields derived from them (label
    order, type rows, IRI hash, name index: a projection built in memory has
    none of them and :class:`~rolegraph.projection.view.Projection` falls
    back), into ``directory``, the head last."""
    data = {**data, **by_label(data), "iri_hash": iri_hash(data["iris"]), **name_index(data)}
    sums: dict[str, tuple[int, int]] = {}
    for part in PARTS[1:]:
        fields = {k: data[k] for k, p in FIELDS.items() if p == part}
        blob = pack(fields) if part in PACKED else marshal.dumps(fields)
        _path(directory, part).write_bytes(blob)
        sums[part] = (len(blob), zlib.crc32(blob))
    head = {k: data[k] for k, p in FIELDS.items() if p == "head"}
    head["format"] = VERSION
    head["parts"] = sums
    blob = marshal.dumps(head)
    _path(directory, "head").write_bytes(MAGIC + zlib.crc32(blob).to_bytes(4, "big") + blob)


def check(directory: Path) -> str | None:
    """What is wrong with the projection's parts in ``directory`` against the
    sizes and checksums its head records, or None."""
    try:
        sums = _head(directory)["parts"]
    except Damaged as exc:
        return str(exc)
    for part, (size, crc) in sums.items():
        path = _path(directory, part)
        try:
            blob = _read(path)
        except OSError as exc:
            return f"{path.name}: {exc.strerror or exc}"
        if (len(blob), zlib.crc32(blob)) != (size, crc):
            return f"{path.name} fails its checksum"
    return None


class Damaged(StoreError):
    """A file of the compiled store is missing, truncated or fails its checksum."""


def _read(path: Path) -> bytes:
    with open(path, "rb") as fh:
        # read() then loads() is ~10x faster than load(fh), which reads in small pieces.
        return fh.read()


def map_file(path: Path) -> memoryview:
    import mmap

    with open(path, "rb") as fh:
        if not fh.seek(0, 2):
            return memoryview(b"")
        return memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ))


def _head(directory: Path) -> dict[str, Any]:
    path = _path(directory, "head")
    try:
        raw = _read(path)
    except OSError as exc:
        raise Damaged(f"the compiled store {directory} is damaged ({path.name}: {exc.strerror or exc})") from None
    start = len(MAGIC) + 4
    if not raw.startswith(MAGIC) or len(raw) < start or zlib.crc32(raw[start:]) != int.from_bytes(raw[len(MAGIC) : start], "big"):
        raise Damaged(f"the compiled store {directory} is damaged ({path.name} fails its checksum)")
    try:
        head = marshal.loads(raw[start:])
    except (EOFError, ValueError, TypeError) as exc:  # written by another Python
        raise Damaged(f"the compiled store {directory} is damaged ({path.name}: {exc})") from None
    if not isinstance(head, dict) or head.get("format") != VERSION or not isinstance(head.get("parts"), dict):
        raise Damaged(f"the compiled store {directory} has another cache format")
    return head


def read(
    directory: Path, on_damage: Callable[[str], None] | None = None, trusted: Callable[[], bool] | None = None
) -> tuple[dict[str, Any], Callable[[str], dict[str, Any]]]:
    """The head's fields, and a loader for the other parts. Raises
    :class:`Damaged` (a :class:`StoreError`) when the head fails its
    checksum or a part is missing or of the wrong size.

    The loader checks each part against the size and checksum the head
    records, unless ``trusted()`` says the files are those verified before
    and untouched since. A part that fails is reported to ``on_damage``
    (which rebuilds the store in ``directory``) and read from the rebuilt
    store, whose head must hold the same fields; without ``on_damage``, or if
    the rebuilt head differs, the loader raises :class:`StoreError`."""
    head = _head(directory)
    sums: dict[str, tuple[int, int]] = head.pop("parts")
    for part, (size, _crc) in sums.items():
        path = _path(directory, part)
        if not path.is_file() or path.stat().st_size != size:
            raise Damaged(f"the compiled store {directory} is damaged ({path.name} is missing or truncated)")
    head.pop("format")
    fields = dict(head)

    def checked(part: str) -> tuple[memoryview | bytes | None, str]:
        path = _path(directory, part)
        try:
            blob = map_file(path) if part in PACKED else _read(path)
        except (OSError, ValueError) as exc:
            return None, f"the compiled store {directory} is damaged ({path.name}: {getattr(exc, 'strerror', None) or exc})"
        if len(blob) != sums[part][0] or ((trusted is None or not trusted()) and zlib.crc32(blob) != sums[part][1]):
            return None, f"the compiled store {directory} is damaged ({path.name} fails its checksum)"
        return blob, ""

    def load(part: str) -> dict[str, Any]:
        blob, problem = checked(part)
        if blob is None and on_damage is not None:
            on_damage(problem)
            rebuilt = _head(directory)
            rebuilt.pop("format")
            sums.update(rebuilt.pop("parts"))
            if rebuilt != fields:
                raise StoreError(f"the compiled store {directory} was rebuilt with other contents while in use; run the command again")
            blob, problem = checked(part)
        if blob is None:
            raise StoreError(f"{problem}; delete it to rebuild")
        try:
            if part in PACKED:
                return unpack(_path(directory, part), memoryview(blob))
            return marshal.loads(blob)  # type: ignore[no-any-return]
        except (EOFError, ValueError, TypeError) as exc:
            raise StoreError(f"the compiled store {directory} is damaged ({_path(directory, part).name}: {exc}); delete it to rebuild") from None

    return head, load
