"""Finding the names of skills and tools in a text, and deciding which of
them the text uses as names.

A name is matched on whole words, case-insensitively, the longest name first
(punctuation and hyphens between its words are ignored; a comma or a
sentence end is not). A job title is read as one name and not reported, so
"machine learning engineer" does not name the skill "machine learning".

A name that is also an ordinary word (:data:`~.lexicon.COMMON_NAMES`: Excel,
Spark, Python, ...) counts only where the text uses it as a name:

- never after a word that makes it a verb ("to excel", "you will go") or in
  an idiom ("excel at", "spark curiosity", "a swift response", "pig farm"),
  nor inside a hyphenated word ("rust-proofing");
- written as the name is (Excel, not excel) in the middle of a sentence, in a
  technical sentence (one with a technical word such as "spreadsheet" or
  "programming", or a technical skill, tool or data job named), in a
  technical text (one naming two technical skills or tools plainly), or in a
  list beside another technical name ("Python and Java");
- at the start of a sentence, or written otherwise (excel, PYTHON in
  running text), only beside another technical name or a technical word
  ("python scripting").

Names of one or two letters (R, C, Go, ML) must be written as the name is,
stand alone (not C++, R&D, C-level, "Plan B") and sit in a sentence about
programming languages (for a language) or a technical one. An everyday word
for a skill (:data:`~.lexicon.GENERIC_SKILLS`: communication, research), or a
name more general than its entity ("problem solving" for "data-driven
problem solving"), counts only in a technical sentence or text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import lexicon
from .index import AMBIGUOUS, GENERIC, SHORT, TECH_TITLE, TITLE, Index
from .text import Word, joined, sentence_start

#: What may stand between two names of one list: commas, slashes, brackets, "and", "or".
_CONNECTOR = re.compile(r"[\s,/&()+]*(?:(?:and|or|plus|as well as|and/or)[\s,/&()+]*)?", re.I)
_LANGUAGE = re.compile(r"\b(?:" + "|".join(sorted(lexicon.LANGUAGE_CUES)) + r")\b", re.I)


@dataclass
class Hit:
    """A name of ``entity`` the text uses: words ``first`` to ``last`` (inclusive)."""

    entity: int
    kind: int
    first: int
    last: int


@dataclass
class Names:
    """What the name pass found: the hits, and the words it read (names, job
    titles, and names it judged ordinary words)."""

    hits: list[Hit] = field(default_factory=list)
    #: the words of names, titles and names judged ordinary words (not listed as unrecognised)
    covered: set[int] = field(default_factory=set)
    #: the words retrieval leaves out: names, titles, and names used as verbs or in idioms
    masked: set[int] = field(default_factory=set)
    titles: set[int] = field(default_factory=set)
    #: whether the text plainly names two technical skills, tools or data jobs
    technical: bool = False


@dataclass
class _Mention:
    first: int
    last: int
    entries: Sequence[tuple[int, int, str, int]]


def _mentions(index: Index, text: str, ws: list[Word]) -> list[_Mention]:
    found: list[_Mention] = []
    i = 0
    while i < len(ws):
        current, n, best = ws[i].key, 1, 0
        best_key = ""
        while True:
            if current in index.names:
                best, best_key = n, current
            if current not in index.prefixes or i + n >= len(ws) or not joined(text, ws[i + n - 1], ws[i + n]):
                break
            current = f"{current} {ws[i + n].key}"
            n += 1
        if best:
            found.append(_Mention(i, i + best - 1, index.names[best_key]))
            i += best
        else:
            i += 1
    return found


def _cue(word: Word) -> bool:
    k = word.key
    return k in lexicon.TECH_CUES or (k.endswith("s") and k[:-1] in lexicon.TECH_CUES)


def match(index: Index, text: str, ws: list[Word]) -> Names:
    """The names of ``index``'s entities ``text`` uses (see the module)."""
    out = Names()
    pending: list[tuple[_Mention, tuple[int, int, str, int]]] = []
    tech_in: dict[int, int] = {}  # sentence → technical hits and titles there
    tech_entities: set[int] = set()
    titles = 0
    for m in _mentions(index, text, ws):
        words = range(m.first, m.last + 1)
        if any(e in (TITLE, TECH_TITLE) for e, *_ in m.entries):
            out.covered.update(words)
            out.titles.update(words)
            if any(e == TECH_TITLE for e, *_ in m.entries):
                tech_in[ws[m.first].sentence] = tech_in.get(ws[m.first].sentence, 0) + 1
                titles = 1
            continue
        for entry in m.entries:
            entity, kind, _form, flags = entry
            if flags & AMBIGUOUS:
                pending.append((m, entry))
            else:
                out.hits.append(Hit(entity, kind, m.first, m.last))
                out.covered.update(words)
                if index.technical[entity]:
                    tech_in[ws[m.first].sentence] = tech_in.get(ws[m.first].sentence, 0) + 1
                    tech_entities.add(entity)
    out.technical = len(tech_entities) + titles >= 2
    cues = [i for i, w in enumerate(ws) if _cue(w)]
    decided: set[int] = set()
    # Two rounds: a name accepted in the first can support one beside it in the second.
    for _round in range(2):
        for n, (m, entry) in enumerate(pending):
            if n in decided:
                continue
            if _accept(index, text, ws, m, entry, out, tech_in, cues, pending, decided):
                decided.add(n)
                entity = entry[0]
                out.hits.append(Hit(entity, entry[1], m.first, m.last))
                out.covered.update(range(m.first, m.last + 1))
                if index.technical[entity]:
                    tech_in[ws[m.first].sentence] = tech_in.get(ws[m.first].sentence, 0) + 1
    for n, (m, entry) in enumerate(pending):
        if n not in decided:
            out.covered.update(range(m.first, m.last + 1))
            if entry[3] & GENERIC or _idiom(text, ws, m, entry[2].casefold()):
                # "excel at", "to spark", "communication skills": the words say
                # nothing of the tool or data skill, so retrieval leaves them out
                out.masked.update(range(m.first, m.last + 1))
    out.masked |= {i for h in out.hits for i in range(h.first, h.last + 1)} | out.titles
    out.hits.sort(key=lambda h: (h.first, h.entity))
    return out


