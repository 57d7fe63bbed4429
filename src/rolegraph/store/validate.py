"""Validation: SHACL (pySHACL) over the default graph (ontology and data),
plus a check that every ``rg:`` term the data uses is declared in the ontology.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..shipped import shapes_path
from ..vocab import SH, SPARQL_PREFIXES, curie

if TYPE_CHECKING:
    from .base import Store


@dataclass(frozen=True)
class Violation:
    focus: str | None
    path: str | None
    message: str
    severity: str
    rule: str | None
    shape: str | None
    value: str | None


@dataclass(frozen=True)
class Validation:
    conforms: bool
    violations: list[Violation]


Q_UNDECLARED = SPARQL_PREFIXES + """SELECT DISTINCT ?term ?use WHERE {
  {
    ?s ?term ?o . BIND("property" AS ?use)
  } UNION {
    ?s a ?term . BIND("class" AS ?use)
  }
  FILTER(STRSTARTS(STR(?term), STR(rg:)))
  FILTER NOT EXISTS { ?term a ?decl FILTER(?decl IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, rdfs:Class, rdf:Property)) }
}"""


def unsourced(store: Store) -> list[Violation]:
    """A warning for every link between entities that neither a quoted
    passage nor a marked inference supports (a source's own bibliography
    aside): the knowledge rules want one of the two for every fact."""
    proj = store.projection
    found = []
    for s, p, o in proj.edges():
        if not proj.edge_evidence(s, p, o) and proj.type(s) != "Source":
            found.append(
                Violation(curie(s), curie(p), "this fact has neither a quote nor a marked inference (see docs/knowledge.md, 'Adding your own facts')", "Warning", "rg:SourcedFact", None, curie(o))
            )
    return found


def validate(store: Store) -> Validation:
    """Run the shipped SHACL shapes on the graph; undeclared ``rg:`` terms and
    facts with neither a quote nor a marked inference are warnings.
    ``conforms`` is False when there is any violation.

    >>> from rolegraph.store import open_store
    >>> validate(open_store()).conforms
    True
    """
    import pyshacl
    import rdflib

    from .base import default_graph

    data = default_graph(store.to_rdflib())
    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    _conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    sh = rdflib.Namespace(SH)

    def short(term: Any) -> str | None:
        return curie(str(term)) if term is not None else None

    violations: list[Violation] = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        def one(p: Any, result: Any = result) -> Any:
            return report.value(result, p)

        message, severity, shape = one(sh.resultMessage), one(sh.resultSeverity), one(sh.sourceShape)
        violations.append(
            Violation(
                focus=short(one(sh.focusNode)),
                path=short(one(sh.resultPath)),
                message=str(message) if message is not None else "",
                severity=curie(str(severity)).removeprefix("sh:") if severity is not None else "Violation",
                rule=short(one(sh.sourceConstraintComponent)),
                shape=curie(str(shape)) if isinstance(shape, rdflib.URIRef) else None,
                value=short(one(sh.value)),
            )
        )
    violations += unsourced(store)
    for row in store.select(Q_UNDECLARED):
        term = curie(row["term"].value)
        violations.append(
            Violation(term, None, f"{term} is used as a {row['use'].value} but ontology.ttl does not declare it", "Warning", "rg:DeclaredTerm", None, None)
        )
    violations.sort(key=lambda v: (v.severity != "Violation", v.focus or "", v.path or "", v.message))
    return Validation(not any(v.severity == "Violation" for v in violations), violations)
