"""The gap from one role to another, as a learning plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import DataError
from ..lookup.citations import citations
from ..lookup.names import resolve_as
from ..projection import Projection
from ..results import Citation, Item, Ref
from ..vocab import JOB_TYPES, RG
from .profiles import SKILL_PREDICATES, by_label, profile, refs

if TYPE_CHECKING:
    from ..store import Store

_REQUIREMENT_WORDS = {
    RG.essentialSkill: "an essential skill",
    RG.optionalSkill: "an optional skill",
    RG.requiresSkill: "a required skill",
    RG.strongerIn: "a skill it is stronger in",
}


@dataclass(frozen=True)
class Reason:
    """Why the target role needs an item: its own ``requirement``, one of its
    tasks (``task``), a ``workflow-step`` it performs, or as a ``prerequisite``."""

    kind: str
    entity: Ref
    text: str
    sources: list[Citation]


@dataclass(frozen=True)
class GapItem(Ref):
    """A missing skill, tool or task: whether TO marks it essential, and why."""

    essential: bool
    why: list[Reason]


@dataclass(frozen=True)
class Gap:
    from_: Ref
    to: Ref
    missing: dict[str, list[GapItem]]
    have: dict[str, list[Item]]
    coverage: float


def _sources(proj: Projection, *edges: tuple[str, str, str]) -> list[Citation]:
    return citations(proj, (ev for s, p, o in edges for ev in proj.edge_evidence(s, p, o)))


def _reason(proj: Projection, kind: str, entity: str, text: str, *edges: tuple[str, str, str]) -> Reason:
    return Reason(kind, proj.ref(entity), text, _sources(proj, *edges))


def _step_tasks(proj: Projection, role: str) -> dict[str, list[str]]:
    """Tasks of the workflow steps ``role`` performs: task → steps (by label)."""
    out: dict[str, list[str]] = {}
    for step in by_label(proj, proj.sources_of(role, RG.performedBy)):
        for task in proj.targets(step, RG.includesTask):
            out.setdefault(task, []).append(step)
    return out


def gap(store: Store, from_ref: str, to_ref: str) -> Gap:
    """What FROM must add to do TO's job, as a learning plan.

    Missing skills are TO's own and those its tasks and workflow steps
    involve (optional unless TO marks them essential), with the prerequisites
    FROM also lacks, ordered so that a prerequisite comes before what needs
    it, then essential before optional, then by label. Each item says whether
    it is ``essential`` and ``why``: the requirement itself, TO's tasks and
    workflow steps that need it, with their sources. FROM has its own skills
    and those its tasks and workflow steps involve. ``coverage`` is the share
    of TO's essential skills FROM has (of all of TO's skills when none is
    marked essential; 1 when TO lists none). Tools and tasks are reported as
    essential only when TO's own tasks or workflow steps need them (a tool is
    usually one of several that would do).

    Raises :class:`~rolegraph.errors.DataError` naming a prerequisite cycle.

    >>> from rolegraph.store import open_store
    >>> g = gap(open_store(), "data analyst", "machine learning engineer")
    >>> 0 <= g.coverage < 1, g.missing["skills"][0].essential in (True, False)
    (True, True)
    """
    proj = store.projection
    src = resolve_as(proj, from_ref, JOB_TYPES, "gap")
    dst = resolve_as(proj, to_ref, JOB_TYPES, "gap")
    pf, pt = profile(proj, src), profile(proj, dst)
    to_label = proj.label(dst)
    step_tasks = _step_tasks(proj, dst)
    dst_tasks = set(pt.tasks) | set(step_tasks)
    dst_links = set(proj.out_edges(dst))

    def task_reason(task: str, edge: tuple[str, str, str]) -> Reason:
        steps = step_tasks.get(task, [])
        if steps and task not in pt.tasks:
            step = steps[0]
            return _reason(proj, "workflow-step", step, f"{proj.label(step)}: {proj.label(task)}", edge, (step, RG.includesTask, task), (step, RG.performedBy, dst))
        return _reason(proj, "task", task, f"{to_label} tasks: {proj.label(task)}", edge, (dst, RG.performsTask, task))

    def skill_reasons(skill: str) -> list[Reason]:
        reasons = [
            _reason(proj, "requirement", dst, f"{to_label}: {_REQUIREMENT_WORDS[p]}", (dst, p, skill))
            for p in SKILL_PREDICATES
            if (p, skill) in dst_links
        ]
        for task in by_label(proj, proj.sources_of(skill, RG.involvesSkill)):
            if task in dst_tasks:
                reasons.append(task_reason(task, (task, RG.involvesSkill, skill)))
        return reasons

    # What FROM has: its skills and those its own tasks and steps involve.
    src_tasks = set(pf.tasks) | set(_step_tasks(proj, src))
    has = set(pf.skills) | {s for task in src_tasks for s in proj.targets(task, RG.involvesSkill)}
    needed: dict[str, bool] = {s: e for s, e in pt.skills.items() if s not in has}
    # Skills TO's tasks and workflow steps involve count too (as optional),
    # though TO's own links do not list them.
    for task in by_label(proj, dst_tasks):
        for skill in proj.targets(task, RG.involvesSkill):
            if skill not in has and skill not in needed:
                needed[skill] = False
    reasons: dict[str, list[Reason]] = {s: skill_reasons(s) for s in needed}
    # TO's missing skills bring their missing prerequisites, transitively.
    frontier = list(needed)
    while frontier:
        skill = frontier.pop()
        for pre in proj.targets(skill, RG.prerequisite):
            if pre in has:
                continue
            why = _reason(proj, "prerequisite", skill, f"to learn before {proj.label(skill)}", (skill, RG.prerequisite, pre))
            if pre not in needed:
                needed[pre] = needed[skill]
                reasons[pre] = skill_reasons(pre) if pre in pt.skills else []
                frontier.append(pre)
            elif needed[skill] and not needed[pre]:
                needed[pre] = True
                frontier.append(pre)
            if why not in reasons[pre]:
                reasons[pre].append(why)
    missing_skills: list[GapItem] = [GapItem.of(proj.ref(s), essential=needed[s], why=reasons[s]) for s in learning_order(proj, needed)]

    missing_tools: list[GapItem] = []
    for tool in by_label(proj, pt.tools - pf.tools):
        why_tool = [_reason(proj, "requirement", dst, f"{to_label} uses it", (dst, RG.usesTool, tool))]
        tasks = [t for t in by_label(proj, proj.sources_of(tool, RG.involvesTool)) if t in dst_tasks]
        why_tool += [task_reason(t, (t, RG.involvesTool, tool)) for t in tasks]
        missing_tools.append(GapItem.of(proj.ref(tool), essential=bool(tasks), why=why_tool))

    missing_tasks: list[GapItem] = []
    for task in by_label(proj, dst_tasks - pf.tasks):
        why_task = [_reason(proj, "requirement", dst, f"{to_label} performs it", (dst, RG.performsTask, task))] if task in pt.tasks else []
        for step in step_tasks.get(task, []):
            why_task.append(_reason(proj, "workflow-step", step, f"{proj.label(step)} ({to_label})", (step, RG.includesTask, task), (step, RG.performedBy, dst)))
        missing_tasks.append(GapItem.of(proj.ref(task), essential=True, why=why_task))

    have: dict[str, list[Item]] = {
        "skills": [Item.of(proj.ref(s), essential=pt.skills[s]) for s in by_label(proj, set(pt.skills) & has)],
        "tools": [Item.of(r) for r in refs(proj, pt.tools & pf.tools)],
        "tasks": [Item.of(r) for r in refs(proj, pt.tasks & pf.tasks)],
    }
    essentials = [s for s, e in pt.skills.items() if e] or list(pt.skills)
    coverage = 1.0 if not essentials else sum(1 for s in essentials if s in has) / len(essentials)
    return Gap(proj.ref(src), proj.ref(dst), {"skills": missing_skills, "tools": missing_tools, "tasks": missing_tasks}, have, round(coverage, 4))


def learning_order(proj: Projection, needed: dict[str, bool]) -> list[str]:
    """``needed`` in a learning order: a prerequisite (``rg:prerequisite``)
    before what needs it, and among what is ready, essential before optional,
    then by label (networkx's ``lexicographical_topological_sort``).
    Raises :class:`DataError` naming a cycle (networkx's ``find_cycle``)."""

    def key(s: str) -> tuple[bool, str, str]:
        return (not needed[s], proj.label(s).casefold(), s)

    edges = [(pre, s) for s in needed for pre in proj.targets(s, RG.prerequisite) if pre in needed]
    if not edges:  # nothing to order by: the key alone decides
        return sorted(needed, key=key)
    import networkx as nx

    graph = nx.DiGraph(edges)
    graph.add_nodes_from(needed)
    try:
        return list(nx.lexicographical_topological_sort(graph, key=key))
    except nx.NetworkXUnfeasible:
        cycle = nx.find_cycle(graph)
        raise DataError("prerequisite cycle: " + " → ".join(proj.label(s) for s in [cycle[0][0], *(v for _u, v in cycle)])) from None
