"""Checks of the shipped knowledge data in ``graph/``.

These tests read the RDF files directly with rdflib (no project code), so they
guard the data whatever state the library is in. Provenance design: every fact
about an entity lives in a named graph whose IRI is an ``rg:Evidence`` described
in the default graph. Quoted evidence has one ``dcterms:source`` (a source text)
and one verbatim ``rg:quote``; an ``rg:Inference`` has one ``rg:rationale`` and,
when it starts from a passage, that passage's source and verbatim quote. The
source texts are read from ``sources/`` (or ``$ROLEGRAPH_SOURCES_DIR``).
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Dataset, Literal, Namespace, URIRef
from rdflib.graph import Graph
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

REPO = Path(__file__).resolve().parent.parent
GRAPH_DIR = REPO / "graph"
ONTOLOGY = REPO / "ontology.ttl"
RG = Namespace("https://w3id.org/rolegraph/")
ESCO = "http://data.europa.eu/esco/"
ALIGNMENT = {SKOS.exactMatch, SKOS.closeMatch}
MAX_QUOTE = 320
MAX_RATIONALE = 300
XSD_ANYURI = URIRef("http://www.w3.org/2001/XMLSchema#anyURI")
XSD_POSITIVE_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#positiveInteger")

# rdflib's own TriG parser still uses the deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

ENTITY_CLASSES = {
    "Role": 4,
    "Skill": 25,
    "Tool": 20,
    "Task": 30,
}
EXACT_COUNTS = {"WorkflowStep": 3, "JobArchetype": 4, "ExampleJob": 2}
#: Links from a job to what it needs or does.
JOB_LINKS = {RG.essentialSkill, RG.optionalSkill, RG.requiresSkill, RG.strongerIn, RG.doesMore, RG.performsTask, RG.usesTool}


def data_files() -> list[Path]:
    return sorted(p for p in GRAPH_DIR.iterdir() if p.suffix in {".ttl", ".trig"})


def collapse(text: str) -> str:
    return " ".join(text.split())


# ------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    g.parse(ONTOLOGY, format="turtle")
    return g


@pytest.fixture(scope="module")
def ds(ontology: Graph) -> Dataset:
    d = Dataset()
    d.parse(ONTOLOGY, format="turtle")
    for f in data_files():
        d.parse(f, format="trig" if f.suffix == ".trig" else "turtle")
    return d


@pytest.fixture(scope="module")
def default(ds: Dataset) -> Graph:
    return ds.default_graph


@pytest.fixture(scope="module")
def named(ds: Dataset) -> dict[URIRef, Graph]:
    return {g.identifier: g for g in ds.graphs() if g.identifier != ds.default_graph.identifier and len(g)}


@pytest.fixture(scope="module")
def union(ds: Dataset) -> Graph:
    """Every triple, whatever graph it is in."""
    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


@pytest.fixture(scope="module")
def vocabulary(ontology: Graph) -> set[URIRef]:
    """The rg: terms declared in the ontology (and the ontology itself)."""
    return {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(str(RG))}


@pytest.fixture(scope="module")
def subclasses(ontology: Graph) -> dict[URIRef, set[URIRef]]:
    """Each class with all its (reflexive, transitive) subclasses."""
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    return {c: set(ontology.transitive_subjects(RDFS.subClassOf, c)) for c in classes}


def instances(union: Graph, subclasses: dict[URIRef, set[URIRef]], cls: URIRef) -> set[URIRef]:
    return {s for c in subclasses[cls] for s in union.subjects(RDF.type, c)}


@pytest.fixture(scope="module")
def evidences(default: Graph, subclasses: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    """Quoted evidence and inferences alike."""
    return {e for c in subclasses[RG.Evidence] for e in default.subjects(RDF.type, c)}


@pytest.fixture(scope="module")
def inferences(default: Graph, subclasses: dict[URIRef, set[URIRef]]) -> set[URIRef]:
    return {e for c in subclasses[RG.Inference] for e in default.subjects(RDF.type, c)}


@pytest.fixture(scope="module")
def quoted(evidences: set[URIRef], inferences: set[URIRef]) -> set[URIRef]:
    return evidences - inferences


@pytest.fixture(scope="module")
def graphs_of(named: dict[URIRef, Graph]) -> dict[tuple, set[URIRef]]:
    """Each fact with the evidence graphs that hold it."""
    found: dict[tuple, set[URIRef]] = defaultdict(set)
    for name, g in named.items():
        for t in g:
            found[t].add(name)
    return found


def quote_of(default: Graph, ev: URIRef) -> str:
    q = default.value(ev, RG.quote)
    return "" if q is None else collapse(str(q))


@pytest.fixture(scope="module")
def sources(union: Graph) -> set[URIRef]:
    return set(union.subjects(RDF.type, RG.Source))


@pytest.fixture(scope="module")
def entities(union: Graph, vocabulary: set[URIRef], evidences: set[URIRef], sources: set[URIRef]) -> set[URIRef]:
    """Every rg: IRI that is neither a vocabulary term, an evidence nor a source."""
    found = set()
    for s, p, o in union:
        for term in (s, o):
            if isinstance(term, URIRef) and str(term).startswith(str(RG)):
                found.add(term)
    return found - vocabulary - evidences - sources


@pytest.fixture(scope="module")
def source_texts() -> dict[str, str]:
    """First line (title) -> whitespace-collapsed text of each source document."""
    folder = Path(os.environ.get("ROLEGRAPH_SOURCES_DIR", REPO / "sources"))
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    assert files, f"no source texts in {folder} (set ROLEGRAPH_SOURCES_DIR to the folder that has them)"
    texts = {}
    for f in files:
        text = f.read_text(encoding="utf-8")
        texts[text.splitlines()[0].strip()] = collapse(text)
    return texts


# ------------------------------------------------------------------ parsing


@pytest.mark.parametrize("path", data_files(), ids=lambda p: p.name)
def test_file_parses_with_pyoxigraph(path: Path) -> None:
    ox = pytest.importorskip("pyoxigraph")
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE
    assert list(ox.parse(path=str(path), format=fmt))


# ------------------------------------------------------------------ provenance


def test_every_quoted_evidence_has_one_source_and_one_short_quote(default: Graph, quoted: set[URIRef]) -> None:
    assert quoted
    for ev in quoted:
        srcs = list(default.objects(ev, DCTERMS.source))
        quotes = list(default.objects(ev, RG.quote))
        assert len(srcs) == 1, f"{ev} has {len(srcs)} dcterms:source"
        assert len(quotes) == 1, f"{ev} has {len(quotes)} rg:quote"
        assert len(str(quotes[0])) <= MAX_QUOTE, f"{ev}: quote of {len(str(quotes[0]))} chars"
        assert default.value(ev, RG.rationale) is None, f"{ev} has a rationale but is not an rg:Inference"


def test_every_inference_has_one_rationale(default: Graph, inferences: set[URIRef]) -> None:
    assert inferences
    for inf in inferences:
        rationales = list(default.objects(inf, RG.rationale))
        assert len(rationales) == 1, f"{inf} has {len(rationales)} rg:rationale"
        (r,) = rationales
        assert isinstance(r, Literal) and r.language == "en", f"{inf}: {r!r}"
        assert "\n" not in str(r) and 0 < len(str(r)) <= MAX_RATIONALE, f"{inf}: rationale is not one short line"
        srcs = list(default.objects(inf, DCTERMS.source))
        quotes = list(default.objects(inf, RG.quote))
        assert len(srcs) <= 1 and len(quotes) <= 1, f"{inf}: {len(srcs)} sources, {len(quotes)} quotes"
        assert len(srcs) == len(quotes), f"{inf}: a passage it starts from needs both its source and its quote"
        for q in quotes:
            assert len(str(q)) <= MAX_QUOTE, f"{inf}: quote of {len(str(q))} chars"


def test_evidence_sources_are_text_documents(union: Graph, default: Graph, evidences: set[URIRef]) -> None:
    """An evidence quotes one of the source texts, never a cited page (which
    has a URL and may only be a prov:hadPrimarySource)."""
    for ev in evidences:
        src = default.value(ev, DCTERMS.source)
        if src is None:  # an inference that starts from no passage
            continue
        assert (src, RDF.type, RG.Source) in union, f"{ev}: {src} is not an rg:Source"
        assert union.value(src, DCTERMS.title) is not None, f"{src} has no dcterms:title"
        assert union.value(src, DCTERMS.identifier) is None, f"{ev}: {src} is a cited page, not a source text"
        for primary in default.objects(ev, PROV.hadPrimarySource):
            assert (primary, RDF.type, RG.Source) in union, f"{ev}: {primary} is not an rg:Source"


def test_quotes_are_verbatim(default: Graph, union: Graph, evidences: set[URIRef], source_texts: dict[str, str]) -> None:
    """Every quote, of quoted evidence and of inferences alike."""
    for ev in evidences:
        if default.value(ev, RG.quote) is None:
            continue
        src = default.value(ev, DCTERMS.source)
        title = str(union.value(src, DCTERMS.title))
        assert title in source_texts, f"{ev}: source {src} titled {title!r} matches no source text"
        quote = collapse(str(default.value(ev, RG.quote)))
        assert quote in source_texts[title], f"{ev}: quote not found in {title!r}: {quote!r}"


def test_source_documents_all_matched(union: Graph, source_texts: dict[str, str]) -> None:
    titles = {str(t) for s in union.subjects(RDF.type, RG.Source) for t in union.objects(s, DCTERMS.title)}
    for title in source_texts:
        assert title in titles, f"no rg:Source titled {title!r}"


def test_cited_pages_have_literal_urls(union: Graph, sources: set[URIRef]) -> None:
    for s in sources:
        for ident in union.objects(s, DCTERMS.identifier):
            assert isinstance(ident, Literal) and ident.datatype == XSD_ANYURI, f"{s}: {ident!r}"


def test_named_graphs_are_evidence(named: dict[URIRef, Graph], evidences: set[URIRef]) -> None:
    assert named
    for name in named:
        assert name in evidences, f"named graph {name} is not an rg:Evidence"
    for ev in evidences:
        assert ev in named, f"evidence {ev} has no named graph"


def test_entity_facts_live_in_evidence_graphs(
    default: Graph, named: dict[URIRef, Graph], vocabulary: set[URIRef], evidences: set[URIRef], sources: set[URIRef]
) -> None:
    """A fact about an entity outside every evidence graph (bar the ESCO
    alignments) has no source: it is in a named graph, or (in a Turtle file)
    an evidence rg:supports it as an rdf:Statement."""
    in_named = set()
    for g in named.values():
        in_named.update(g)
    statements = {st for ev in evidences for st in default.objects(ev, RG.supports)}
    supported = {
        (default.value(st, RDF.subject), default.value(st, RDF.predicate), default.value(st, RDF.object))
        for st in statements
    }
    missing = [
        f"{s.n3()} {p.n3()} {o.n3()}"
        for s, p, o in default
        if isinstance(s, URIRef)
        and str(s).startswith(str(RG))
        and s not in vocabulary | evidences | sources | statements
        and p not in ALIGNMENT
        and (s, p, o) not in in_named
        and (s, p, o) not in supported
    ]
    assert not missing, "facts without evidence:\n" + "\n".join(sorted(missing))


def test_supported_statements_are_facts(default: Graph, evidences: set[URIRef]) -> None:
    """rg:supports comes from an evidence and points at a whole rdf:Statement
    whose fact is asserted."""
    for ev, st in default.subject_objects(RG.supports):
        assert ev in evidences, f"{ev} supports {st} but is no rg:Evidence"
        s, p, o = (default.value(st, x) for x in (RDF.subject, RDF.predicate, RDF.object))
        assert None not in (s, p, o), f"{st} is not a whole rdf:Statement"
        assert (s, p, o) in default, f"{st} supports a fact that is not asserted"


# ------------------------------------------------------------------ labels


def test_every_entity_has_one_english_label_and_definition(union: Graph, entities: set[URIRef]) -> None:
    for e in sorted(entities):
        labels = set(union.objects(e, SKOS.prefLabel))
        assert len(labels) == 1, f"{e} has prefLabels {labels}"
        (label,) = labels
        assert isinstance(label, Literal) and label.language == "en", f"{e}: {label!r}"
        definitions = set(union.objects(e, SKOS.definition))
        assert len(definitions) == 1, f"{e} has {len(definitions)} definitions"
        assert next(iter(definitions)).language == "en"
        assert list(union.objects(e, RDF.type)), f"{e} has no rdf:type"


def test_sources_have_one_english_label(union: Graph, sources: set[URIRef]) -> None:
    for s in sources:
        labels = list(union.objects(s, SKOS.prefLabel))
        assert len(labels) == 1 and labels[0].language == "en", f"{s}: {labels}"


def test_labels_are_unambiguous(union: Graph, entities: set[URIRef]) -> None:
    owners: dict[str, set[URIRef]] = defaultdict(set)
    for e in entities:
        for p in (SKOS.prefLabel, SKOS.altLabel):
            for label in union.objects(e, p):
                owners[str(label).casefold()].add(e)
    clashes = {label: sorted(es) for label, es in owners.items() if len(es) > 1}
    assert not clashes, clashes


def test_single_letter_languages(union: Graph) -> None:
    assert union.value(RG.r, SKOS.prefLabel) == Literal("R", lang="en")
    assert union.value(RG.c, SKOS.prefLabel) == Literal("C", lang="en")


# ------------------------------------------------------------------ counts and vocabulary


def test_minimum_counts(union: Graph, subclasses: dict[URIRef, set[URIRef]]) -> None:
    for name, minimum in ENTITY_CLASSES.items():
        n = len(instances(union, subclasses, RG[name]))
        assert n >= minimum, f"{n} {name} < {minimum}"
    for name, exact in EXACT_COUNTS.items():
        n = len(instances(union, subclasses, RG[name]))
        assert n == exact, f"{n} {name} != {exact}"


def test_only_declared_rg_terms(union: Graph, vocabulary: set[URIRef]) -> None:
    for s, p, o in union:
        if str(p).startswith(str(RG)):
            assert p in vocabulary, f"undeclared property {p}"
        if p == RDF.type and str(o).startswith(str(RG)):
            assert o in vocabulary, f"undeclared class {o}"


def test_domains_and_ranges(
    union: Graph, ontology: Graph, subclasses: dict[URIRef, set[URIRef]], entities: set[URIRef]
) -> None:
    def typed(term: URIRef, cls: URIRef) -> bool:
        return any((term, RDF.type, c) in union for c in subclasses[cls])

    for prop in set(ontology.subjects(RDF.type, OWL.ObjectProperty)):
        domain = ontology.value(prop, RDFS.domain)
        rng = ontology.value(prop, RDFS.range)
        for s, o in union.subject_objects(prop):
            if domain in subclasses:
                assert typed(s, domain), f"{s} {prop} ...: subject is not a {domain}"
            if rng in subclasses:
                assert typed(o, rng), f"... {prop} {o}: object is not a {rng}"


def test_esco_alignments(union: Graph) -> None:
    n = 0
    for p in ALIGNMENT:
        for s, o in union.subject_objects(p):
            n += 1
            assert isinstance(o, URIRef) and str(o).startswith(ESCO), f"{s} {p} {o}"
    assert n >= 14


# ------------------------------------------------------------------ modelling conventions


def test_essential_xor_optional(union: Graph) -> None:
    both = set(union.subject_objects(RG.essentialSkill)) & set(union.subject_objects(RG.optionalSkill))
    assert not both, f"essential and optional at once: {sorted(both)}"


def test_stronger_in_is_essential(union: Graph) -> None:
    for job, skill in union.subject_objects(RG.strongerIn):
        assert (job, RG.essentialSkill, skill) in union, f"{job} strongerIn {skill} but not essential"


def test_languages_are_skills_not_used_tools(union: Graph) -> None:
    for job, tool in union.subject_objects(RG.usesTool):
        assert (tool, RDF.type, RG.ProgrammingLanguage) not in union, f"{job} usesTool language {tool}"


def test_no_prerequisite_cycle(union: Graph) -> None:
    nx = pytest.importorskip("networkx")
    g = nx.DiGraph(list(union.subject_objects(RG.prerequisite)))
    assert g.number_of_edges() > 0
    assert nx.is_directed_acyclic_graph(g), nx.find_cycle(g)


def test_workflow_is_ordered(union: Graph) -> None:
    steps = list(union.objects(RG["ml-project-workflow"], RG.hasStep))
    order = {int(union.value(s, RG.stepOrder)): s for s in steps}
    assert sorted(order) == [1, 2, 3]
    assert set(union.objects(order[1], RG.nextStep)) == {order[2]}
    assert set(union.objects(order[2], RG.nextStep)) == {order[3]}
    assert set(union.objects(order[3], RG.nextStep)) == set()
    assert (order[1], RG.performedBy, RG["data-scientist"]) in union
    assert (order[2], RG.performedBy, RG["machine-learning-engineer"]) in union
    assert (order[3], RG.performedBy, RG["data-scientist"]) in union
    for s in steps:
        assert union.value(s, RG.stepOrder).datatype == XSD_POSITIVE_INTEGER
        assert list(union.objects(s, RG.includesTask)), f"{s} includes no task"


def test_archetypes_are_variants_of_data_scientist(union: Graph, subclasses: dict[URIRef, set[URIRef]]) -> None:
    for a in instances(union, subclasses, RG.JobArchetype):
        assert (a, RG.variantOf, RG["data-scientist"]) in union, a
        assert list(union.objects(a, RG.performsTask)) or list(union.objects(a, RG.profile)), a


def test_core_role_links(union: Graph, graphs_of: dict[tuple, set[URIRef]], quoted: set[URIRef]) -> None:
    ds, mle, swe = RG["data-scientist"], RG["machine-learning-engineer"], RG["software-engineer"]
    assert (ds, RG.handsOffTo, mle) in union
    assert (ds, RG.collaboratesWith, mle) in union and (mle, RG.collaboratesWith, ds) in union
    for fact in ((mle, RG.collaboratesWith, swe), (swe, RG.collaboratesWith, mle)):
        assert graphs_of[fact] & quoted, f"{fact} is not quoted"
    assert (ds, RG.strongerIn, RG.statistics) in union
    assert (mle, RG.strongerIn, RG["computer-science"]) in union
    # "Both roles require a robust understanding of data and algorithms"
    for role in (ds, mle):
        for skill in ("data-understanding", "algorithms"):
            assert (role, RG.essentialSkill, RG[skill]) in union, f"{role} lacks {skill}"


def test_roles_overlap(union: Graph, default: Graph, graphs_of: dict[tuple, set[URIRef]], quoted: set[URIRef]) -> None:
    """The article: "despite some overlap in skills and responsibilities"."""
    ds, mle = RG["data-scientist"], RG["machine-learning-engineer"]
    fact = (ds, RG.overlapsWith, mle)
    assert fact in union
    assert any("overlap" in quote_of(default, g) for g in graphs_of[fact] & quoted), "the overlap is not quoted"


# ------------------------------------------------------------------ inferences kept apart


def test_software_engineer_skill_and_task_are_inferred(
    union: Graph, default: Graph, graphs_of: dict[tuple, set[URIRef]], inferences: set[URIRef]
) -> None:
    """The article only says the MLE collaborates with software engineers: the
    software engineer's own skill and task are inferences from that passage."""
    swe = RG["software-engineer"]
    facts = [(swe, p, o) for p in JOB_LINKS for o in union.objects(swe, p)]
    assert (swe, RG.essentialSkill, RG["software-engineering"]) in facts
    assert any(p == RG.performsTask for _, p, _ in facts)
    for fact in facts:
        assert graphs_of[fact] and graphs_of[fact] <= inferences, f"{fact} is not an inference"
        for g in graphs_of[fact]:
            assert "software engineers" in quote_of(default, g), f"{g} does not start from the collaboration passage"


