"""The gap from one role to another: a learning plan (skills and tools, in a
sensible order, each with why it is needed and why it sits where it sits),
the work the target role does (its tasks), and the coverage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import DataError
from ..lookup.citations import citations
from ..lookup.names import resolve_as
from ..projection import Projection
from ..results import Citation, Item, Ref, omitted_if_none
from ..vocab import JOB_TYPES, RG, SKOS
from .fit import coverage, coverage_basis
from .profiles import SKILL_PREDICATES, abilities, by_label, needs, profile, refs, related_skills, step_tasks

if TYPE_CHECKING:
    from ..store import Store

_REQUIREMENT_WORDS = {
    RG.essentialSkill: "an essential skill",
    RG.optionalSkill: "an optional skill",
    RG.requiresSkill: "a required skill",
    RG.strongerIn: "a skill it is stronger in",
}

METHOD = (
    "coverage = the share of TO's essential skills FROM has (of its stated skills when none is essential, "
    "weighted by importance where O*NET rates them; FROM has its skills, tools, the skills its tasks involve, "
    "and what those are examples of); the plan puts stated prerequisites first, a broader skill before the "
    "narrower ones it covers, a skill before the tools that are examples of it; then essential before optional, "
    "the more important first where TO's skills are rated (O*NET importance), then what more of the plan rests on"
)


@dataclass(frozen=True)
class Reason:
    """Why the target role needs an item: its own ``requirement``, one of its
    tasks (``task``), a ``workflow-step`` it performs, or as a
    ``prerequisite``; or, as a help rather than a need, a skill FROM has that
    the skills hierarchy relates to it (``related``: not the same skill, so
    it is still to learn)."""

    kind: str
    entity: Ref
    text: str
    sources: list[Citation]


@dataclass(frozen=True)
class GapItem(Ref):
    """A missing item: whether TO marks it essential and why it needs it; for
    the learning plan (skills and tools), its ``position`` and why it sits
    there (``placement``)."""

    essential: bool
    why: list[Reason]
    position: int | None = omitted_if_none()
    placement: str | None = omitted_if_none()
    #: how important TO rates it (1–5), where a data set rates it (O*NET)
    importance: float | None = omitted_if_none()
    #: a technology a data set flags hot (O*NET's Hot Technology)
    hot: bool | None = omitted_if_none()


@dataclass(frozen=True)
class Gap:
    from_: Ref
    to: Ref
    missing: dict[str, list[GapItem]]
    have: dict[str, list[Item]]
    coverage: float
    #: what coverage is a share of: the essential skills, the stated skills,
    #: or the skills weighted by importance (a job a data set rates)
    coverage_of: str
    method: str


def _reason(proj: Projection, kind: str, entity: str, text: str, *edges: tuple[str, str, str]) -> Reason:
    return Reason(kind, proj.ref(entity), text, citations(proj, (ev for s, p, o in edges for ev in proj.edge_evidence(s, p, o))))


def gap(store: Store, from_ref: str, to_ref: str) -> Gap:
    """What FROM must add to do TO's job.

    The learning plan (``missing.skills`` and ``missing.tools``, numbered by
    ``position``) holds what TO needs and FROM lacks — TO's skills and tools,
    the skills its tasks and workflow steps involve (optional unless TO marks
    them essential) — and the prerequisites of those FROM lacks. Its order:
    a stated prerequisite before what needs it, a broader skill before the
    narrower ones it covers (``skos:broader``), a skill before the tools that
    are examples of it; among what is ready, essential before optional, then
    by name. Every item says ``why`` TO needs it (with sources) and, in
    ``placement``, why it sits where it sits. ``missing.tasks`` is the work TO
    does that FROM's profile lacks: not something to learn, but what the
    skills are for. ``coverage`` is the share of TO's essential skills FROM
    has, as ``fit`` reports it.

    Raises :class:`~rolegraph.errors.DataError` naming a prerequisite cycle.

    >>> from rolegraph.store import open_store
    >>> g = gap(open_store(), "data analyst", "data scientist")
    >>> [i.position for i in g.missing["skills"]][:3]
    [1, 2, 3]
    """
    proj = store.projection
    src = resolve_as(proj, from_ref, JOB_TYPES, "gap")
    dst = resolve_as(proj, to_ref, JOB_TYPES, "gap")
    pt = profile(proj, dst)
    to_label = proj.label(dst)
    dst_steps = step_tasks(proj, dst)
    dst_tasks = set(pt.tasks) | set(dst_steps)
    dst_links = set(proj.out_edges(dst))
    has = abilities(proj, src)
    need = needs(proj, dst)

    def task_reason(task: str, edge: tuple[str, str, str]) -> Reason:
        steps = dst_steps.get(task, [])
        if steps and task not in pt.tasks:
            step = steps[0]
            return _reason(proj, "workflow-step", step, f"{proj.label(step)}: {proj.label(task)}", edge, (step, RG.includesTask, task), (step, RG.performedBy, dst))
        return _reason(proj, "task", task, f"{to_label} tasks: {proj.label(task)}", edge, (dst, RG.performsTask, task))

    def reasons_for(item: str) -> list[Reason]:
        rated = need.get(item)
        out = [
            _reason(proj, "requirement", dst, f"{to_label}: importance {rated.importance:.2f} of 5" if rated is not None and rated.importance is not None else f"{to_label}: {_REQUIREMENT_WORDS[p]}", (dst, p, item))
            for p in SKILL_PREDICATES
            if (p, item) in dst_links
        ]
        if (RG.usesTool, item) in dst_links:
            out.append(_reason(proj, "requirement", dst, f"{to_label} uses it", (dst, RG.usesTool, item)))
        for task in by_label(proj, proj.sources_of(item, RG.involvesSkill, RG.involvesTool)):
            if task in dst_tasks:
                p = RG.involvesSkill if (RG.involvesSkill, item) in set(proj.out_edges(task)) else RG.involvesTool
                out.append(task_reason(task, (task, p, item)))
        for example in by_label(proj, proj.sources_of(item, RG.exampleOf)):
            if example in need and not out:
                out.append(_reason(proj, "example", example, f"{proj.label(example)}, which {to_label} needs, is an example of it", (example, RG.exampleOf, item)))
        return out

    # What to learn: TO's needs FROM lacks, then their prerequisites, transitively.
    wanted: dict[str, bool] = {i: n.kind == "essential" for i, n in need.items() if i not in has}
    why: dict[str, list[Reason]] = {i: reasons_for(i) for i in wanted}
    frontier = list(wanted)
    while frontier:
        item = frontier.pop()
        for pre in proj.targets(item, RG.prerequisite):
            if pre in has:
                continue
            reason = _reason(proj, "prerequisite", item, f"to learn before {proj.label(item)}", (item, RG.prerequisite, pre))
            if pre not in wanted:
                wanted[pre], why[pre] = wanted[item], reasons_for(pre)
                frontier.append(pre)
            elif wanted[item] and not wanted[pre]:
                wanted[pre] = True
                frontier.append(pre)
            if reason not in why[pre]:
                why[pre].append(reason)
    # Related, not equal: a skill to learn the hierarchy relates to one FROM has.
    for rel in related_skills(proj, [i for i in wanted if proj.type(i) != "Tool"], has):
        words = {"broader": "a narrower skill of", "narrower": "broader than", "sibling": "beside", "related": "related to"}[rel.relation]
        via = f" (both under {rel.via.label})" if rel.via else ""
        why[_iri(proj, rel.a)].append(Reason("related", rel.b, f"{words} {rel.b.label}, which {proj.label(src)} has{via}", []))
    learn = wanted
    importance = {i: n.importance for i, n in need.items() if n.importance is not None}
    order, placement = learning_order(proj, learn, importance)
    position = {item: n for n, item in enumerate(order, 1)}

    def plan_items(kind: str) -> list[GapItem]:
        chosen = [i for i in order if (proj.type(i) == "Tool") == (kind == "tools")]
        return [
            GapItem.of(proj.ref(i), essential=learn[i], why=why[i], position=position[i], placement=placement[i], importance=importance.get(i), hot=True if proj.is_hot(i) else None)
            for i in chosen
        ]

    src_tasks = set(profile(proj, src).tasks) | set(step_tasks(proj, src))
    missing_tasks = []
    for task in by_label(proj, dst_tasks - src_tasks):
        reasons = [_reason(proj, "requirement", dst, f"{to_label} performs it", (dst, RG.performsTask, task))] if task in pt.tasks else []
        reasons += [
            _reason(proj, "workflow-step", step, f"{proj.label(step)} ({to_label})", (step, RG.includesTask, task), (step, RG.performedBy, dst))
            for step in dst_steps.get(task, [])
        ]
        missing_tasks.append(GapItem.of(proj.ref(task), essential=True, why=reasons))

    have: dict[str, list[Item]] = {
        "skills": [Item.of(proj.ref(s), essential=e) for s, e in ((s, pt.skills[s]) for s in by_label(proj, set(pt.skills) & has))],
        "tools": [Item.of(r) for r in refs(proj, pt.tools & has)],
        "tasks": [Item.of(r) for r in refs(proj, pt.tasks & src_tasks)],
    }
    return Gap(
        from_=proj.ref(src),
        to=proj.ref(dst),
        missing={"skills": plan_items("skills"), "tools": plan_items("tools"), "tasks": missing_tasks},
        have=have,
        coverage=coverage(proj, dst, has),
        coverage_of=coverage_basis(proj, dst),
        method=METHOD,
    )


def learning_order(proj: Projection, learn: dict[str, bool], importance: dict[str, float] | None = None) -> tuple[list[str], dict[str, str]]:
    """``learn`` (item → essential?) in a learning order, and for each item why
    it sits there. Constraints: a stated ``rg:prerequisite`` before what needs
    it; a broader skill (``skos:broader``) before the narrower ones it
    covers; a skill before the tools and skills that are examples of it. Among
    what is ready: essential before optional, then the more important first
    where a data set rates ``importance`` (O*NET), then what more of the plan
    rests on (foundations first), then by name (networkx's
    ``lexicographical_topological_sort``). Raises :class:`DataError` naming a
    prerequisite cycle (networkx's ``find_cycle``)."""
    rank = importance or {}
    before: dict[tuple[str, str], str] = {}  # (first, then) → why first
    for item in learn:
        for pre in proj.targets(item, RG.prerequisite):
            if pre in learn:
                before[(pre, item)] = "prerequisite"
        for broad in proj.targets(item, SKOS.broader):
            if broad in learn and (broad, item) not in before:
                before[(broad, item)] = "broader"
        for general in proj.targets(item, RG.exampleOf):
            if general in learn and (general, item) not in before:
                before[(general, item)] = "example"

    if before:
        import networkx as nx

        graph = nx.DiGraph(list(before))
        graph.add_nodes_from(learn)
        # A cycle of stated prerequisites is an error in the data; one through
        # skos:broader or rg:exampleOf (ESCO's hierarchy may hold one) only
        # loses that ordering hint.
        while not nx.is_directed_acyclic_graph(graph):
            cycle = nx.find_cycle(graph)
            soft = [(u, v) for u, v in cycle if before[(u, v)] != "prerequisite"]
            if not soft:
                raise DataError("prerequisite cycle: " + " → ".join(proj.label(s) for s in [cycle[0][0], *(v for _u, v in cycle)]))
            graph.remove_edge(*soft[0])
            del before[soft[0]]
        # Foundations first: among what is ready, what more else rests on.
        rests = {i: len(nx.descendants(graph, i)) for i in learn} if nx.is_directed_acyclic_graph(graph) else dict.fromkeys(learn, 0)

        def key(i: str) -> tuple[bool, float, int, str, str]:
            return (not learn[i], -rank.get(i, 0.0), -rests[i], proj.label(i).casefold(), i)

        order = list(nx.lexicographical_topological_sort(graph, key=key))
    else:  # nothing to order by: essential first, the more important, then by name
        order = sorted(learn, key=lambda i: (not learn[i], -rank.get(i, 0.0), proj.label(i).casefold(), i))
    return order, {i: _placement(proj, i, learn[i], before, rank.get(i)) for i in order}


_AFTER = {"prerequisite": "its prerequisite", "broader": "the broader skill it belongs to", "example": "the skill it is an example of"}
_FIRST = {"prerequisite": "a prerequisite of", "broader": "the foundation of", "example": "the skill behind"}


def _placement(proj: Projection, item: str, essential: bool, before: dict[tuple[str, str], str], importance: float | None = None) -> str:
    parts = [f"after {proj.label(a)} ({_AFTER[why]})" for (a, b), why in sorted(before.items()) if b == item]
    later: dict[str, list[str]] = {}
    for (a, b), why in sorted(before.items()):
        if a == item:
            later.setdefault(why, []).append(proj.label(b))
    parts += [f"{_FIRST[why]} {', '.join(sorted(labels, key=str.casefold))}" for why, labels in later.items()]
    parts.append("essential" if essential else f"importance {importance:.2f}" if importance is not None else "optional")
    return "; ".join(parts)


def _iri(proj: Projection, ref: Ref) -> str:
    from ..vocab import BASE

    return ref.id if ":" in ref.id else BASE + ref.id
