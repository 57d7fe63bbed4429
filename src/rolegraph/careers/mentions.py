"""Finding the skills and tools a text (a job ad, a CV) names."""

from __future__ import annotations

import re

from ..projection import Projection

_LANG_CONTEXT = re.compile(r"\b(languages?|programming|programmer|coding|code|scripting|statistical computing)\b", re.I)


_TOKEN = re.compile(r"[^\W_]+(?:[+#]+)?|[+#]+")


_TITLE = "a job title"  # a sentinel: matched in the text, never reported


def _tokens(text: str) -> list[str]:
    return [t.casefold() for t in _TOKEN.findall(text)]


def mentions(proj: Projection, text: str) -> list[str]:
    """Skills and tools the text names by label or alt label, in order of first
    mention. Matching is on whole words and case-insensitive (punctuation and
    hyphens between words are ignored, the longest name wins), except for
    one-letter names (R, C), which must be upper case, stand alone (not C++,
    C#, R&D, "C-level", "Plan B"), and sit near another language or a word such
    as "language" or "programming". Role titles are skipped as a whole: "ML
    engineer" does not mention the skill "machine learning".

    >>> from rolegraph.store import open_store
    >>> proj = open_store().projection
    >>> [proj.label(i) for i in mentions(proj, "Strong SQL and R programming; Tableau a plus.")]
    ['SQL', 'R', 'programming', 'Tableau']
    """
    names: dict[tuple[str, ...], str] = {}
    single: list[tuple[str, str]] = []
    for iri in [*proj.of_type("Skill"), *proj.of_type("Tool")]:
        for name in [proj.label(iri), *proj.alt_labels(iri)]:
            stripped = name.strip()
            if len(stripped) == 1 and stripped.isalpha():
                single.append((stripped, iri))
                continue
            key = tuple(_tokens(stripped))
            if key:
                names.setdefault(key, iri)
    # Job titles are read as one name and not reported, so "machine learning
    # engineer" in an ad does not count as the skill "machine learning".
    for iri in [*proj.of_type("Role"), *proj.of_type("JobArchetype")]:
        for name in [proj.label(iri), *proj.alt_labels(iri)]:
            key = tuple(_tokens(name))
            if len(key) > 1 or (key and len(key[0]) > 3):
                names.setdefault(key, _TITLE)
    longest = max((len(k) for k in names), default=0)
    spans = [(m.start(), m.group().casefold()) for m in _TOKEN.finditer(text)]
    words = [w for _s, w in spans]
    found: dict[str, int] = {}
    language_spans: list[int] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            named = names.get(tuple(words[i:i + n]))
            if named is not None:
                if named is not _TITLE:
                    found.setdefault(named, spans[i][0])
                    if "ProgrammingLanguage" in proj.classes(named):
                        language_spans.append(spans[i][0])
                i += n
                break
        else:
            i += 1
    for letter, iri in single:
        pattern = re.compile(r"(?<![\w+#&.\-/'’])" + re.escape(letter) + r"(?![\w+#&\-'’]|\.\w)")
        for m in pattern.finditer(text):
            window = text[max(0, m.start() - 40): m.end() + 40]
            near_language = any(abs(p - m.start()) <= 40 for p in language_spans) or _LANG_CONTEXT.search(window)
            if near_language:
                found.setdefault(iri, m.start())
                break
    return sorted(found, key=lambda i: (found[i], proj.label(i)))
