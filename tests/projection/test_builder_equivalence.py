"""One compile, whatever path the data takes: small files through
``bulk_extend``, N-Triples past ``BULK_BYTES`` in pieces (entailments written
with them), whole files through Oxigraph's bulk loader (Turtle, N-Triples with
blank nodes), joined data sets, entailments planned before the data or
re-planned after it (a data set declaring its own ``rdfs:subClassOf`` and
``rdfs:subPropertyOf``) all give the same store (the same set of quads) and
the same projection fields: equal values of equal types, dictionaries in the
same order.

On a generated ESCO-shaped graph the core fields (entities, their kinds,
labels and alternative labels, links both ways, counts) are also checked
against a reference computed independently, from the compiled store by SPARQL."""

from __future__ import annotations

import importlib.util
from array import array
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from rolegraph.projection.cache import FIELDS
from rolegraph.store import cache as store_cache
from rolegraph.store import load as loading
from rolegraph.store.load import datasets
from rolegraph.vocab import BASE, CORE_TYPES, OWL_SAME_AS, RDF, SKOS

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
ICT = HERE.parent / "importers" / "esco" / "ict"
ONET = HERE.parent / "importers" / "onet" / "fixture"
RG = BASE

#: Edge cases for the builder and the entailments: a data set's own
#: subclasses and sub-properties (of plain links, of rg:quote and rg:supports,
#: of a rating's part), blank nodes typed and linked, a class given as a
#: literal, evidence supporting a statement, a rating, a hot technology,
#: joins across kinds (exactMatch, sameAs) and an alignment (closeMatch).
ODD = """\
@prefix rg: <https://w3id.org/rolegraph/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix ex: <http://example.org/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .

rg:mySkillLink rdfs:subPropertyOf rg:essentialSkill .
rg:myQuote rdfs:subPropertyOf rg:quote .
rg:mySupports rdfs:subPropertyOf rg:supports .
rg:ratedJob rdfs:subPropertyOf rg:relatedJobThing .
rg:note rdfs:subPropertyOf rg:annotation .
rg:Wizard rdfs:subClassOf ex:Magic .
ex:Magic rdfs:subClassOf rg:Skill .
rg:Guru rdfs:subClassOf rg:Role .
ex:Data a dcat:Dataset ; dcterms:title "Odd data"@en .

rg:w1 a rg:Wizard ; skos:prefLabel "wizardry"@en ; skos:altLabel "Wizardry", "magic"@en, "MAGIC" .
rg:g1 a rg:Guru ; skos:prefLabel "guru"@en ; rg:mySkillLink rg:w1 ; rg:essentialSkill rg:w1 ; rg:requiresSkill rg:s9 ;
  rg:note "a literal note", rg:w1 .
rg:g2 a "https://w3id.org/rolegraph/Role" ; skos:prefLabel "literal role"@en .
rg:s9 a rg:Skill ; skos:prefLabel "skill nine" ; skos:prefLabel "neun"@de ; rdfs:label "nine"@en .
_:b1 a rg:Guru ; rg:mySkillLink rg:s9 ; rg:essentialSkill _:b2 .
_:b2 a rg:Wizard .
rg:e1 a rg:Evidence ; rg:myQuote "quoted text" ; dcterms:source <http://example.org/src> ; rg:mySupports _:st1 .
_:st1 rdf:subject rg:g1 ; rdf:predicate rg:essentialSkill ; rdf:object rg:w1 .
rg:r1 a rg:Rating ; rg:ratedJob rg:g1 ; rg:ratedItem rg:s9 ; rg:importance "4.5" ; rg:level "3" ; rg:inDemand "true" .
rg:s9 rg:hotTechnology "true" .
rg:t1 a rg:Tool ; skos:prefLabel "tool one"@en ; skos:exactMatch rg:w1 .
rg:t2 a rg:Tool ; skos:prefLabel "tool two"@en ; owl:sameAs rg:t1 .
rg:s9 skos:closeMatch rg:w1 .
"""


