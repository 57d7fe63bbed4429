"""The ontology, the vocabulary module that mirrors it, and the SHACL shapes."""

from __future__ import annotations

import rdflib
from rdflib import OWL, RDF, RDFS

from rolegraph import vocab
from rolegraph.shipped import ontology_path, shapes_path
from rolegraph.vocab import BASE


def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path(), format="turtle")


def test_namespace_module_mirrors_ontology():
    g = _ontology()
    classes = {str(s)[len(BASE):] for s in g.subjects(RDF.type, OWL.Class) if str(s).startswith(BASE)}
    props = {
        str(s)[len(BASE):]
        for t in (OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in g.subjects(RDF.type, t)
        if str(s).startswith(BASE)
    }
    assert set(vocab.CLASSES) == classes
    assert set(vocab.PROPERTIES) == props
    for term in classes | props:
        assert getattr(vocab.RG, term) == BASE + term


def test_every_term_has_label_comment_domain_range():
    g = _ontology()
    for s in g.subjects(RDF.type, None):
        if not str(s).startswith(BASE) or (s, RDF.type, OWL.Ontology) in g:
            continue
        assert g.value(s, RDFS.label) is not None, s
        assert g.value(s, RDFS.comment) is not None, s
        if (s, RDF.type, OWL.Class) not in g:
            assert g.value(s, RDFS.domain) is not None, s
            assert g.value(s, RDFS.range) is not None, s


def test_essential_and_optional_are_kinds_of_requires_skill():
    g = _ontology()
    for p in (vocab.RG.essentialSkill, vocab.RG.optionalSkill):
        assert (rdflib.URIRef(p), RDFS.subPropertyOf, rdflib.URIRef(vocab.RG.requiresSkill)) in g


def test_unknown_term_raises():
    import pytest

    with pytest.raises(AttributeError):
        vocab.RG.notATerm  # noqa: B018


def test_shapes_parse_and_target_ontology_classes():
    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    g = _ontology()
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    targets = set(shapes.objects(None, sh.targetClass))
    assert targets
    for t in targets:
        assert (t, RDF.type, OWL.Class) in g, t
