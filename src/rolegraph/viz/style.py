"""How the graph looks: colour and shape per class, line style per relation.

Colours are the Okabe–Ito palette (distinguishable with the common colour
vision deficiencies); shape tells the classes apart too, so colour is never the
only cue. Every shape used draws its label below it, so node size can encode
degree.
"""

from __future__ import annotations

from typing import Any

from ..vocab import RG

#: class → (colour, vis shape, legend symbol)
NODE_STYLE: dict[str, tuple[str, str, str]] = {
    "Role": ("#D55E00", "star", "★"),
    "JobArchetype": ("#CC79A7", "hexagon", "⬢"),
    "WorkflowStep": ("#009E73", "square", "■"),
    "Workflow": ("#00684B", "square", "■"),
    "Task": ("#E69F00", "triangle", "▲"),
    "Skill": ("#0072B2", "dot", "●"),
    "Tool": ("#56B4E9", "diamond", "◆"),
    "Source": ("#8C8C8C", "triangleDown", "▼"),
}
OTHER_NODE = ("#999999", "dot", "●")

#: relation → (colour, width, dashes, arrow, legend text)
EDGE_STYLE: dict[str, tuple[str, float, Any, bool, str]] = {
    RG.essentialSkill: ("#0072B2", 3.0, False, True, "essential skill (thick)"),
    RG.optionalSkill: ("#0072B2", 1.5, [6, 5], True, "optional skill (dashed)"),
    RG.requiresSkill: ("#0072B2", 2.0, False, True, "requires skill"),
    RG.strongerIn: ("#D55E00", 2.0, [2, 4], True, "stronger in (dotted)"),
    RG.performsTask: ("#E69F00", 1.5, False, True, "performs task"),
    RG.usesTool: ("#56B4E9", 1.5, False, True, "uses tool"),
    RG.involvesSkill: ("#7FB3D5", 1.0, False, True, "task involves skill"),
    RG.involvesTool: ("#A6D8F0", 1.0, False, True, "task involves tool"),
    RG.collaboratesWith: ("#CC79A7", 2.0, False, False, "collaborates with"),
    RG.handsOffTo: ("#CC79A7", 2.5, [10, 4], True, "hands off to"),
    RG.variantOf: ("#CC79A7", 1.5, [4, 4], True, "variant of"),
    RG.hasStep: ("#009E73", 1.5, False, True, "workflow has step"),
    RG.nextStep: ("#009E73", 3.0, False, True, "next step"),
    RG.performedBy: ("#009E73", 1.5, [4, 4], True, "step performed by"),
    RG.includesTask: ("#009E73", 1.0, False, True, "step includes task"),
    RG.prerequisite: ("#555555", 1.5, [2, 3], True, "prerequisite skill"),
    RG.idealBackground: ("#8C8C8C", 1.0, [4, 4], True, "ideal background"),
}
OTHER_EDGE: tuple[str, float, Any, bool, str] = ("#BBBBBB", 1.0, False, True, "other link")

#: highlight group → (colour, legend text); texts with {a}/{b} name the roles.
GROUP_STYLE: dict[str, tuple[str, str]] = {
    "a": ("#D55E00", "only {a}"),
    "b": ("#0072B2", "only {b}"),
    "shared": ("#009E73", "shared by {a} and {b}"),
    "focus": ("#000000", "the entity in focus (black border)"),
    "path": ("#E41A1C", "on the path (red)"),
    "context": ("#D9D9D9", "next to the path (faded)"),
}
PATH_EDGE = "#E41A1C"
FADED_EDGE = "#E3E3E3"


def relation_name(predicate: str) -> str:
    """``…/essentialSkill`` → ``essentialSkill``; ``…/terms/references`` → ``references``."""
    for sep in ("#", "/"):
        if sep in predicate:
            predicate = predicate.rsplit(sep, 1)[1]
    return predicate


def relation_words(predicate: str) -> str:
    """``essentialSkill`` → ``essential skill`` (for tooltips)."""
    name = relation_name(predicate)
    return "".join(" " + c.lower() if c.isupper() else c for c in name).strip()


def node_style(kind: str) -> tuple[str, str, str]:
    return NODE_STYLE.get(kind, OTHER_NODE)


def edge_style(predicate: str) -> tuple[str, float, Any, bool, str]:
    return EDGE_STYLE.get(predicate, OTHER_EDGE)


def size_for(degree: int) -> float:
    """Node radius: grows with the square root of the degree, capped."""
    return round(min(42.0, 9.0 + 4.0 * degree**0.5), 1)