def test_data_analyst_links_are_inferences(union: Graph, graphs_of: dict[tuple, set[URIRef]], inferences: set[URIRef]) -> None:
    """The data analyst's tasks, tools and skills are taken from the job type
    that is "basically a data analyst": every one is an inference."""
    da = RG["data-analyst"]
    facts = [(da, p, o) for p in JOB_LINKS for o in union.objects(da, p)]
    assert facts
    for fact in facts:
        assert graphs_of[fact] and graphs_of[fact] <= inferences, f"{fact} is not an inference"


def test_data_analyst_fits_analyst_work(union: Graph) -> None:
    da = RG["data-analyst"]
    assert (da, RG.essentialSkill, RG["database-querying"]) in union
    assert (da, RG.optionalSkill, RG.sql) in union
    for tool in ("mysql", "excel", "google-analytics"):
        assert (da, RG.usesTool, RG[tool]) in union
    assert (RG["job-basically-data-analyst"], RG.variantOf, da) in union


# ------------------------------------------------------------------ the Quora example


QUORA_TASKS = {
    "data-scientist-at-quora": {"evaluate-ml-approaches", "analyse-ml-impact", "research-user-behaviour", "build-one-off-models"},
    "machine-learning-engineer-at-quora": {"build-production-ml-systems", "maintain-ml-system-health", "develop-internal-ml-frameworks"},
}


