"""Which entities and links a view of the graph shows, and which it highlights.

Plain functions over a :class:`~rolegraph.projection.Projection`; nothing here
draws. ``compare`` and ``path`` use the same profile (:mod:`rolegraph.profiles`) and the same shortest path
(:mod:`rolegraph.paths`) as the ``compare`` and ``path`` commands.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ._iri import BASE, CORE_TYPES, local_id
from .errors import DataError
from .profiles import ESSENTIAL, OPTIONAL, REQUIRES, STRONGER
from .projection import Projection
from .resolve import resolve, resolve_as

#: The links from a role that ``compare`` shows.
PROFILE_PREDICATES = frozenset({ESSENTIAL, OPTIONAL, REQUIRES, STRONGER, BASE + "usesTool", BASE + "performsTask"})

#: Context shown around a path: at most this many neighbours of path nodes.
PATH_CONTEXT = 150


@dataclass
class View:
    """What to draw. ``groups`` maps a node to a highlight group
    (``focus``, ``path``, ``context``, ``a``, ``b``, ``shared``)."""

    kind: str
    nodes: list[str]
    edges: list[tuple[str, str, str]]
    title: str
    groups: dict[str, str] = field(default_factory=dict)
    highlight_edges: set[tuple[str, str, str]] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)


def parse_types(proj: Projection, values: Iterable[str]) -> list[str]:
    """``["Role,Skill", "tool"]`` → the class names, checked against the graph's.

    Raises ``ValueError`` naming the unknown type and the known ones.
    """
    from .errors import UnknownTypeError
    from .explore import match_type

    out: list[str] = []
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            try:
                kind = match_type(proj, part)
            except UnknownTypeError as exc:
                raise ValueError(str(exc)) from None
            if kind not in out:
                out.append(kind)
    return out


def _keep(proj: Projection, iri: str, types: Sequence[str]) -> bool:
    kind, _label, classes = proj.nodes[iri]
    return kind in types or any(c in types for c in classes)


def induced_edges(proj: Projection, nodes: Iterable[str]) -> list[tuple[str, str, str]]:
    """The links among ``nodes``; a ``requiresSkill`` link is dropped when an
    essential or optional one joins the same pair (it says less)."""
    shown = set(nodes)
    edges: list[tuple[str, str, str]] = []
    for s in shown:
        out = proj.out_edges(s)
        specific = {o for p, o in out if p in (ESSENTIAL, OPTIONAL)}
        for p, o in out:
            if o in shown and not (p == REQUIRES and o in specific):
                edges.append((s, p, o))
    edges.sort()
    return edges


def _sorted(proj: Projection, nodes: Iterable[str]) -> list[str]:
    return sorted(nodes, key=lambda e: (CORE_TYPES.index(proj.type(e)), proj.label(e).casefold(), e))


def whole(proj: Projection, types: Sequence[str] = ()) -> View:
    nodes = [e for e in proj.nodes if not types or _keep(proj, e, types)]
    nodes = _sorted(proj, nodes)
    what = "whole graph" if not types else "the " + ", ".join(types) + " entities"
    return View("whole", nodes, induced_edges(proj, nodes), what)


def _neighbours(proj: Projection, iri: str) -> list[str]:
    return [o for _p, o in proj.out_edges(iri)] + [s for _p, s in proj.in_edges(iri)]


def focus(proj: Projection, ref: str, depth: int, types: Sequence[str] = ()) -> View:
    """``ref`` and every entity at most ``depth`` links away (either direction)."""
    centre = resolve(proj, ref)
    dist = {centre: 0}
    queue = deque([centre])
    while queue:
        e = queue.popleft()
        if dist[e] >= depth:
            continue
        for n in _neighbours(proj, e):
            if n not in dist:
                dist[n] = dist[e] + 1
                queue.append(n)
    nodes = [e for e in dist if e == centre or not types or _keep(proj, e, types)]
    nodes = _sorted(proj, nodes)
    title = f"{proj.label(centre)} and what is within {depth} link{'s' if depth != 1 else ''}"
    return View("focus", nodes, induced_edges(proj, nodes), title, groups={centre: "focus"})


def role_items(proj: Projection, role: str) -> dict[str, set[str]]:
    """A role's skills, tools and tasks: the profile ``rolegraph compare`` compares."""
    from .profiles import profile

    prof = profile(proj, role)
    return {"skills": set(prof.skills), "tools": set(prof.tools), "tasks": set(prof.tasks)}


def compare(proj: Projection, ref_a: str, ref_b: str, types: Sequence[str] = ()) -> View:
    """Two roles with their skills, tools and tasks: shared, only A's, only B's."""
    a = resolve_as(proj, ref_a, ["Role", "JobArchetype"], "viz --compare")
    b = resolve_as(proj, ref_b, ["Role", "JobArchetype"], "viz --compare")
    if a == b:
        raise DataError(f"--compare needs two different roles; both name {proj.label(a)}")
    items_a = set().union(*role_items(proj, a).values())
    items_b = set().union(*role_items(proj, b).values())
    groups = {a: "a", b: "b"}
    for e in items_a | items_b:
        if e in (a, b) or (types and not _keep(proj, e, types)):
            continue
        groups[e] = "shared" if e in items_a and e in items_b else "a" if e in items_a else "b"
    nodes = _sorted(proj, groups)
    edges = [(s, p, o) for s, p, o in induced_edges(proj, nodes) if s in (a, b) and (p in PROFILE_PREDICATES or o in (a, b))]
    title = f"{proj.label(a)} compared with {proj.label(b)}"
    return View("compare", nodes, edges, title, groups=groups, names={"a": proj.label(a), "b": proj.label(b)})


def path(store: Any, ref_a: str, ref_b: str, types: Sequence[str] = ()) -> View:
    """The shortest chain of links ``rolegraph path`` finds between two
    entities, with the entities next to it as faded context."""
    from .paths import path as find_path

    proj: Projection = store.projection
    found = find_path(store, ref_a, ref_b).paths[0]
    by_id = {local_id(e): e for e in proj.nodes}
    chain = [by_id[n["id"]] for n in found.nodes]
    hops = {(by_id[e["source"]], by_id[e["target"]]) for e in found.edges}
    groups = {e: "path" for e in chain}
    context: list[str] = []
    for e in chain:
        for n in _neighbours(proj, e):
            if n not in groups and n not in context and (not types or _keep(proj, n, types)):
                context.append(n)
    for n in context[:PATH_CONTEXT]:
        groups[n] = "context"
    nodes = _sorted(proj, groups)
    edges = induced_edges(proj, nodes)
    highlight = {(s, p, o) for s, p, o in edges if (s, o) in hops}
    steps = len(chain) - 1
    title = f"path from {proj.label(chain[0])} to {proj.label(chain[-1])} ({steps} link{'s' if steps != 1 else ''})"
    return View("path", nodes, edges, title, groups=groups, highlight_edges=highlight)
