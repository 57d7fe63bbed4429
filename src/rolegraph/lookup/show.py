"""One entity with everything the graph says of it (:func:`show`), and the
sources behind one fact (:func:`why`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import RolegraphError, UnknownEntityError
from ..projection import Projection
from ..results import Citation, Ref, SourceRef, omitted_if_none
from ..vocab import BASE, CORE_TYPES, RDF, SPARQL_PREFIXES, curie, expand, local_id, short
from .citations import citations, dataset_citations
from .names import resolve

if TYPE_CHECKING:
    from ..store import Store


@dataclass(frozen=True)
class Rating:
    """How a data set rates a job's need (O*NET): importance 1–5, level 0–7,
    and whether the technology is in demand for the job."""

    importance: float | None
    level: float | None
    in_demand: bool


@dataclass(frozen=True)
class Link:
    """A link of the entity shown: ``out`` to ``target``, or ``in`` from it;
    ``datasets``: the ids of the data sets stating it; ``sources``: what
    supports it (quotes, inferences, self-described data sets); ``rating``
    where a data set rates the job's need; ``hot`` when the other end is a
    technology flagged hot."""

    predicate: str
    direction: str
    target: Ref
    datasets: list[str]
    sources: list[Citation]
    rating: Rating | None = omitted_if_none()
    hot: bool | None = omitted_if_none()


@dataclass(frozen=True)
class Member:
    """One IRI of an entity: itself, or one joined into it (``skos:exactMatch``,
    ``owl:sameAs``), with its CURIE, its own label and the data sets it is in."""

    iri: str
    curie: str
    label: str
    datasets: list[str]


@dataclass(frozen=True)
class Entity:
    id: str
    iri: str
    label: str
    type: str
    classes: tuple[str, ...]
    definition: str | None
    alt_labels: list[str]
    attributes: dict[str, list[str]]
    #: the data sets saying anything of the entity (any member)
    datasets: list[SourceRef]
    members: list[Member]
    links: list[Link]
    sources: list[Citation]
    #: a technology a data set flags hot (O*NET's Hot Technology)
    hot: bool | None = omitted_if_none()


Q_LITERALS = "SELECT ?p ?o WHERE { ?e ?p ?o FILTER(isLiteral(?o)) }"
_SKIP_ATTRS = {"skos:prefLabel", "skos:altLabel", "skos:definition", "rg:hotTechnology"}


def show(store: Store, ref: str) -> Entity:
    """One entity with its literal attributes, its links (each with its
    sources) and the sources of every fact about it.

    >>> from rolegraph.store import open_store
    >>> e = show(open_store(), "ML engineer")
    >>> e.label, e.type, "MLE" in e.alt_labels
    ('machine learning engineer', 'Role', True)
    """
    import pyoxigraph as ox

    proj = store.projection
    iri = resolve(proj, ref)
    definition: str | None = None
    attributes: dict[str, list[str]] = {}
    best_rank = (9, 9)
    members = proj.members(iri)
    for n, member in enumerate(members):
        for row in store.select(Q_LITERALS, {"e": ox.NamedNode(member)}):
            p = curie(row["p"].value)
            lit = row["o"]
            if p == "skos:definition":
                # The joined entity's own definition first, English first.
                lang = (lit.language or "").lower()
                rank = (0 if lang.startswith("en") else 1 if not lang else 2, n)
                if rank < best_rank:
                    definition, best_rank = lit.value, rank
            elif p not in _SKIP_ATTRS:
                values = attributes.setdefault(p, [])
                if lit.value not in values:
                    values.append(lit.value)
    for values in attributes.values():
        values.sort()
    links = [_link(proj, iri, p, o, "out", o) for p, o in proj.out_edges(iri)]
    links += [_link(proj, s, p, iri, "in", s) for p, s in proj.in_edges(iri)]
    order = {t: i for i, t in enumerate(CORE_TYPES)}
    links.sort(key=lambda l: (l.direction != "out", l.predicate, order.get(l.target.type, 99), l.target.label.casefold()))
    return Entity(
        id=local_id(iri),
        iri=iri,
        label=proj.label(iri),
        type=proj.type(iri),
        classes=proj.classes(iri),
        definition=definition,
        alt_labels=sorted(proj.alt_labels(iri), key=str.casefold),
        attributes=attributes,
        datasets=[SourceRef(d["id"], d["title"]) for d in proj.datasets if d["id"] in proj.dataset_ids(proj.member_datasets(iri))],
        members=[Member(m, short(m), label, proj.dataset_ids(mask)) for m, label, mask in proj.member_info(iri)],
        links=links,
        sources=citations(proj, proj.node_evidence(iri)),
        hot=True if proj.is_hot(iri) else None,
    )


def _link(proj: Projection, s: str, p: str, o: str, direction: str, other: str) -> Link:
    mask = proj.link_datasets(s, p, o)
    quoted = citations(proj, proj.edge_evidence(s, p, o))
    rated = proj.rating(s, o)
    rating = Rating(*rated) if rated is not None else None
    return Link(curie(p), direction, proj.ref(other), proj.dataset_ids(mask), quoted + dataset_citations(proj, mask), rating, True if proj.is_hot(other) else None)


# The fact with the property itself, or with one of its sub-properties. Two
# plain groups rather than one query with a UNION: a bound ?wanted must be
# visible in the group that uses it, whether it is bound by substitution
# (embedded store) or by a VALUES block (remote endpoints).
Q_WHY_EXACT = SPARQL_PREFIXES + """SELECT DISTINCT ?g WHERE {
  GRAPH ?g { ?s ?wanted ?o }
  ?g a rg:Evidence .
}"""
Q_WHY_SUB = SPARQL_PREFIXES + """SELECT DISTINCT ?g WHERE {
  ?p rdfs:subPropertyOf+ ?wanted .
  GRAPH ?g { ?s ?p ?o }
  ?g a rg:Evidence .
}"""
# A fact a Turtle file supports without named graphs (rg:supports an rdf:Statement).
Q_WHY_REIFIED = SPARQL_PREFIXES + """SELECT DISTINCT ?g WHERE {
  ?g rg:supports ?x . ?x rdf:subject ?s ; rdf:predicate ?wanted ; rdf:object ?o .
  ?g a rg:Evidence .
}"""
Q_WHY_REIFIED_SUB = SPARQL_PREFIXES + """SELECT DISTINCT ?g WHERE {
  ?p rdfs:subPropertyOf+ ?wanted .
  ?g rg:supports ?x . ?x rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  ?g a rg:Evidence .
}"""
Q_HOLDS_EXACT = "SELECT ?s WHERE { ?s ?wanted ?o } LIMIT 1"
Q_HOLDS_SUB = SPARQL_PREFIXES + "SELECT ?s WHERE { ?p rdfs:subPropertyOf+ ?wanted . ?s ?p ?o } LIMIT 1"
Q_LITERAL_OBJECT = "SELECT DISTINCT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o) && str(?o) = ?text) }"


def resolve_predicate(text: str) -> str:
    """A predicate IRI from ``rg:essentialSkill``, ``essentialSkill``, ``a`` or an IRI.

    >>> resolve_predicate("usesTool")
    'https://w3id.org/rolegraph/usesTool'
    """
    t = text.strip()
    if t in ("a", "type"):
        return RDF.type
    if t.startswith("<") and t.endswith(">"):
        return t[1:-1]
    if "://" in t:
        return t
    expanded = expand(t)
    if expanded is not None:
        return expanded
    return BASE + t


def _outside_iri(text: str) -> Any:
    """An IRI that names no entity (an ESCO concept, say), or None."""
    import pyoxigraph as ox

    t = text.strip()
    iri = t[1:-1] if t.startswith("<") and t.endswith(">") else t if "://" in t else expand(t)
    if iri is None:
        return None
    try:
        return ox.NamedNode(iri)
    except ValueError:
        return None


def why(store: Store, s: str, p: str, o: str) -> list[Citation]:
    """The sources and quotes behind the fact ``S P O`` (sub-properties count:
    ``why "data scientist" requiresSkill statistics`` finds the essential-skill
    fact). An empty list: the graph asserts the fact but names no source.
    Raises :class:`RolegraphError` when the graph does not assert it.

    >>> from rolegraph.store import open_store
    >>> [c.source.id for c in why(open_store(), "data scientist", "usesTool", "Tableau")]
    ['source-article']
    """
    import pyoxigraph as ox

    proj = store.projection
    subject = resolve(proj, s)
    predicate = resolve_predicate(p)
    try:
        ox.NamedNode(predicate)
    except ValueError:
        raise RolegraphError(f"{p!r} is not a property: give a name such as essentialSkill, a CURIE or an IRI") from None
    obj: Any
    if predicate == RDF.type:
        try:
            obj = ox.NamedNode(expand(o) or (o if "://" in o else BASE + o))
        except ValueError:
            raise RolegraphError(f"{o!r} is not a class: give a name such as Role, a CURIE or an IRI") from None
    else:
        try:
            obj = ox.NamedNode(resolve(proj, o))
        except UnknownEntityError:
            obj = _outside_iri(o)
        if obj is None:
            rows = store.select(Q_LITERAL_OBJECT, {"s": ox.NamedNode(subject), "p": ox.NamedNode(predicate), "text": ox.Literal(o)})
            if not rows:
                raise UnknownEntityError(o, [])
            obj = rows[0]["o"]
    bindings = {"s": ox.NamedNode(subject), "wanted": ox.NamedNode(predicate), "o": obj}
    rows = [r for q in (Q_WHY_EXACT, Q_WHY_SUB, Q_WHY_REIFIED, Q_WHY_REIFIED_SUB) for r in store.select(q, bindings)]
    if not rows:
        if not (store.select(Q_HOLDS_EXACT, bindings) or store.select(Q_HOLDS_SUB, bindings)):
            label_o = proj.label(obj.value) if isinstance(obj, ox.NamedNode) and obj.value in proj else str(o)
            raise RolegraphError(f"the graph does not say that {proj.label(subject)} {curie(predicate)} {label_o}")
        return []
    return citations(proj, (r["g"].value for r in rows))
