"""The one way a projection is built: from a stream of quads.

Whatever the data comes from — the files being parsed during a compile (also
while Oxigraph bulk-loads a large file on the other core) or the rows a
remote endpoint answers — it reaches :class:`ProjectionBuilder` as pyoxigraph
quads (or triples, which are in the default graph), each batch with the data
set it comes from, and :meth:`~ProjectionBuilder.build` packs what it
gathered into the fields of :data:`rolegraph.projection.cache.FIELDS`.
During a compile the builder also plans the RDFS entailments the store
materialises and writes those between IRIs as N-Triples, as the triples
implying them come (:meth:`~ProjectionBuilder.stream_entailments`), so the
store gets them with the data rather than by reading itself back.

Nodes are the entities: IRIs typed (directly or through ``rdfs:subClassOf``)
with one of the core classes and labelled with ``skos:prefLabel``. Entities
declared the same (``skos:exactMatch``, ``owl:sameAs``, transitively) are
**joined**: one node, named by the member from the first data set, whose
links are the union of its members' links, each link keeping the data sets
it comes from and the evidence that supports it. Edges are the default
graph's triples between two entities; literals are skipped.

>>> import pyoxigraph as ox
>>> rg = "https://w3id.org/rolegraph/"
>>> s, ds = ox.NamedNode(rg + "sql"), ox.NamedNode(rg + "ds")
>>> b = ProjectionBuilder()
>>> b.add([ox.Triple(s, ox.NamedNode(RDF.type), ox.NamedNode(RG.Skill)),
...        ox.Triple(s, ox.NamedNode(SKOS.prefLabel), ox.Literal("SQL", language="en"))])
>>> b.build(triples=2)["labels"]
['SQL']
"""

from __future__ import annotations

import sys
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby
from typing import Any, TypeVar

from ..vocab import BASE, CORE_TYPES, DCAT, DCTERMS, OWL_SAME_AS, PROV, RDF, RDFS, RG, SHAPES_GRAPH, SKOS, class_name

_EVIDENCE_META = {DCTERMS.source: 0, RG.quote: 1, PROV.hadPrimarySource: 2, RG.rationale: 3}
_STATEMENT = {RDF.subject: 0, RDF.predicate: 1, RDF.object: 2}
#: A rating's parts: rg:ratedJob, rg:ratedItem, then its values.
_RATING = {RG.ratedJob: 0, RG.ratedItem: 1, RG.importance: 2, RG.level: 3, RG.inDemand: 4}
_SAME = (SKOS.exactMatch, OWL_SAME_AS)
#: Links that align two vocabularies without merging them.
_MATCH = frozenset({SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch})
#: The title of the shipped graph as a data set.
BUILTIN_TITLE = "rolegraph (quoted sources)"


def _rank(literal: Any) -> tuple[int, str]:
    """Rank a label: English first, then no language, then any other."""
    lang = getattr(literal, "language", None) or ""
    return (0 if lang.lower().startswith("en") else 1 if not lang else 2), literal.value


_T = TypeVar("_T", str, int)


def closure(pairs: Iterable[tuple[_T, _T]]) -> dict[_T, set[_T]]:
    """Each class with every class it is a subclass of (itself included);
    cycles end where they close.

    >>> sorted(closure([("a", "b"), ("b", "c")])["a"])
    ['a', 'b', 'c']
    """
    parents: dict[_T, set[_T]] = defaultdict(set)
    for c, d in pairs:
        parents[c].add(d)
    closed: dict[_T, set[_T]] = {}

    def up(c: _T, seen: frozenset[_T] = frozenset()) -> set[_T]:
        if c in closed:
            return closed[c]
        out = {c}
        for d in parents.get(c, ()):
            if d not in seen:
                out |= up(d, seen | {c})
        closed[c] = out
        return out

    for c in list(parents):
        up(c)
    return closed


def _groups(pairs: Iterable[tuple[_T, _T]]) -> dict[_T, set[_T]]:
    """Union-find: each IRI of ``pairs`` with the set of IRIs joined to it."""
    parent: dict[_T, _T] = {}

    def find(x: _T) -> _T:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[_T, set[_T]] = defaultdict(set)
    for x in list(parent):
        groups[find(x)].add(x)
    return {x: groups[find(x)] for x in parent}


