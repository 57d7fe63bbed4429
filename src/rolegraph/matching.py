"""Rank roles for a set of skills and tools, or for the ones a text mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .errors import RolegraphError
from .explore import GraphStore
from .profiles import by_label, profile
from .projection import Projection
from .resolve import resolve_as

#: How much of the score is the share of *your* items the role uses; the rest
#: is the share of the role's essential skills you cover.
QUERY_SHARE = 0.7


@dataclass(frozen=True)
class Fit:
    role: dict[str, str]
    score: float
    matched: list[dict[str, Any]]
    missing: list[dict[str, Any]]
    unused: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": dict(self.role),
            "score": self.score,
            "matched": list(self.matched),
            "missing": list(self.missing),
            "unused": list(self.unused),
        }


def fit(
    store: GraphStore,
    skills: list[str] | tuple[str, ...] = (),
    tools: list[str] | tuple[str, ...] = (),
    *,
    text: str | None = None,
    kinds: tuple[str, ...] = ("Role",),
    limit: int | None = None,
) -> list[Fit]:
    """Roles ranked for the given skills and tools (each may name either) and
    for those ``text`` mentions.

    score = 0.7 × (share of the given items the role uses)
          + 0.3 × (share of the role's essential skills given; of all its
            skills and tools when none is marked essential).
    So giving exactly a role's essential skills scores it 1, the maximum.
    ``matched`` are given items the role uses, ``missing`` the role's essential
    skills (and its tools) not given, ``unused`` given items the role does not use.
    """
    proj = store.projection
    items: list[str] = []
    for ref in [*skills, *tools]:
        iri = resolve_as(proj, ref, ("Skill", "Tool"), "fit")
        if iri not in items:
            items.append(iri)
    if text is not None:
        if not text.strip():
            raise RolegraphError("the text is empty; give a job ad or CV with some words in it")
        for iri in mentions(proj, text):
            if iri not in items:
                items.append(iri)
    if not items:
        if text is not None:
            raise RolegraphError("the text mentions no skill or tool rolegraph knows; try `rolegraph list skill`")
        raise RolegraphError("give at least one --skill, --tool or --text")
    wanted = set(items)
    scored: list[tuple[float, str, str, Any]] = []
    for kind in kinds:
        for role in proj.of_type(kind):
            prof = profile(proj, role)
            uses = set(prof.skills) | prof.tools
            have = wanted & uses
            query_share = len(have) / len(wanted)
            essentials = {s for s, e in prof.skills.items() if e} or uses
            role_share = len(essentials & wanted) / len(essentials) if essentials else 0.0
            score = round(QUERY_SHARE * query_share + (1 - QUERY_SHARE) * role_share, 4)
            scored.append((-score, proj.label(role).casefold(), role, prof))
    scored.sort(key=lambda x: x[:3])
    # Labelled item lists only for the roles returned (the costly part at scale).
    ranked: list[Fit] = []
    for neg, _label, role, prof in scored[:limit] if limit else scored:
        have = wanted & (set(prof.skills) | prof.tools)
        missing = [s for s, e in prof.skills.items() if e and s not in wanted] + [t for t in prof.tools if t not in wanted and t not in prof.skills]
        ranked.append(
            Fit(
                role=proj.ref(role),
                score=-neg,
                matched=[_item(proj, i, prof.skills.get(i)) for i in by_label(proj, have)],
                missing=[_item(proj, i, prof.skills.get(i)) for i in by_label(proj, missing)],
                unused=[_item(proj, i, None) for i in by_label(proj, wanted - have)],
            )
        )
    return ranked


def _item(proj: Projection, iri: str, essential: bool | None) -> dict[str, Any]:
    out: dict[str, Any] = proj.typed_ref(iri)
    if essential is not None:
        out["essential"] = essential
    return out


# ------------------------------------------------------------------ text

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
    engineer" does not mention the skill "machine learning"."""
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
            iri = names.get(tuple(words[i:i + n]))
            if iri is not None:
                if iri is not _TITLE:
                    found.setdefault(iri, spans[i][0])
                    if "ProgrammingLanguage" in proj.classes(iri):
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
