"""The projection's cache format: a few ``marshal`` files beside the compiled
store, read back in milliseconds even for ESCO-sized graphs.

Every field the projection holds is listed once in :data:`FIELDS` with the
part (file) it lives in. The head (what ``stats`` needs) is read when a store
opens; every other part only the first time a command asks for one of its
fields. The head carries a checksum of itself, checked before it is read, and
the size and checksum of each part: a truncated or replaced part is noticed at
open, a damaged one (a flipped bit, zeroed bytes) when it is first read, and
``marshal`` never reads bytes that fail their checksum. Adding a field: compute it in
:meth:`~rolegraph.projection.builder.ProjectionBuilder.build`, list it here,
and raise :data:`VERSION`.
"""

from __future__ import annotations

import marshal
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import StoreError

#: The cache format; part of every compiled store's key, so a change rebuilds.
VERSION = "14"

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
    "ratings": "ratings",
    "hot": "ratings",
    "alt_ptr": "alts",
    "alt_text": "alts",
}
PARTS: tuple[str, ...] = tuple(dict.fromkeys(FIELDS.values()))


#: The head file starts with this, then the CRC-32 of the rest (4 bytes, big-endian).
MAGIC = b"rolegraph projection\n"


def _path(directory: Path, part: str) -> Path:
    return directory / ("projection.marshal" if part == "head" else f"projection-{part}.marshal")


def write(directory: Path, data: Mapping[str, Any]) -> None:
    """Write the fields of ``data`` into ``directory``, the head last."""
    sums: dict[str, tuple[int, int]] = {}
    for part in PARTS[1:]:
        blob = marshal.dumps({k: data[k] for k, p in FIELDS.items() if p == part})
        _path(directory, part).write_bytes(blob)
        sums[part] = (len(blob), zlib.crc32(blob))
    head = {k: data[k] for k, p in FIELDS.items() if p == "head"}
    head["format"] = VERSION
    head["parts"] = sums
    blob = marshal.dumps(head)
    _path(directory, "head").write_bytes(MAGIC + zlib.crc32(blob).to_bytes(4, "big") + blob)


class Damaged(StoreError):
    """A file of the compiled store is missing, truncated or fails its checksum."""


def _read(path: Path) -> bytes:
    with open(path, "rb") as fh:
        # read() then loads() is ~10x faster than load(fh), which reads in small pieces.
        return fh.read()


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


def read(directory: Path, on_damage: Callable[[str], None] | None = None) -> tuple[dict[str, Any], Callable[[str], dict[str, Any]]]:
    """The head's fields, and a loader for the other parts. Raises
    :class:`Damaged` (a :class:`StoreError`) when the head fails its
    checksum or a part is missing or of the wrong size.

    The loader checks each part against the size and checksum the head
    records. A part that fails is reported to ``on_damage`` (which rebuilds
    the store in ``directory``) and read from the rebuilt store, whose head
    must hold the same fields; without ``on_damage``, or if the rebuilt head
    differs, the loader raises :class:`StoreError`."""
    head = _head(directory)
    sums: dict[str, tuple[int, int]] = head.pop("parts")
    for part, (size, _crc) in sums.items():
        path = _path(directory, part)
        if not path.is_file() or path.stat().st_size != size:
            raise Damaged(f"the compiled store {directory} is damaged ({path.name} is missing or truncated)")
    head.pop("format")
    fields = dict(head)

    def checked(part: str) -> tuple[bytes | None, str]:
        path = _path(directory, part)
        try:
            blob = _read(path)
        except OSError as exc:
            return None, f"the compiled store {directory} is damaged ({path.name}: {exc.strerror or exc})"
        if (len(blob), zlib.crc32(blob)) != tuple(sums[part]):
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
            return marshal.loads(blob)  # type: ignore[no-any-return]
        except (EOFError, ValueError, TypeError) as exc:
            raise StoreError(f"the compiled store {directory} is damaged ({_path(directory, part).name}: {exc}); delete it to rebuild") from None

    return head, load
