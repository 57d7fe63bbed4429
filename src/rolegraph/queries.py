"""Career questions: compare two roles, the gap from one to another, similar
roles, the similarity matrix and the project workflow. Functions take the store
first and return frozen dataclasses whose ``to_dict()`` is the CLI's JSON."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Any

from ._iri import SPARQL_PREFIXES, local_id
from .errors import DataError
from .explore import GraphStore, source_item
from .profiles import (
    ESSENTIAL,
    HAS_STEP,
    INCLUDES_TASK,
    INVOLVES_SKILL,
    INVOLVES_TOOL,
    NEXT_STEP,
    OPTIONAL,
    PERFORMED_BY,
    PERFORMS,
    PREREQUISITE,
    REQUIRES,
    SKILL_PREDICATES,
    STRONGER,
    USES_TOOL,
    by_label,
    profile,
    similarity,
)
from .projection import Projection
from .resolve import resolve_as

JOB_TYPES = ("Role", "JobArchetype")


def _refs(proj: Projection, iris: Any) -> list[dict[str, str]]:
    return [proj.ref(e) for e in by_label(proj, iris)]


# ------------------------------------------------------------------ compare


@dataclass(frozen=True)
class Comparison:
    a: dict[str, str]
    b: dict[str, str]
    shared: dict[str, list[dict[str, str]]]
    only_a: dict[str, list[dict[str, str]]]
    only_b: dict[str, list[dict[str, str]]]
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": dict(self.a),
            "b": dict(self.b),
            "shared": {k: list(v) for k, v in self.shared.items()},
            "only_a": {k: list(v) for k, v in self.only_a.items()},
            "only_b": {k: list(v) for k, v in self.only_b.items()},
            "similarity": self.similarity,
        }


def compare(store: GraphStore, a: str, b: str) -> Comparison:
    """What two roles share and what only one of them has.

    A skill counts whether essential or optional. ``similarity`` is the
    weighted Jaccard index of the two profiles (essential skills weigh 2,
    optional skills, tools and tasks 1), so it is symmetric and in [0, 1].

    >>> c = compare(store, "data scientist", "machine learning engineer")  # doctest: +SKIP
    >>> [s["label"] for s in c.shared["skills"]]                            # doctest: +SKIP
    ['programming', 'Python', ...]
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
        shared={k: _refs(proj, sets_a[k] & sets_b[k]) for k in sets_a},
        only_a={k: _refs(proj, sets_a[k] - sets_b[k]) for k in sets_a},
        only_b={k: _refs(proj, sets_b[k] - sets_a[k]) for k in sets_a},
        similarity=similarity(proj, ia, ib),
    )


# ------------------------------------------------------------------ gap


@dataclass(frozen=True)
class Gap:
    from_: dict[str, str]
    to: dict[str, str]
    missing: dict[str, list[dict[str, Any]]]
    have: dict[str, list[dict[str, Any]]]
    coverage: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": dict(self.from_),
            "to": dict(self.to),
            "missing": {k: list(v) for k, v in self.missing.items()},
            "have": {k: list(v) for k, v in self.have.items()},
            "coverage": self.coverage,
        }


def _sources(proj: Projection, *edges: tuple[str, str, str]) -> list[dict[str, Any]]:
    seen: list[str] = []
    for s, p, o in edges:
        for ev in proj.edge_evidence(s, p, o):
            if ev not in seen:
                seen.append(ev)
    return [source_item(proj, ev) for ev in sorted(seen)]


def _reason(proj: Projection, kind: str, entity: str, text: str, *edges: tuple[str, str, str]) -> dict[str, Any]:
    return {"kind": kind, "entity": proj.typed_ref(entity), "text": text, "sources": _sources(proj, *edges)}


def _step_tasks(proj: Projection, role: str) -> dict[str, list[str]]:
    """Tasks of the workflow steps ``role`` performs: task → steps."""
    out: dict[str, list[str]] = {}
    for step in proj.sources_of(role, PERFORMED_BY):
        for task in proj.targets(step, INCLUDES_TASK):
            out.setdefault(task, []).append(step)
    return out


