"""What a job needs and what it has, read from the projection: the one model
behind compare, similar, matrix, gap and fit.

A job **needs** its stated skills (``essential``, or ``optional``), its tools
(``tool``), and the skills its tasks and workflow steps involve or its tools
and skills are examples of (``implied``). Each need has a weight: 2 for an
essential skill, 1 for anything else. What a person or job **has** is a set of
skills and tools together with the skills they are examples of (knowing SQL
is knowing "a database querying language like SQL").

>>> from rolegraph.store import open_store
>>> proj = open_store().projection
>>> n = needs(proj, "https://w3id.org/rolegraph/data-scientist")
>>> n["https://w3id.org/rolegraph/statistics"].kind
'essential'
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..projection import Projection
from ..results import Ref
from ..vocab import RG

#: The links from a job to a skill, most telling first.
SKILL_PREDICATES = (RG.essentialSkill, RG.optionalSkill, RG.requiresSkill, RG.strongerIn)
#: Every link a job's profile is read from.
PROFILE_PREDICATES = frozenset({*SKILL_PREDICATES, RG.usesTool, RG.performsTask})

#: The weight of a need (see docs/guide.md, "How the numbers are computed");
#: a rated need weighs (importance − 1) / 2 instead (see :class:`Need`).
WEIGHTS = {"essential": 2.0, "optional": 1.0, "tool": 1.0, "implied": 1.0}


@dataclass(frozen=True)
class Profile:
    """A job's stated requirements: ``skills`` maps each skill to whether it is essential."""

    iri: str
    skills: dict[str, bool]
    tools: frozenset[str]
    tasks: frozenset[str]


def profile(proj: Projection, job: str) -> Profile:
    """The stated profile of a job. ``rg:essentialSkill`` and ``rg:strongerIn``
    make a skill essential; ``rg:optionalSkill`` and a bare ``rg:requiresSkill``
    make it optional (essential wins when both are said)."""
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


def step_tasks(proj: Projection, job: str) -> dict[str, list[str]]:
    """The tasks of the workflow steps ``job`` performs: task → its steps."""
    performers = proj.memo("performers", lambda p: frozenset(o for s in p.having(RG.performedBy) for o in p.targets(s, RG.performedBy)))
    out: dict[str, list[str]] = {}
    if job not in performers:
        return out
    for step in by_label(proj, proj.sources_of(job, RG.performedBy)):
        for task in proj.targets(step, RG.includesTask):
            out.setdefault(task, []).append(step)
    return out


def examples_of(proj: Projection, items: Iterable[str]) -> set[str]:
    """The skills ``items`` are examples of, transitively (SQL → database querying)."""
    examples = proj.memo("examples", lambda p: frozenset(p.having(RG.exampleOf)))
    found: set[str] = set()
    frontier = [i for i in items if i in examples]
    while frontier:
        for general in proj.targets(frontier.pop(), RG.exampleOf):
            if general not in found and "Skill" in proj.classes(general):
                found.add(general)
                if general in examples:
                    frontier.append(general)
    return found


def expand(proj: Projection, items: Iterable[str]) -> set[str]:
    """``items`` and what they are examples of: what someone who has them has."""
    items = set(items)
    return items | examples_of(proj, items)


@dataclass(frozen=True)
class Need:
    """One thing a job needs: ``kind`` is essential, optional, tool, implied
    (by a task, a workflow step or an example) or rated (a data set rates its
    importance, as O*NET does); ``weight`` 2 or 1, or for a rated need
    (importance − 1) / 2, from 0 ("not important", 1 of 5) to 2 ("extremely
    important", 5 of 5, weighing as much as an essential skill)."""

    kind: str
    weight: float
    importance: float | None = None


_NEED = {kind: Need(kind, weight) for kind, weight in WEIGHTS.items()}


def needs(proj: Projection, job: str) -> dict[str, Need]:
    """Everything ``job`` needs, each with its kind and weight (computed once
    per job and kept with the projection)."""
    memo: dict[str, dict[str, Need]] = proj.memo("needs", lambda _p: {})
    found = memo.get(job)
    if found is None:
        prof = profile(proj, job)
        essential, optional = _NEED["essential"], _NEED["optional"]
        found = {s: essential if e else optional for s, e in prof.skills.items()}
        for item, (importance, _level, _demand) in proj.ratings_of(job).items():
            if importance is not None and item in found and not prof.skills.get(item):
                found[item] = Need("rated", round((importance - 1) / 2, 4), importance)
        for tool in prof.tools:
            found.setdefault(tool, _NEED["tool"])
        tasks = set(prof.tasks) | set(step_tasks(proj, job))
        implied = {s for t in tasks for s in proj.targets(t, RG.involvesSkill)}
        implied |= examples_of(proj, set(found) | implied)
        for skill in implied:
            found.setdefault(skill, _NEED["implied"])
        memo[job] = found
    return found