def _idiom(text: str, ws: list[Word], m: _Mention, name: str) -> bool:
    """Whether the words around a name show it is a verb, an idiom or part
    of a hyphenated word."""
    first, last = ws[m.first], ws[m.last]
    sentence = first.sentence
    prev = ws[m.first - 1] if m.first > 0 and ws[m.first - 1].sentence == sentence else None
    nxt = ws[m.last + 1] if m.last + 1 < len(ws) and ws[m.last + 1].sentence == sentence else None
    before, after = text[max(0, first.start - 2):first.start], text[last.end:last.end + 2]
    if (after[:1] == "-" and after[1:2].isalpha()) or (before[-1:] == "-" and before[:1].isalpha()):
        return True  # rust-proofing, over-excel
    if prev is not None and (prev.key in lexicon.VERB_BEFORE or prev.key in lexicon.IDIOM_BEFORE.get(name, ())):
        return True
    return nxt is not None and nxt.key in lexicon.IDIOM_AFTER.get(name, ())


def _accept(
    index: Index,
    text: str,
    ws: list[Word],
    m: _Mention,
    entry: tuple[int, int, str, int],
    out: Names,
    tech_in: dict[int, int],
    cues: list[int],
    pending: list[tuple[_Mention, tuple[int, int, str, int]]],
    decided: set[int],
) -> bool:
    entity, _kind, form, flags = entry
    first, last = ws[m.first], ws[m.last]
    sentence = first.sentence
    written = text[first.start:last.end]
    cue_here = any(ws[c].sentence == sentence and not m.first <= c <= m.last for c in cues)
    tech_sentence = cue_here or tech_in.get(sentence, 0) > 0
    technical = tech_sentence or out.technical
    if flags & SHORT:
        return _short(index, text, ws, m, entity, form, written, technical, out)
    if flags & GENERIC:
        return technical
    prev = ws[m.first - 1] if m.first > 0 and ws[m.first - 1].sentence == sentence else None
    nxt = ws[m.last + 1] if m.last + 1 < len(ws) and ws[m.last + 1].sentence == sentence else None
    if _idiom(text, ws, m, form.casefold()) or (nxt is not None and nxt.key in lexicon.IDIOM_AFTER["*"] and not technical):
        return False
    case_ok = written == form or form.islower() or (written.isupper() and len(written) > 2 and not form.islower())
    cue_beside = any(w is not None and (_cue(w) or w.key in lexicon.LANGUAGE_CUES) for w in (prev, nxt))
    listed = _listed(index, text, ws, m, out, pending, decided)
    if not case_ok:
        return (cue_beside or listed) and technical
    if sentence_start(text, ws, m.first):
        return listed or cue_beside or tech_sentence
    return technical or listed or cue_beside


def _short(index: Index, text: str, ws: list[Word], m: _Mention, entity: int, form: str, written: str, technical: bool, out: Names) -> bool:
    """R, C, Go, ML: written as the name is, standing alone, in a sentence
    about languages (a language) or a technical one (anything else)."""
    first = ws[m.first]
    if written != form:
        return False
    before = text[first.start - 1:first.start] if first.start else ""
    after = text[first.end:first.end + 2]
    if before and (before.isalnum() or before in "&./-'’+#"):
        return False
    if after[:1] in ("+", "#", "&", "'", "’") or (after[:1] in "-." and after[1:2].isalnum()):
        return False
    if m.first > 0 and ws[m.first - 1].sentence == first.sentence and ws[m.first - 1].text.isdigit():
        return False  # 250 ML
    if not index.languages[entity]:
        return technical
    lo, hi = _sentence_bounds(ws, first.sentence)
    window = text[max(lo, first.start - 40):min(hi, first.end + 40)]
    if _LANGUAGE.search(window):
        return True
    return any(index.languages[h.entity] and ws[h.first].sentence == first.sentence and abs(ws[h.first].start - first.start) <= 40 for h in out.hits)


def _sentence_bounds(ws: list[Word], sentence: int) -> tuple[int, int]:
    inside = [w for w in ws if w.sentence == sentence]
    return inside[0].start, inside[-1].end


def _listed(index: Index, text: str, ws: list[Word], m: _Mention, out: Names, pending: list[tuple[_Mention, tuple[int, int, str, int]]], decided: set[int]) -> bool:
    """Whether the mention stands in a list beside a technical name: one
    accepted, or another listed name written as a name."""
    first, last = ws[m.first], ws[m.last]
    spans = [(ws[h.first].start, ws[h.last].end) for h in out.hits if index.technical[h.entity] and ws[h.first].sentence == first.sentence]
    for other, entry in pending:
        if other is m or not index.technical[entry[0]] or ws[other.first].sentence != first.sentence:
            continue
        written = text[ws[other.first].start:ws[other.last].end]
        if written == entry[2]:
            spans.append((ws[other.first].start, ws[other.last].end))
    for start, end in spans:
        if end <= first.start and _CONNECTOR.fullmatch(text, end, first.start) and first.start - end <= 12:
            return True
        if start >= last.end and _CONNECTOR.fullmatch(text, last.end, start) and start - last.end <= 12:
            return True
    return False