# How add() treats a predicate (see _kind), looked up once a triple.
_EDGE, _SAME_EDGE, _TYPE, _PREF, _ALT, _SUBCLASS, _SUBPROPERTY, _STATEMENT_PART, _SUPPORTS, _RDFS_LABEL, _RATING_PART, _HOT, _META, _TITLE = range(14)
#: Kinds whose triples are never links (edges), even between two IRIs.
_NOT_LINKS = frozenset({_TYPE, _RATING_PART, _HOT})
_SIMPLE = {
    RDF.type: _TYPE,
    SKOS.prefLabel: _PREF,
    SKOS.altLabel: _ALT,
    RDFS.subClassOf: _SUBCLASS,
    RDFS.subPropertyOf: _SUBPROPERTY,
    RG.supports: _SUPPORTS,
    RDFS.label: _RDFS_LABEL,
    RG.hotTechnology: _HOT,
    DCTERMS.title: _TITLE,
}


def _kind(p: str) -> tuple[int, int]:
    """How :meth:`ProjectionBuilder.add` treats predicate ``p``: its kind and, for
    the parts of a statement, a rating or a piece of evidence, which part."""
    if p in _SIMPLE:
        return _SIMPLE[p], 0
    if p in _STATEMENT:
        return _STATEMENT_PART, _STATEMENT[p]
    if p in _RATING:
        return _RATING_PART, _RATING[p]
    if p in _EVIDENCE_META:
        return _META, _EVIDENCE_META[p]
    return (_SAME_EDGE if p in _SAME else _EDGE), 0


#: A link (subject, predicate, object) is kept as one int: ids of 32 bits each.
_M32 = (1 << 32) - 1


class Entailment:
    """What the RDFS entailments add for the ``rg:`` vocabulary (see
    :func:`rolegraph.store.load.entail`), planned from what the builder
    gathered: the ``rdfs:subClassOf`` superclasses and the
    ``rdfs:subPropertyOf`` super-properties of each class and property
    (rolegraph's only, neither included), which of them the builder's own
    links cover (triples between two IRIs), and the SPARQL updates adding
    the rest (blank nodes, literals) in the store."""

    def __init__(self) -> None:
        #: class id → the ids of its rg: superclasses
        self.types: dict[int, list[int]] = {}
        #: rg: property id → the ids of its rg: super-properties
        self.links: dict[int, list[int]] = {}
        #: the properties whose triples between IRIs are all among the builder's links
        self.from_links: dict[int, list[int]] = {}
        #: SPARQL updates adding what the builder does not hold
        self.updates: list[str] = []
        #: (property, super-properties): entailed triples the builder must see as
        #: it would have seen them stated (the rest change nothing it builds)
        self.feed: list[tuple[str, list[str]]] = []