def gap(store: GraphStore, from_ref: str, to_ref: str) -> Gap:
    """What FROM must add to do TO's job, as a learning plan.

    Missing skills are TO's own and those its tasks and workflow steps
    involve (optional unless TO marks them essential), with the prerequisites
    FROM also lacks, ordered so that
    a prerequisite comes before what needs it, then essential before optional,
    then by label. Each item says whether it is ``essential`` and ``why``: the
    requirement itself, TO's tasks and workflow steps that need it, with their
    sources. FROM has its own skills and those its tasks and workflow steps
    involve. ``coverage`` is the share of TO's essential skills FROM has (of
    all of TO's skills when none is marked essential; 1 when TO lists none).
    Tools and tasks are reported as essential only when TO's own tasks or
    workflow steps need them (a tool is usually one of several that would do).

    >>> g = gap(store, "data analyst", "machine learning engineer")  # doctest: +SKIP
    >>> g.missing["skills"][0]["label"], g.coverage                   # doctest: +SKIP
    """
    proj = store.projection
    src = resolve_as(proj, from_ref, JOB_TYPES, "gap")
    dst = resolve_as(proj, to_ref, JOB_TYPES, "gap")
    pf, pt = profile(proj, src), profile(proj, dst)
    to_label = proj.label(dst)
    step_tasks = _step_tasks(proj, dst)
    dst_tasks = set(pt.tasks) | set(step_tasks)

    def skill_reasons(skill: str) -> list[dict[str, Any]]:
        reasons = []
        for p in SKILL_PREDICATES:
            if (p, skill) in set(proj.out_edges(dst)):
                word = {ESSENTIAL: "an essential skill", OPTIONAL: "an optional skill", REQUIRES: "a required skill", STRONGER: "a skill it is stronger in"}[p]
                reasons.append(_reason(proj, "requirement", dst, f"{to_label}: {word}", (dst, p, skill)))
        for task in by_label(proj, proj.sources_of(skill, INVOLVES_SKILL)):
            if task in dst_tasks:
                reasons.append(_task_reason(task, (task, INVOLVES_SKILL, skill)))
        return reasons

    def _task_reason(task: str, edge: tuple[str, str, str]) -> dict[str, Any]:
        steps = step_tasks.get(task, [])
        if steps and task not in pt.tasks:
            step = steps[0]
            return _reason(proj, "workflow-step", step, f"{proj.label(step)}: {proj.label(task)}", edge, (step, INCLUDES_TASK, task), (step, PERFORMED_BY, dst))
        return _reason(proj, "task", task, f"{to_label} tasks: {proj.label(task)}", edge, (dst, PERFORMS, task))

    # Skills: TO's missing skills plus their missing prerequisites, transitively.
    # What FROM has: its skills and those its own tasks and steps involve.
    src_tasks = set(pf.tasks) | set(_step_tasks(proj, src))
    has = set(pf.skills) | {s for task in src_tasks for s in proj.targets(task, INVOLVES_SKILL)}
    needed: dict[str, bool] = {s: e for s, e in pt.skills.items() if s not in has}
    # Skills TO's tasks and workflow steps involve count too (as optional),
    # though TO's own links do not list them.
    for task in by_label(proj, dst_tasks):
        for skill in proj.targets(task, INVOLVES_SKILL):
            if skill not in has and skill not in needed:
                needed[skill] = False
    reasons: dict[str, list[dict[str, Any]]] = {s: skill_reasons(s) for s in needed}
    frontier = list(needed)
    while frontier:
        skill = frontier.pop()
        for pre in proj.targets(skill, PREREQUISITE):
            if pre in has:
                continue
            why = _reason(proj, "prerequisite", skill, f"to learn before {proj.label(skill)}", (skill, PREREQUISITE, pre))
            if pre not in needed:
                needed[pre] = needed[skill]
                reasons[pre] = skill_reasons(pre) if pre in pt.skills else []
                frontier.append(pre)
            elif needed[skill] and not needed[pre]:
                needed[pre] = True
                frontier.append(pre)
            if why not in reasons[pre]:
                reasons[pre].append(why)
    order = _learning_order(proj, needed)
    missing_skills = [{**proj.ref(s), "essential": needed[s], "why": reasons[s]} for s in order]

    missing_tools = []
    for tool in by_label(proj, pt.tools - pf.tools):
        why = [_reason(proj, "requirement", dst, f"{to_label} uses it", (dst, USES_TOOL, tool))]
        tasks = [t for t in by_label(proj, proj.sources_of(tool, INVOLVES_TOOL)) if t in dst_tasks]
        why += [_task_reason(t, (t, INVOLVES_TOOL, tool)) for t in tasks]
        missing_tools.append({**proj.ref(tool), "essential": bool(tasks), "why": why})

    missing_tasks = []
    for task in by_label(proj, dst_tasks - pf.tasks):
        why = []
        if task in pt.tasks:
            why.append(_reason(proj, "requirement", dst, f"{to_label} performs it", (dst, PERFORMS, task)))
        for step in by_label(proj, step_tasks.get(task, [])):
            why.append(_reason(proj, "workflow-step", step, f"{proj.label(step)} ({to_label})", (step, INCLUDES_TASK, task), (step, PERFORMED_BY, dst)))
        missing_tasks.append({**proj.ref(task), "essential": True, "why": why})

    have = {
        "skills": [{**proj.ref(s), "essential": pt.skills[s]} for s in by_label(proj, set(pt.skills) & has)],
        "tools": _refs(proj, pt.tools & pf.tools),
        "tasks": _refs(proj, pt.tasks & pf.tasks),
    }
    essentials = [s for s, e in pt.skills.items() if e] or list(pt.skills)
    coverage = 1.0 if not essentials else sum(1 for s in essentials if s in has) / len(essentials)
    return Gap(
        from_=proj.ref(src),
        to=proj.ref(dst),
        missing={"skills": missing_skills, "tools": missing_tools, "tasks": missing_tasks},
        have=have,
        coverage=round(coverage, 4),
    )


