"""The projection's cache format: a few ``marshal`` files beside the compiled
store, read back in milliseconds even for ESCO-sized graphs.

Every field the projection holds is listed once in :data:`FIELDS` with the
part (file) it lives in. The head (what ``stats`` needs) is read when a store
opens; every other part only the first time a command asks for one of its
fields. The head records each part's size, so a truncated or replaced part is
noticed at open. Adding a field: compute it in
:meth:`~rolegraph.projection.builder.ProjectionBuilder.build`, list it here,
and raise :data:`VERSION`.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..errors import StoreError

#: The cache format; part of every compiled store's key, so a change rebuilds.
VERSION = "13"

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


def _path(directory: Path, part: str) -> Path:
    return directory / ("projection.marshal" if part == "head" else f"projection-{part}.marshal")


def write(directory: Path, data: Mapping[str, Any]) -> None:
    """Write the fields of ``data`` into ``directory``, the head last."""
    sizes: dict[str, int] = {}
    for part in PARTS[1:]:
        blob = marshal.dumps({k: data[k] for k, p in FIELDS.items() if p == part})
        _path(directory, part).write_bytes(blob)
        sizes[part] = len(blob)
    head = {k: data[k] for k, p in FIELDS.items() if p == "head"}
    head["format"] = VERSION
    head["part_sizes"] = sizes
    _path(directory, "head").write_bytes(marshal.dumps(head))


def _load(path: Path) -> dict[str, Any]:
    with open(path, "rb") as fh:
        # loads(read()) is ~10x faster than load(fh), which reads in small pieces.
        return marshal.loads(fh.read())  # type: ignore[no-any-return]


def read(directory: Path) -> tuple[dict[str, Any], Callable[[str], dict[str, Any]]]:
    """The head's fields, and a loader for the other parts. Raises
    :class:`StoreError` when a part is missing, of the wrong size or version."""
    try:
        head = _load(_path(directory, "head"))
    except (OSError, EOFError, ValueError, TypeError) as exc:
        raise StoreError(f"the compiled store {directory} is damaged ({exc})") from None
    if not isinstance(head, dict) or head.get("format") != VERSION:
        raise StoreError(f"the compiled store {directory} has another cache format")
    for part, size in head.pop("part_sizes").items():
        path = _path(directory, part)
        if not path.is_file() or path.stat().st_size != size:
            raise StoreError(f"the compiled store {directory} is damaged ({path.name})")
    head.pop("format")

    def load(part: str) -> dict[str, Any]:
        path = _path(directory, part)
        try:
            return _load(path)
        except (OSError, EOFError, ValueError, TypeError) as exc:
            raise StoreError(f"the compiled store {directory} is damaged ({path.name}: {exc}); delete it to rebuild") from None

    return head, load
