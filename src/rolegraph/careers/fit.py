"""Rank roles for a set of skills and tools, or for the ones a text mentions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import RolegraphError
from ..lookup.names import resolve_as
from ..projection import Projection
from ..results import Item, Ref
from .mentions import mentions
from .profiles import Profile, profile

if TYPE_CHECKING:
    from ..store import Store

#: How much of the score is the share of *your* items the role uses; the rest
#: is the share of the role's essential skills you cover.
QUERY_SHARE = 0.7


@dataclass(frozen=True)
class Fit:
    role: Ref
    score: float
    matched: list[Item]
    missing: list[Item]
    unused: list[Item]


def fit(
    store: Store,
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

    >>> from rolegraph.store import open_store
    >>> best = fit(open_store(), ["SQL", "data visualization"])[0]
    >>> best.role.label, [m.label for m in best.matched]
    ('data analyst', ['data visualization', 'SQL'])
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
    scored: list[tuple[float, str, str, Profile]] = []
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
                matched=_items(proj, have, prof.skills),
                missing=_items(proj, missing, prof.skills),
                unused=_items(proj, wanted - have, {}),
            )
        )
    return ranked


def _items(proj: Projection, iris: Iterable[str], essential: Mapping[str, bool]) -> list[Item]:
    """``iris`` as items sorted by label, each marked essential or not when
    ``essential`` says (the costly part of a long ranking: kept lean)."""
    refs = sorted(((proj.ref(i), i) for i in iris), key=lambda pair: (pair[0].label.casefold(), pair[1]))
    return [Item(r.id, r.label, r.type, essential.get(i)) for r, i in refs]
