"""Finding the skills and tools a text (a job ad, a CV) names, where it names
them, and the skill- or tool-like terms it could not place."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..projection import Projection
from ..results import Span

_LANG_CONTEXT = re.compile(r"\b(languages?|programming|programmer|coding|code|scripting|statistical computing)\b", re.I)
_TOKEN = re.compile(r"[^\W_]+(?:[+#]+)?|[+#]+")
_TITLE = "a job title"  # a sentinel: matched in the text, never reported

#: Words that introduce or join a list of technologies in an ad.
_CUES = frozenset(
    "with of in using use such as like including e g eg and or plus".split()
)
#: Capitalised words that are not names of anything.
_COMMON = frozenset(
    """a an the and or but if we you our your they their us i it its this that these those he she his her
    in on at to for from by with of as is are be been will can must should may would could do does
    experience knowledge skills skill tools tool team teams role job jobs work working years year
    strong good great excellent solid familiarity proficiency understanding ability plus bonus nice
    responsibilities requirements required preferred about who what why how when where which all any
    some other new more most very also etc e g eg ie i.e please apply join help build""".split()
)


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


@dataclass(frozen=True)
class Mentions:
    """What a text names: each entity (skill or tool) with the spans that
    name it, in order of first mention; and the terms that look like skills
    or tools but name nothing rolegraph knows."""

    found: dict[str, list[Span]]
    unrecognised: list[Span]


class _NameIndex:
    def __init__(self, proj: Projection):
        self.names: dict[tuple[str, ...], str] = {}
        self.single: list[tuple[str, str]] = []
        for iri in [*proj.of_type("Skill"), *proj.of_type("Tool")]:
            for name in [proj.label(iri), *proj.alt_labels(iri)]:
                stripped = name.strip()
                if len(stripped) == 1 and stripped.isalpha():
                    self.single.append((stripped, iri))
                    continue
                key = tuple(_tokens(stripped))
                if key:
                    self.names.setdefault(key, iri)
        # Job titles are read as one name and not reported, so "machine learning
        # engineer" in an ad does not count as the skill "machine learning".
        for iri in [*proj.of_type("Role"), *proj.of_type("JobArchetype"), *proj.of_type("ExampleJob")]:
            for name in [proj.label(iri), *proj.alt_labels(iri)]:
                key = tuple(_tokens(name))
                if len(key) > 1 or (key and len(key[0]) > 3):
                    self.names.setdefault(key, _TITLE)
        self.longest = max((len(k) for k in self.names), default=0)


def mentions(proj: Projection, text: str) -> Mentions:
    """Skills and tools the text names by label or alt label, with where.
    Matching is on whole words and case-insensitive (punctuation and hyphens
    between words are ignored, the longest name wins), except for one-letter
    names (R, C), which must be upper case, stand alone (not C++, C#, R&D,
    "C-level", "Plan B"), and sit near another language or a word such as
    "language" or "programming". Role titles are skipped as a whole: "ML
    engineer" does not mention the skill "machine learning".

    ``unrecognised`` holds the terms that look like names of tools or skills
    but match nothing: capitalised or mixed-case words (and runs of them) in
    a list or after "with", "using", "such as", ... ("Kubernetes, Docker"),
    and words such as ``S3`` or ``C#``.

    >>> from rolegraph.store import open_store
    >>> proj = open_store().projection
    >>> m = mentions(proj, "Strong SQL and R programming; Tableau, Kubernetes and Docker a plus.")
    >>> [proj.label(i) for i in m.found], [s.text for s in m.unrecognised]
    (['SQL', 'R', 'programming', 'Tableau'], ['Kubernetes', 'Docker'])
    """
    idx: _NameIndex = proj.memo("mention-names", _NameIndex)
    tokens = list(_TOKEN.finditer(text))
    words = [m.group().casefold() for m in tokens]
    found: dict[str, list[Span]] = {}
    covered: set[int] = set()
    language_starts: list[int] = []
    i = 0
    while i < len(words):
        for n in range(min(idx.longest, len(words) - i), 0, -1):
            named = idx.names.get(tuple(words[i:i + n]))
            if named is not None:
                covered.update(range(i, i + n))
                if named is not _TITLE:
                    start, end = tokens[i].start(), tokens[i + n - 1].end()
                    found.setdefault(named, []).append(Span(start, end, text[start:end]))
                    if "ProgrammingLanguage" in proj.classes(named):
                        language_starts.append(start)
                i += n
                break
        else:
            i += 1
    for letter, iri in idx.single:
        pattern = re.compile(r"(?<![\w+#&.\-/'’])" + re.escape(letter) + r"(?![\w+#&\-'’]|\.\w)")
        for m in pattern.finditer(text):
            window = text[max(0, m.start() - 40): m.end() + 40]
            if any(abs(p - m.start()) <= 40 for p in language_starts) or _LANG_CONTEXT.search(window):
                found.setdefault(iri, []).append(Span(m.start(), m.end(), m.group()))
                covered.update(k for k, t in enumerate(tokens) if t.start() == m.start())
    ordered = dict(sorted(found.items(), key=lambda kv: (kv[1][0].start, proj.label(kv[0]))))
    return Mentions(ordered, _unrecognised(text, tokens, covered))


def _looks_like_a_name(word: str) -> bool:
    if any(c in word for c in "+#") or (any(c.isdigit() for c in word) and any(c.isalpha() for c in word)):
        return True
    return word[:1].isupper() and word.casefold() not in _COMMON and len(word) > 1


def _unrecognised(text: str, tokens: list[re.Match[str]], covered: set[int]) -> list[Span]:
    out: list[Span] = []
    i = 0
    while i < len(tokens):
        if i in covered or not _looks_like_a_name(tokens[i].group()):
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and j + 1 not in covered and _looks_like_a_name(tokens[j + 1].group()) and text[tokens[j].end():tokens[j + 1].start()] in (" ", "-", "."):
            j += 1
        start, end = tokens[i].start(), tokens[j].end()
        before = text[max(0, start - 2):start]
        after = text[end:end + 2]
        prev_word = tokens[i - 1].group().casefold() if i else ""
        next_word = tokens[j + 1].group().casefold() if j + 1 < len(tokens) else ""
        sentence_start = i == 0 or re.search(r"[.!?:\n]\s*$", text[:start]) is not None
        in_list = "," in before or "," in after or "(" in before or ")" in after or "/" in before + after or prev_word in _CUES or next_word in ("and", "or")
        odd = any(c in tokens[i].group() for c in "+#") or any(c.isdigit() for c in tokens[i].group()) or any(c.isupper() for c in tokens[i].group()[1:])
        if (in_list and not (sentence_start and prev_word not in _CUES)) or odd:
            out.append(Span(start, end, text[start:end]))
        i = j + 1
    return out
