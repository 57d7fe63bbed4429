"""How the graph looks: colour and shape per class, line style per relation.

Colours are the Okabe–Ito palette (distinguishable with the common colour
vision deficiencies); shape tells the classes apart too, so colour is never the
only cue. Every shape used draws its label below it, so node size can encode
degree.

Links are grouped in a few *families* (:data:`EDGE_FAMILY`), one colour each,
so that a person can tell the kinds of link apart at a glance; within a family
the relations differ by dash and width only, and every link's tooltip names
its relation in words (:func:`relation_words`).

>>> edge_style(RG.essentialSkill).colour == edge_style(RG.optionalSkill).colour
True
>>> edge_style(RG.usesTool).family, edge_style("http://example.org/anything").family
('tool', 'other')
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..vocab import DCTERMS, RG, SKOS

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

#: link family → (colour, legend text), in legend order. Seven Okabe–Ito
#: colours at most (yellow left out: too pale for a thin line on white); a
#: family's colour is that of the class its links mostly point to where there
#: is one (skills blue, tools sky blue, tasks orange, workflow green).
EDGE_FAMILY: dict[str, tuple[str, str]] = {
    "skill": ("#0072B2", "needs a skill"),
    "tool": ("#56B4E9", "uses a tool"),
    "task": ("#E69F00", "performs a task; what a task involves"),
    "workflow": ("#009E73", "workflow"),
    "team": ("#D55E00", "works with another role"),
    "kind": ("#CC79A7", "kind of, example of, variant of"),
    "other": ("#666666", "other link"),
}

SOLID: Any = False
DASHED = [6, 5]
DOTTED = [2, 4]
LONG_DASH = [12, 5]
DASH_DOT = [10, 4, 2, 4]


class EdgeStyle(NamedTuple):
    """How one relation is drawn: its family (hence colour), width, dashes
    (vis-network's ``dashes``: ``False`` or a pattern), whether it has an
    arrow, and its words in the legend under the family."""

    family: str
    width: float
    dashes: Any
    arrow: bool
    variant: str

    @property
    def colour(self) -> str:
        return EDGE_FAMILY[self.family][0]


#: relation → its style; the order within a family is the legend's.
EDGE_STYLE: dict[str, EdgeStyle] = {
    RG.essentialSkill: EdgeStyle("skill", 3.0, SOLID, True, "essential"),
    RG.requiresSkill: EdgeStyle("skill", 2.0, SOLID, True, "required"),
    RG.optionalSkill: EdgeStyle("skill", 1.5, DASHED, True, "optional"),
    RG.strongerIn: EdgeStyle("skill", 2.0, DOTTED, True, "stronger in than other roles"),
    RG.idealBackground: EdgeStyle("skill", 1.5, DASH_DOT, True, "ideal background"),
    RG.usesTool: EdgeStyle("tool", 2.0, SOLID, True, "uses tool"),
    RG.performsTask: EdgeStyle("task", 2.0, SOLID, True, "performs task"),
    RG.doesMore: EdgeStyle("task", 2.0, DOTTED, True, "does more than other roles"),
    RG.involvesSkill: EdgeStyle("task", 1.0, SOLID, True, "task involves"),
    RG.involvesTool: EdgeStyle("task", 1.0, SOLID, True, "task involves"),
    RG.hasStep: EdgeStyle("workflow", 1.5, SOLID, True, "has step"),
    RG.nextStep: EdgeStyle("workflow", 3.0, SOLID, True, "next step"),
    RG.performedBy: EdgeStyle("workflow", 1.5, DASHED, True, "performed by"),
    RG.includesTask: EdgeStyle("workflow", 1.0, DOTTED, True, "includes task"),
    RG.collaboratesWith: EdgeStyle("team", 2.0, SOLID, False, "collaborates with"),
    RG.handsOffTo: EdgeStyle("team", 2.5, LONG_DASH, True, "hands off to"),
    RG.overlapsWith: EdgeStyle("team", 1.5, DOTTED, False, "overlaps with"),
    SKOS.broader: EdgeStyle("kind", 2.0, SOLID, True, "kind of (broader)"),
    SKOS.broadMatch: EdgeStyle("kind", 2.0, SOLID, True, "kind of (broader)"),
    RG.exampleOf: EdgeStyle("kind", 1.5, DASHED, True, "example of"),
    RG.variantOf: EdgeStyle("kind", 1.5, DOTTED, True, "variant of"),
    RG.prerequisite: EdgeStyle("other", 1.5, DOTTED, True, "learn first (prerequisite)"),
    DCTERMS.NS + "references": EdgeStyle("other", 1.0, SOLID, True, "references"),
}

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


def edge_style(predicate: str) -> EdgeStyle:
    """The style of a relation; one rolegraph does not know is an "other link"
    named by its words."""
    style = EDGE_STYLE.get(predicate)
    if style is None:
        return EdgeStyle("other", 1.0, SOLID, True, relation_words(predicate))
    return style


def size_for(degree: int) -> float:
    """Node radius: grows with the square root of the degree, capped."""
    return round(min(42.0, 9.0 + 4.0 * degree**0.5), 1)
