"""Which entities and links a view of the graph shows, and which it highlights.

Plain functions over a :class:`~rolegraph.projection.Projection`; nothing here
draws. ``compare`` and ``path`` use the same profile
(:mod:`rolegraph.careers.profiles`) and the same shortest path
(:mod:`rolegraph.careers.path`) as the ``compare`` and ``path`` commands.

>>> from rolegraph.store import open_store
>>> view = focus_view(open_store().projection, "Tableau", 1)
>>> view.title
'Tableau and what is within 1 link'
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..careers.profiles import PROFILE_PREDICATES, profile
from ..errors import DataError, UnknownTypeError, ViewTooLargeError
from ..lookup.explore import match_type
from ..lookup.names import resolve, resolve_as
from ..projection import Projection
from ..vocab import CORE_TYPES, JOB_TYPES, RG

if TYPE_CHECKING:
    from ..store import Store

#: Context shown around a path: at most this many neighbours of path nodes.
PATH_CONTEXT = 150
#: Above this many entities the page would be unusable: ask for a smaller view.
HARD_CAP = 20_000
#: A focus view more than one link deep keeps at most this many entities (the
#: best connected): about what a laptop screen shows with readable labels.
FOCUS_CAP = 40


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
    #: How many entities the view would hold but leaves out, and how to see them.
    left_out: int = 0
    hint: str = ""
    #: Entities drawn without a label until hovered or zoomed in to.
    quiet: set[str] = field(default_factory=set)


def parse_types(proj: Projection, values: Iterable[str]) -> list[str]:
    """``["Role,Skill", "tool"]`` → the class names, checked against the graph's.

    Raises ``ValueError`` naming the unknown type and the known ones.
    """
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
    return proj.type(iri) in types or any(c in types for c in proj.classes(iri))


def induced_edges(proj: Projection, nodes: Iterable[str]) -> list[tuple[str, str, str]]:
    """The links among ``nodes``; a ``requiresSkill`` link is dropped when an
    essential or optional one joins the same pair (it says less)."""
    shown = set(nodes)
    edges: list[tuple[str, str, str]] = []
    for s in shown:
        out = proj.out_edges(s)
        specific = {o for p, o in out if p in (RG.essentialSkill, RG.optionalSkill)}
        for p, o in out:
            if o in shown and not (p == RG.requiresSkill and o in specific):
                edges.append((s, p, o))
    edges.sort()
    return edges


def _sorted(proj: Projection, nodes: Iterable[str]) -> list[str]:
    return sorted(nodes, key=lambda e: (CORE_TYPES.index(proj.type(e)), proj.label(e).casefold(), e))


def whole(proj: Projection, types: Sequence[str] = ()) -> View:
    nodes = [e for e in proj if not types or _keep(proj, e, types)]
    nodes = _sorted(proj, nodes)
    what = "whole graph" if not types else "the " + ", ".join(types) + " entities"
    return View("whole", nodes, induced_edges(proj, nodes), what)


def _neighbours(proj: Projection, iri: str) -> list[str]:
    return [o for _p, o in proj.out_edges(iri)] + [s for _p, s in proj.in_edges(iri)]


def focus_view(proj: Projection, ref: str, depth: int, types: Sequence[str] = (), limit: int | None = FOCUS_CAP) -> View:
    """``ref`` and every entity at most ``depth`` links away (either direction).

    Deeper than one link, at most ``limit`` entities are kept (``None``: no
    limit), chosen by :func:`best_connected`; the entities more than one link
    away are ``quiet`` (labelled on hover), so the first ring stays readable.
    """
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
    left_out, hint = 0, ""
    if depth >= 2 and limit is not None and len(nodes) > max(limit, 1):
        kept = best_connected(proj, centre, nodes, dist, max(limit, 1))
        left_out = len(nodes) - len(kept)
        nodes = kept
        hint = "see them with --depth 1, or with --types, e.g. --types Role,Tool"
    nodes = _sorted(proj, nodes)
    title = f"{proj.label(centre)} and what is within {depth} link{'s' if depth != 1 else ''}"
    quiet = {e for e in nodes if dist[e] >= 2}
    return View("focus", nodes, induced_edges(proj, nodes), title, groups={centre: "focus"}, left_out=left_out, hint=hint, quiet=quiet)


def best_connected(proj: Projection, centre: str, nodes: Sequence[str], dist: dict[str, int], limit: int) -> list[str]:
    """``limit`` of ``nodes``, grown from ``centre``: each step keeps the entity
    linked to the most entities already kept (ties: nearer the centre, more
    links among ``nodes``, then by label). What is kept is the densest part of
    the neighbourhood, connected whenever ``nodes`` is; a leaf hanging off the
    centre gives way to an entity tied to several of the centre's neighbours.
    """
    pool = set(nodes) | {centre}
    adj = {e: {n for n in _neighbours(proj, e) if n in pool and n != e} for e in pool}
    static = {e: (dist.get(e, 0), -len(adj[e]), proj.label(e).casefold(), e) for e in pool}
    links_in: dict[str, int] = {n: 1 for n in adj[centre]}
    kept, left = [centre], pool - {centre}
    while left and len(kept) < limit:
        best = min(left, key=lambda e: (-links_in.get(e, 0), static[e]))
        kept.append(best)
        left.discard(best)
        for n in adj[best]:
            if n in left:
                links_in[n] = links_in.get(n, 0) + 1
    return kept


def _items(proj: Projection, role: str) -> set[str]:
    """A role's skills, tools and tasks: the profile ``rolegraph compare`` compares."""
    prof = profile(proj, role)
    return set(prof.skills) | prof.tools | prof.tasks


