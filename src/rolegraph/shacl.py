"""Validation: SHACL (pySHACL) over the union of ontology and data, plus a
check that every rg: term the data uses is declared in the ontology."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ._iri import SPARQL_PREFIXES, curie
from .resources import shapes_path


@dataclass(frozen=True)
class Validation:
    conforms: bool
    violations: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"conforms": self.conforms, "violations": list(self.violations)}


Q_UNDECLARED = SPARQL_PREFIXES + """SELECT DISTINCT ?term ?use WHERE {
  {
    ?s ?term ?o . BIND("property" AS ?use)
  } UNION {
    ?s a ?term . BIND("class" AS ?use)
  }
  FILTER(STRSTARTS(STR(?term), STR(rg:)))
  FILTER NOT EXISTS { ?term a ?decl FILTER(?decl IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty, rdfs:Class, rdf:Property)) }
}"""


def validate(store: Any) -> Validation:
    """Run the shipped SHACL shapes on the graph; undeclared rg: terms are warnings."""
    import pyshacl
    import rdflib

    data = rdflib.Graph()
    for q in store.store.quads_for_pattern(None, None, None, _default_graph()):
        data.add(_triple(q))
    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    conforms, report, _text = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True)
    SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    violations: list[dict[str, Any]] = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        def one(p: Any, result: Any = result) -> Any:
            return report.value(result, p)

        focus, path, message, severity = one(SH.focusNode), one(SH.resultPath), one(SH.resultMessage), one(SH.resultSeverity)
        component, shape = one(SH.sourceConstraintComponent), one(SH.sourceShape)
        violations.append(
            {
                "focus": curie(str(focus)) if focus is not None else None,
                "path": curie(str(path)) if path is not None else None,
                "message": str(message) if message is not None else "",
                "severity": curie(str(severity)).removeprefix("sh:") if severity is not None else "Violation",
                "rule": curie(str(component)) if component is not None else None,
                "shape": curie(str(shape)) if isinstance(shape, rdflib.URIRef) else None,
                "value": curie(str(one(SH.value))) if one(SH.value) is not None else None,
            }
        )
    for row in store.select(Q_UNDECLARED):
        violations.append(
            {
                "focus": curie(row["term"].value),
                "path": None,
                "message": f"{curie(row['term'].value)} is used as a {row['use'].value} but ontology.ttl does not declare it",
                "severity": "Warning",
                "rule": "rg:DeclaredTerm",
                "shape": None,
                "value": None,
            }
        )
    violations.sort(key=lambda v: (v["severity"] != "Violation", v["focus"] or "", v["path"] or "", v["message"]))
    conforms = not any(v["severity"] == "Violation" for v in violations)
    return Validation(conforms, violations)


def _default_graph() -> Any:
    import pyoxigraph

    return pyoxigraph.DefaultGraph()


def _triple(q: Any) -> tuple[Any, Any, Any]:
    from oxrdflib._converter import from_ox

    return from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)
