"""Every IRI rolegraph names: the ``rg:`` vocabulary of ``ontology.ttl``, the
standard vocabularies it uses, the known prefixes and the graph names.

Plain strings, so the fast paths never import rdflib. ``RG`` mirrors
``ontology.ttl`` (``tests/test_vocab.py`` keeps the two in step); an unknown
term is an ``AttributeError``, as with rdflib's ``DefinedNamespace``.

>>> RG.essentialSkill
'https://w3id.org/rolegraph/essentialSkill'
>>> curie(RG.essentialSkill), local_id(RG.Role), expand("skos:prefLabel")
('rg:essentialSkill', 'Role', 'http://www.w3.org/2004/02/skos/core#prefLabel')
"""

from __future__ import annotations

from typing import ClassVar

BASE = "https://w3id.org/rolegraph/"
ESCO = "http://data.europa.eu/esco/"
#: ESCO's model vocabulary (its classes: Occupation, Skill, SkillGroup, ...).
ESCO_MODEL = ESCO + "model#"
#: Where rolegraph names O*NET's occupations, elements, tasks and technologies.
ONET = BASE + "onet/"


class RG:
    """The rolegraph ontology: roles, skills, tools, tasks, workflow, provenance."""

    NS: ClassVar[str] = BASE

    # classes
    AnalyticsTool = BASE + "AnalyticsTool"
    BigDataTool = BASE + "BigDataTool"
    CloudPlatform = BASE + "CloudPlatform"
    Competence = BASE + "Competence"
    Database = BASE + "Database"
    Evidence = BASE + "Evidence"
    ExampleJob = BASE + "ExampleJob"
    Inference = BASE + "Inference"
    Job = BASE + "Job"
    JobArchetype = BASE + "JobArchetype"
    Knowledge = BASE + "Knowledge"
    OccupationGroup = BASE + "OccupationGroup"
    MLFramework = BASE + "MLFramework"
    ProgrammingLanguage = BASE + "ProgrammingLanguage"
    Rating = BASE + "Rating"
    Role = BASE + "Role"
    Skill = BASE + "Skill"
    SkillGroup = BASE + "SkillGroup"
    Source = BASE + "Source"
    Task = BASE + "Task"
    Tool = BASE + "Tool"
    VisualisationTool = BASE + "VisualisationTool"
    Workflow = BASE + "Workflow"
    WorkflowStep = BASE + "WorkflowStep"

    # properties
    collaboratesWith = BASE + "collaboratesWith"
    doesMore = BASE + "doesMore"
    essentialSkill = BASE + "essentialSkill"
    exampleOf = BASE + "exampleOf"
    handsOffTo = BASE + "handsOffTo"
    hasStep = BASE + "hasStep"
    hotTechnology = BASE + "hotTechnology"
    idealBackground = BASE + "idealBackground"
    importance = BASE + "importance"
    inDemand = BASE + "inDemand"
    includesTask = BASE + "includesTask"
    involvesSkill = BASE + "involvesSkill"
    involvesTool = BASE + "involvesTool"
    level = BASE + "level"
    nextStep = BASE + "nextStep"
    optionalSkill = BASE + "optionalSkill"
    overlapsWith = BASE + "overlapsWith"
    performedBy = BASE + "performedBy"
    performsTask = BASE + "performsTask"
    prerequisite = BASE + "prerequisite"
    primaryFocus = BASE + "primaryFocus"
    profile = BASE + "profile"
    quote = BASE + "quote"
    rationale = BASE + "rationale"
    ratedItem = BASE + "ratedItem"
    ratedJob = BASE + "ratedJob"
    requiresSkill = BASE + "requiresSkill"
    stepOrder = BASE + "stepOrder"
    strongerIn = BASE + "strongerIn"
    supports = BASE + "supports"
    usesTool = BASE + "usesTool"
    variantOf = BASE + "variantOf"


#: The local names of ``RG``'s classes and properties.
CLASSES: tuple[str, ...] = tuple(n for n, v in vars(RG).items() if isinstance(v, str) and n[:1].isupper() and n != "NS")
PROPERTIES: tuple[str, ...] = tuple(n for n, v in vars(RG).items() if isinstance(v, str) and n[:1].islower())


class RDF:
    NS: ClassVar[str] = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    type = NS + "type"
    Statement = NS + "Statement"
    subject = NS + "subject"
    predicate = NS + "predicate"
    object = NS + "object"


class RDFS:
    NS: ClassVar[str] = "http://www.w3.org/2000/01/rdf-schema#"
    label = NS + "label"
    subClassOf = NS + "subClassOf"
    subPropertyOf = NS + "subPropertyOf"