def test_quora_tasks_are_quoras(union: Graph, subclasses: dict[URIRef, set[URIRef]]) -> None:
    """The slides' Quora example is Quora's practice: its tasks belong to the
    two example jobs, never to a role or kind of job in general."""
    examples = instances(union, subclasses, RG.ExampleJob)
    assert {RG[e] for e in QUORA_TASKS} == examples
    assert (RG["data-scientist-at-quora"], RG.exampleOf, RG["data-scientist"]) in union
    assert (RG["machine-learning-engineer-at-quora"], RG.exampleOf, RG["machine-learning-engineer"]) in union
    for job, tasks in QUORA_TASKS.items():
        assert set(union.objects(RG[job], RG.performsTask)) == {RG[t] for t in tasks}, job
    example_tasks = {t for e in examples for t in union.objects(e, RG.performsTask)}
    for job, task in union.subject_objects(RG.performsTask):
        if task in example_tasks:
            assert job in examples, f"{job} performs the Quora example task {task}"
    for step, task in union.subject_objects(RG.includesTask):
        assert task not in example_tasks, f"{step} includes the Quora example task {task}"


def test_quora_answer_cited_only_where_named(default: Graph, union: Graph, evidences: set[URIRef]) -> None:
    page = RG["source-quora-ml-2015"]
    title = str(union.value(page, DCTERMS.title))
    assert union.value(page, DCTERMS.identifier) is not None, "the Quora answer is a cited page"
    citing = {ev for ev in evidences if (ev, PROV.hadPrimarySource, page) in default}
    assert citing, "no evidence cites the Quora answer"
    for ev in citing:
        assert title in quote_of(default, ev), f"{ev} cites the Quora answer but its passage does not name it"


