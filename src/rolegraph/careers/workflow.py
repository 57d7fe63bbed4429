"""The machine-learning project workflow, step by step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..lookup.citations import citations
from ..lookup.names import resolve_as
from ..results import Citation, Ref
from ..vocab import JOB_TYPES, RG, SPARQL_PREFIXES, local_id
from .profiles import refs

if TYPE_CHECKING:
    from ..store import Store

Q_STEP_ORDER = SPARQL_PREFIXES + "SELECT ?step ?order WHERE { ?step rg:stepOrder ?order }"


@dataclass(frozen=True)
class Step:
    order: int
    id: str
    label: str
    workflow: Ref
    performed_by: list[Ref]
    tasks: list[Ref]
    tools: list[Ref]
    skills: list[Ref]
    next: list[Ref]
    sources: list[Citation]


def workflow(store: Store, role: str | None = None) -> list[Step]:
    """The project workflow's steps in order, with who performs each, its tasks
    and the tools and skills those tasks involve. With ``role``, only the
    steps that role performs.

    >>> from rolegraph.store import open_store
    >>> [s.order for s in workflow(open_store())][:3]
    [1, 2, 3]
    """
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
        for step in proj.targets(flow, RG.hasStep):
            performers = proj.targets(step, RG.performedBy)
            if who is not None and who not in performers:
                continue
            tasks = proj.targets(step, RG.includesTask)
            steps.append(
                Step(
                    order=orders.get(step, 0),
                    id=local_id(step),
                    label=proj.label(step),
                    workflow=proj.ref(flow),
                    performed_by=refs(proj, performers),
                    tasks=refs(proj, tasks),
                    tools=refs(proj, {t for task in tasks for t in proj.targets(task, RG.involvesTool)}),
                    skills=refs(proj, {s for task in tasks for s in proj.targets(task, RG.involvesSkill)}),
                    next=refs(proj, proj.targets(step, RG.nextStep)),
                    sources=citations(proj, (ev for p in (RG.performedBy, RG.includesTask) for o in proj.targets(step, p) for ev in proj.edge_evidence(step, p, o))),
                )
            )
    steps.sort(key=lambda s: (s.workflow.label.casefold(), s.order, s.label.casefold()))
    return steps
