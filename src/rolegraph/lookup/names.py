"""Turn what a user typed (a label, alt label, id, CURIE or IRI) into an entity.

>>> from rolegraph.store import open_store
>>> proj = open_store().projection
>>> resolve(proj, "ML engineer")
'https://w3id.org/rolegraph/machine-learning-engineer'
>>> suggest(proj, "data scintist")[0]
'data scientist'
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from ..errors import AmbiguousEntityError, UnknownEntityError, WrongTypeError
from ..projection import Projection
from ..projection.names import normalise
from ..vocab import BASE, expand, local_id, short


class NameIndex:
    """Normalised preferred labels, alt labels and local ids → entity IRIs."""

    def __init__(self, proj: Projection):
        self.pref: dict[str, list[str]] = defaultdict(list)
        self.alt: dict[str, list[str]] = defaultdict(list)
        self.ids: dict[str, str] = {}
        for iri, label, alts in proj.names():
            self.pref[normalise(label)].append(iri)
            if iri.startswith(BASE):
                self.ids[local_id(iri).casefold()] = iri
            for alt in alts:
                key = normalise(alt)
                if iri not in self.alt[key]:
                    self.alt[key].append(iri)
        for member, iri in proj.joined_members().items():
            if member.startswith(BASE):
                self.ids.setdefault(local_id(member).casefold(), iri)


def _index(proj: Projection) -> NameIndex:
    """The name index of ``proj``, built on first use and kept with it."""
    return proj.memo("names", NameIndex)  # type: ignore[no-any-return]


def suggest(proj: Projection, ref: str, limit: int = 5) -> list[str]:
    """The labels nearest to ``ref``, best first."""
    from rapidfuzz import fuzz, process

    idx = _index(proj)
    query = normalise(ref)
    # Very short names (R, C) would match any query partially; leave them out.
    choices = [k for k in [*idx.pref, *(k for k in idx.alt if k not in idx.pref)] if len(k) * 2 >= len(query) or len(k) > 3]
    if not query or not choices:
        return []
    # A fast first pass in C, then a stricter score: whole-name similarity,
    # or a name that contains the query almost as typed ("enginer" in
    # "software engineer"), but not names that merely share a word with it.
    rough = process.extract(query, sorted(choices), scorer=fuzz.WRatio, limit=None, score_cutoff=70)
    found = []
    for key, _score, _i in rough:
        score = max(fuzz.ratio(query, key), 0.95 * fuzz.token_set_ratio(query, key), 0.9 * fuzz.partial_ratio(query, key))
        if score >= 70:
            found.append((key, score))
    # Best score first, then the shorter and alphabetically first name, so
    # the suggestions never depend on the order the store returned labels in.
    found.sort(key=lambda hit: (-round(hit[1], 6), len(hit[0]), hit[0]))
    labels: list[str] = []
    for key, _score in found[: limit * 3]:
        for iri in idx.pref.get(key) or idx.alt.get(key, []):
            label = proj.label(iri)
            if label not in labels:
                labels.append(label)
    return labels[:limit]


def resolve(proj: Projection, ref: str) -> str:
    """The IRI of the one entity ``ref`` names.

    One order of precedence, whatever data is loaded: a full IRI, then a
    CURIE (``rg:data-scientist``, ``esco:occupation/...``), then a preferred
    label, then an alternative label, then a local id (``data-scientist``);
    labels are compared case-insensitively. An IRI or CURIE of an entity
    joined into another (``skos:exactMatch``) names the joined entity. Two
    entities with the same label are ambiguous: :class:`AmbiguousEntityError`
    lists them with their CURIEs, so adding a data set never silently changes
    what a name means. An unknown name raises :class:`UnknownEntityError`
    with suggestions.

    >>> from rolegraph.store import open_store
    >>> proj = open_store().projection
    >>> resolve(proj, "MLE") == resolve(proj, "rg:machine-learning-engineer")
    True
    """
    text = ref.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    for candidate in (text, expand(text)):
        if candidate:
            found = proj.canonical(candidate)
            if found is not None:
                return found
    key = normalise(text)
    # A cached projection has its name index on disk; otherwise build one.
    packed = proj.named(key)
    idx = None if packed is not None else _index(proj)
    pref, alt = packed if packed is not None else (idx.pref.get(key, []), idx.alt.get(key, []))  # type: ignore[union-attr]
    for hits in (pref, alt):
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            candidates = [(short(i), proj.label(i), proj.type(i)) for i in sorted(hits)]
            raise AmbiguousEntityError(ref, candidates)
    ids = proj.local_ids() if idx is None else idx.ids
    if ids is not None and text.casefold() in ids:
        return ids[text.casefold()]
    raise UnknownEntityError(ref, suggest(proj, ref))


def resolve_as(proj: Projection, ref: str, kinds: Iterable[str], command: str) -> str:
    """Like :func:`resolve`, but the entity must be of one of ``kinds``.

    >>> from rolegraph.store import open_store
    >>> resolve_as(open_store().projection, "Tableau", ["Role"], "compare")
    Traceback (most recent call last):
    ...
    rolegraph.errors.WrongTypeError: Tableau is a Tool; compare takes roles
    """
    iri = resolve(proj, ref)
    kinds = list(kinds)
    if proj.type(iri) not in kinds and not set(kinds) & set(proj.classes(iri)):
        wanted = " or ".join(_plural(k) for k in kinds)
        raise WrongTypeError(f"{proj.label(iri)} is a {proj.type(iri)}; {command} takes {wanted}")
    return iri


def _plural(kind: str) -> str:
    words = {"Role": "roles", "Skill": "skills", "Tool": "tools", "Task": "tasks", "JobArchetype": "job archetypes"}
    return words.get(kind, kind + "s")
