"""How names are compared: the one normal form of a label, shared by the
name index written into the cache and :mod:`rolegraph.lookup.names`."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"[\s_]+")
_PLAIN = re.compile(r"[a-z0-9 ()/,.'+#&:;-]*")


def normalise(text: str) -> str:
    """Case-, width- and whitespace-insensitive form of a name.

    >>> normalise("  Data\u00a0Scientist ")
    'data scientist'
    """
    if text.isascii():
        lowered = text.lower().strip()
        # The common case at ESCO scale, kept off the slow Unicode path.
        if _PLAIN.fullmatch(lowered) and "  " not in lowered:
            return lowered
    text = unicodedata.normalize("NFKC", text).casefold().strip()
    return _SPACE.sub(" ", text)
