"""Checks of the shipped knowledge data in ``graph/``.

These tests read the RDF files directly with rdflib (no project code), so they
guard the data whatever state the library is in. Provenance design: every fact
about an entity lives in a named graph whose IRI is an ``rg:Evidence`` described
in the default graph by ``dcterms:source`` and a verbatim ``rg:quote``.
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
EXACT_COUNTS = {"WorkflowStep": 3, "JobArchetype": 4}


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
def evidences(default: Graph) -> set[URIRef]:
    return set(default.subjects(RDF.type, RG.Evidence))


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
    folder = Path(os.environ.get("ROLEGRAPH_SOURCES_DIR", REPO.parent / "shared" / "sources"))
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        pytest.skip(f"no source texts in {folder}")
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


def test_every_evidence_has_one_source_and_one_short_quote(default: Graph, evidences: set[URIRef]) -> None:
    assert evidences
    for ev in evidences:
        srcs = list(default.objects(ev, DCTERMS.source))
        quotes = list(default.objects(ev, RG.quote))
        assert len(srcs) == 1, f"{ev} has {len(srcs)} dcterms:source"
        assert len(quotes) == 1, f"{ev} has {len(quotes)} rg:quote"
        assert len(str(quotes[0])) <= MAX_QUOTE, f"{ev}: quote of {len(str(quotes[0]))} chars"


def test_evidence_sources_are_text_documents(union: Graph, default: Graph, evidences: set[URIRef]) -> None:
    """An evidence quotes one of the source texts, never a cited page (which
    has a URL and may only be a prov:hadPrimarySource)."""
    for ev in evidences:
        src = default.value(ev, DCTERMS.source)
        assert (src, RDF.type, RG.Source) in union, f"{ev}: {src} is not an rg:Source"
        assert union.value(src, DCTERMS.title) is not None, f"{src} has no dcterms:title"
        assert union.value(src, DCTERMS.identifier) is None, f"{ev}: {src} is a cited page, not a source text"
        for primary in default.objects(ev, PROV.hadPrimarySource):
            assert (primary, RDF.type, RG.Source) in union, f"{ev}: {primary} is not an rg:Source"


def test_quotes_are_verbatim(default: Graph, union: Graph, evidences: set[URIRef], source_texts: dict[str, str]) -> None:
    for ev in evidences:
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
    in_named = set()
    for g in named.values():
        in_named.update(g)
    missing = [
        f"{s.n3()} {p.n3()} {o.n3()}"
        for s, p, o in default
        if isinstance(s, URIRef)
        and str(s).startswith(str(RG))
        and s not in vocabulary | evidences | sources
        and p not in ALIGNMENT
        and (s, p, o) not in in_named
    ]
    assert not missing, "facts without evidence:\n" + "\n".join(sorted(missing))


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


def test_core_role_links(union: Graph) -> None:
    ds, mle, swe = RG["data-scientist"], RG["machine-learning-engineer"], RG["software-engineer"]
    assert (ds, RG.handsOffTo, mle) in union
    assert (ds, RG.collaboratesWith, mle) in union and (mle, RG.collaboratesWith, ds) in union
    assert (mle, RG.collaboratesWith, swe) in union and (swe, RG.collaboratesWith, mle) in union
    assert (swe, RG.essentialSkill, RG["software-engineering"]) in union
    assert list(union.objects(swe, RG.performsTask))
    assert (ds, RG.strongerIn, RG.statistics) in union
    assert (mle, RG.strongerIn, RG["computer-science"]) in union


def test_data_analyst_fits_analyst_work(union: Graph) -> None:
    da = RG["data-analyst"]
    assert (da, RG.essentialSkill, RG.sql) in union
    for tool in ("mysql", "excel", "google-analytics"):
        assert (da, RG.usesTool, RG[tool]) in union