#: For the reference: several labels to choose among, a data set's own
#: subclass and sub-property, a self-match.
LABELS = """\
@prefix rg: <https://w3id.org/rolegraph/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <http://example.org/> .

ex:Wand rdfs:subClassOf rg:Tool .
rg:myLink rdfs:subPropertyOf rg:essentialSkill .
rg:x1 a rg:Skill ; skos:prefLabel "zeta"@de, "alpha"@fr, "beta", "Gamma"@en-GB ; skos:altLabel "gamma", "GAMMA", "delta" ; skos:exactMatch rg:x1 .
rg:x2 a rg:Role ; skos:prefLabel "b", "a"@de ; rg:myLink rg:x1 ; rg:essentialSkill rg:x3 ; rg:requiresSkill rg:x3 .
rg:x3 a ex:Wand ; skos:prefLabel "c"@de, "a"@de ; skos:altLabel "A" .
"""


def _generate() -> Any:
    spec = importlib.util.spec_from_file_location("generate_esco", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The inputs: a generated ESCO-shaped graph (a few thousand triples) as
    N-Triples, as Turtle and as N-Triples with a blank node; ESCO's ICT
    sample (joined with the shipped graph); O*NET's fixture; the edge cases."""
    from rolegraph.importers.esco import import_esco
    from rolegraph.importers.onet import import_onet

    work = tmp_path_factory.mktemp("equivalence")
    _generate()(work / "csv", 40, 180, 900)
    import_esco(work / "csv", work / "esco.nt")
    triples = list(ox.parse(path=str(work / "esco.nt"), format=ox.RdfFormat.N_TRIPLES))
    (work / "esco.ttl").write_bytes(ox.serialize([ox.Triple(*q.triple) for q in triples], format=ox.RdfFormat.TURTLE))
    blank = ox.BlankNode("note")
    with_blank = [ox.Triple(*q.triple) for q in triples] + [
        ox.Triple(blank, ox.NamedNode(RDF.type), ox.NamedNode(RG + "Role")),
        ox.Triple(blank, ox.NamedNode(RG + "essentialSkill"), triples[-1].subject),
    ]
    (work / "esco-blank.nt").write_bytes(ox.serialize(with_blank, format=ox.RdfFormat.N_TRIPLES))
    import_esco(ICT, work / "ict.nt")
    import_onet(ONET, work / "onet.nt", release="test fixture")
    (work / "odd.ttl").write_text(ODD, encoding="utf-8")
    (work / "labels.ttl").write_text(LABELS, encoding="utf-8")
    return {p.name: p for p in work.iterdir() if p.is_file()}


def _compile(paths: list[Any], target: Path | None) -> tuple[dict[str, Any], set[ox.Quad]]:
    """The projection's fields and the store's quads (blank nodes given
    canonical names) of a compile of ``paths`` (in memory without ``target``)."""
    store = ox.Store(str(target)) if target is not None else ox.Store()
    fields = store_cache.build(store, datasets(paths))
    dataset = ox.Dataset(store.quads_for_pattern(None, None, None, None))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return fields, set(dataset)


def _same(a: Any, b: Any, path: str = "fields") -> None:
    """``a`` and ``b`` equal, of the same types all the way down, dictionaries in the same order."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if isinstance(a, dict):
        assert list(a) == list(b), f"{path}: keys differ (or their order)"
        for k in a:
            _same(a[k], b[k], f"{path}[{k!r}]")
    elif isinstance(a, (list, tuple)):
        assert len(a) == len(b), f"{path}: {len(a)} != {len(b)} items"
        for i, (x, y) in enumerate(zip(a, b)):
            _same(x, y, f"{path}[{i}]")
    else:
        assert a == b, f"{path}: {a!r} != {b!r}"


#: (name, data sets): the combinations compiled through every path.
CASES = [
    ("esco", ["esco.nt"]),
    ("joined", ["builtin", "ict.nt", "onet.nt"]),
    ("edge cases", ["builtin", "odd.ttl", "esco.nt", "onet.nt"]),
]
#: Ways through the loader: BULK_BYTES, PIECE_BYTES, PIECE_LINES, on disk. The edge
#: cases' Turtle stays a small file: Oxigraph's bulk loader names blank
#: nodes anew, so a triple entailed through a data set's own sub-property
#: of rg:supports, read back from the store, would not meet the statement
#: the builder parsed (so it has always been on the whole-file bulk path).
PATHS = {
    "small files": (10**12, loading.PIECE_BYTES, loading.PIECE_LINES, False),
    "small files, entailments written after each": (10**12, loading.PIECE_BYTES, 300, True),
    "bulk, in pieces": (3_000, 20_000, loading.PIECE_LINES, True),
    "bulk, short pieces": (3_000, 10**9, 400, True),  # entailed triples loaded apart
    "bulk, one piece": (3_000, 10**9, 10**9, True),
    "bulk, in memory": (3_000, 50_000, loading.PIECE_LINES, False),
}


@pytest.mark.parametrize("case, names", CASES, ids=[c for c, _n in CASES])
def test_every_path_compiles_the_same(case: str, names: list[str], data: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = [n if n == "builtin" else data[n] for n in names]
    assert data["odd.ttl"].stat().st_size < 3_000 < data["esco.nt"].stat().st_size
    results = {}
    for way, (bulk, piece, lines, disk) in PATHS.items():
        monkeypatch.setattr(loading, "BULK_BYTES", bulk)
        monkeypatch.setattr(loading, "PIECE_BYTES", piece)
        monkeypatch.setattr(loading, "PIECE_LINES", lines)
        results[way] = _compile(paths, tmp_path / way.replace(" ", "-") if disk else None)
    fields, quads = results["small files"]
    assert set(fields) <= set(FIELDS) and len(fields) >= 26  # the cache derives the others
    assert fields["triples"] == sum(1 for q in quads if isinstance(q.graph_name, ox.DefaultGraph))
    for way, (other_fields, other_quads) in results.items():
        assert other_quads == quads, f"{way}: the store differs"
        _same(fields, other_fields, f"{way}: fields")


def test_whole_files_compile_as_pieces_do(data: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Turtle and N-Triples with blank nodes go to the bulk loader whole
    (their entailments written after them): the same store and fields as
    the same data in pieces or as small files."""
    monkeypatch.setattr(loading, "BULK_BYTES", 1_000)
    monkeypatch.setattr(loading, "PIECE_BYTES", 30_000)
    turtle = _compile([data["esco.ttl"]], tmp_path / "turtle")
    pieces = _compile([data["esco.nt"]], tmp_path / "pieces")
    assert turtle[1] == pieces[1]
    for fields in (turtle[0], pieces[0]):
        (entry,) = fields["datasets"]
        entry["path"] = ""  # esco.ttl, esco.nt: the rest is the same
    _same(turtle[0], pieces[0])

    blank = _compile([data["esco-blank.nt"]], tmp_path / "blank")
    monkeypatch.setattr(loading, "BULK_BYTES", 10**12)
    small = _compile([data["esco-blank.nt"]], None)
    assert blank[1] == small[1]
    assert any(isinstance(q.subject, ox.BlankNode) and q.predicate.value == RG + "requiresSkill" for q in blank[1])
    _same(blank[0], small[0])


# ------------------------------------------------------------------ an independent reference


def _reference(store: ox.Store) -> dict[str, Any]:
    """Entities (IRIs with a skos:prefLabel whose class is, through
    rdfs:subClassOf, one of the core kinds), each with its kind, best label
    (English, then untagged, then any; the least text first), other labels,
    and links to other entities (not those the store entails from a
    sub-property's link), read from the store by SPARQL alone."""
    q = f"PREFIX rdf: <{RDF.NS}> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    cores = " ".join(f"<{BASE}{t}>" for t in CORE_TYPES)
    kinds: dict[str, set[str]] = defaultdict(set)
    for row in store.query(q + f"SELECT DISTINCT ?e ?core WHERE {{ ?e a/rdfs:subClassOf* ?core . VALUES ?core {{ {cores} }} ?e skos:prefLabel ?l FILTER(isIRI(?e)) }}"):
        kinds[row["e"].value].add(row["core"].value[len(BASE) :])
    labels: dict[str, list[tuple[tuple[int, str], str]]] = defaultdict(list)
    for row in store.query(q + "SELECT ?e ?l WHERE { ?e skos:prefLabel ?l }"):
        lit = row["l"]
        lang = (getattr(lit, "language", None) or "").lower()
        labels[row["e"].value].append(((0 if lang.startswith("en") else 1 if not lang else 2, lit.value), lit.value))
    alts: dict[str, set[str]] = defaultdict(set)
    for row in store.query(q + "SELECT ?e ?l WHERE { ?e skos:altLabel ?l }"):
        alts[row["e"].value].add(row["l"].value)
    links: set[tuple[str, str, str]] = set()
    for row in store.query(
        q + "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o) && ?p != rdf:type) "
        "FILTER NOT EXISTS { ?s ?sub ?o . ?sub rdfs:subPropertyOf+ ?p FILTER(?sub != ?p) } }"
    ):
        s, p, o = row["s"].value, row["p"].value, row["o"].value
        if s in kinds and o in kinds and not (s == o and p in (SKOS.exactMatch, OWL_SAME_AS)):
            links.add((s, p, o))
    entities = {}
    for e, ks in kinds.items():
        best = min(labels[e])[1]
        others = {}
        for name in sorted(alts[e]):
            if name.casefold() != best.casefold():
                others.setdefault(name.casefold(), name)
        entities[e] = (sorted(ks, key=CORE_TYPES.index), best, set(others))
    return {"entities": entities, "links": links}


def _decoded(fields: dict[str, Any]) -> dict[str, Any]:
    """The same view of a projection's fields."""
    iris, preds = fields["iris"], fields["preds"]
    kind_of = array("I", fields["kind_of"])
    alt_ptr, alt_text = array("I", fields["alt_ptr"]), fields["alt_text"]
    entities = {}
    for i, iri in enumerate(iris):
        cores = [c for c in fields["class_sets"][array("I", fields["class_of"])[i]] if c in CORE_TYPES]
        assert fields["kinds"][kind_of[i]] == cores[0]
        names = alt_text[alt_ptr[i] : alt_ptr[i + 1]]
        entities[iri] = (sorted(cores, key=CORE_TYPES.index), fields["labels"][i], {n.casefold() for n in names})
    links = set()
    for direction in ("out", "in"):
        ptr, ps, ns = (array("I", b) for b in fields[direction])
        for i, iri in enumerate(iris):
            assert list(ptr)[i] <= ptr[i + 1]
            row = [(preds[ps[j]], iris[ns[j]]) for j in range(ptr[i], ptr[i + 1])]
            assert row == sorted(row), "each entity's links are sorted by predicate and neighbour"
            links |= {(iri, p, o) if direction == "out" else (o, p, iri) for p, o in row}
    return {"entities": entities, "links": links}


@pytest.mark.parametrize("way", ["small files", "bulk, in pieces", "bulk, short pieces"])
def test_the_fields_match_an_independent_reference(way: str, data: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bulk, piece, lines, _disk = PATHS[way]
    monkeypatch.setattr(loading, "BULK_BYTES", bulk)
    monkeypatch.setattr(loading, "PIECE_BYTES", piece)
    monkeypatch.setattr(loading, "PIECE_LINES", lines)
    store = ox.Store(str(tmp_path / "store"))
    fields = store_cache.build(store, datasets([data["esco.nt"], data["labels.ttl"]]))
    expected, got = _reference(store), _decoded(fields)
    assert got["entities"][RG + "x1"][1] == "Gamma" and got["entities"][RG + "x2"][1] == "b" and got["entities"][RG + "x3"][1] == "a"
    assert (RG + "x2", RG + "myLink", RG + "x1") in got["links"] and (RG + "x2", RG + "essentialSkill", RG + "x1") not in got["links"]
    assert len(expected["entities"]) > 150 and len(expected["links"]) > 700
    assert got["entities"].keys() == expected["entities"].keys()
    for iri, (cores, label, others) in expected["entities"].items():
        assert got["entities"][iri] == (cores, label, {n.casefold() for n in others}), iri
    assert got["links"] == expected["links"]
    assert fields["iris"] == sorted(fields["iris"])
    assert {t: sum(1 for cores, _l, _o in expected["entities"].values() if t in cores) for t in CORE_TYPES} == fields["counts"]
    n = int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)
    assert fields["triples"] == n
    # the store holds the entailments: every essential and optional skill is
    # a required one, every Knowledge a Skill, every Role a Job
    for absent in (
        f"?r <{RG}essentialSkill> ?s FILTER NOT EXISTS {{ ?r <{RG}requiresSkill> ?s }}",
        f"?r <{RG}optionalSkill> ?s FILTER NOT EXISTS {{ ?r <{RG}requiresSkill> ?s }}",
        f"?x a <{RG}Knowledge> FILTER NOT EXISTS {{ ?x a <{RG}Skill> }}",
        f"?x a <{RG}Role> FILTER NOT EXISTS {{ ?x a <{RG}Job> }}",
    ):
        assert not bool(store.query(f"ASK {{ {absent} }}")), absent
    assert bool(store.query(f"ASK {{ ?r <{RG}requiresSkill> ?s }}"))