class ProjectionBuilder:
    """Gathers the projection's raw facts from quads, in any order, then
    :meth:`build` packs them. Triples count once however often they come.

    Every IRI (and the few literal values kept as keys) is held once, as an
    int (``_ids``, ``_names``); links are ints packing subject, predicate
    and object, so a graph of millions of links costs tens of bytes a link."""

    def __init__(self) -> None:
        #: The data sets, in order: (id, path as given).
        self.datasets: list[tuple[str, str]] = []
        self._ids: dict[str, int] = {}
        self._names: list[str] = []
        #: predicate → (its id, its kind, the part it sets)
        self._kinds: dict[str, tuple[int, int, int]] = {}
        #: predicates with triples not between two IRIs (a blank node, a literal)
        self._odd: set[int] = set()
        self.subclass: dict[tuple[int, int], None] = {}
        self.subproperty: dict[tuple[int, int], None] = {}
        #: entity → its classes (an id; ~id for a class given as a literal or blank node)
        self.classes: dict[int, list[int]] = {}
        self.best_label: dict[int, tuple[int, str]] = {}
        self.alts: dict[int, list[str]] = {}
        #: (subject << 64 | predicate << 32 | object) → bit mask of the data sets stating it
        self.edges: dict[int, int] = {}
        #: (subject, object) of each skos:exactMatch and owl:sameAs link, in the order first met
        self._same: list[tuple[int, int]] = []
        #: entity → bit mask of the data sets saying anything of it
        self.mentioned: dict[int, int] = {}
        self.evidence_meta: dict[int, list[str]] = {}
        #: rdfs:label of IRIs (English or untagged), for the predicates' names
        self.rdfs_labels: dict[int, tuple[int, str]] = {}
        #: (graph, subject, predicate, object IRI or None) of facts in named graphs
        self.facts: dict[tuple[int, int, int, int | None], None] = {}
        #: Facts a Turtle file supports without named graphs: evidence →
        #: rdf:Statement nodes (an id, or "_:" and a blank node's label), and
        #: each statement's (subject, predicate, object).
        self.supports: dict[tuple[int, int | str], None] = {}
        self.statements: dict[int | str, list[int | None]] = {}
        #: rating node → [job, item, importance, level, in demand]
        self.ratings: dict[int, list[Any]] = {}
        #: technologies flagged hot (rg:hotTechnology true)
        self.hot: set[int] = set()
        #: dcat:Dataset IRI → the data set describing it; dcterms:title of IRIs
        self.described: dict[int, int] = {}
        self.titles: dict[int, tuple[int, str]] = {}
        # Entailed triples written as they come (see stream_entailments): the
        # plan they follow, whether every triple added since was streamed, the
        # N-Triples lines not yet taken.
        self._streaming = False
        self._stream_plan: Entailment | None = None
        self._stream_complete = True
        self._stream_links: dict[int, list[str]] = {}
        self._stream_types: dict[int, list[tuple[int, str]]] = {}
        self._lines: list[str] = []

    def _id(self, name: str) -> int:
        i = self._ids.get(name)
        if i is None:
            i = self._ids[name] = len(self._names)
            self._names.append(name)
        return i

    def _predicate(self, p: str) -> tuple[int, int, int]:
        kind, part = _kind(p)
        found = self._kinds[p] = (self._id(p), kind, part)
        return found

    def add(self, quads: Iterable[Any], dataset: int | None = None) -> None:
        """Take pyoxigraph ``Quad`` or ``Triple`` objects (a triple is in the
        default graph) from data set number ``dataset`` (None: the vocabulary)."""
        import pyoxigraph as ox

        named, default, blank = ox.NamedNode, ox.DefaultGraph, ox.BlankNode
        bit = 0 if dataset is None else 1 << dataset
        ids, names, kinds, key_of = self._ids, self._names, self._kinds, self._id
        classes, best, alts, edges, same, odd = self.classes, self.best_label, self.alts, self.edges, self._same, self._odd
        meta, facts, statements, mentioned = self.evidence_meta, self.facts, self.statements, self.mentioned
        stream_links = stream_types = None
        if self._streaming:
            stream_links, stream_types, lines = self._stream_links, self._stream_types, self._lines
        elif self._stream_plan is not None:
            self._stream_complete = False
        last_e, last_s, last_m = None, -1, -1
        for q in quads:
            s = q.subject
            pv = q.predicate.value
            k = kinds.get(pv)
            if k is None:
                k = self._predicate(pv)
            p, kind, part = k
            if type(s) is not named:
                odd.add(p)
                if kind == _STATEMENT_PART and type(s) is blank:  # [ rdf:subject ... ] statements
                    o = q.object
                    statements.setdefault("_:" + s.value, [None, None, None])[part] = key_of(o.value) if type(o) is named else None
                continue
            e = s.value
            if e == last_e:  # a subject's triples mostly come together
                sid = last_s
            else:
                new_id = ids.get(e)
                if new_id is None:
                    new_id = ids[e] = len(names)
                    names.append(e)
                sid = new_id
                last_e, last_s = e, sid
            o = q.object
            g = getattr(q, "graph_name", None)
            if g is not None and type(g) is not default:
                if g.value != SHAPES_GRAPH:
                    facts[(key_of(g.value), sid, p, key_of(o.value) if type(o) is named else None)] = None
                continue
            if bit and sid != last_m:
                mentioned[sid] = mentioned.get(sid, 0) | bit
                last_m = sid
            if kind == _EDGE:
                pass
            elif kind == _TYPE:
                ov = o.value
                cid = key_of(ov)
                if type(o) is not named:
                    odd.add(p)
                    cid = ~cid
                cs = classes.get(sid)
                if cs is None:
                    cs = classes[sid] = [cid]
                elif cid not in cs:
                    cs.append(cid)
                if ov == DCAT.Dataset and dataset is not None:
                    self.described.setdefault(sid, dataset)
                if stream_types is not None and cid >= 0:
                    supers = stream_types.get(cid)
                    if supers is not None:
                        for x, rest in supers:
                            if x not in cs:  # else stated (or already streamed)
                                lines.append("<" + e + rest)
                continue
            elif kind == _PREF:
                rank = _rank(o)
                b = best.get(sid)
                if b is None or rank < b:
                    best[sid] = rank
            elif kind == _ALT:
                known = alts.get(sid)
                if known is None:
                    alts[sid] = [o.value]
                elif o.value not in known:
                    known.append(o.value)
            elif kind == _SUBCLASS:
                if type(o) is named:
                    self.subclass[(sid, key_of(o.value))] = None
            elif kind == _SUBPROPERTY:
                if type(o) is named:
                    self.subproperty[(sid, key_of(o.value))] = None
            elif kind == _STATEMENT_PART:
                statements.setdefault(sid, [None, None, None])[part] = key_of(o.value) if type(o) is named else None
            elif kind == _SUPPORTS:
                self.supports[(sid, ("_:" + o.value) if type(o) is blank else key_of(o.value))] = None
            elif kind == _RDFS_LABEL:
                if type(o) is not named:
                    rank = _rank(o)
                    if rank[0] < 2 and (sid not in self.rdfs_labels or rank < self.rdfs_labels[sid]):
                        self.rdfs_labels[sid] = rank
            elif kind == _RATING_PART:
                parts = self.ratings.get(sid)
                if parts is None:
                    parts = self.ratings[sid] = [None, None, None, None, False]
                if part < 2:
                    parts[part] = key_of(o.value)
                    continue  # a rating node is not an entity: no edge
                if part == 4:
                    parts[4] = o.value in ("true", "1")
                else:
                    try:
                        parts[part] = float(o.value)
                    except ValueError:
                        pass
                continue
            elif kind == _HOT:
                if o.value in ("true", "1"):
                    self.hot.add(sid)
                continue
            elif kind == _META:
                meta.setdefault(sid, ["", "", "", ""])[part] = o.value
            elif kind == _TITLE:
                if type(o) is not named:
                    rank = _rank(o)
                    if sid not in self.titles or rank < self.titles[sid]:
                        self.titles[sid] = rank
            if type(o) is named:
                ov = o.value
                oid = ids.get(ov)
                if oid is None:
                    oid = ids[ov] = len(names)
                    names.append(ov)
                key = sid << 64 | p << 32 | oid
                m = edges.get(key)
                if m is None:
                    edges[key] = bit
                    if kind == _SAME_EDGE:
                        same.append((sid, oid))
                elif bit:
                    edges[key] = m | bit
                if stream_links is not None:
                    middles = stream_links.get(p)
                    if middles is not None:
                        for middle in middles:
                            lines.append("<" + e + middle + ov + "> .\n")
            else:
                odd.add(p)

    # ------------------------------------------------------------------ entailment

    def entailment(self) -> Entailment:
        """Plan the entailments (see :class:`Entailment`) of what was added."""
        names, kinds = self._names, self._kinds
        plan = Entailment()

        def supers(pairs: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
            return {x: extra for x, up in closure(pairs).items() if (extra := sorted(y for y in up if y != x and names[y].startswith(BASE)))}

        plan.types = supers(self.subclass)
        type_id = self._ids.get(RDF.type)
        if type_id is not None and type_id in self._odd:  # blank nodes with a type
            for c, extra in plan.types.items():
                for x in extra:
                    plan.updates.append(f"INSERT {{ ?s <{RDF.type}> <{names[x]}> }} WHERE {{ ?s <{RDF.type}> <{names[c]}> FILTER(!isIRI(?s)) }}")
        plan.links = {p: extra for p, extra in supers(self.subproperty).items() if names[p].startswith(BASE)}
        for p, extra in plan.links.items():
            kind = kinds[names[p]][1] if names[p] in kinds else _kind(names[p])[0]
            if kind in _NOT_LINKS:  # rg:ratedJob ⊑ ...: not among the links
                plan.updates.extend(f"INSERT {{ ?s <{names[x]}> ?o }} WHERE {{ ?s <{names[p]}> ?o }}" for x in extra)
            else:
                plan.from_links[p] = extra
                if p in self._odd:
                    plan.updates.extend(f"INSERT {{ ?s <{names[x]}> ?o }} WHERE {{ ?s <{names[p]}> ?o FILTER(!isIRI(?s) || !isIRI(?o)) }}" for x in extra)
            # An entailed plain link changes nothing built (build() keeps the
            # stated link); any other the builder must see.
            special = [names[x] for x in extra if _kind(names[x])[0] not in (_EDGE, _SAME_EDGE)]
            if kind in _NOT_LINKS:
                special = [names[x] for x in extra]
            if special:
                plan.feed.append((names[p], special))
        return plan

    def stream_entailments(self, on: bool = True) -> None:
        """From now on (``on``) or until further notice, hand the entailed
        triples (the N-Triples :meth:`take_entailed` returns) as the triples
        implying them come, following the plan made when first turned on:
        they are written with the data, not after it. What was added before
        is entailed at once. :meth:`streamed` tells whether the lines handed
        are all the entailments."""
        if on and self._stream_plan is None:
            plan = self._stream_plan = self.entailment()
            names = self._names
            self._stream_links = {p: [f"> <{names[x]}> <" for x in extra] for p, extra in plan.from_links.items()}
            self._stream_types = {c: [(x, f"> <{RDF.type}> <{names[x]}> .\n") for x in extra] for c, extra in plan.types.items()}
            self._lines.extend(self._type_lines(plan, add=False))
            self._lines.extend(self.entailed_links(plan))
        self._streaming = on

    def entailed_pending(self) -> int:
        """How many lines :meth:`take_entailed` would return."""
        return len(self._lines)

    def take_entailed(self) -> list[str]:
        """The N-Triples lines of the entailed triples streamed since last taken."""
        lines, self._lines = self._lines, []
        return lines

    def streamed(self, plan: Entailment) -> bool:
        """Whether the lines streamed (see :meth:`stream_entailments`) hold
        every triple of ``plan`` between IRIs: every triple was added while
        streaming (or before), with the same plan."""
        done = self._stream_plan
        return done is not None and self._stream_complete and done.types == plan.types and done.from_links == plan.from_links

    def _type_lines(self, plan: Entailment, add: bool) -> list[str]:
        names, types = self._names, plan.types
        lines: list[str] = []
        if not types:
            return lines
        middle = f"> <{RDF.type}> <"
        for e, cs in self.classes.items():
            stated = cs if add else cs[:]
            for c in cs[:]:
                extra = types.get(c) if c >= 0 else None
                if extra:
                    for x in extra:
                        if x not in stated:
                            stated.append(x)
                            lines.append(f"<{names[e]}{middle}{names[x]}> .\n")
        return lines

    def add_entailed_types(self, plan: Entailment) -> list[str]:
        """Give each entity the rg: superclasses of its classes (as the
        ``rdf:type`` triples the store entails would); returns those not
        stated, as N-Triples lines."""
        return self._type_lines(plan, add=True)

    def entailed_links(self, plan: Entailment) -> Iterator[str]:
        """The links entailed through rdfs:subPropertyOf between IRIs, as
        N-Triples lines. Reads the links only (safe beside :meth:`build` in
        another thread)."""
        names = self._names
        middles = {p: [f"> <{names[x]}> <" for x in extra] for p, extra in plan.from_links.items()}
        if not middles:
            return
        for key in self.edges:
            found = middles.get(key >> 32 & _M32)
            if found is not None:
                s, o = names[key >> 64], names[key & _M32]
                for middle in found:
                    yield f"<{s}{middle}{o}> .\n"

    # ------------------------------------------------------------------ build

    def _entities(self, core: dict[int, str], closed: dict[int, set[int]]) -> dict[int, tuple[str, tuple[str, ...], list[str]]]:
        """Every entity: id → (core kind, its classes, the core kinds it has)."""
        names, best = self._names, self.best_label
        found = {}
        seen: dict[tuple[int, ...], tuple[str, tuple[str, ...], list[str]] | None] = {}
        for e, cs in self.classes.items():
            if e not in best:
                continue
            key = tuple(cs)
            if key not in seen:
                supers: set[int] = set()
                for cls in cs:
                    cls = cls if cls >= 0 else ~cls  # a class given as a literal counts by its text
                    supers |= closed.get(cls, {cls})
                cores = sorted({core[s] for s in supers if s in core}, key=CORE_TYPES.index)
                # The asserted classes plus the core classes they imply, so a
                # programming language is found as a Skill and as a Tool.
                seen[key] = (cores[0], tuple(sorted({class_name(names[c if c >= 0 else ~c]) for c in cs} | set(cores))), cores) if cores else None
            found_e = seen[key]
            if found_e is not None:
                found[e] = found_e
        return found

    def _join(self, entities: Mapping[int, tuple[str, tuple[str, ...], list[str]]]) -> tuple[dict[int, int], list[str]]:
        """Each member entity → the entity it is joined into (its canonical),
        and a warning for every join of entities of different kinds."""
        names, mentioned = self._names, self.mentioned
        canonical: dict[int, int] = {}
        warnings: list[str] = []
        done: set[int] = set()

        def rank(m: int) -> tuple[int, bool, str]:
            mask = mentioned.get(m, 0)
            first = (mask & -mask).bit_length() if mask else 99
            return (first, not names[m].startswith(BASE), names[m])

        for iri, group in _groups(self._same).items():
            if iri in done:
                continue
            done |= group
            members = [m for m in group if m in entities]
            if len(members) < 2:
                continue
            members.sort(key=rank)
            kinds = sorted({entities[m][0] for m in members}, key=CORE_TYPES.index)
            # Kinds conflict when no member has them all: a programming
            # language (a Skill and a Tool) may join a skill and a tool.
            union = {k for m in members for k in entities[m][2]}
            clash = not any(union <= set(entities[m][2]) for m in members)
            if clash:
                named = "; ".join(f"{self.best_label[m][1]} ({entities[m][0]}, {names[m]})" for m in members)
                warnings.append(f"joined entities of different kinds ({', '.join(kinds)}), both kinds kept: {named}")
            for m in members:
                canonical[m] = members[0]
        return canonical, warnings

    def build(self, triples: int) -> dict[str, Any]:
        """The projection's fields (see :data:`~rolegraph.projection.cache.FIELDS`);
        ``triples`` is the default graph's size, as the store counts it.
        Reads what was gathered and changes none of it."""
        intern = sys.intern
        ids, names, best = self._ids, self._names, self.best_label
        core = {ids[BASE + t]: t for t in CORE_TYPES if BASE + t in ids}
        entities = self._entities(core, closure(self.subclass))
        canonical, warnings = self._join(entities)

        def canon(x: int) -> int:
            return canonical.get(x, x)

        # -- joined groups: members by canonical, in rank order
        grouped: dict[int, list[int]] = defaultdict(list)
        for m, c in canonical.items():
            grouped[c].append(m)
        members = {c: sorted(ms, key=lambda m, c=c: (m != c, names[m])) for c, ms in grouped.items()}  # type: ignore[misc]

        # -- entities, in IRI order so the packed form never depends on input order
        kinds: dict[str, int] = {}
        class_sets: dict[tuple[str, ...], int] = {}
        order: list[int] = []
        iris: list[str] = []
        labels: list[str] = []
        kind_of: list[int] = []
        class_of: list[int] = []
        node_sets: list[int] = []
        alt_ptr: list[int] = [0]
        alt_text: list[str] = []
        counts: dict[str, int] = dict.fromkeys(CORE_TYPES, 0)
        for e in sorted(entities, key=names.__getitem__):
            if canonical.get(e, e) != e:
                continue
            group = members.get(e, [e])
            kind, classes, cores = entities[e]
            if len(group) > 1:
                cores = sorted({k for m in group for k in entities[m][2]}, key=CORE_TYPES.index)
                classes = tuple(sorted({c for m in group for c in entities[m][1]}))
            label = best[e][1]
            folded_label = label.casefold()
            alt_names: dict[str, None] = {}
            folded: set[str] = set()
            for m in group:
                for name in [best[m][1], *self.alts.get(m, ())]:
                    f = name.casefold()
                    if f != folded_label and f not in folded:
                        alt_names[name] = None
                        folded.add(f)
            order.append(e)
            iris.append(intern(names[e]))
            labels.append(label)
            kind_of.append(kinds.setdefault(kind, len(kinds)))
            class_of.append(class_sets.setdefault(classes, len(class_sets)))
            mask = 0
            for m in group:
                mask |= self.mentioned.get(m, 0)
            node_sets.append(mask)
            alt_text.extend(alt_names)
            alt_ptr.append(len(alt_text))
            for core_kind in cores:
                counts[core_kind] += 1
        index = {e: i for i, e in enumerate(order)}

        # -- links between entities, through the joins. A link the store
        # entails through rdfs:subPropertyOf (essentialSkill ⊑ requiresSkill)
        # is not a fact of its own: keep the one the data states.
        parents = {p: sup - {p} for p, sup in closure(self.subproperty).items()}
        subs_of: dict[int, list[int]] = defaultdict(list)
        for p, sups in parents.items():
            for x in sups:
                subs_of[x].append(p)
        # A link between entities is one int: (subject index, predicate
        # rank, object index, data sets), the rank in IRI order, so sorted
        # they come as the packed rows list them.
        edges = self.edges
        pred_ids = sorted({k[0] for k in self._kinds.values()}, key=names.__getitem__)
        prank = [0] * len(names)
        for r, p in enumerate(pred_ids):
            prank[p] = r
        n = len(order)
        bo, bp, bm = max(n, 1).bit_length(), max(len(pred_ids), 1).bit_length(), max(max(edges.values(), default=0).bit_length(), 1)
        mo, mp, mm, bs = (1 << bo) - 1, (1 << bp) - 1, (1 << bm) - 1, bo + bp
        at = [-1] * len(names)  # id → the index of the entity it is or is joined into, or -1
        for i, e in enumerate(order):
            at[e] = i
        for m, c in canonical.items():
            at[m] = index[c]
        supers = set(subs_of)
        same = {ids[x] for x in _SAME if x in ids}
        links: list[int] = []
        keep = links.append
        for key, mask in edges.items():
            s = key >> 64
            si = at[s]
            if si < 0:
                continue
            o = key & _M32
            oi = at[o]
            if oi < 0:
                continue
            p = key >> 32 & _M32
            if p in supers and any(s << 64 | x << 32 | o in edges for x in subs_of[p]):
                continue  # entailed by a link stated
            if si == oi and p in same:
                continue
            keep(((si << bp | prank[p]) << bo | oi) << bm | mask)
        to_row, to_rank = bs + bm, bo + bm  # shifts
        first = dict.fromkeys(map(to_row.__rrshift__, links))  # subjects in the order first linked
        links.sort()
        if canonical:  # links joined into one: their data sets together
            merged: list[int] = []
            last = -1
            for k in links:
                if k >> bm == last:
                    merged[-1] |= k & mm
                else:
                    merged.append(k)
                    last = k >> bm
            links = merged
        subject_rows = list(map(to_row.__rrshift__, links))
        ranks = list(map(mp.__and__, map(to_rank.__rrshift__, links)))
        objects = list(map(mo.__and__, map(bm.__rrshift__, links)))
        edge_sets = array("I", map(mm.__and__, links))
        out_ptr = _offsets(subject_rows, n)
        preds: dict[int, int] = {}  # predicate rank → its number, in order of first use
        out_ps = _numbered(ranks, preds, mp)
        inward = sorted([(o << bp | r) << bo | si for o, r, si in zip(objects, ranks, subject_rows)])
        in_ptr = _offsets(list(map(bs.__rrshift__, inward)), n)
        in_ps = _numbered(list(map(mp.__and__, map(bo.__rrshift__, inward))), preds, mp)
        in_ns = array("I", map(mo.__and__, inward))
        out_ns = array("I", objects)
        del inward, objects
        pred_list = [pred_ids[r] for r in preds]
        ranked = set(pred_ids)

        # -- provenance: (source, quote, cited page, rationale, inferred?)
        evidence: dict[int, tuple[str, str, str, str, bool]] = {}
        ev_ids = [i for i in (ids.get(RG.Evidence), ids.get(RG.Inference)) if i is not None]
        inference = ids.get(RG.Inference)
        if ev_ids:
            for g, types in self.classes.items():
                if any(i in types or ~i in types for i in ev_ids):
                    meta = self.evidence_meta.get(g, ["", "", "", ""])
                    inferred = inference is not None and (inference in types or ~inference in types)
                    evidence[g] = (intern(meta[0]), meta[1], intern(meta[2]), meta[3], inferred)
        facts = dict(self.facts)
        for g, node in self.supports:
            triple = self.statements.get(node)
            if triple is not None and triple[0] is not None and triple[1] is not None:
                facts[(g, triple[0], triple[1], triple[2])] = None
        edge_evidence: dict[tuple[int, int, int], list[int]] = defaultdict(list)
        node_evidence: dict[int, list[int]] = defaultdict(list)
        for g, subject, predicate, target in facts:
            subject = canon(subject)
            if g not in evidence or subject not in index:
                continue
            if g not in node_evidence[subject]:
                node_evidence[subject].append(g)
            target = canon(target) if target is not None else None
            if target is not None and target in index and g not in edge_evidence[(subject, predicate, target)]:
                edge_evidence[(subject, predicate, target)].append(g)

        # -- data sets: id, path and title; which of them declare themselves
        titles: dict[int, str] = {}
        for node, i in sorted(self.described.items(), key=lambda item: (names[item[0]], item[1])):
            titles.setdefault(i, self.titles[node][1] if node in self.titles else self.datasets[i][0])
        sets = [
            {"id": d_id, "path": path, "title": titles.get(i) or (BUILTIN_TITLE if path == "builtin" else d_id), "described": i in titles}
            for i, (d_id, path) in enumerate(self.datasets)
        ]
        described = sum(1 << i for i, d in enumerate(sets) if d["described"])

        # Links by support: quoted (some passage states it), inferred (only
        # inferences support it), from a data set that describes itself, or
        # unsourced; alignments (skos:closeMatch, ...) are counted apart. A source's own description (what it references) is
        # bibliography, not a fact to source.
        facts_by_kind = {"quoted": 0, "inferred": 0, "dataset": 0, "unsourced": 0, "alignments": 0}
        source_kind = kinds.get("Source")
        matches = {prank[ids[x]] for x in _MATCH if x in self._kinds}
        by_class = Counter(zip(map(kind_of.__getitem__, subject_rows), ranks, map(described.__and__, edge_sets)))
        for (subject_kind, r, from_described), count in by_class.items():
            if source_kind is not None and subject_kind == source_kind:
                continue
            facts_by_kind["alignments" if r in matches else "dataset" if from_described else "unsourced"] += count
        for (subject, predicate, target), gs in edge_evidence.items():
            # a link some passage supports: quoted or inferred, not counted as above
            si, ti = index[subject], index[target]
            if predicate not in ranked or (source_kind is not None and kind_of[si] == source_kind):
                continue
            r = prank[predicate]
            jk = (si << bp | r) << bo | ti
            i = bisect_left(links, jk << bm)
            if i == len(links) or links[i] >> bm != jk or r in matches:
                continue
            support = [evidence[g][4] for g in gs]
            facts_by_kind["dataset" if links[i] & described else "unsourced"] -= 1
            facts_by_kind["quoted" if not all(support) else "inferred"] += 1

        node_masks = Counter(node_sets)
        link_masks = Counter(edge_sets)
        for i, d in enumerate(sets):
            d["entities"] = sum(n for m, n in node_masks.items() if m >> i & 1)
            d["links"] = sum(n for m, n in link_masks.items() if m >> i & 1)
        # For each predicate, the entities that have it: which entities to ask
        # about a rare link (rg:exampleOf) without reading every entity's
        # links; in the order first met, subjects in the order first linked.
        place = {si: i for i, si in enumerate(first)}
        found: list[tuple[int, int, list[int]]] = []
        pairs = sorted({r << bo | si for r, si in zip(ranks, subject_rows)})
        for r, with_rank in groupby(pairs, key=bo.__rrshift__):
            nodes = [k & mo for k in with_rank]
            found.append((min(map(place.__getitem__, nodes)), preds[r], nodes))
        having = {pid: nodes for _place, pid, nodes in sorted(found)}
        # Ratings by (job, item), through the joins; a pair two data sets rate
        # keeps the first rating met of each value.
        ratings: dict[tuple[int, int], tuple[float, float, bool]] = {}
        for job, item, importance, level, demand in self.ratings.values():
            if job is None or item is None:
                continue
            pair = (canon(job), canon(item))
            if pair[0] in index and pair[1] in index:
                old = ratings.get(pair, (-1.0, -1.0, False))
                ratings[pair] = (
                    old[0] if old[0] >= 0 else (importance if importance is not None else -1.0),
                    old[1] if old[1] >= 0 else (level if level is not None else -1.0),
                    old[2] or bool(demand),
                )
        # Packed a job at a time (item rows, importance, level, in demand as
        # arrays) so a command reads a job's ratings without unpacking all.
        by_job: dict[int, list[tuple[int, float, float, bool]]] = defaultdict(list)
        for (job, item), (importance, level, demand) in ratings.items():
            by_job[job].append((index[item], importance, level, demand))
        packed = {
            names[job]: (_ints(r[0] for r in rows), array("d", (r[1] for r in rows)).tobytes(), array("d", (r[2] for r in rows)).tobytes(), bytes(int(r[3]) for r in rows))
            for job, rows in ((job, sorted(rows)) for job, rows in by_job.items())
        }
        return {
            "ratings": packed,
            "hot": sorted({names[canon(e)] for e in self.hot if canon(e) in index}),
            "triples": triples,
            "counts": counts,
            "facts": facts_by_kind,
            "datasets": sets,
            "warnings": warnings,
            "members": {names[c]: [(names[m], best[m][1], self.mentioned.get(m, 0)) for m in ms] for c, ms in members.items()},
            "predicate_labels": {names[p]: self.rdfs_labels[p][1] for p in pred_list if p in self.rdfs_labels},
            "evidence": {intern(names[g]): v for g, v in evidence.items()},
            "edge_evidence": {(names[s], names[p], names[t]): sorted(names[g] for g in v) for (s, p, t), v in edge_evidence.items()},
            "node_evidence": {names[k]: sorted(names[g] for g in v) for k, v in node_evidence.items()},
            "iris": iris,
            "labels": labels,
            "kinds": list(kinds),
            "kind_of": _ints(kind_of),
            "class_sets": [list(c) for c in class_sets],
            "class_of": _ints(class_of),
            "node_datasets": _ints(node_sets),
            "alt_ptr": _ints(alt_ptr),
            "alt_text": alt_text,
            "out": (out_ptr.tobytes(), out_ps.tobytes(), out_ns.tobytes()),
            "in": (in_ptr.tobytes(), in_ps.tobytes(), in_ns.tobytes()),
            "edge_datasets": edge_sets.tobytes(),
            "preds": [names[p] for p in pred_list],
            "having": {pid: _ints(sorted(nodes)) for pid, nodes in having.items()},
        }


def _ints(values: Iterable[int]) -> bytes:
    return array("I", values).tobytes()


def _offsets(rows: list[int], n: int) -> array[int]:
    """Where each of ``n`` rows starts in the sorted row numbers ``rows``, and where the last ends."""
    return array("I", [bisect_left(rows, i) for i in range(n + 1)])


def _numbered(ranks: list[int], numbers: dict[int, int], most: int) -> array[int]:
    """``ranks`` (each at most ``most``) as numbers: those of ``numbers``,
    which gives the ranks it lacks the next numbers, in order of first use."""
    for r in dict.fromkeys(ranks):
        if r not in numbers:
            numbers[r] = len(numbers)
    number = [0] * (most + 1)
    for r, i in numbers.items():
        number[r] = i
    return array("I", map(number.__getitem__, ranks))
