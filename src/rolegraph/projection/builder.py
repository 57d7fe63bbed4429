"""The one way a projection is built: from a stream of quads.

Whatever the data comes from — the files being parsed during a compile (also
while Oxigraph bulk-loads a large file on the other core) or the rows a
remote endpoint answers — it reaches :class:`ProjectionBuilder` as pyoxigraph
quads (or triples, which are in the default graph), each batch with the data
set it comes from, and :meth:`~ProjectionBuilder.build` packs what it
gathered into the fields of :data:`rolegraph.projection.cache.FIELDS`.

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
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

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


def closure(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Each class with every class it is a subclass of (itself included);
    cycles end where they close.

    >>> sorted(closure([("a", "b"), ("b", "c")])["a"])
    ['a', 'b', 'c']
    """
    parents: dict[str, set[str]] = defaultdict(set)
    for c, d in pairs:
        parents[c].add(d)
    closed: dict[str, set[str]] = {}

    def up(c: str, seen: frozenset[str] = frozenset()) -> set[str]:
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


def _groups(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    """Union-find: each IRI of ``pairs`` with the set of IRIs joined to it."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, set[str]] = defaultdict(set)
    for x in list(parent):
        groups[find(x)].add(x)
    return {x: groups[find(x)] for x in parent}


class ProjectionBuilder:
    """Gathers the projection's raw facts from quads, in any order, then
    :meth:`build` packs them. Triples count once however often they come."""

    def __init__(self) -> None:
        #: The data sets, in order: (id, path as given).
        self.datasets: list[tuple[str, str]] = []
        self.subclass: dict[tuple[str, str], None] = {}
        self.subproperty: dict[tuple[str, str], None] = {}
        self.classes: dict[str, list[str]] = {}
        self.best_label: dict[str, tuple[int, str]] = {}
        self.alts: dict[str, list[str]] = {}
        #: (subject, predicate, object) → bit mask of the data sets stating it
        self.edges: dict[tuple[str, str, str], int] = {}
        #: entity → bit mask of the data sets saying anything of it
        self.mentioned: dict[str, int] = {}
        self.evidence_meta: dict[str, list[str]] = {}
        #: rdfs:label of IRIs (English or untagged), for the predicates' names
        self.rdfs_labels: dict[str, tuple[int, str]] = {}
        #: (graph, subject, predicate, object IRI or None) of facts in named graphs
        self.facts: dict[tuple[str, str, str, str | None], None] = {}
        #: Facts a Turtle file supports without named graphs: evidence →
        #: rdf:Statement nodes, and each statement's (subject, predicate, object).
        self.supports: dict[tuple[str, str], None] = {}
        self.statements: dict[str, list[str | None]] = {}
        #: rating node → [job, item, importance, level, in demand]
        self.ratings: dict[str, list[Any]] = {}
        #: technologies flagged hot (rg:hotTechnology true)
        self.hot: set[str] = set()
        #: dcat:Dataset IRI → the data set describing it; dcterms:title of IRIs
        self.described: dict[str, int] = {}
        self.titles: dict[str, tuple[int, str]] = {}

    def add(self, quads: Iterable[Any], dataset: int | None = None) -> None:
        """Take pyoxigraph ``Quad`` or ``Triple`` objects (a triple is in the
        default graph) from data set number ``dataset`` (None: the vocabulary)."""
        import pyoxigraph as ox

        named, default = ox.NamedNode, ox.DefaultGraph
        bit = 0 if dataset is None else 1 << dataset
        subclass, classes, best, alts, edges = self.subclass, self.classes, self.best_label, self.alts, self.edges
        meta, facts, statements, mentioned = self.evidence_meta, self.facts, self.statements, self.mentioned
        for q in quads:
            s = q.subject
            p = q.predicate.value
            if type(s) is not named:
                if p in _STATEMENT and type(s) is ox.BlankNode:  # [ rdf:subject ... ] statements
                    statements.setdefault("_:" + s.value, [None, None, None])[_STATEMENT[p]] = q.object.value if type(q.object) is named else None
                continue
            g = getattr(q, "graph_name", None)
            e, o = s.value, q.object
            if g is not None and type(g) is not default:
                if g.value != SHAPES_GRAPH:
                    facts[(g.value, e, p, o.value if type(o) is named else None)] = None
                continue
            if bit:
                mentioned[e] = mentioned.get(e, 0) | bit
            if p == RDF.type:
                cs = classes.get(e)
                if cs is None:
                    classes[e] = [o.value]
                elif o.value not in cs:
                    cs.append(o.value)
                if o.value == DCAT.Dataset and dataset is not None:
                    self.described.setdefault(e, dataset)
                continue
            if p == SKOS.prefLabel:
                rank = _rank(o)
                if e not in best or rank < best[e]:
                    best[e] = rank
            elif p == SKOS.altLabel:
                known = alts.get(e)
                if known is None:
                    alts[e] = [o.value]
                elif o.value not in known:
                    known.append(o.value)
            elif p == RDFS.subClassOf and type(o) is named:
                subclass[(e, o.value)] = None
            elif p == RDFS.subPropertyOf and type(o) is named:
                self.subproperty[(e, o.value)] = None
            elif p in _STATEMENT:
                statements.setdefault(e, [None, None, None])[_STATEMENT[p]] = o.value if type(o) is named else None
            elif p == RG.supports:
                self.supports[(e, ("_:" + o.value) if type(o) is ox.BlankNode else o.value)] = None
            elif p == RDFS.label and type(o) is not named:
                rank = _rank(o)
                if rank[0] < 2 and (e not in self.rdfs_labels or rank < self.rdfs_labels[e]):
                    self.rdfs_labels[e] = rank
            elif p in _RATING:
                parts = self.ratings.get(e)
                if parts is None:
                    parts = self.ratings[e] = [None, None, None, None, False]
                i = _RATING[p]
                if i < 2:
                    parts[i] = o.value
                    continue  # a rating node is not an entity: no edge
                if i == 4:
                    parts[4] = o.value in ("true", "1")
                else:
                    try:
                        parts[i] = float(o.value)
                    except ValueError:
                        pass
                continue
            elif p == RG.hotTechnology:
                if o.value in ("true", "1"):
                    self.hot.add(e)
                continue
            elif p in _EVIDENCE_META:
                meta.setdefault(e, ["", "", "", ""])[_EVIDENCE_META[p]] = o.value
            elif p == DCTERMS.title and type(o) is not named:
                rank = _rank(o)
                if e not in self.titles or rank < self.titles[e]:
                    self.titles[e] = rank
            if type(o) is named:
                key = (e, p, o.value)
                edges[key] = edges.get(key, 0) | bit

    # ------------------------------------------------------------------ build

    def _entities(self, core: dict[str, str], closed: dict[str, set[str]]) -> dict[str, tuple[str, tuple[str, ...], list[str]]]:
        """Every entity: IRI → (core kind, its classes, the core kinds it has)."""
        found = {}
        for e, cs in self.classes.items():
            if e not in self.best_label:
                continue
            supers: set[str] = set()
            for cls in cs:
                supers |= closed.get(cls, {cls})
            cores = sorted({core[s] for s in supers if s in core}, key=CORE_TYPES.index)
            if cores:
                # The asserted classes plus the core classes they imply, so a
                # programming language is found as a Skill and as a Tool.
                found[e] = (cores[0], tuple(sorted({class_name(cls) for cls in cs} | set(cores))), cores)
        return found

    def _join(self, entities: Mapping[str, tuple[str, tuple[str, ...], list[str]]]) -> tuple[dict[str, str], list[str]]:
        """Each member entity → the entity it is joined into (its canonical),
        and a warning for every join of entities of different kinds."""
        pairs = [(s, o) for s, p, o in self.edges if p in _SAME]
        canonical: dict[str, str] = {}
        warnings: list[str] = []
        done: set[str] = set()
        for iri, group in _groups(pairs).items():
            if iri in done:
                continue
            done |= group
            members = [m for m in group if m in entities]
            if len(members) < 2:
                continue

            def rank(m: str) -> tuple[int, bool, str]:
                mask = self.mentioned.get(m, 0)
                first = (mask & -mask).bit_length() if mask else 99
                return (first, not m.startswith(BASE), m)

            members.sort(key=rank)
            kinds = sorted({entities[m][0] for m in members}, key=CORE_TYPES.index)
            # Kinds conflict when no member has them all: a programming
            # language (a Skill and a Tool) may join a skill and a tool.
            union = {k for m in members for k in entities[m][2]}
            clash = not any(union <= set(entities[m][2]) for m in members)
            if clash:
                named = "; ".join(f"{self.best_label[m][1]} ({entities[m][0]}, {m})" for m in members)
                warnings.append(f"joined entities of different kinds ({', '.join(kinds)}), both kinds kept: {named}")
            for m in members:
                canonical[m] = members[0]
        return canonical, warnings

    def build(self, triples: int) -> dict[str, Any]:
        """The projection's fields (see :data:`~rolegraph.projection.cache.FIELDS`);
        ``triples`` is the default graph's size, as the store counts it."""
        intern = sys.intern
        core = {BASE + t: t for t in CORE_TYPES}
        entities = self._entities(core, closure(self.subclass))
        canonical, warnings = self._join(entities)

        def canon(x: str) -> str:
            return canonical.get(x, x)

        # -- joined groups: members by canonical, in rank order
        members: dict[str, list[str]] = defaultdict(list)
        for m, c in canonical.items():
            members[c].append(m)
        members = {c: sorted(ms, key=lambda m: (m != c, m)) for c, ms in members.items()}

        # -- entities, in IRI order so the packed form never depends on input order
        kinds: dict[str, int] = {}
        class_sets: dict[tuple[str, ...], int] = {}
        iris: list[str] = []
        labels: list[str] = []
        kind_of: list[int] = []
        class_of: list[int] = []
        node_sets: list[int] = []
        alt_ptr: list[int] = [0]
        alt_text: list[str] = []
        counts: dict[str, int] = dict.fromkeys(CORE_TYPES, 0)
        for e in sorted(entities):
            if canon(e) != e:
                continue
            group = members.get(e, [e])
            kind, classes, cores = entities[e]
            if len(group) > 1:
                cores = sorted({k for m in group for k in entities[m][2]}, key=CORE_TYPES.index)
                classes = tuple(sorted({c for m in group for c in entities[m][1]}))
            label = self.best_label[e][1]
            names: dict[str, None] = {}
            for m in group:
                for name in [self.best_label[m][1], *self.alts.get(m, ())]:
                    if name.casefold() != label.casefold() and name.casefold() not in {n.casefold() for n in names}:
                        names[name] = None
            iris.append(intern(e))
            labels.append(label)
            kind_of.append(kinds.setdefault(kind, len(kinds)))
            class_of.append(class_sets.setdefault(classes, len(class_sets)))
            mask = 0
            for m in group:
                mask |= self.mentioned.get(m, 0)
            node_sets.append(mask)
            alt_text.extend(names)
            alt_ptr.append(len(alt_text))
            for c in cores:
                counts[c] += 1
        index = {e: i for i, e in enumerate(iris)}

        # A link the store entails through rdfs:subPropertyOf (essentialSkill ⊑
        # requiresSkill) is not a fact of its own: keep the one the data states.
        parents = {p: sup - {p} for p, sup in closure(self.subproperty).items()}
        entailed = {(s, q, o) for s, p, o in self.edges for q in parents.get(p, ())}
        joined: dict[tuple[str, str, str], int] = {}
        for (s, p, o), mask in self.edges.items():
            cs, co = canon(s), canon(o)
            if cs in index and co in index and (s, p, o) not in entailed and not (cs == co and p in _SAME):
                key = (cs, p, co)
                joined[key] = joined.get(key, 0) | mask
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        inn: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for s, p, o in joined:
            out[s].append((p, o))
            inn[o].append((p, s))
        preds: dict[str, int] = {}

        # -- provenance: (source, quote, cited page, rationale, inferred?)
        evidence: dict[str, tuple[str, str, str, str, bool]] = {}
        for g, types in self.classes.items():
            if RG.Evidence in types or RG.Inference in types:
                meta = self.evidence_meta.get(g, ["", "", "", ""])
                evidence[intern(g)] = (intern(meta[0]), meta[1], intern(meta[2]), meta[3], RG.Inference in types)
        facts = dict(self.facts)
        for g, node in self.supports:
            triple = self.statements.get(node)
            if triple is not None and triple[0] is not None and triple[1] is not None:
                facts[(g, triple[0], triple[1], triple[2])] = None
        edge_evidence: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        node_evidence: dict[str, list[str]] = defaultdict(list)
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
        for node, i in sorted(self.described.items()):
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
        for (s, p, o), mask in joined.items():
            if source_kind is not None and kind_of[index[s]] == source_kind:
                continue
            if p in _MATCH:
                facts_by_kind["alignments"] += 1
                continue
            inferred = [evidence[g][4] for g in edge_evidence.get((s, p, o), ())]
            kind = "quoted" if inferred and not all(inferred) else "inferred" if inferred else "dataset" if mask & described else "unsourced"
            facts_by_kind[kind] += 1

        for i, d in enumerate(sets):
            d["entities"] = sum(1 for m in node_sets if m >> i & 1)
            d["links"] = sum(1 for m in joined.values() if m >> i & 1)
        out_csr, in_csr = _csr(iris, index, out, preds), _csr(iris, index, inn, preds)
        edge_sets = [joined[(s, preds_list_p, iris[n])] for s, preds_list_p, n in _out_order(iris, index, out)]
        # For each predicate, the entities that have it: which entities to ask
        # about a rare link (rg:exampleOf) without reading every entity's links.
        having: dict[int, list[int]] = defaultdict(list)
        for s, links in out.items():
            for pid in sorted({preds[p] for p, _o in links}):
                having[pid].append(index[s])
        # Ratings by (job, item), through the joins; a pair two data sets rate
        # keeps the first rating met of each value.
        ratings: dict[tuple[str, str], tuple[float, float, bool]] = {}
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
        by_job: dict[str, list[tuple[int, float, float, bool]]] = defaultdict(list)
        for (job, item), (importance, level, demand) in ratings.items():
            by_job[job].append((index[item], importance, level, demand))
        packed = {
            job: (_ints(r[0] for r in rows), array("d", (r[1] for r in rows)).tobytes(), array("d", (r[2] for r in rows)).tobytes(), bytes(int(r[3]) for r in rows))
            for job, rows in ((job, sorted(rows)) for job, rows in by_job.items())
        }
        return {
            "ratings": packed,
            "hot": sorted({canon(e) for e in self.hot if canon(e) in index}),
            "triples": triples,
            "counts": counts,
            "facts": facts_by_kind,
            "datasets": sets,
            "warnings": warnings,
            "members": {c: [(m, self.best_label[m][1], self.mentioned.get(m, 0)) for m in ms] for c, ms in members.items()},
            "predicate_labels": {p: self.rdfs_labels[p][1] for p in preds if p in self.rdfs_labels},
            "evidence": evidence,
            "edge_evidence": {k: sorted(v) for k, v in edge_evidence.items()},
            "node_evidence": {k: sorted(v) for k, v in node_evidence.items()},
            "iris": iris,
            "labels": labels,
            "kinds": list(kinds),
            "kind_of": _ints(kind_of),
            "class_sets": [list(c) for c in class_sets],
            "class_of": _ints(class_of),
            "node_datasets": _ints(node_sets),
            "alt_ptr": _ints(alt_ptr),
            "alt_text": alt_text,
            "out": out_csr,
            "in": in_csr,
            "edge_datasets": _ints(edge_sets),
            "preds": list(preds),
            "having": {pid: _ints(sorted(nodes)) for pid, nodes in having.items()},
        }


def _ints(values: Iterable[int]) -> bytes:
    return array("I", values).tobytes()


def _out_order(order: list[str], index: dict[str, int], adj: Mapping[str, list[tuple[str, str]]]) -> Iterable[tuple[str, str, int]]:
    """The links in the order :func:`_csr` packs them: (subject, predicate, object index)."""
    for e in order:
        for p, o in sorted(adj.get(e, ())):
            yield e, p, index[o]


def _csr(order: list[str], index: dict[str, int], adj: Mapping[str, list[tuple[str, str]]], preds: dict[str, int]) -> tuple[bytes, bytes, bytes]:
    """Adjacency as compressed sparse rows: offsets, predicate ids, neighbour
    ids; each entity's links sorted by predicate and neighbour IRI."""
    ptr, ps, ns = [0], [], []
    for e in order:
        for p, o in sorted(adj.get(e, ())):
            ps.append(preds.setdefault(p, len(preds)))
            ns.append(index[o])
        ptr.append(len(ns))
    return _ints(ptr), _ints(ps), _ints(ns)
