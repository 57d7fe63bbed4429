"""The graph projected onto entities: the shape networkx and the query
functions work on.

Nodes are the entities (anything typed with one of the core classes and
labelled with ``skos:prefLabel``); edges are the triples between two entities,
keyed by predicate; literals are skipped. Each edge and node keeps the evidence
graphs that assert it, so answers can cite their sources.

The projection is built from any store with three or four SELECT queries
(:func:`build_projection_data`), kept as plain dicts that ``marshal`` writes and
reads quickly, and turned into a ``networkx.MultiDiGraph`` only when a path
query needs one (:meth:`Projection.to_networkx`).
"""

from __future__ import annotations

import sys
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from ._iri import BASE, CORE_TYPES, RDF, RDFS, SHAPES_GRAPH, SKOS, SPARQL_PREFIXES, local_id

if TYPE_CHECKING:
    import networkx as nx

Select = Callable[[str], list[dict[str, Any]]]

Q_SUBCLASS = SPARQL_PREFIXES + "SELECT ?c ?d WHERE { ?c rdfs:subClassOf ?d FILTER(isIRI(?c) && isIRI(?d)) }"
Q_TYPES = SPARQL_PREFIXES + "SELECT ?e ?c WHERE { ?e rdf:type ?c FILTER(isIRI(?e)) }"
Q_LABELS = SPARQL_PREFIXES + "SELECT ?e ?l WHERE { ?e skos:prefLabel ?l FILTER(isIRI(?e)) }"
Q_ALTS = SPARQL_PREFIXES + "SELECT ?e ?l WHERE { ?e skos:altLabel ?l FILTER(isIRI(?e)) }"
Q_EDGES = SPARQL_PREFIXES + """SELECT ?s ?p ?o WHERE {
  ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o) && ?p != rdf:type)
  ?s skos:prefLabel [] . ?o skos:prefLabel [] .
}"""
Q_EVIDENCE = SPARQL_PREFIXES + """SELECT ?g ?src ?quote ?primary WHERE {
  ?g a rg:Evidence .
  OPTIONAL { ?g dcterms:source ?src }
  OPTIONAL { ?g rg:quote ?quote }
  OPTIONAL { ?g prov:hadPrimarySource ?primary }
}"""
Q_FACTS = SPARQL_PREFIXES + """SELECT ?g ?s ?p ?o WHERE {
  GRAPH ?g { ?s ?p ?o FILTER(isIRI(?s)) }
  ?g a rg:Evidence .
}"""
Q_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

_TYPE = RDF + "type"
_SUBCLASS = RDFS + "subClassOf"
_PREF = SKOS + "prefLabel"
_ALT = SKOS + "altLabel"


def _english(literal: Any) -> tuple[int, str]:
    """Rank a label: English first, then no language, then any other."""
    lang = getattr(literal, "language", None) or ""
    rank = 0 if lang.lower().startswith("en") else 1 if not lang else 2
    return rank, literal.value