def test_internal_frameworks_used_by_both_quora_jobs(
    union: Graph, default: Graph, graphs_of: dict[tuple, set[URIRef]]
) -> None:
    tool = RG["internal-ml-frameworks"]
    assert (RG["develop-internal-ml-frameworks"], RG.involvesTool, tool) in union
    cut = "These abstractions are used by both machine learning engineers and data"
    for job in QUORA_TASKS:
        fact = (RG[job], RG.usesTool, tool)
        assert fact in union, fact
        assert any(quote_of(default, g) == cut for g in graphs_of[fact]), f"{fact} does not quote {cut!r}"


# ------------------------------------------------------------------ skills: kinds, order, examples


def test_prerequisites_state_an_order(
    union: Graph, default: Graph, graphs_of: dict[tuple, set[URIRef]], inferences: set[URIRef]
) -> None:
    """Learning order only where a passage states one ("form the basis of"),
    or as an inference; "is a kind of" is skos:broader."""
    for fact in union.triples((None, RG.prerequisite, None)):
        assert graphs_of[fact], fact
        for g in graphs_of[fact]:
            assert g in inferences or "basis" in quote_of(default, g), f"{fact} in {g}, which states no order"
    for technique in ("k-nearest-neighbors", "random-forests", "ensemble-methods"):
        for maths in ("multivariable-calculus", "linear-algebra"):
            assert (RG[technique], RG.prerequisite, RG[maths]) in union


