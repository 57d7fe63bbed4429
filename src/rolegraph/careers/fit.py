"""Rank roles for a set of skills and tools, or for those a text names."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import RolegraphError
from ..lookup.names import resolve_as
from ..projection import Projection
from ..results import Item, Ref, Span, omitted_if_none
from .mentions import mentions
from .profiles import expand, jobs_needing, needs

if TYPE_CHECKING:
    from ..store import Store

#: One line saying how the numbers are computed (shown under the table).
METHOD = (
    "score = harmonic mean of covered (the share of what the role needs that you have: essential skills count 2, "
    "its other skills, tools and the skills its tasks imply 1, a skill rated by importance (importance - 1) / 2) "
    "and used (the share of your items the role needs); "
    "coverage = the share of its essential skills you have, as in gap"
)
#: Where the verdicts start.
STRONG, PARTIAL = 0.6, 0.3


@dataclass(frozen=True)
class Given(Item):
    """One of your items: where the text names it (``spans``), when it came from a text."""

    spans: list[Span] | None = omitted_if_none()


@dataclass(frozen=True)
class Part:
    """How much of one kind of need you cover: ``have`` of ``of`` (weights summed)."""

    have: float
    of: float


@dataclass(frozen=True)
class Fit:
    role: Ref
    score: float
    covered: float
    used: float
    coverage: float
    verdict: str  # strong, partial or weak
    components: dict[str, Part]
    matched: list[Given]
    missing: list[Given]
    unused: list[Given]
    unrecognised: list[Span]


def coverage(proj: Projection, role: str, have: set[str]) -> float:
    """The share of ``role``'s essential skills in ``have`` (of all its stated
    skills when none is essential, weighted by importance when a data set
    rates them; 1 when it states none): the coverage ``gap`` reports and
    ``fit`` shows beside its score."""
    stated = {i: n for i, n in needs(proj, role).items() if n.kind in ("essential", "optional", "rated")}
    essentials = [i for i, n in stated.items() if n.kind == "essential"]
    if not essentials and any(n.kind == "rated" for n in stated.values()):
        # A job rated by importance (O*NET): the importance-weighted share.
        total = sum(n.weight for n in stated.values())
        return round(sum(n.weight for i, n in stated.items() if i in have) / total, 4) if total else 1.0
    essentials = essentials or list(stated)
    return round(sum(1 for i in essentials if i in have) / len(essentials), 4) if essentials else 1.0


def coverage_basis(proj: Projection, role: str) -> str:
    """What :func:`coverage` is a share of, for ``role``, in words."""
    kinds = {n.kind for n in needs(proj, role).values()}
    if "essential" in kinds:
        return "the essential skills"
    if "rated" in kinds:
        return "the skills, weighted by importance"
    return "the stated skills"


def verdict(score: float) -> str:
    return "strong" if score >= STRONG else "partial" if score >= PARTIAL else "weak"


def fit(
    store: Store,
    skills: Iterable[str] = (),
    tools: Iterable[str] = (),
    *,
    text: str | None = None,
    kinds: tuple[str, ...] = ("Role",),
    datasets: Iterable[str] = (),
    limit: int | None = None,
) -> list[Fit]:
    """Roles ranked by how much of what each needs the given skills and tools
    (each may name either), and those ``text`` names, cover.

    ``covered`` is the share of the role's needs you have, by weight:
    essential skills count 2, its other skills, its tools and the skills its
    tasks imply 1 (see :func:`rolegraph.careers.profiles.needs`); an item also
    covers the skill it is an example of (SQL covers "a database querying
    language"). ``used`` is the share of your items the role needs. ``score``
    is their harmonic mean: high only when you cover much of what the role
    needs and the role needs much of what you have, so one matching item out
    of a role's twenty is a weak fit, and so is a small role that needs two of
    an ad's ten skills. ``coverage`` is the share of its essential skills you
    have, the number ``gap`` reports; ``components`` give the weights behind
    ``covered``.
    ``matched`` are your items the role needs, ``missing`` its essential
    skills and tools you lack, ``unused`` your items it does not need;
    ``unrecognised`` the skill- or tool-like terms of the text rolegraph
    could not place (the same for every role). A text that names nothing
    rolegraph knows scores every role 0 and lists what it could not place.

    ``kinds`` are the classes ranked (``Role``; ``escom:Occupation`` for
    ESCO's occupations only); ``datasets`` keeps the jobs some of those data
    sets state (``builtin`` for the sourced roles). ESCO occupations and the
    sourced roles rank together by the same numbers.

    >>> from rolegraph.store import open_store
    >>> best = fit(open_store(), ["SQL", "data visualization"])[0]
    >>> best.role.label, best.verdict in ("strong", "partial", "weak")
    ('data analyst', True)
    """
    proj = store.projection
    given: dict[str, list[Span] | None] = {}
    for ref in [*skills, *tools]:
        given.setdefault(resolve_as(proj, ref, ("Skill", "Tool"), "fit"), None)
    unrecognised: list[Span] = []
    if text is not None:
        if not text.strip():
            raise RolegraphError("the text is empty; give a job ad or CV with some words in it")
        found = mentions(store, text)
        unrecognised = found.unrecognised
        for iri, spans in found.found.items():
            given[iri] = spans
    if not given and text is None:
        raise RolegraphError("give at least one --skill, --tool or --text")
    have = expand(proj, given)
    reach = {i: expand(proj, [i]) for i in given}
    wanted = list(datasets)
    known = [d["id"] for d in proj.datasets]
    for d in wanted:
        if d not in known:
            raise RolegraphError(f"no data set {d!r}; loaded: {', '.join(known)}")
    mask = sum(1 << known.index(d) for d in wanted)
    if limit is not None and limit > 0:
        ranked = _best(proj, kinds, mask, limit, given, have, reach)
    else:
        ranked = _all(proj, kinds, mask, given, have, reach)
        ranked = ranked[:limit] if limit else ranked
    return [_fit(proj, role, score, covered, used, given, have, unrecognised) for role, score, covered, used in ranked]


#: A role's place in the ranking: (role, score, covered, used).
Ranked = tuple[str, float, float, float]


def _score(proj: Projection, role: str, given: Mapping[str, object], have: set[str], reach: Mapping[str, set[str]]) -> Ranked:
    """``role``'s score, covered and used shares (see :func:`fit`)."""
    need = needs(proj, role)
    total = sum(n.weight for n in need.values())
    covered = round(sum(n.weight for i, n in need.items() if i in have) / total, 4) if total else 0.0
    used = round(sum(1 for i in given if reach[i] & need.keys()) / len(given), 4) if given else 0.0
    score = round(2 * covered * used / (covered + used), 4) if covered + used else 0.0
    return role, score, covered, used


def _sort_key(proj: Projection, r: Ranked) -> tuple[float, str, str]:
    """Best score first, then by label (case-folded), then IRI."""
    return -r[1], proj.label(r[0]).casefold(), r[0]


def _all(proj: Projection, kinds: tuple[str, ...], mask: int, given: Mapping[str, object], have: set[str], reach: Mapping[str, set[str]]) -> list[Ranked]:
    """Every role of ``kinds`` (in ``mask``'s data sets), ranked: a pass over
    them all, for a question that shows them all."""
    scored: list[Ranked] = []
    seen: set[str] = set()
    for kind in kinds:
        for role in proj.of_type(kind):
            if role in seen or (mask and not proj.member_datasets(role) & mask):
                continue
            seen.add(role)
            scored.append(_score(proj, role, given, have, reach))
    scored.sort(key=lambda r: _sort_key(proj, r))
    return scored


def _best(proj: Projection, kinds: tuple[str, ...], mask: int, limit: int, given: Mapping[str, object], have: set[str], reach: Mapping[str, set[str]]) -> list[Ranked]:
    """The best ``limit`` roles, as :func:`_all` ranks them, without a pass
    over every role. A role that needs none of what you have scores 0
    (covered and used both 0), so only the roles that need something you
    have (:func:`~rolegraph.careers.profiles.jobs_needing`) are scored; the
    rest tie at 0 and follow in label order, the order
    :meth:`~rolegraph.projection.Projection.of_type` lists them in, so only
    as many of them are read as the list has room for."""

    def wanted(role: str) -> bool:
        # As of_type lists: a role whose core type, or one of its classes, is a kind.
        if proj.type(role) not in kinds and not any(k in kinds for k in proj.classes(role)):
            return False
        return not mask or bool(proj.member_datasets(role) & mask)

    scored = [r for r in (_score(proj, role, given, have, reach) for role in jobs_needing(proj, have) if wanted(role)) if r[1] > 0]
    scored.sort(key=lambda r: _sort_key(proj, r))
    ranked = scored[:limit]
    if len(ranked) < limit and kinds:
        shown = {r[0] for r in scored}
        lists = [proj.of_type(kind) for kind in dict.fromkeys(kinds)]
        ordered = lists[0] if len(lists) == 1 else heapq.merge(*lists, key=lambda role: (proj.label(role).casefold(), role))
        for role in ordered:
            if role in shown or (mask and not proj.member_datasets(role) & mask):
                continue
            shown.add(role)
            r = _score(proj, role, given, have, reach)
            if r[1] > 0:  # jobs_needing missed it: never expected; rank them all instead
                return _all(proj, kinds, mask, given, have, reach)[:limit]
            ranked.append(r)
            if len(ranked) == limit:
                break
    return ranked


def _fit(proj: Projection, role: str, score: float, covered: float, used_share: float, given: Mapping[str, list[Span] | None], have: set[str], unrecognised: list[Span]) -> Fit:
    need = needs(proj, role)
    parts: dict[str, list[float]] = {}
    for item, n in need.items():
        key = {"essential": "essential skills", "optional": "other skills", "tool": "tools", "rated": "skills rated by importance"}.get(n.kind, "skills its tasks imply")
        part = parts.setdefault(key, [0.0, 0.0])
        part[1] += n.weight
        if item in have:
            part[0] += n.weight
    used = {i for i in given if expand(proj, [i]) & need.keys()}
    missing = [i for i, n in need.items() if n.kind in ("essential", "tool", "rated") and i not in have and n.weight > 0]
    return Fit(
        role=proj.ref(role),
        score=score,
        covered=covered,
        used=used_share,
        coverage=coverage(proj, role, have),
        verdict=verdict(score),
        components={k: Part(round(v[0], 4), round(v[1], 4)) for k, v in parts.items()},
        matched=_items(proj, used, need, given),
        missing=_items(proj, missing, need, {}),
        unused=_items(proj, set(given) - used, {}, given),
        unrecognised=unrecognised,
    )


def _items(proj: Projection, iris: Iterable[str], need: Mapping[str, object], spans: Mapping[str, list[Span] | None]) -> list[Given]:
    """``iris`` as items sorted by label, marked essential (or not) where the
    role states the skill, with the text's spans where they came from one."""
    refs = sorted(((proj.ref(i), i) for i in iris), key=lambda pair: (pair[0].label.casefold(), pair[1]))
    out = []
    for r, i in refs:
        kind = getattr(need.get(i), "kind", None)
        essential = True if kind == "essential" else False if kind == "optional" else None
        out.append(Given(r.id, r.label, r.type, essential, True if proj.is_hot(i) else None, spans.get(i)))
    return out