def _closure(pairs: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
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


class Collector:
    """Gathers the projection's raw facts from a stream of triples (pyoxigraph
    terms), so a compile can build the projection while Oxigraph bulk-loads
    the same file on another core, instead of reading a million triples back
    out of the store (~5 µs each). Gives the same answers as the SELECTs
    above: triples are a set, entities are IRIs."""

    def __init__(self) -> None:
        self.subclass: dict[tuple[str, str], None] = {}
        self.classes: dict[str, list[str]] = {}
        self.best_label: dict[str, tuple[int, str]] = {}
        self.alts: dict[str, list[str]] = {}
        self.edges: dict[tuple[str, str, str], None] = {}
        #: Set when a file was collected while Oxigraph bulk-loaded it.
        self.bulk = False

    def add_all(self, triples: Iterable[Any]) -> None:
        import pyoxigraph as ox

        named = ox.NamedNode
        subclass, classes, best, alts, edges = self.subclass, self.classes, self.best_label, self.alts, self.edges
        for t in triples:
            s = t.subject
            if type(s) is not named:
                continue
            e = s.value
            p = t.predicate.value
            o = t.object
            if p == _TYPE:
                cs = classes.get(e)
                if cs is None:
                    classes[e] = [o.value]
                elif o.value not in cs:
                    cs.append(o.value)
                continue
            if p == _PREF:
                rank = _english(o)
                if e not in best or rank < best[e]:
                    best[e] = rank
            elif p == _ALT:
                known = alts.get(e)
                if known is None:
                    alts[e] = [o.value]
                elif o.value not in known:
                    known.append(o.value)
            elif p == _SUBCLASS and type(o) is named:
                subclass[(e, o.value)] = None
            if type(o) is named:
                edges[(e, p, o.value)] = None


def build_projection_data(select: Select, collected: Collector | None = None) -> dict[str, Any]:
    """Query a store (through ``select``) for everything the projection holds;
    with ``collected``, take the default graph's facts from it and ask the
    store only for the evidence and the triple count."""
    if collected is None:
        collected = Collector()
        collected.subclass = {(r["c"].value, r["d"].value): None for r in select(Q_SUBCLASS)}
        for r in select(Q_TYPES):
            collected.classes.setdefault(r["e"].value, []).append(r["c"].value)
        for r in select(Q_LABELS):
            e, rank = r["e"].value, _english(r["l"])
            if e not in collected.best_label or rank < collected.best_label[e]:
                collected.best_label[e] = rank
        for r in select(Q_ALTS):
            known = collected.alts.setdefault(r["e"].value, [])
            if r["l"].value not in known:
                known.append(r["l"].value)
        collected.edges = {(r["s"].value, r["p"].value, r["o"].value): None for r in select(Q_EDGES)}
    return _assemble(select, collected)


def _assemble(select: Select, c: Collector) -> dict[str, Any]:
    intern = sys.intern
    core = {BASE + t: t for t in CORE_TYPES}
    closure = _closure(c.subclass)
    classes, best_label = c.classes, c.best_label

    nodes: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for e, cs in classes.items():
        if e not in best_label:
            continue
        supers: set[str] = set()
        for cls in cs:
            supers |= closure.get(cls, {cls})
        cores = [core[s] for s in supers if s in core]
        if not cores:
            continue
        kind = min(cores, key=CORE_TYPES.index)
        # The asserted classes plus the core classes they imply, so a
        # programming language is found as a Skill and as a Tool.
        specific = tuple(sorted({local_id(cls) for cls in cs} | set(cores)))
        nodes[intern(e)] = (intern(kind), best_label[e][1], specific)

    alts = {e: list(ls) for e, ls in c.alts.items() if e in nodes}

    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    inn: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in c.edges:
        if p != _TYPE and s in nodes and o in nodes:
            p, s, o = intern(p), intern(s), intern(o)
            out[s].append((p, o))
            inn[o].append((p, s))

    evidence: dict[str, tuple[str, str, str]] = {}
    for r in select(Q_EVIDENCE):
        g = r["g"].value
        evidence[intern(g)] = (
            intern(r["src"].value) if "src" in r else "",
            r["quote"].value if "quote" in r else "",
            intern(r["primary"].value) if "primary" in r else "",
        )
    edge_evidence: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    node_evidence: dict[str, list[str]] = defaultdict(list)
    if evidence:
        for r in select(Q_FACTS):
            g, s = r["g"].value, r["s"].value
            if g == SHAPES_GRAPH or s not in nodes:
                continue
            g = intern(g)
            if g not in node_evidence[s]:
                node_evidence[s].append(g)
            o = r["o"]
            if type(o).__name__ == "NamedNode" and o.value in nodes:
                key = (s, r["p"].value, o.value)
                if g not in edge_evidence[key]:
                    edge_evidence[key].append(g)

    triples = int(select(Q_COUNT)[0]["n"].value)
    # Report membership by class, counting subclasses (a programming language
    # is counted as a Skill and as a Tool).
    class_counts: dict[str, int] = defaultdict(int)
    for e in nodes:
        supers = set()
        for cls in classes[e]:
            supers |= closure.get(cls, {cls})
        for s in supers:
            if s in core:
                class_counts[core[s]] += 1
    return {
        "triples": triples,
        "nodes": nodes,
        "alts": alts,
        "out": dict(out),
        "in": dict(inn),
        "evidence": evidence,
        "edge_evidence": dict(edge_evidence),
        "node_evidence": dict(node_evidence),
        "counts": {t: class_counts.get(t, 0) for t in CORE_TYPES},
    }


# ------------------------------------------------------------------ packed form

PACKED = "rolegraph-projection/3"


def _ints(values: Iterable[int]) -> bytes:
    return array("I", values).tobytes()


def _csr(order: list[str], index: dict[str, int], adj: Mapping[str, list[tuple[str, str]]], preds: dict[str, int]) -> tuple[bytes, bytes, bytes]:
    ptr, ps, ns = [0], [], []
    for e in order:
        for p, o in adj.get(e, ()):
            ps.append(preds.setdefault(p, len(preds)))
            ns.append(index[o])
        ptr.append(len(ns))
    return _ints(ptr), _ints(ps), _ints(ns)


def pack(data: Mapping[str, Any]) -> dict[str, Any]:
    """The projection as a few flat lists and integer arrays (CSR adjacency),
    which ``marshal`` reads back in milliseconds even for ESCO-sized graphs;
    :class:`Projection` takes either form."""
    order = list(data["nodes"])
    index = {e: i for i, e in enumerate(order)}
    kinds: dict[str, int] = {}
    class_sets: dict[tuple[str, ...], int] = {}
    kind_of, class_of, labels = [], [], []
    for e in order:
        kind, label, cs = data["nodes"][e]
        kind_of.append(kinds.setdefault(kind, len(kinds)))
        class_of.append(class_sets.setdefault(tuple(cs), len(class_sets)))
        labels.append(label)
    alt_ptr, alt_text = [0], []
    for e in order:
        alt_text.extend(data["alts"].get(e, ()))
        alt_ptr.append(len(alt_text))
    preds: dict[str, int] = {}
    out = _csr(order, index, data["out"], preds)
    inn = _csr(order, index, data["in"], preds)
    return {
        "format": PACKED,
        "triples": data["triples"],
        "counts": data["counts"],
        "evidence": data["evidence"],
        "edge_evidence": data["edge_evidence"],
        "node_evidence": data["node_evidence"],
        "iris": order,
        "labels": labels,
        "kinds": list(kinds),
        "kind_of": _ints(kind_of),
        "class_sets": list(class_sets),
        "class_of": _ints(class_of),
        "alt_ptr": _ints(alt_ptr),
        "alt_text": alt_text,
        "preds": list(preds),
        "out": out,
        "in": inn,
    }


class _Adjacency(Mapping[str, list[tuple[str, str]]]):
    """``iri → [(predicate, other)]`` read from CSR arrays on demand."""

    def __init__(self, owner: _Packed, preds: list[str], csr: tuple[bytes, bytes, bytes]):
        self._owner, self._iris, self._preds = owner, owner.iris, preds
        self._ptr = memoryview(csr[0]).cast("I")
        self._p = memoryview(csr[1]).cast("I")
        self._n = memoryview(csr[2]).cast("I")

    def get(self, iri: object, default: Any = None) -> Any:
        i = self._owner.index.get(iri)  # type: ignore[call-overload]
        if i is None:
            return default
        lo, hi = self._ptr[i], self._ptr[i + 1]
        if lo == hi:
            return default
        iris, preds = self._iris, self._preds
        return [(preds[p], iris[n]) for p, n in zip(self._p[lo:hi].tolist(), self._n[lo:hi].tolist())]

    def __getitem__(self, iri: str) -> list[tuple[str, str]]:
        found = self.get(iri)
        if found is None:
            raise KeyError(iri)
        return found

    def __contains__(self, iri: object) -> bool:
        return self.get(iri) is not None

    def __iter__(self) -> Iterator[str]:
        ptr = self._ptr
        return (e for i, e in enumerate(self._iris) if ptr[i] != ptr[i + 1])

    def __len__(self) -> int:
        return sum(1 for _ in self)


#: How :func:`split` spreads a packed projection over files: the head (what
#: ``stats`` needs) is read at open, the rest only when a command needs it.
PARTS = {
    "core": ("iris", "labels", "kinds", "kind_of", "class_sets", "class_of", "preds", "out", "in"),
    "alts": ("alt_ptr", "alt_text"),
}


def split(packed: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """``{"head": ..., "core": ..., "alts": ...}``; the head names the parts."""
    inner = {k for keys in PARTS.values() for k in keys}
    head = {k: v for k, v in packed.items() if k not in inner}
    head["parts"] = list(PARTS)
    parts = {name: {k: packed[k] for k in keys} for name, keys in PARTS.items()}
    return {"head": head, **parts}


class _Nodes(Mapping[str, tuple[str, str, tuple[str, ...]]]):
    """``iri → (type, label, classes)`` read from the packed columns on demand
    (a cold command touches a handful of the entities)."""

    def __init__(self, owner: _Packed):
        p = owner.packed("core")
        self._owner, self._iris, self._labels = owner, p["iris"], p["labels"]
        self._kinds = p["kinds"]
        self._sets = [tuple(c) for c in p["class_sets"]]
        self._kind_of = memoryview(p["kind_of"]).cast("I")
        self._class_of = memoryview(p["class_of"]).cast("I")

        self._dict: dict[str, tuple[str, str, tuple[str, ...]]] | None = None
        self._lookups = 0

    def __getitem__(self, iri: str) -> tuple[str, str, tuple[str, ...]]:
        if self._dict is not None:
            return self._dict[iri]
        self._lookups += 1
        if self._lookups > 20_000:
            # A command that looks at much of the graph (fit, matrix): a plain
            # dict is ~10x faster per look-up, worth building once.
            self._dict = dict(self.items())
            return self._dict[iri]
        i = self._owner.index[iri]
        return self._kinds[self._kind_of[i]], self._labels[i], self._sets[self._class_of[i]]

    def get(self, iri: object, default: Any = None) -> Any:
        return self[iri] if iri in self else default  # type: ignore[index]

    def __contains__(self, iri: object) -> bool:
        return iri in self._owner.index

    def __iter__(self) -> Iterator[str]:
        return iter(self._iris)

    def __len__(self) -> int:
        return len(self._iris)

    def items(self) -> Any:
        kinds, sets = self._kinds, self._sets
        return zip(self._iris, zip([kinds[k] for k in self._kind_of.tolist()], self._labels, [sets[c] for c in self._class_of.tolist()]))

    def values(self) -> Any:
        return (v for _e, v in self.items())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Mapping) and dict(self.items()) == dict(other.items())


class _Packed(Mapping[str, Any]):
    """A packed projection seen as the plain ``data`` dict (parts built on use).

    A head written by :func:`split` carries ``location``, the directory holding
    ``projection-<part>.marshal``; each part is read the first time it is needed."""

    def __init__(self, packed: Mapping[str, Any]):
        self._packed = dict(packed)
        self._loaded: set[str] = set()
        self._cache: dict[str, Any] = {}
        self._index: dict[str, int] | None = None

    @property
    def iris(self) -> list[str]:
        self._load("core")
        return self._packed["iris"]

    def _load(self, part: str) -> None:
        import marshal
        from pathlib import Path

        if part in self._loaded or "parts" not in self._packed:
            return
        path = Path(self._packed["location"]) / f"projection-{part}.marshal"
        try:
            with open(path, "rb") as fh:
                self._packed.update(marshal.loads(fh.read()))
        except (OSError, EOFError, ValueError, TypeError) as exc:
            from .errors import StoreError

            raise StoreError(f"the compiled store {path.parent} is damaged ({path.name}: {exc}); delete it to rebuild") from None
        self._loaded.add(part)

    def packed(self, part: str) -> Mapping[str, Any]:
        """The raw packed fields, with ``part`` loaded."""
        self._load(part)
        return self._packed

    @property
    def index(self) -> dict[str, int]:
        if self._index is None:
            self._index = dict(zip(self.iris, range(len(self.iris))))
        return self._index

    def __getitem__(self, key: str) -> Any:
        if key in self._cache:
            return self._cache[key]
        if key in ("nodes", "out", "in"):
            self._load("core")
        elif key == "alts":
            self._load("alts")
        p = self._packed
        if key == "nodes":
            value: Any = _Nodes(self)
        elif key == "alts":
            ptr, text = memoryview(p["alt_ptr"]).cast("I").tolist(), p["alt_text"]
            value = {e: text[ptr[i]:ptr[i + 1]] for i, e in enumerate(self.iris) if ptr[i] != ptr[i + 1]}
        elif key in ("out", "in"):
            value = _Adjacency(self, p["preds"], p[key])
        elif key in p and key not in _PACKED_ONLY:
            value = p[key]
        else:
            raise KeyError(key)
        self._cache[key] = value
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(("triples", "nodes", "alts", "out", "in", "evidence", "edge_evidence", "node_evidence", "counts"))

    def __len__(self) -> int:
        return 9


_PACKED_ONLY = {"format", "parts", "part_sizes", "location", "iris", "labels", "kinds", "kind_of", "class_sets", "class_of", "alt_ptr", "alt_text", "preds"}


class Projection:
    """Read-only view of the projected graph with the look-ups queries need."""

    def __init__(self, data: Mapping[str, Any]):
        if data.get("format") == PACKED:
            data = _Packed(data)
        self.data = data
        self._nodes: Mapping[str, tuple[str, str, tuple[str, ...]]] | None = None
        self._edge_evidence = data["edge_evidence"]
        self._node_evidence = data["node_evidence"]
        self.evidence: Mapping[str, tuple[str, str, str]] = data["evidence"]

    @property
    def nodes(self) -> Mapping[str, tuple[str, str, tuple[str, ...]]]:
        """``iri → (type, label, classes)`` for every entity (built on first use)."""
        if self._nodes is None:
            self._nodes = self.data["nodes"]
        return self._nodes

    @property
    def _out(self) -> Mapping[str, list[tuple[str, str]]]:
        return self.data["out"]  # type: ignore[no-any-return]

    @property
    def _in(self) -> Mapping[str, list[tuple[str, str]]]:
        return self.data["in"]  # type: ignore[no-any-return]

    def __contains__(self, iri: object) -> bool:
        return iri in self.nodes

    def __len__(self) -> int:
        return len(self.nodes)

    def type(self, iri: str) -> str:
        return self.nodes[iri][0]

    def label(self, iri: str) -> str:
        return self.nodes[iri][1]

    def classes(self, iri: str) -> tuple[str, ...]:
        return tuple(self.nodes[iri][2])

    def alt_labels(self, iri: str) -> list[str]:
        data = self.data
        if isinstance(data, _Packed) and "alts" not in data._cache:
            # One entity's alt labels without building the whole table.
            i = data.index.get(iri)
            if i is None:
                return []
            packed = data.packed("alts")
            ptr = memoryview(packed["alt_ptr"]).cast("I")
            return list(packed["alt_text"][ptr[i]:ptr[i + 1]])
        return list(data["alts"].get(iri, ()))

    def ref(self, iri: str) -> dict[str, str]:
        """``{"id", "label"}`` for an entity, the shape list items take."""
        return {"id": local_id(iri), "label": self.nodes[iri][1]}

    def typed_ref(self, iri: str) -> dict[str, str]:
        return {"id": local_id(iri), "label": self.nodes[iri][1], "type": self.nodes[iri][0]}

    def out_edges(self, iri: str) -> list[tuple[str, str]]:
        """``(predicate, target)`` pairs leaving ``iri``."""
        return list(self._out.get(iri, ()))

    def in_edges(self, iri: str) -> list[tuple[str, str]]:
        """``(predicate, source)`` pairs entering ``iri``."""
        return list(self._in.get(iri, ()))

    def targets(self, iri: str, *predicates: str) -> list[str]:
        """Targets of ``iri`` over any of ``predicates`` (full IRIs), in order, once each."""
        wanted = set(predicates)
        seen: dict[str, None] = {}
        for p, o in self._out.get(iri, ()):
            if p in wanted:
                seen.setdefault(o, None)
        return list(seen)

    def sources_of(self, iri: str, *predicates: str) -> list[str]:
        wanted = set(predicates)
        seen: dict[str, None] = {}
        for p, s in self._in.get(iri, ()):
            if p in wanted:
                seen.setdefault(s, None)
        return list(seen)

    def edge_evidence(self, s: str, p: str, o: str) -> list[str]:
        return list(self._edge_evidence.get((s, p, o), ()))

    def node_evidence(self, iri: str) -> list[str]:
        return list(self._node_evidence.get(iri, ()))

    def of_type(self, kind: str) -> list[str]:
        """Entities of a core type (or any class they are typed with), sorted by label."""
        found = [e for e, (k, _l, cs) in self.nodes.items() if k == kind or kind in cs]
        return sorted(found, key=lambda e: (self.nodes[e][1].casefold(), e))

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.data["counts"])

    def to_networkx(self) -> nx.MultiDiGraph:
        """A ``networkx.MultiDiGraph``: predicate IRI as edge key, ``type`` and
        ``label`` as node attributes. Nodes and edges go in sorted order, so
        algorithms that break ties by insertion order give the same answer
        whatever order the store returned its triples in."""
        import networkx as nx

        g = nx.MultiDiGraph()
        for e in sorted(self.nodes):
            kind, label, classes = self.nodes[e]
            g.add_node(e, type=kind, label=label, classes=classes)
        g.add_edges_from(sorted((s, o, p, {"predicate": p}) for s in self.nodes for p, o in self._out.get(s, ())))
        return g