def test_kinds_of_skill_are_broader(
    union: Graph, default: Graph, graphs_of: dict[tuple, set[URIRef]], inferences: set[URIRef]
) -> None:
    groups = {
        "statistics": ("statistical-tests", "probability-distributions", "maximum-likelihood-estimation"),
        "machine-learning": ("k-nearest-neighbors", "random-forests", "ensemble-methods"),
    }
    for broader, narrower in groups.items():
        for n in narrower:
            fact = (RG[n], SKOS.broader, RG[broader])
            assert fact in union, fact
            assert graphs_of[fact] - inferences, f"{fact} is not quoted"
            assert (RG[n], RG.prerequisite, RG[broader]) not in union, f"{n}: a kind of {broader} is no prerequisite"
    ab = (RG["ab-testing"], SKOS.broader, RG["statistical-tests"])
    assert ab in union and graphs_of[ab] and graphs_of[ab] <= inferences
    # a learning plan can put statistics before statistical tests and A/B testing
    assert RG.statistics in set(union.transitive_objects(RG["ab-testing"], SKOS.broader))


def test_no_job_needs_sql_itself(union: Graph) -> None:
    """The slides: "a database querying language like SQL". The requirement is
    the language, SQL its example (and likewise R or Python for a statistical
    programming language)."""
    assert not list(union.subjects(RG.essentialSkill, RG.sql))
    assert (RG.sql, RG.exampleOf, RG["database-querying"]) in union
    for lang in ("r", "python"):
        assert (RG[lang], RG.exampleOf, RG["statistical-programming"]) in union
    # "No matter what type of company": the data scientist and every type of job
    jobs = {RG["data-scientist"], *union.subjects(RG.variantOf, RG["data-scientist"])}
    assert len(jobs) == 5
    for job in jobs:
        for skill in ("database-querying", "statistical-programming"):
            assert (job, RG.essentialSkill, RG[skill]) in union, f"{job} lacks {skill}"
        for lang in ("sql", "r", "python"):
            assert (job, RG.optionalSkill, RG[lang]) in union, f"{job}: {lang} is not optional"


