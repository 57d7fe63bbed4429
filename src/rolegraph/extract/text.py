"""Reading a text: its words (with their offsets), its sentences, and the
word forms retrieval compares (lower case, stop words left out, stemmed).

Pure Python: the stemmer (PyStemmer, Snowball English) loads on first use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

#: A word: letters and digits, with a trailing ``+`` or ``#`` (C++, C#).
WORD = re.compile(r"[^\W_]+(?:[+#]+)?|[+#]+")
#: What may stand between two words of one name: spaces (one line break),
#: a hyphen, a slash, an apostrophe, an ampersand, or a dot inside a word.
_JOIN = re.compile(r"(?:[ \t]*\n?[ \t]*|[ \t]*[-/&'’][ \t]*|\.)")
#: Where a sentence ends: ., !, ? or ; before a space, a colon before a line
#: break, a blank line, or a line starting with a bullet or a number.
_BREAK = re.compile(r"[.!?;]+(?=\s|$)|:[ \t]*\n|\n[ \t]*\n|\n(?=[ \t]*(?:[-*•·–]|\d+[.)])\s)|\n(?=[ \t]*[A-Z][^\n]{0,40}\n)")


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str
    #: the index of the sentence it belongs to
    sentence: int

    @property
    def key(self) -> str:
        return self.text.casefold()


def words(text: str) -> list[Word]:
    """The words of ``text`` with their offsets and sentence numbers."""
    breaks = [m.end() for m in _BREAK.finditer(text)]
    out: list[Word] = []
    sentence, b = 0, 0
    for m in WORD.finditer(text):
        while b < len(breaks) and breaks[b] <= m.start():
            b += 1
            sentence += 1
        out.append(Word(m.start(), m.end(), m.group(), sentence))
    return out


def joined(text: str, a: Word, b: Word) -> bool:
    """Whether ``a`` and the next word ``b`` may be two words of one name."""
    return a.sentence == b.sentence and _JOIN.fullmatch(text, a.end, b.start) is not None


def sentence_start(text: str, ws: Sequence[Word], i: int) -> bool:
    """Whether word ``i`` opens a sentence, a line or a list item."""
    if i == 0 or ws[i - 1].sentence != ws[i].sentence:
        return True
    gap = text[ws[i - 1].end:ws[i].start]
    return "\n" in gap or re.search(r"[.!?:•*]\s*$|^\s*[-–]\s+$", gap) is not None


def key(name: str) -> str:
    """The lookup key of a name: its words, case-folded, joined by spaces."""
    return " ".join(m.group().casefold() for m in WORD.finditer(name))


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words (bm25s's list, so the index and the queries agree)."""
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def stems(tokens: Iterable[str]) -> list[str]:
    """The Snowball stems of lower-case ``tokens``."""
    return _stemmer().stemWords(list(tokens))  # type: ignore[attr-defined, no-any-return]


def terms(text: str) -> list[str]:
    """What retrieval compares: the words of ``text``, lower case, without
    stop words and one-letter words, stemmed."""
    stop = stop_words()
    return stems(w for w in (m.group().casefold().rstrip("+#") for m in WORD.finditer(text)) if len(w) > 1 and w not in stop)
