"""Comparing roles: what two share (:func:`compare`), the roles nearest one
(:func:`similar`) and every pair at once (:func:`matrix`). The number is
:func:`rolegraph.careers.profiles.similarity`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lookup.names import resolve_as
from ..projection import Projection
from ..results import Item, Ref
from ..vocab import JOB_TYPES, RG
from .profiles import Related, by_label, count_roles, profile, refs, related_skills, similarity, step_tasks

if TYPE_CHECKING:
    from ..store import Store

#: One line saying how a similarity is computed (shown under every table of them).
METHOD = (
    "similarity = cosine of the two roles' skills (stated, and those their tasks and tools imply), "
    "each weighted by kind (essential 2, other 1) × specificity ln(1 + roles / roles needing it)"
)


@dataclass(frozen=True)
class RelatedTasks:
    """A task of each role that involve the same skills."""

    a: Ref
    b: Ref
    skills: list[Ref]


@dataclass(frozen=True)
class Comparison:
    a: Ref
    b: Ref
    shared: dict[str, list[Item]]
    only_a: dict[str, list[Item]]
    only_b: dict[str, list[Item]]
    similarity: float
    components: dict[str, float]
    related_tasks: list[RelatedTasks]
    #: a skill only A needs and one only B needs that the skills hierarchy
    #: relates: related, not equal, so not in ``shared`` nor the similarity
    related_skills: list[Related]
    method: str


def compare(store: Store, a: str, b: str) -> Comparison:
    """What two roles share and what only one of them has, and how alike
    they are. Skills count whether essential or optional; ``similarity`` (in
    [0, 1], symmetric) is explained by its ``components``, which sum to it,
    and by ``related_tasks``: pairs of tasks, one of each role, that involve
    the same skills (no two roles share a task by name). ``related_skills``
    pairs a skill only A needs with one only B needs that the skills
    hierarchy relates (one broader than the other, both under one broader
    skill, or ``skos:related``): related, not equal, so they count neither as
    shared nor in the similarity.

    Raises :class:`~rolegraph.errors.UnknownEntityError` for an unknown name,
    :class:`~rolegraph.errors.WrongTypeError` for an entity that is not a job.

    >>> from rolegraph.store import open_store
    >>> c = compare(open_store(), "data scientist", "machine learning engineer")
    >>> 0 < c.similarity < 1, round(sum(c.components.values()), 3) == round(c.similarity, 3)
    (True, True)
    """
    proj = store.projection
    ia = resolve_as(proj, a, JOB_TYPES, "compare")
    ib = resolve_as(proj, b, JOB_TYPES, "compare")
    pa, pb = profile(proj, ia), profile(proj, ib)
    sets_a = {"skills": set(pa.skills), "tools": set(pa.tools), "tasks": set(pa.tasks)}
    sets_b = {"skills": set(pb.skills), "tools": set(pb.tools), "tasks": set(pb.tasks)}
    sim = similarity(proj, ia, ib)
    return Comparison(
        a=proj.ref(ia),
        b=proj.ref(ib),
        shared={k: _items(proj, sets_a[k] & sets_b[k]) for k in sets_a},
        only_a={k: _items(proj, sets_a[k] - sets_b[k]) for k in sets_a},
        only_b={k: _items(proj, sets_b[k] - sets_a[k]) for k in sets_a},
        similarity=sim.value,
        components=sim.components,
        related_tasks=_related_tasks(store, ia, ib) if ia != ib else [],
        related_skills=related_skills(proj, sets_a["skills"] - sets_b["skills"], sets_b["skills"] - sets_a["skills"]),
        method=METHOD,
    )


def _items(proj: Projection, iris: set[str]) -> list[Item]:
    """Entities as items sorted by label; a technology flagged hot says so."""
    return [Item.of(r, hot=True if proj.is_hot(i) else None) for r, i in zip(refs(proj, iris), by_label(proj, iris))]


def _related_tasks(store: Store, a: str, b: str) -> list[RelatedTasks]:
    proj = store.projection

    def tasks(job: str) -> dict[str, set[str]]:
        found = set(profile(proj, job).tasks) | set(step_tasks(proj, job))
        return {t: set(proj.targets(t, RG.involvesSkill)) for t in found}

    ta, tb = tasks(a), tasks(b)
    pairs = []
    for x in by_label(proj, ta):
        for y in by_label(proj, tb):
            common = (ta[x] & tb[y]) - {""}
            if x != y and common:
                pairs.append(RelatedTasks(proj.ref(x), proj.ref(y), refs(proj, common)))
    return pairs


@dataclass(frozen=True)
class Similar:
    role: Ref
    similarity: float
    components: dict[str, float]
    #: pairs of skills, one only each role needs, the hierarchy relates
    related_skills: int


def similar(store: Store, ref: str, *, limit: int | None = None) -> list[Similar]:
    """Other roles ranked by similarity to ``ref`` (the number of :func:`compare`),
    each with how many pairs of their skills the hierarchy relates
    (``related_skills``, as in :func:`compare`; not part of the number).

    >>> from rolegraph.store import open_store
    >>> [s.role.label for s in similar(open_store(), "machine learning engineer")][:1]
    ['data scientist']
    """
    proj = store.projection
    me = resolve_as(proj, ref, JOB_TYPES, "similar")
    count_roles(proj)
    scored = []
    for role in proj.of_type("Role"):
        if role != me:
            sim = similarity(proj, me, role)
            scored.append((-sim.value, proj.label(role).casefold(), role, sim))
    scored.sort()
    mine = set(profile(proj, me).skills)
    ranked = []
    for _neg, _label, role, sim in scored[:limit] if limit else scored:
        theirs = set(profile(proj, role).skills)
        ranked.append(Similar(proj.ref(role), sim.value, sim.components, len(related_skills(proj, mine - theirs, theirs - mine))))
    return ranked


@dataclass(frozen=True)
class Matrix:
    roles: list[Ref]
    similarity: list[list[float]]
    method: str


def matrix(store: Store) -> Matrix:
    """All-pairs similarity of the roles (symmetric, 1 on the diagonal).

    >>> from rolegraph.store import open_store
    >>> m = matrix(open_store())
    >>> all(m.similarity[i][i] == 1.0 for i in range(len(m.roles)))
    True
    """
    proj = store.projection
    roles = proj.of_type("Role")
    count_roles(proj)
    n = len(roles)
    grid = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            grid[i][j] = grid[j][i] = similarity(proj, roles[i], roles[j]).value
    return Matrix([proj.ref(r) for r in roles], grid, METHOD)
