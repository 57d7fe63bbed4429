"""The one way a projection is built: from a stream of quads.

Whatever the data comes from — the files being parsed during a compile (also
while Oxigraph bulk-loads a large file on the other core) or the rows a
remote endpoint answers — it reaches :class:`ProjectionBuilder` as pyoxigraph
quads (or triples, which are in the default graph), and
:meth:`~ProjectionBuilder.build` packs what it gathered into the fields of
:data:`rolegraph.projection.data.FIELDS`.

Nodes are the entities: IRIs typed (directly or through ``rdfs:subClassOf``)
with one of the core classes and labelled with ``skos:prefLabel``. Edges are
the default graph's triples between two entities; literals are skipped. A fact
inside a named graph typed ``rg:Evidence`` is cited by that graph.

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

from ..vocab import BASE, CORE_TYPES, DCTERMS, PROV, RDF, RDFS, RG, SHAPES_GRAPH, SKOS, local_id

_EVIDENCE_META = {DCTERMS.source: 0, RG.quote: 1, PROV.hadPrimarySource: 2, RG.rationale: 3}
_STATEMENT = {RDF.subject: 0, RDF.predicate: 1, RDF.object: 2}


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


class ProjectionBuilder:
    """Gathers the projection's raw facts from quads, in any order, then
    :meth:`build` packs them. Triples count once however often they come."""

    def __init__(self) -> None:
        self.subclass: dict[tuple[str, str], None] = {}
        self.subproperty: dict[tuple[str, str], None] = {}
        self.classes: dict[str, list[str]] = {}
        self.best_label: dict[str, tuple[int, str]] = {}
        self.alts: dict[str, list[str]] = {}
        self.edges: dict[tuple[str, str, str], None] = {}
        self.evidence_meta: dict[str, list[str]] = {}
        #: rdfs:label of IRIs (English or untagged), for the predicates' names
        self.rdfs_labels: dict[str, tuple[int, str]] = {}
        #: (graph, subject, predicate, object IRI or None) of facts in named graphs
        self.facts: dict[tuple[str, str, str, str | None], None] = {}
        #: Facts a Turtle file supports without named graphs: evidence →
        #: rdf:Statement nodes, and each statement's (subject, predicate, object).
        self.supports: dict[tuple[str, str], None] = {}
        self.statements: dict[str, list[str | None]] = {}

    def add(self, quads: Iterable[Any]) -> None:
        """Take pyoxigraph ``Quad`` or ``Triple`` objects (a triple is in the default graph)."""
        import pyoxigraph as ox

        named, default = ox.NamedNode, ox.DefaultGraph
        subclass, classes, best, alts, edges = self.subclass, self.classes, self.best_label, self.alts, self.edges
        meta, facts = self.evidence_meta, self.facts
        statements = self.statements
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
            if p == RDF.type:
                cs = classes.get(e)
                if cs is None:
                    classes[e] = [o.value]
                elif o.value not in cs:
                    cs.append(o.value)
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
            elif p in _EVIDENCE_META:
                meta.setdefault(e, ["", "", "", ""])[_EVIDENCE_META[p]] = o.value
            if type(o) is named:
                edges[(e, p, o.value)] = None

    def build(self, triples: int) -> dict[str, Any]:
        """The projection's fields (see :data:`~rolegraph.projection.data.FIELDS`);
        ``triples`` is the default graph's size, as the store counts it."""
        intern = sys.intern
        core = {BASE + t: t for t in CORE_TYPES}
        closed = closure(self.subclass)
        labels_of = self.best_label

        # -- entities, in IRI order so the packed form never depends on input order
        kinds: dict[str, int] = {}
        class_sets: dict[tuple[str, ...], int] = {}
        iris: list[str] = []
        labels: list[str] = []
        kind_of: list[int] = []
        class_of: list[int] = []
        counts: dict[str, int] = dict.fromkeys(CORE_TYPES, 0)
        for e in sorted(self.classes):
            if e not in labels_of:
                continue
            supers: set[str] = set()
            for cls in self.classes[e]:
                supers |= closed.get(cls, {cls})
            cores = [core[s] for s in supers if s in core]
            if not cores:
                continue
            kind = min(cores, key=CORE_TYPES.index)
            # The asserted classes plus the core classes they imply, so a
            # programming language is found as a Skill and as a Tool.
            specific = tuple(sorted({local_id(cls) for cls in self.classes[e]} | set(cores)))
            iris.append(intern(e))
            labels.append(labels_of[e][1])
            kind_of.append(kinds.setdefault(kind, len(kinds)))
            class_of.append(class_sets.setdefault(specific, len(class_sets)))
            for c in set(cores):
                counts[c] += 1
        index = {e: i for i, e in enumerate(iris)}

        alt_ptr: list[int] = [0]
        alt_text: list[str] = []
        for e in iris:
            alt_text.extend(self.alts.get(e, ()))
            alt_ptr.append(len(alt_text))

        # A link the store entails through rdfs:subPropertyOf (essentialSkill ⊑
        # requiresSkill) is not a fact of its own: keep the one the data states.
        parents = {p: sup - {p} for p, sup in closure(self.subproperty).items()}
        entailed = {(s, q, o) for s, p, o in self.edges for q in parents.get(p, ())}
        out: dict[str, list[tuple[str, str]]] = defaultdict(list)
        inn: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for s, p, o in self.edges:
            if s in index and o in index and (s, p, o) not in entailed:
                out[s].append((p, o))
                inn[o].append((p, s))
        preds: dict[str, int] = {}

        # -- provenance: (source, quote, cited page, rationale, inferred?)
        evidence: dict[str, tuple[str, str, str, str, bool]] = {}
        for g, cs in self.classes.items():
            if RG.Evidence in cs or RG.Inference in cs:
                m = self.evidence_meta.get(g, ("", "", "", ""))
                evidence[intern(g)] = (intern(m[0]), m[1], intern(m[2]), m[3], RG.Inference in cs)
        facts = dict(self.facts)
        for g, node in self.supports:
            triple = self.statements.get(node)
            if triple is not None and triple[0] is not None and triple[1] is not None:
                facts[(g, triple[0], triple[1], triple[2])] = None
        edge_evidence: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        node_evidence: dict[str, list[str]] = defaultdict(list)
        for g, subject, predicate, target in facts:
            if g not in evidence or subject not in index:
                continue
            if g not in node_evidence[subject]:
                node_evidence[subject].append(g)
            if target is not None and target in index and g not in edge_evidence[(subject, predicate, target)]:
                edge_evidence[(subject, predicate, target)].append(g)

        # Links by support: quoted (some passage states it), inferred (only
        # inferences support it) or unsourced. A source's own description
        # (what it references) is bibliography, not a fact to source.
        facts_by_kind = {"quoted": 0, "inferred": 0, "unsourced": 0}
        source_kind = kinds.get("Source")
        for s, links in out.items():
            if source_kind is not None and kind_of[index[s]] == source_kind:
                continue
            for p, o in links:
                inferred = [evidence[g][4] for g in edge_evidence.get((s, p, o), ())]
                facts_by_kind["unsourced" if not inferred else "quoted" if not all(inferred) else "inferred"] += 1

        out_csr, in_csr = _csr(iris, index, out, preds), _csr(iris, index, inn, preds)
        # For each predicate, the entities that have it: which entities to ask
        # about a rare link (rg:exampleOf) without reading every entity's links.
        having: dict[int, list[int]] = defaultdict(list)
        for s, links in out.items():
            for pid in sorted({preds[p] for p, _o in links}):
                having[pid].append(index[s])
        return {
            "triples": triples,
            "counts": counts,
            "facts": facts_by_kind,
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
            "alt_ptr": _ints(alt_ptr),
            "alt_text": alt_text,
            "out": out_csr,
            "in": in_csr,
            "preds": list(preds),
            "having": {pid: _ints(sorted(nodes)) for pid, nodes in having.items()},
        }


def _ints(values: Iterable[int]) -> bytes:
    return array("I", values).tobytes()


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