def jobs_needing(proj: Projection, items: Iterable[str]) -> set[str]:
    """Every entity whose :func:`needs` name one of ``items``: the inverse of
    :func:`needs`, found by walking backwards over the links it follows
    forwards, so a few items cost a few look-ups instead of a pass over every
    job.

    A job needs an item when it links to it directly (a skill or tool), when
    one of its tasks (its own, or those of the workflow steps it performs)
    involves it, or when one of those is an example of it: the items whose
    :func:`examples_of` reach one of ``items`` count as well (ratings only
    reweigh what a job already needs, so they add none).

    >>> from rolegraph.store import open_store
    >>> proj = open_store().projection
    >>> rg = "https://w3id.org/rolegraph/"
    >>> sorted(j for j in jobs_needing(proj, [rg + "statistics"]) if rg + "statistics" not in needs(proj, j))
    []
    """
    wanted = set(items)
    # What has, through examples_of, one of ``items``: a path of rg:exampleOf
    # links whose every target is a Skill (its start may be anything).
    linked = set(wanted)
    frontier = [i for i in wanted if i in proj and "Skill" in proj.classes(i)]
    walked = set(frontier)
    while frontier:
        for example in proj.sources_of(frontier.pop(), RG.exampleOf):
            linked.add(example)
            if example not in walked and "Skill" in proj.classes(example):
                walked.add(example)
                frontier.append(example)
    direct = {*SKILL_PREDICATES, RG.usesTool}
    jobs: set[str] = set()
    tasks: set[str] = set()
    for item in linked:
        for p, s in proj.in_edges(item):
            if p in direct:
                jobs.add(s)
            elif p == RG.involvesSkill:
                tasks.add(s)
    for task in tasks:
        for p, s in proj.in_edges(task):
            if p == RG.performsTask:
                jobs.add(s)
            elif p == RG.includesTask:
                jobs.update(proj.targets(s, RG.performedBy))
    return jobs


def abilities(proj: Projection, job: str) -> set[str]:
    """What a job's holder has: everything the job needs (its skills, tools,
    the skills its tasks involve, and what those are examples of)."""
    return set(needs(proj, job))


# ------------------------------------------------------------------ specificity


def _roles(proj: Projection) -> frozenset[str]:
    return proj.memo("roles", lambda p: frozenset(p.of_type("Role")))  # type: ignore[no-any-return]


def count_roles(proj: Projection) -> None:
    """Count, in one pass over every role's needs, how many roles need each
    item: what :func:`specificity` needs for a question about every role
    (``similar``, ``matrix``), instead of a look-up an item at a time."""
    memo: dict[str, float] = proj.memo("specificity", lambda _p: {})
    if proj.memo("specificity-complete", lambda _p: [False])[0]:
        return
    counts: dict[str, int] = {}
    roles = _roles(proj)
    for role in roles:
        for item in needs(proj, role):
            counts[item] = counts.get(item, 0) + 1
    for item, r in counts.items():
        memo[item] = math.log(1 + len(roles) / r)
    proj.memo("specificity-complete", lambda _p: [False])[0] = True


def specificity(proj: Projection, item: str) -> float:
    """How much needing ``item`` says about a role: ``ln(1 + R / r)`` where R
    is the number of roles and r those that need the item (at least 1). A
    skill every role needs weighs ln 2 ≈ 0.69; one only a few need, more."""
    memo: dict[str, float] = proj.memo("specificity", lambda _p: {})
    found = memo.get(item)
    if found is None:
        n_roles = proj.memo("role-count", lambda p: p.count_of_type("Role"))
        if proj.memo("specificity-complete", lambda _p: [False])[0]:
            found = memo[item] = math.log(1 + n_roles)  # no role needs it
        else:
            needing = sum(1 for job in _needed_by(proj, item) if proj.is_a(job, "Role"))
            found = memo[item] = math.log(1 + n_roles / max(1, needing))
    return found


def _needed_by(proj: Projection, item: str) -> set[str]:
    """The jobs that need ``item`` (the reverse of :func:`needs`), found by
    walking the links into it, so a few items cost a few look-ups."""
    jobs = set(proj.sources_of(item, *SKILL_PREDICATES, RG.usesTool))
    tasks = set(proj.sources_of(item, RG.involvesSkill))
    examples: set[str] = set()
    frontier = [item]
    while frontier:
        for example in proj.sources_of(frontier.pop(), RG.exampleOf):
            if example not in examples:
                examples.add(example)
                frontier.append(example)
    for example in examples:
        jobs |= set(proj.sources_of(example, *SKILL_PREDICATES, RG.usesTool))
        tasks |= set(proj.sources_of(example, RG.involvesSkill))
    for task in tasks:
        jobs |= set(proj.sources_of(task, RG.performsTask))
        for step in proj.sources_of(task, RG.includesTask):
            jobs |= set(proj.targets(step, RG.performedBy))
    return jobs


# ------------------------------------------------------------------ similarity

