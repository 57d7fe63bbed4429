"""The projected graph, read-only, with the look-ups the queries need.

A :class:`Projection` reads the packed fields the builder made (in memory, or
part by part from the cache as they are first needed): entity IRIs, labels,
types and classes as columns, links as compressed sparse rows. A cold command
touches a handful of entities, so nothing is unpacked whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cached_property
from typing import Any

from ..results import Ref
from ..vocab import local_id
from .cache import ALT, FIELDS, Strings


class Projection:
    """Entities and the links between them, each with the evidence that asserts it.

    >>> from rolegraph.store import open_store
    >>> proj = open_store().projection
    >>> proj.label("https://w3id.org/rolegraph/data-scientist"), proj.type("https://w3id.org/rolegraph/python")
    ('data scientist', 'Skill')
    >>> "https://w3id.org/rolegraph/python" in proj
    True
    """

    def __init__(self, fields: Mapping[str, Any], load: Callable[[str], Mapping[str, Any]] | None = None):
        self._fields = dict(fields)
        self._load = load
        self._views: dict[str, Any] = {}
        self._refs: dict[str, Ref] = {}
        #: Indexes other layers derive from the projection (the name index,
        #: ...), built once per projection: see :meth:`memo`.
        self._memo: dict[str, Any] = {}

    def _get(self, name: str) -> Any:
        try:
            return self._fields[name]
        except KeyError:
            if self._load is None:
                raise
            self._fields.update(self._load(FIELDS[name]))
            return self._fields[name]

    def memo(self, key: str, build: Callable[[Projection], Any]) -> Any:
        """``build(self)``, computed on first use and kept with this projection."""
        if key not in self._memo:
            self._memo[key] = build(self)
        return self._memo[key]

    def _ints(self, name: str) -> Any:
        if name not in self._views:
            self._views[name] = memoryview(self._get(name)).cast("I")
        return self._views[name]

    # ------------------------------------------------------------------ size

    @property
    def triples(self) -> int:
        """Triples in the default graph."""
        return int(self._get("triples"))

    @property
    def counts(self) -> dict[str, int]:
        """Entities per core class (a programming language counts as a Skill and a Tool)."""
        return dict(self._get("counts"))

    @property
    def facts(self) -> dict[str, int]:
        """Links between entities by what supports them: ``quoted``, ``inferred``
        (by inferences only), ``dataset`` (stated by a self-described data set
        such as an ESCO import) or ``unsourced``; and ``alignments``
        (``skos:closeMatch`` and the like), counted apart."""
        return dict(self._get("facts"))

    @property
    def datasets(self) -> list[dict[str, Any]]:
        """The data sets loaded, in order: ``id``, ``path`` (as given),
        ``title``, ``described`` (whether the data set describes itself as a
        ``dcat:Dataset``, so its facts are cited as that data set's), and the
        ``entities`` and ``links`` it states."""
        return [dict(d) for d in self._get("datasets")]

    @property
    def warnings(self) -> list[str]:
        """What the builder noticed (entities of different kinds joined, ...)."""
        return list(self._get("warnings"))

    def dataset_ids(self, mask: int) -> list[str]:
        """The ids of the data sets in a bit mask, in load order."""
        return [d["id"] for i, d in enumerate(self._get("datasets")) if mask >> i & 1]

    @cached_property
    def _canonical(self) -> dict[str, str]:
        return {m[0]: c for c, ms in self._get("members").items() for m in ms}

    def joined_members(self) -> dict[str, str]:
        """Every IRI joined into another entity → that entity."""
        return {m: c for m, c in self._canonical.items() if m != c}

    def canonical(self, iri: str) -> str | None:
        """The entity ``iri`` names: itself, the entity it is joined into
        (``skos:exactMatch`` / ``owl:sameAs``), or None when it names none."""
        if iri in self.index:
            return iri
        return self._canonical.get(iri)

    def members(self, iri: str) -> list[str]:
        """The IRIs joined into entity ``iri`` (itself first); ``[iri]`` when
        it is joined with nothing."""
        return [m[0] for m in self.member_info(iri)]

    def member_info(self, iri: str) -> list[tuple[str, str, int]]:
        """``(IRI, its own label, bit mask of its data sets)`` of each member
        of entity ``iri``, itself first."""
        found = self._get("members").get(iri)
        if found is None:
            return [(iri, self.label(iri), self.member_datasets(iri))]
        return [tuple(m) for m in found]

    def member_datasets(self, iri: str) -> int:
        """Bit mask of the data sets that say anything of the entity."""
        return int(self._ints("node_datasets")[self.index[iri]])

    @property
    def predicate_labels(self) -> Mapping[str, str]:
        """Each link predicate's ``rdfs:label`` (English or untagged), where it has one."""
        return self._get("predicate_labels")  # type: ignore[no-any-return]

    @property
    def evidence(self) -> Mapping[str, tuple[str, str, str, str, bool]]:
        """Evidence → (source document, quote, page the document cites,
        rationale, inferred?): quoted evidence has a source and a quote, an
        inference a rationale."""
        return self._get("evidence")  # type: ignore[no-any-return]

    # ------------------------------------------------------------------ entities

    @cached_property
    def index(self) -> Mapping[str, int]:
        """Entity IRI → its row in the columns (a binary search in the sorted
        IRI column of a cached projection; a dict for one built in memory)."""
        iris = self._get("iris")
        if isinstance(iris, Strings):
            return _Rows(iris, self._ints("iri_hash") if self._has("iri_hash") else None)
        return dict(zip(iris, range(len(iris))))

    def _has(self, name: str) -> bool:
        try:
            self._get(name)
        except KeyError:
            return False
        return True

    def named(self, key: str) -> tuple[list[str], list[str]] | None:
        """The entities whose preferred label, and those whose alternative
        label, normalises to ``key`` (see
        :func:`~rolegraph.projection.names.normalise`), from the name index
        of a cached projection; None for a projection without one."""
        if not self._has("name_keys"):
            return None
        at = self._get("name_keys").find(key)
        if at is None:
            return [], []
        ptr, rows = self._ints("name_ptr"), self._ints("name_rows")
        iris = self._get("iris")
        pref: list[str] = []
        alt: list[str] = []
        for r in rows[ptr[at] : ptr[at + 1]].tolist():
            (alt if r & ALT else pref).append(iris[r & ~ALT])
        return pref, alt

    def local_ids(self) -> Mapping[str, str] | None:
        """Case-folded local id → entity, of the ``rg:`` entities and joined
        members, from a cached projection; None for one without the index."""
        return self._get("name_ids") if self._has("name_ids") else None

    @cached_property
    def _labels(self) -> list[str]:
        return self._get("labels")  # type: ignore[no-any-return]

    def __contains__(self, iri: object) -> bool:
        return iri in self.index

    def __len__(self) -> int:
        return len(self._get("iris"))

    def __iter__(self) -> Iterator[str]:
        return iter(self._get("iris"))

    def label(self, iri: str) -> str:
        return self._labels[self.index[iri]]

    def type(self, iri: str) -> str:
        """The core class an entity is reported as (Role, Skill, Tool, ...)."""
        return self._get("kinds")[self._ints("kind_of")[self.index[iri]]]  # type: ignore[no-any-return]

    def classes(self, iri: str) -> tuple[str, ...]:
        """Every class an entity has: its own and the core classes they imply."""
        return tuple(self._get("class_sets")[self._ints("class_of")[self.index[iri]]])

    def alt_labels(self, iri: str) -> list[str]:
        i = self.index.get(iri)
        if i is None:
            return []
        ptr = self._ints("alt_ptr")
        return list(self._get("alt_text")[ptr[i]:ptr[i + 1]])

    def ref(self, iri: str) -> Ref:
        """The entity as a :class:`~rolegraph.results.Ref` (made once, then kept)."""
        found = self._refs.get(iri)
        if found is None:
            found = self._refs[iri] = Ref(local_id(iri), self.label(iri), self.type(iri))
        return found

    def entities(self) -> Iterator[tuple[str, str, str, tuple[str, ...]]]:
        """``(iri, type, label, classes)`` of every entity, in IRI order."""
        kinds, sets = self._get("kinds"), [tuple(c) for c in self._get("class_sets")]
        kind_of, class_of = self._ints("kind_of").tolist(), self._ints("class_of").tolist()
        for iri, k, label, c in zip(self._get("iris"), kind_of, self._get("labels"), class_of):
            yield iri, kinds[k], label, sets[c]

    def names(self) -> Iterator[tuple[str, str, list[str]]]:
        """``(iri, label, alt labels)`` of every entity."""
        ptr, text = self._ints("alt_ptr").tolist(), self._get("alt_text")
        for i, (iri, label) in enumerate(zip(self._get("iris"), self._get("labels"))):
            yield iri, label, text[ptr[i]:ptr[i + 1]]

    def is_a(self, iri: str, kind: str) -> bool:
        """Whether ``iri`` is one of :meth:`of_type` ``(kind)``."""
        return iri in self.index and (self.type(iri) == kind or kind in self.classes(iri))

    def count_of_type(self, kind: str) -> int:
        """``len(of_type(kind))``, without listing them."""
        if self._has("type_rows"):
            rows = self._get("type_rows").get(kind)
            return 0 if rows is None else len(rows) // 4
        return len(self.of_type(kind))

    def of_type(self, kind: str) -> list[str]:
        """Entities of a core type (or any class they are typed with), sorted by label."""
        if self._has("type_rows"):  # each type's rows in label order, written with the cache
            rows = self._get("type_rows").get(kind)
            return [] if rows is None else self._get("iris").take(memoryview(rows).cast("I").tolist())
        kinds = {i for i, k in enumerate(self._get("kinds")) if k == kind}
        sets = {i for i, cs in enumerate(self._get("class_sets")) if kind in cs}
        iris = self._get("iris")
        kind_of, class_of = self._ints("kind_of"), self._ints("class_of")
        if not kinds and not sets:
            return []
        if len(kinds) + len(sets) == 1:
            # One comparison per row: which kind (or class set) each row has.
            column, wanted = (kind_of, next(iter(kinds))) if kinds else (class_of, next(iter(sets)))
            found = [i for i, k in enumerate(column.tolist()) if k == wanted]
        else:
            found = [i for i, (k, c) in enumerate(zip(kind_of.tolist(), class_of.tolist())) if k in kinds or c in sets]
        labels = self._get("labels")
        found.sort(key=lambda i: (labels[i].casefold(), iris[i]))
        return [iris[i] for i in found]

    # ------------------------------------------------------------------ links

    def _adjacent(self, name: str, iri: str) -> list[tuple[str, str]]:
        i = self.index.get(iri)
        if i is None:
            return []
        ptr, ps, ns = self._csr(name)
        lo, hi = ptr[i], ptr[i + 1]
        iris, preds = self._get("iris"), self._get("preds")
        rows = ns[lo:hi].tolist()
        targets = iris.take(rows) if isinstance(iris, Strings) else [iris[n] for n in rows]
        return [(preds[p], o) for p, o in zip(ps[lo:hi].tolist(), targets)]

    def _csr(self, name: str) -> tuple[Any, Any, Any]:
        """The offsets, predicate ids and neighbour rows of ``out`` or ``in``."""
        csr = self._views.get(name)
        if csr is None:
            csr = self._views[name] = tuple(memoryview(b).cast("I") for b in self._get(name))
        return csr  # type: ignore[no-any-return]

    def out_edges(self, iri: str) -> list[tuple[str, str]]:
        """``(predicate, target)`` pairs leaving ``iri``, sorted."""
        return self._adjacent("out", iri)

    def in_edges(self, iri: str) -> list[tuple[str, str]]:
        """``(predicate, source)`` pairs entering ``iri``, sorted."""
        return self._adjacent("in", iri)

    def _linked(self, name: str, iri: str, predicates: tuple[str, ...]) -> list[str]:
        """The neighbours of ``iri`` over any of ``predicates``, once each, in
        link order; only those are decoded."""
        i = self.index.get(iri)
        if i is None:
            return []
        pid = self.memo("pred-ids", lambda p: {q: n for n, q in enumerate(p._get("preds"))})
        wanted = {pid[p] for p in predicates if p in pid}
        if not wanted:
            return []
        ptr, ps, ns = self._csr(name)
        lo, hi = ptr[i], ptr[i + 1]
        rows = dict.fromkeys(n for p, n in zip(ps[lo:hi].tolist(), ns[lo:hi].tolist()) if p in wanted)
        iris = self._get("iris")
        return iris.take(rows) if isinstance(iris, Strings) else [iris[n] for n in rows]

    def targets(self, iri: str, *predicates: str) -> list[str]:
        """Targets of ``iri`` over any of ``predicates`` (full IRIs), once each."""
        return self._linked("out", iri, predicates)

    def sources_of(self, iri: str, *predicates: str) -> list[str]:
        """Entities linking to ``iri`` over any of ``predicates``, once each."""
        return self._linked("in", iri, predicates)

    def having(self, predicate: str) -> list[str]:
        """The entities with at least one ``predicate`` link, in IRI order."""
        try:
            pid = self._get("preds").index(predicate)
        except ValueError:
            return []
        iris = self._get("iris")
        return [iris[i] for i in memoryview(self._get("having")[pid]).cast("I").tolist()]

    def edges(self) -> Iterator[tuple[str, str, str]]:
        """Every ``(subject, predicate, object)`` link, sorted."""
        for s in self._get("iris"):
            for p, o in self.out_edges(s):
                yield s, p, o

    def rating(self, job: str, item: str) -> tuple[float | None, float | None, bool] | None:
        """How a data set rates ``item`` for ``job`` (O*NET): (importance 1–5
        or None, level 0–7 or None, in demand?), or None when unrated."""
        return self.ratings_of(job).get(item)

    def ratings_of(self, job: str) -> dict[str, tuple[float | None, float | None, bool]]:
        """Every rating of ``job``: item → (importance, level, in demand)."""
        memo: dict[str, dict[str, tuple[float | None, float | None, bool]]] = self.memo("ratings", lambda _p: {})
        found = memo.get(job)
        if found is None:
            packed = self._get("ratings").get(job)
            found = memo[job] = {}
            if packed is not None:
                rows, importance, level, demand = packed
                iris = self._get("iris")
                for n, imp, lvl, flag in zip(memoryview(rows).cast("I"), memoryview(importance).cast("d"), memoryview(level).cast("d"), demand):
                    found[iris[n]] = (imp if imp >= 0 else None, lvl if lvl >= 0 else None, bool(flag))
        return found

    @cached_property
    def _hot(self) -> frozenset[str]:
        return frozenset(self._get("hot"))

    def is_hot(self, iri: str) -> bool:
        """Whether a data set flags the technology hot (O*NET's Hot Technology)."""
        return iri in self._hot

    def link_datasets(self, s: str, p: str, o: str) -> int:
        """Bit mask of the data sets stating the link ``s p o`` (0: none, or
        the link does not exist)."""
        i, j = self.index.get(s), self.index.get(o)
        if i is None or j is None:
            return 0
        ptr, ps, ns = self._csr("out")
        preds = self._get("preds")
        sets = self._ints("edge_datasets")
        for k in range(ptr[i], ptr[i + 1]):
            if ns[k] == j and preds[ps[k]] == p:
                return int(sets[k])
        return 0

    def edge_evidence(self, s: str, p: str, o: str) -> list[str]:
        """The evidence graphs asserting the link ``s p o``."""
        return list(self._get("edge_evidence").get((s, p, o), ()))

    def node_evidence(self, iri: str) -> list[str]:
        """The evidence graphs asserting any fact about ``iri``."""
        return list(self._get("node_evidence").get(iri, ()))


class _Rows(Mapping[str, int]):
    """IRI → row over the sorted IRI column of a cached projection."""

    def __init__(self, iris: Strings, table: memoryview | None):
        self._iris, self._table = iris, table
        self._seen: dict[str, int | None] = {}

    def _find(self, iri: object) -> int | None:
        if not isinstance(iri, str):
            return None
        try:
            return self._seen[iri]
        except KeyError:
            row = self._iris.find(iri) if self._table is None else self._iris.find_hashed(iri, self._table)
            if len(self._seen) >= 1 << 16:  # a long-running server asks about any number of IRIs
                self._seen.clear()
            self._seen[iri] = row
            return row

    def __getitem__(self, iri: str) -> int:
        row = self._find(iri)
        if row is None:
            raise KeyError(iri)
        return row

    def get(self, iri: str, default: Any = None) -> Any:
        row = self._find(iri)
        return default if row is None else row

    def __contains__(self, iri: object) -> bool:
        return self._find(iri) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._iris)

    def __len__(self) -> int:
        return len(self._iris)