def compare_view(proj: Projection, ref_a: str, ref_b: str, types: Sequence[str] = ()) -> View:
    """Two roles with their skills, tools and tasks: shared, only A's, only B's."""
    a = resolve_as(proj, ref_a, JOB_TYPES, "viz --compare")
    b = resolve_as(proj, ref_b, JOB_TYPES, "viz --compare")
    if a == b:
        raise DataError(f"--compare needs two different roles; both name {proj.label(a)}")
    items_a, items_b = _items(proj, a), _items(proj, b)
    groups = {a: "a", b: "b"}
    for e in items_a | items_b:
        if e in (a, b) or (types and not _keep(proj, e, types)):
            continue
        groups[e] = "shared" if e in items_a and e in items_b else "a" if e in items_a else "b"
    nodes = _sorted(proj, groups)
    edges = [(s, p, o) for s, p, o in induced_edges(proj, nodes) if s in (a, b) and (p in PROFILE_PREDICATES or o in (a, b))]
    title = f"{proj.label(a)} compared with {proj.label(b)}"
    return View("compare", nodes, edges, title, groups=groups, names={"a": proj.label(a), "b": proj.label(b)})


def path_view(store: Store, ref_a: str, ref_b: str, types: Sequence[str] = ()) -> View:
    """The shortest chain of links ``rolegraph path`` finds between two
    entities, with the entities next to it as faded context."""
    from ..careers.path import path as find_path

    proj = store.projection
    found = find_path(store, ref_a, ref_b)
    chain = [resolve(proj, n.id) for n in found.nodes]
    hops = set(zip(chain, chain[1:])) | set(zip(chain[1:], chain))
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


def select_view(
    store: Store,
    *,
    focus: str | None = None,
    depth: int = 1,
    compare: Sequence[str] | None = None,
    path: Sequence[str] | None = None,
    types: Sequence[str] = (),
    limit: int | None = FOCUS_CAP,
) -> View:
    """The entities and links to draw: ``focus`` (with ``depth``; deeper than
    one link at most ``limit`` entities, ``None`` for all), ``compare``
    two roles, a ``path`` between two entities, or the whole graph; ``types``
    keeps only entities of those classes. Raises
    :class:`~rolegraph.errors.ViewTooLargeError` above :data:`HARD_CAP` entities.
    """
    proj = store.projection
    if depth < 0:
        raise ValueError("depth must be 0 or more")
    if focus is not None:
        view = focus_view(proj, focus, depth, types, limit)
    elif compare:
        view = compare_view(proj, compare[0], compare[1], types)
    elif path:
        view = path_view(store, path[0], path[1], types)
    else:
        view = whole(proj, types)
    if len(view.nodes) > HARD_CAP:
        raise ViewTooLargeError(
            f"this view holds {len(view.nodes):,} entities, more than a browser can draw usefully "
            f"(limit {HARD_CAP:,}); show part of it with --focus REF --depth N or --types Role,Skill"
        )
    return view