EXAMPLES = {
    "cloud-services": ("aws", "gcp", "azure"),
    "machine-learning-frameworks": ("tensorflow", "pytorch"),
    "big-data-technologies": ("hive", "pig"),
    "data-visualization": ("tableau", "matplotlib"),
    "programming": ("python", "java", "c", "r", "scala", "cpp"),
    "parallel-processing": ("spark", "mapreduce"),
    "database-querying": ("sql",),
    "statistical-programming": ("r", "python"),
}


def test_named_examples_are_linked_to_their_skill(
    union: Graph, default: Graph, graphs_of: dict[tuple, set[URIRef]], quoted: set[URIRef]
) -> None:
    for skill, examples in EXAMPLES.items():
        for e in examples:
            fact = (RG[e], RG.exampleOf, RG[skill])
            assert fact in union, fact
    for fact in union.triples((None, RG.exampleOf, None)):
        example = fact[0]
        if (example, RDF.type, RG.ExampleJob) in union:
            continue
        label = str(union.value(example, SKOS.prefLabel)).casefold()
        assert any(label in quote_of(default, g).casefold() for g in graphs_of[fact] & quoted), (
            f"{fact} is not in a quoted graph whose passage names {label!r}"
        )


def test_named_examples_are_not_essential(union: Graph) -> None:
    """A named example is optional for a job (or a used tool), never essential."""
    examples = set(union.subjects(RG.exampleOf, None))
    essential = [(job, e) for e in examples for job in union.subjects(RG.essentialSkill, e)]
    assert not essential, f"named examples as essential skills: {essential}"


