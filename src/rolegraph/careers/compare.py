"""Comparing roles: what two share (:func:`compare`), the roles nearest one
(:func:`similar`) and every pair at once (:func:`matrix`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lookup.names import resolve_as
from ..results import Ref
from ..vocab import JOB_TYPES
from .profiles import profile, refs, similarity, weighted_jaccard

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class Comparison:
    a: Ref
    b: Ref
    shared: dict[str, list[Ref]]
    only_a: dict[str, list[Ref]]
    only_b: dict[str, list[Ref]]
    similarity: float


def compare(store: Store, a: str, b: str) -> Comparison:
    """What two roles share and what only one of them has.

    A skill counts whether essential or optional. ``similarity`` is the
    weighted Jaccard index of the two profiles (essential skills weigh 2,
    optional skills, tools and tasks 1), so it is symmetric and in [0, 1].

    Raises :class:`~rolegraph.errors.UnknownEntityError` for an unknown name,
    :class:`~rolegraph.errors.WrongTypeError` for an entity that is not a role.

    >>> from rolegraph.store import open_store
    >>> c = compare(open_store(), "data scientist", "machine learning engineer")
    >>> [s.label for s in c.shared["skills"]]
    ['algorithms', 'machine learning', 'programming', 'Python']
    """
    proj = store.projection
    ia = resolve_as(proj, a, JOB_TYPES, "compare")
    ib = resolve_as(proj, b, JOB_TYPES, "compare")
    pa, pb = profile(proj, ia), profile(proj, ib)
    sets_a = {"skills": set(pa.skills), "tools": set(pa.tools), "tasks": set(pa.tasks)}
    sets_b = {"skills": set(pb.skills), "tools": set(pb.tools), "tasks": set(pb.tasks)}
    return Comparison(
        a=proj.ref(ia),
        b=proj.ref(ib),
        shared={k: refs(proj, sets_a[k] & sets_b[k]) for k in sets_a},
        only_a={k: refs(proj, sets_a[k] - sets_b[k]) for k in sets_a},
        only_b={k: refs(proj, sets_b[k] - sets_a[k]) for k in sets_a},
        similarity=similarity(proj, ia, ib),
    )


@dataclass(frozen=True)
class Similar:
    role: Ref
    similarity: float


def similar(store: Store, ref: str, *, limit: int | None = None) -> list[Similar]:
    """Other roles ranked by similarity to ``ref`` (the score of :func:`compare`).

    >>> from rolegraph.store import open_store
    >>> [s.role.label for s in similar(open_store(), "data analyst")][:1]
    ['data scientist']
    """
    proj = store.projection
    me = resolve_as(proj, ref, JOB_TYPES, "similar")
    mine = profile(proj, me).weights()
    ranked = [
        Similar(proj.ref(role), round(weighted_jaccard(mine, profile(proj, role).weights()), 4))
        for role in proj.of_type("Role")
        if role != me
    ]
    ranked.sort(key=lambda s: (-s.similarity, s.role.label.casefold(), s.role.id))
    return ranked[:limit] if limit else ranked


@dataclass(frozen=True)
class Matrix:
    roles: list[Ref]
    similarity: list[list[float]]


def matrix(store: Store) -> Matrix:
    """All-pairs similarity of the roles (symmetric, 1 on the diagonal).

    >>> from rolegraph.store import open_store
    >>> m = matrix(open_store())
    >>> all(m.similarity[i][i] == 1.0 for i in range(len(m.roles)))
    True
    """
    proj = store.projection
    roles = proj.of_type("Role")
    weights = [profile(proj, r).weights() for r in roles]
    n = len(roles)
    grid = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            grid[i][j] = grid[j][i] = round(weighted_jaccard(weights[i], weights[j]), 4)
    return Matrix([proj.ref(r) for r in roles], grid)
