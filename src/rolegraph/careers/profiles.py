"""What a job needs: its skills (essential or optional), tools and tasks, read
from the projection. Shared by compare, gap, fit, similar, matrix and the
HTML compare view.

>>> from rolegraph.store import open_store
>>> proj = open_store().projection
>>> p = profile(proj, "https://w3id.org/rolegraph/data-analyst")
>>> sorted((proj.label(s) for s, essential in p.skills.items() if essential), key=str.casefold)
['data visualization', 'SQL']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..projection import Projection
from ..results import Ref
from ..vocab import RG

#: The links from a job to a skill, most telling first.
SKILL_PREDICATES = (RG.essentialSkill, RG.optionalSkill, RG.requiresSkill, RG.strongerIn)
#: Every link a job's profile is read from.
PROFILE_PREDICATES = frozenset({*SKILL_PREDICATES, RG.usesTool, RG.performsTask})

#: Weights of the similarity and fit scores (see README, "How the scores work").
ESSENTIAL_WEIGHT = 2.0
OPTIONAL_WEIGHT = 1.0
ITEM_WEIGHT = 1.0


@dataclass(frozen=True)
class Profile:
    """A job's requirements: ``skills`` maps each skill to whether it is essential."""

    iri: str
    skills: dict[str, bool]
    tools: frozenset[str]
    tasks: frozenset[str]

    def weights(self) -> dict[str, float]:
        """Every item with its weight: essential skills 2, optional 1, tools and tasks 1."""
        w: dict[str, float] = {t: ITEM_WEIGHT for t in self.tools | self.tasks}
        for s, essential in self.skills.items():
            w[s] = ESSENTIAL_WEIGHT if essential else OPTIONAL_WEIGHT
        return w


def profile(proj: Projection, job: str) -> Profile:
    """The profile of a role or job archetype. ``rg:essentialSkill`` and
    ``rg:strongerIn`` make a skill essential; ``rg:optionalSkill`` and a bare
    ``rg:requiresSkill`` make it optional (essential wins when both are said)."""
    skills: dict[str, bool] = {}
    tools: set[str] = set()
    tasks: set[str] = set()
    for p, o in proj.out_edges(job):
        if p == RG.essentialSkill or p == RG.strongerIn:
            skills[o] = True
        elif p == RG.optionalSkill or p == RG.requiresSkill:
            skills.setdefault(o, False)
        elif p == RG.usesTool:
            tools.add(o)
        elif p == RG.performsTask:
            tasks.add(o)
    return Profile(job, skills, frozenset(tools), frozenset(tasks))


def weighted_jaccard(a: dict[str, float], b: dict[str, float]) -> float:
    """Σ min(wa, wb) / Σ max(wa, wb) over the union of items: 1 for identical
    profiles, 0 for disjoint ones, symmetric in a and b."""
    keys = a.keys() | b.keys()
    if not keys:
        return 0.0
    num = sum(min(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)
    den = sum(max(a.get(k, 0.0), b.get(k, 0.0)) for k in keys)
    return num / den if den else 0.0


def similarity(proj: Projection, a: str, b: str) -> float:
    """Weighted Jaccard similarity of two jobs' skills, tools and tasks, in [0, 1]."""
    if a == b:
        return 1.0
    return round(weighted_jaccard(profile(proj, a).weights(), profile(proj, b).weights()), 4)


def by_label(proj: Projection, iris: Iterable[str]) -> list[str]:
    """Sort entity IRIs by label, then IRI, so output never depends on store order."""
    return sorted(iris, key=lambda e: (proj.label(e).casefold(), e))


def refs(proj: Projection, iris: Iterable[str]) -> list[Ref]:
    """The entities of ``iris`` as :class:`Ref` items, sorted by label."""
    return [proj.ref(e) for e in by_label(proj, iris)]