class SKOS:
    NS: ClassVar[str] = "http://www.w3.org/2004/02/skos/core#"
    prefLabel = NS + "prefLabel"
    altLabel = NS + "altLabel"
    definition = NS + "definition"
    related = NS + "related"
    broader = NS + "broader"
    narrower = NS + "narrower"
    member = NS + "member"
    inScheme = NS + "inScheme"
    exactMatch = NS + "exactMatch"
    closeMatch = NS + "closeMatch"
    broadMatch = NS + "broadMatch"
    narrowMatch = NS + "narrowMatch"
    relatedMatch = NS + "relatedMatch"
    Concept = NS + "Concept"
    Collection = NS + "Collection"
    ConceptScheme = NS + "ConceptScheme"


class DCTERMS:
    NS: ClassVar[str] = "http://purl.org/dc/terms/"
    source = NS + "source"
    title = NS + "title"
    description = NS + "description"
    hasVersion = NS + "hasVersion"
    license = NS + "license"


class DCAT:
    NS: ClassVar[str] = "http://www.w3.org/ns/dcat#"
    Dataset = NS + "Dataset"


class PROV:
    NS: ClassVar[str] = "http://www.w3.org/ns/prov#"
    hadPrimarySource = NS + "hadPrimarySource"
    hadMember = NS + "hadMember"


OWL = "http://www.w3.org/2002/07/owl#"
OWL_SAME_AS = OWL + "sameAs"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"

#: The named graph holding the SHACL shapes in a compiled store.
SHAPES_GRAPH = BASE + "graph/shapes"
#: The named graph where ``push`` lists the graphs it wrote.
PUSHED_GRAPH = BASE + "graph/pushed"

PREFIXES: dict[str, str] = {
    "rg": BASE,
    "rdf": RDF.NS,
    "rdfs": RDFS.NS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS.NS,
    "dcterms": DCTERMS.NS,
    "prov": PROV.NS,
    "sh": SH,
    "esco": ESCO,
    "escom": ESCO_MODEL,
    "onet": ONET,
    "dcat": DCAT.NS,
}
#: The prefixes written into Turtle, TriG and RDF/XML output (ESCO IRIs stay whole).
OUTPUT_PREFIXES: dict[str, str] = {p: iri for p, iri in PREFIXES.items() if p != "esco"}

SPARQL_PREFIXES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())

#: The classes an entity is reported as, most specific job first. An entity of
#: several (a programming language is both a Skill and a Tool) takes the first.
CORE_TYPES: tuple[str, ...] = (
    "Role",
    "JobArchetype",
    "ExampleJob",
    "OccupationGroup",
    "WorkflowStep",
    "Workflow",
    "Task",
    "Skill",
    "SkillGroup",
    "Tool",
    "Source",
)
#: The types a job (something with skills, tools and tasks) has.
JOB_TYPES: tuple[str, ...] = ("Role", "JobArchetype", "ExampleJob")


def curie(iri: str) -> str:
    """Shorten an IRI with the known prefixes; return it unchanged if none fits.

    >>> curie("https://w3id.org/rolegraph/essentialSkill")
    'rg:essentialSkill'
    >>> curie("http://example.org/x")
    'http://example.org/x'
    """
    for prefix, ns in OUTPUT_PREFIXES.items():
        if iri.startswith(ns):
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                return f"{prefix}:{local}"
    return iri


def short(iri: str) -> str:
    """The shortest name of an IRI for people: its CURIE with any known prefix
    (``esco:`` ones keep their path), else the IRI.

    >>> short("http://data.europa.eu/esco/occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30")
    'esco:occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30'
    >>> short("http://data.europa.eu/esco/model#Occupation"), short("https://w3id.org/rolegraph/Role")
    ('escom:Occupation', 'rg:Role')
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(best):
            best = ns
            name = prefix
    if best:
        local = iri[len(best):]
        if local and all(c.isalnum() or c in "-_./" for c in local) and not local.startswith("/"):
            return f"{name}:{local}"
    return iri


def class_name(iri: str) -> str:
    """How a class is named in answers: ``Role`` for rolegraph's, a CURIE
    (``escom:Occupation``) for others.

    >>> class_name("https://w3id.org/rolegraph/Skill"), class_name("http://data.europa.eu/esco/model#SkillGroup")
    ('Skill', 'escom:SkillGroup')
    """
    local = local_id(iri)
    return local if local != iri else short(iri)


def local_id(iri: str) -> str:
    """The id users see: the local name in the rolegraph namespace, else the IRI.

    >>> local_id("https://w3id.org/rolegraph/data-scientist")
    'data-scientist'
    """
    if iri.startswith(BASE):
        local = iri[len(BASE):]
        if local and "/" not in local and "#" not in local:
            return local
    return iri


def expand(ref: str) -> str | None:
    """Expand a CURIE with a known prefix; None when ``ref`` is not one.

    >>> expand("rg:data-scientist")
    'https://w3id.org/rolegraph/data-scientist'
    >>> expand("http://example.org/x") is None
    True
    """
    prefix, sep, local = ref.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return None