def _learning_order(proj: Projection, needed: dict[str, bool]) -> list[str]:
    """Topological order of ``needed`` under rg:prerequisite (Kahn's algorithm),
    essential before optional and then by label among what is ready.
    Raises :class:`DataError` naming a cycle."""
    before: dict[str, set[str]] = {s: set() for s in needed}
    after: dict[str, set[str]] = {s: set() for s in needed}
    for s in needed:
        for pre in proj.targets(s, PREREQUISITE):
            if pre in needed and pre != s:
                before[s].add(pre)
                after[pre].add(s)
            elif pre == s:
                raise DataError(f"prerequisite cycle: {proj.label(s)} → {proj.label(s)}")

    def key(s: str) -> tuple[bool, str, str]:
        return (not needed[s], proj.label(s).casefold(), s)

    ready = [key(s) for s in needed if not before[s]]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        _e, _l, s = heapq.heappop(ready)
        order.append(s)
        for nxt in after[s]:
            before[nxt].discard(s)
            if not before[nxt]:
                heapq.heappush(ready, key(nxt))
    if len(order) < len(needed):
        raise DataError("prerequisite cycle: " + " → ".join(proj.label(s) for s in _find_cycle(before)))
    return order


def _find_cycle(before: dict[str, set[str]]) -> list[str]:
    """A cycle among the nodes left with unmet prerequisites."""
    start = min(s for s, pres in before.items() if pres)
    path, seen = [start], {start: 0}
    node = start
    while True:
        node = min(before[node])
        if node in seen:
            return path[seen[node]:] + [node]
        seen[node] = len(path)
        path.append(node)


# ------------------------------------------------------------------ similar / matrix


@dataclass(frozen=True)
class Similar:
    role: dict[str, str]
    similarity: float

    def to_dict(self) -> dict[str, Any]:
        return {"role": dict(self.role), "similarity": self.similarity}


