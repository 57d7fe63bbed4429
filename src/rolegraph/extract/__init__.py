"""Skills and tools from text: which ones a job ad, a CV or a sentence asks
for, where, and how sure — the one extractor behind ``rolegraph extract``,
``fit --text``, ``/api/extract`` and the web app's fit page.

- :mod:`.text`: words, sentences and the terms retrieval compares;
- :mod:`.lexicon`: the names that are also ordinary words, and the words
  around a name that tell which it is;
- :mod:`.index`: the index of every skill and tool (names, descriptions,
  BM25 scores), kept beside the compiled store as one memory-mapped file;
- :mod:`.names`: the names a text uses as names;
- :mod:`.rank`: retrieval over names and descriptions;
- :mod:`.core`: :func:`extract`, :func:`extract_lines`, :func:`count_lines`.

Importing this package loads no heavy library (numpy loads when a text is
first searched; bm25s only when an index is built).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_NAMES = {
    "extract": ".core",
    "extract_lines": ".core",
    "count_lines": ".core",
    "MIN_SCORE": ".core",
    "Extraction": ".model",
    "LineExtraction": ".model",
    "Found": ".model",
    "Count": ".model",
    "METHOD": ".model",
    "index_for": ".index",
}
__all__ = sorted(_NAMES)


def __getattr__(name: str) -> Any:
    if name in _NAMES:
        return getattr(import_module(_NAMES[name], __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