#: How a shared skill counts in a similarity's components.
COMPONENTS = ("essential skills", "other skills", "skills their tasks and tools imply", "skills rated by importance")


@dataclass(frozen=True)
class Similarity:
    """The similarity of two jobs and its parts: ``components`` sum to ``value``."""

    value: float
    components: dict[str, float]


def vector(proj: Projection, job: str) -> dict[str, float]:
    """The skills the job needs as a vector: each need's weight × its
    specificity. Tools are not dimensions of their own: a tool counts through
    the skill it is an example of (Tableau → data visualization)."""
    return {item: need.weight * specificity(proj, item) for item, need in needs(proj, job).items() if need.kind != "tool"}


def _component(a: Need, b: Need) -> str:
    if "rated" in (a.kind, b.kind) and {a.kind, b.kind} <= {"essential", "optional", "rated"}:
        return COMPONENTS[3]
    if a.kind == b.kind == "essential":
        return COMPONENTS[0]
    if a.kind in ("essential", "optional") and b.kind in ("essential", "optional"):
        return COMPONENTS[1]
    return COMPONENTS[2]


def similarity(proj: Projection, a: str, b: str) -> Similarity:
    """The cosine of the two jobs' skill vectors (:func:`vector`): 1 for the
    same skills in the same proportions, 0 for nothing in common. The vectors
    are normalised, so a long profile is not punished for its length; a skill
    every role needs weighs little. Its components say which shared skills it
    comes from, and sum to it.

    >>> from rolegraph.store import open_store
    >>> rg = "https://w3id.org/rolegraph/"
    >>> s = similarity(open_store().projection, rg + "data-scientist", rg + "data-scientist")
    >>> s.value
    1.0
    """
    if a == b:
        return Similarity(1.0, {COMPONENTS[0]: 1.0})
    va, vb = vector(proj, a), vector(proj, b)
    norm = math.sqrt(sum(x * x for x in va.values())) * math.sqrt(sum(x * x for x in vb.values()))
    parts = dict.fromkeys(COMPONENTS, 0.0)
    if norm:
        na, nb = needs(proj, a), needs(proj, b)
        for item in va.keys() & vb.keys():
            parts[_component(na[item], nb[item])] += va[item] * vb[item] / norm
    components = {k: round(v, 4) for k, v in parts.items() if v}
    return Similarity(round(sum(parts.values()), 4), components)


def by_label(proj: Projection, iris: Iterable[str]) -> list[str]:
    """Sort entity IRIs by label, then IRI, so output never depends on store order."""
    return sorted(iris, key=lambda e: (proj.label(e).casefold(), e))


def refs(proj: Projection, iris: Iterable[str]) -> list[Ref]:
    """The entities of ``iris`` as :class:`Ref` items, sorted by label."""
    return [proj.ref(e) for e in by_label(proj, iris)]


@dataclass(frozen=True)
class Related:
    """Two different skills the skills hierarchy relates: ``relation`` is
    ``broader`` (``b`` is broader than ``a``), ``narrower``, ``sibling``
    (both under ``via``) or ``related`` (``skos:related``)."""

    a: Ref
    b: Ref
    relation: str
    via: Ref | None = None


def related_skills(proj: Projection, xs: Iterable[str], ys: Iterable[str], limit: int = 200) -> list[Related]:
    """Pairs of a skill of ``xs`` and a different one of ``ys`` that the
    hierarchy relates (``skos:broader`` one step, a shared broader concept,
    or ``skos:related``); related, not equal, so they never count as shared.
    Only direct links are followed, so a cycle in the hierarchy is harmless.

    >>> from rolegraph.store import open_store
    >>> proj = open_store().projection
    >>> rg = "https://w3id.org/rolegraph/"
    >>> [(r.relation, r.via and r.via.label) for r in related_skills(proj, [rg + "statistical-tests"], [rg + "statistics", rg + "probability-distributions"])]
    [('sibling', 'statistics'), ('broader', None)]
    """
    from ..vocab import SKOS

    xs, ys = list(dict.fromkeys(xs)), list(dict.fromkeys(ys))
    up = {i: set(proj.targets(i, SKOS.broader)) for i in [*xs, *ys]}
    near = {i: set(proj.targets(i, SKOS.related)) | set(proj.sources_of(i, SKOS.related)) for i in xs}
    found: list[Related] = []
    for x in by_label(proj, xs):
        for y in by_label(proj, ys):
            if x == y:
                continue
            if y in up[x]:
                found.append(Related(proj.ref(x), proj.ref(y), "broader"))
            elif x in up[y]:
                found.append(Related(proj.ref(x), proj.ref(y), "narrower"))
            elif up[x] & up[y]:
                via = by_label(proj, up[x] & up[y])[0]
                found.append(Related(proj.ref(x), proj.ref(y), "sibling", proj.ref(via)))
            elif y in near[x]:
                found.append(Related(proj.ref(x), proj.ref(y), "related"))
            if len(found) >= limit:
                return found
    return found