def test_more_is_does_more_and_stronger_is_stronger_in(
    union: Graph, default: Graph, graphs_of: dict[tuple, set[URIRef]]
) -> None:
    ds, mle = RG["data-scientist"], RG["machine-learning-engineer"]
    assert set(union.objects(ds, RG.doesMore)) == {RG["statistical-analysis"], RG.research}
    assert set(union.objects(mle, RG.doesMore)) == {RG["data-engineering"]}
    for fact in union.triples((None, RG.doesMore, None)):
        assert all(quote_of(default, g).startswith("More ") for g in graphs_of[fact]), fact
        assert (fact[0], RG.strongerIn, fact[2]) not in union, f"{fact}: 'More' is not 'Stronger in'"
        required = graphs_of.get((fact[0], RG.essentialSkill, fact[2]), set())
        assert not required & graphs_of[fact], f"{fact}: 'More' is no requirement"
    for fact in union.triples((None, RG.strongerIn, None)):
        assert all(quote_of(default, g).startswith("Stronger in ") for g in graphs_of[fact]), fact


def test_generalist_profile(union: Graph, default: Graph, graphs_of: dict[tuple, set[URIRef]], quoted: set[URIRef]) -> None:
    """The slides, of the data-driven company: "Profiles : either generalists a specific niche ..."."""
    job = RG["job-data-driven-company"]
    profiles = [p for p in union.objects(job, RG.profile) if "generalist" in str(p)]
    assert profiles, "the generalist profile is lost"
    for p in profiles:
        assert any("generalists" in quote_of(default, g) for g in graphs_of[(job, RG.profile, p)] & quoted)
