"""The rolegraph vocabulary as a typed rdflib ``DefinedNamespace``.

Mirrors ``ontology.ttl`` (``tests/test_ontology.py`` keeps the two in step);
an unknown term raises ``AttributeError``. Importing this module imports rdflib,
so the fast paths of the CLI use the plain strings of ``_iri`` instead.
"""

from __future__ import annotations

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

from ._iri import BASE


class RG(DefinedNamespace):
    """rolegraph ontology: roles, skills, tools, tasks, workflow, provenance."""

    _fail = True
    _NS = Namespace(BASE)

    # classes
    AnalyticsTool: URIRef  # analytics tool
    BigDataTool: URIRef  # big-data tool
    CloudPlatform: URIRef  # cloud platform
    Competence: URIRef  # skill or competence
    Database: URIRef  # database
    Evidence: URIRef  # evidence
    Job: URIRef  # job
    JobArchetype: URIRef  # job archetype
    Knowledge: URIRef  # knowledge
    MLFramework: URIRef  # machine learning framework
    ProgrammingLanguage: URIRef  # programming language
    Role: URIRef  # role
    Skill: URIRef  # skill
    Source: URIRef  # source
    Task: URIRef  # task
    Tool: URIRef  # tool
    VisualisationTool: URIRef  # visualisation tool
    Workflow: URIRef  # workflow
    WorkflowStep: URIRef  # workflow step

    # properties
    collaboratesWith: URIRef  # collaborates with
    essentialSkill: URIRef  # essential skill
    handsOffTo: URIRef  # hands off to
    hasStep: URIRef  # has step
    idealBackground: URIRef  # ideal background
    includesTask: URIRef  # includes task
    involvesSkill: URIRef  # involves skill
    involvesTool: URIRef  # involves tool
    nextStep: URIRef  # next step
    optionalSkill: URIRef  # optional skill
    performedBy: URIRef  # performed by
    performsTask: URIRef  # performs task
    prerequisite: URIRef  # prerequisite
    primaryFocus: URIRef  # primary focus
    profile: URIRef  # profile
    quote: URIRef  # quote
    requiresSkill: URIRef  # requires skill
    stepOrder: URIRef  # step order
    strongerIn: URIRef  # stronger in
    usesTool: URIRef  # uses tool
    variantOf: URIRef  # variant of


CLASSES: tuple[str, ...] = ('AnalyticsTool', 'BigDataTool', 'CloudPlatform', 'Competence', 'Database', 'Evidence', 'Job', 'JobArchetype', 'Knowledge', 'MLFramework', 'ProgrammingLanguage', 'Role', 'Skill', 'Source', 'Task', 'Tool', 'VisualisationTool', 'Workflow', 'WorkflowStep')
PROPERTIES: tuple[str, ...] = ('collaboratesWith', 'essentialSkill', 'handsOffTo', 'hasStep', 'idealBackground', 'includesTask', 'involvesSkill', 'involvesTool', 'nextStep', 'optionalSkill', 'performedBy', 'performsTask', 'prerequisite', 'primaryFocus', 'profile', 'quote', 'requiresSkill', 'stepOrder', 'strongerIn', 'usesTool', 'variantOf')