def similar(store: GraphStore, ref: str, *, limit: int | None = None) -> list[Similar]:
    """Other roles ranked by similarity to ``ref`` (the score of :func:`compare`)."""
    proj = store.projection
    me = resolve_as(proj, ref, JOB_TYPES, "similar")
    mine = profile(proj, me).weights()
    from .profiles import weighted_jaccard

    ranked = []
    for role in proj.of_type("Role"):
        if role != me:
            ranked.append(Similar(proj.ref(role), round(weighted_jaccard(mine, profile(proj, role).weights()), 4)))
    ranked.sort(key=lambda s: (-s.similarity, s.role["label"].casefold(), s.role["id"]))
    return ranked[:limit] if limit else ranked


@dataclass(frozen=True)
class Matrix:
    roles: list[dict[str, str]]
    similarity: list[list[float]]

    def to_dict(self) -> dict[str, Any]:
        return {"roles": list(self.roles), "similarity": [list(r) for r in self.similarity]}


def matrix(store: GraphStore) -> Matrix:
    """All-pairs similarity of the roles (symmetric, 1 on the diagonal)."""
    from .profiles import weighted_jaccard

    proj = store.projection
    roles = proj.of_type("Role")
    weights = [profile(proj, r).weights() for r in roles]
    n = len(roles)
    grid = [[1.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            grid[i][j] = grid[j][i] = round(weighted_jaccard(weights[i], weights[j]), 4)
    return Matrix([proj.ref(r) for r in roles], grid)


# ------------------------------------------------------------------ workflow

Q_STEP_ORDER = SPARQL_PREFIXES + "SELECT ?step ?order WHERE { ?step rg:stepOrder ?order }"


@dataclass(frozen=True)
class Step:
    order: int
    id: str
    label: str
    workflow: dict[str, str]
    performed_by: list[dict[str, str]]
    tasks: list[dict[str, str]]
    tools: list[dict[str, str]]
    skills: list[dict[str, str]]
    next: list[dict[str, str]]
    sources: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "order": self.order,
            "id": self.id,
            "label": self.label,
            "workflow": dict(self.workflow),
            "performed_by": list(self.performed_by),
            "tasks": list(self.tasks),
            "tools": list(self.tools),
            "skills": list(self.skills),
            "next": list(self.next),
            "sources": list(self.sources),
        }


def workflow(store: GraphStore, role: str | None = None) -> list[Step]:
    """The project workflow's steps in order, with who performs each, its tasks
    and the tools and skills those tasks involve. With ``role``, only the
    steps that role performs."""
    proj = store.projection
    who = resolve_as(proj, role, JOB_TYPES, "workflow --role") if role is not None else None
    orders: dict[str, int] = {}
    for row in store.select(Q_STEP_ORDER):
        try:
            orders[row["step"].value] = int(row["order"].value)
        except ValueError:
            continue
    steps: list[Step] = []
    for flow in proj.of_type("Workflow"):
        for step in proj.targets(flow, HAS_STEP):
            performers = proj.targets(step, PERFORMED_BY)
            if who is not None and who not in performers:
                continue
            tasks = proj.targets(step, INCLUDES_TASK)
            tools = {t for task in tasks for t in proj.targets(task, INVOLVES_TOOL)}
            skills = {s for task in tasks for s in proj.targets(task, INVOLVES_SKILL)}
            evidence = sorted({ev for p in (PERFORMED_BY, INCLUDES_TASK) for o in proj.targets(step, p) for ev in proj.edge_evidence(step, p, o)})
            steps.append(
                Step(
                    order=orders.get(step, 0),
                    id=local_id(step),
                    label=proj.label(step),
                    workflow=proj.ref(flow),
                    performed_by=_refs(proj, performers),
                    tasks=_refs(proj, tasks),
                    tools=_refs(proj, tools),
                    skills=_refs(proj, skills),
                    next=_refs(proj, proj.targets(step, NEXT_STEP)),
                    sources=[source_item(proj, ev) for ev in evidence],
                )
            )
    steps.sort(key=lambda s: (s.workflow["label"].casefold(), s.order, s.label.casefold()))
    return steps


__all__ = ["Comparison", "Gap", "Matrix", "Similar", "Step", "compare", "gap", "matrix", "similar", "workflow"]
