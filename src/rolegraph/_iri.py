"""IRIs and prefixes shared by every module, kept free of heavy imports."""

from __future__ import annotations

BASE = "https://w3id.org/rolegraph/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES: dict[str, str] = {
    "rg": BASE,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "sh": SH,
    "esco": "http://data.europa.eu/esco/",
}

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

#: The classes an entity is reported as, most specific job first. An entity of
#: several (a programming language is both a Skill and a Tool) takes the first.
CORE_TYPES: tuple[str, ...] = (
    "Role",
    "JobArchetype",
    "WorkflowStep",
    "Workflow",
    "Task",
    "Skill",
    "Tool",
    "Source",
)

SHAPES_GRAPH = BASE + "graph/shapes"


def curie(iri: str) -> str:
    """Shorten an IRI with the known prefixes; return it unchanged if none fits.

    >>> curie("https://w3id.org/rolegraph/essentialSkill")
    'rg:essentialSkill'
    """
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and prefix != "esco":
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
    return iri


def local_id(iri: str) -> str:
    """The id users see: the local name in the rolegraph namespace, else the IRI."""
    if iri.startswith(BASE):
        local = iri[len(BASE):]
        if local and "/" not in local and "#" not in local:
            return local
    return iri


def expand(ref: str) -> str | None:
    """Expand a CURIE with a known prefix; None when ``ref`` is not one."""
    prefix, sep, local = ref.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return None
