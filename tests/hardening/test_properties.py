"""Property tests over random valid graphs (hypothesis).

Each example is a TriG file with roles, skills, tools and tasks (labels drawn
from all of Unicode), essential / optional skills, tools, tasks, task skills,
prerequisites that form no cycle, and some facts inside evidence named graphs.
It is loaded with ``rolegraph.store.load_in_memory`` and must satisfy:

- ``compare`` is symmetric, and compare(A, A) is all shared with similarity 1;
- ``gap(A, A)`` misses nothing with coverage 1; every missing item of
  ``gap(A, B)`` says whether it is ``essential`` and ``why``, and the skills
  come in learning order (a prerequisite before what needs it);
- ``fit`` scores lie in [0, 1], best first; ``similar`` agrees with ``compare``;
- ``export`` → load gives, graph by graph, isomorphic graphs (``rdflib.compare``);
- ``show`` of every entity succeeds, by IRI and through the CLI's table format,
  and its label resolves to it (or to an ambiguity listing it).

``ROLEGRAPH_PROPERTY_EXAMPLES`` (default 25) sets the examples per test.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolegraph.careers import compare, fit, gap, similar
from rolegraph.careers.profiles import profile
from rolegraph.errors import AmbiguousEntityError
from rolegraph.lookup import show
from rolegraph.lookup.names import normalise, resolve
from rolegraph.results import to_data
from rolegraph.store import load_in_memory
from rolegraph.store.export import export
from rolegraph.vocab import BASE, RG, local_id, short

from hardening_util import env_int
from helpers import invoke

EXAMPLES = env_int("ROLEGRAPH_PROPERTY_EXAMPLES", 25)
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Any character but surrogates (which cannot be encoded); control characters,
# quotes and backslashes included, escaped by ``turtle_string``.
LABEL = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=12).filter(lambda t: t.strip() != "")


def turtle_string(text: str) -> str:
    out = []
    for c in text:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04X}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


@dataclass
class RandomGraph:
    text: str
    roles: list[str]
    skills: list[str]
    tools: list[str]
    tasks: list[str]
    labels: dict[str, str]


@st.composite
def graphs(draw: st.DrawFn) -> RandomGraph:
    n_roles = draw(st.integers(1, 4))
    n_skills = draw(st.integers(1, 6))
    n_tools = draw(st.integers(0, 3))
    n_tasks = draw(st.integers(0, 3))
    roles = [f"role-{i}" for i in range(n_roles)]
    skills = [f"skill-{i}" for i in range(n_skills)]
    tools = [f"tool-{i}" for i in range(n_tools)]
    tasks = [f"task-{i}" for i in range(n_tasks)]
    labels = {e: draw(LABEL) for e in [*roles, *skills, *tools, *tasks]}
    kinds = {**{e: "Role" for e in roles}, **{e: "Skill" for e in skills}, **{e: "Tool" for e in tools}, **{e: "Task" for e in tasks}}

    facts: list[tuple[str, str, str]] = []
    for r in roles:
        for s in skills:
            link = draw(st.sampled_from([None, None, "essentialSkill", "optionalSkill"]))
            if link:
                facts.append((r, link, s))
        facts += [(r, "usesTool", t) for t in tools if draw(st.booleans())]
        facts += [(r, "performsTask", k) for k in tasks if draw(st.booleans())]
    for k in tasks:
        facts += [(k, "involvesSkill", s) for s in skills if draw(st.integers(0, 3)) == 0]
        facts += [(k, "involvesTool", t) for t in tools if draw(st.integers(0, 3)) == 0]
    # Prerequisites only from a later skill to an earlier one: no cycle.
    for i, j in itertools.combinations(range(n_skills), 2):
        if draw(st.integers(0, 3)) == 0:
            facts.append((skills[j], "prerequisite", skills[i]))
    alts = {e: draw(st.lists(LABEL, max_size=2)) for e in labels if draw(st.integers(0, 4)) == 0}

    lines = [
        "@prefix rg: <https://w3id.org/rolegraph/> .",
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        'rg:src a rg:Source ; skos:prefLabel "a source"@en .',
    ]
    for e, label in labels.items():
        lines.append(f"rg:{e} a rg:{kinds[e]} ; skos:prefLabel {turtle_string(label)}@en .")
        for alt in alts.get(e, []):
            lines.append(f"rg:{e} skos:altLabel {turtle_string(alt)}@en .")
    # Some facts are asserted in evidence graphs (provenance), some directly,
    # some both.
    evidence: dict[int, list[str]] = defaultdict(list)
    for s, p, o in facts:
        where = draw(st.integers(0, 3))
        triple = f"rg:{s} rg:{p} rg:{o} ."
        if where == 0 or where == 3:
            lines.append(triple)
        if where >= 1:
            evidence[where].append(triple)
    for n, triples in evidence.items():
        quote = draw(LABEL)
        lines.append(f"rg:ev-{n} a rg:Evidence ; dcterms:source rg:src ; rg:quote {turtle_string(quote)} .")
        lines.append(f"rg:ev-{n} {{ " + " ".join(triples) + " }")
    return RandomGraph("\n".join(lines) + "\n", roles, skills, tools, tasks, labels)


def load(g: RandomGraph, suffix: str = ".trig") -> Any:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"g{suffix}"
        path.write_text(g.text, encoding="utf-8")
        return load_in_memory([path])


def iri(local: str) -> str:
    return BASE + local


# ------------------------------------------------------------------ compare


@SETTINGS
@given(graphs(), st.data())
def test_compare_is_symmetric(g: RandomGraph, data: st.DataObject) -> None:
    store = load(g)
    a = iri(data.draw(st.sampled_from(g.roles)))
    b = iri(data.draw(st.sampled_from(g.roles)))
    ab, ba = to_data(compare(store, a, b)), to_data(compare(store, b, a))
    assert ab["shared"] == ba["shared"]
    assert ab["only_a"] == ba["only_b"] and ab["only_b"] == ba["only_a"]
    assert ab["similarity"] == ba["similarity"]
    assert 0.0 <= ab["similarity"] <= 1.0
    proj = store.projection
    pa = profile(proj, a)
    for kind, items in (("skills", set(pa.skills)), ("tools", pa.tools), ("tasks", pa.tasks)):
        got = {x["id"] for x in ab["shared"][kind] + ab["only_a"][kind]}
        assert got == {local_id(i) for i in items}
    aa = to_data(compare(store, a, a))
    assert aa["similarity"] == 1.0
    assert not any(aa["only_a"].values()) and not any(aa["only_b"].values())


# ------------------------------------------------------------------ gap


@SETTINGS
@given(graphs(), st.data())
def test_gap_invariants(g: RandomGraph, data: st.DataObject) -> None:
    store = load(g)
    proj = store.projection
    a = iri(data.draw(st.sampled_from(g.roles)))
    b = iri(data.draw(st.sampled_from(g.roles)))

    same = to_data(gap(store, a, a))
    assert same["missing"] == {"skills": [], "tools": [], "tasks": []}
    assert same["coverage"] == 1.0

    result = to_data(gap(store, a, b))
    assert 0.0 <= result["coverage"] <= 1.0
    pa, pb = profile(proj, a), profile(proj, b)
    for kind in ("skills", "tools", "tasks"):
        for item in result["missing"][kind]:
            assert isinstance(item["essential"], bool), item
            assert item["why"], f"{kind} {item['id']} is missing with no reason"
            for reason in item["why"]:
                assert reason["text"] and reason["kind"]
    # A has its own skills and those its tasks involve (see queries.gap).
    has_a = set(pa.skills) | {s for t in pa.tasks for s in proj.targets(t, RG.involvesSkill)}
    missing = [iri(s["id"]) for s in result["missing"]["skills"]]
    assert len(missing) == len(set(missing))
    assert not set(missing) & has_a
    assert set(pb.skills) - has_a <= set(missing)
    position = {s: i for i, s in enumerate(missing)}
    for s in missing:
        for pre in proj.targets(s, RG.prerequisite):
            if pre in position:
                assert position[pre] < position[s], "a prerequisite comes after what needs it"
    have = {iri(s["id"]) for s in result["have"]["skills"]}
    assert have == set(pb.skills) & has_a


# ------------------------------------------------------------------ fit and similar


@SETTINGS
@given(graphs(), st.data())
def test_fit_and_similar(g: RandomGraph, data: st.DataObject) -> None:
    store = load(g)
    items = data.draw(st.lists(st.sampled_from([*g.skills, *g.tools]), min_size=1, max_size=4))
    ranked = to_data(fit(store, [iri(i) for i in items]))
    assert {r["role"]["id"] for r in ranked} == set(g.roles)
    scores = [r["score"] for r in ranked]
    assert all(0.0 <= s <= 1.0 for s in scores)
    assert scores == sorted(scores, reverse=True)
    given_ids = set(items)
    for r in ranked:
        matched = {m["id"] for m in r["matched"]}
        unused = {m["id"] for m in r["unused"]}
        assert matched <= given_ids and matched | unused == given_ids and not matched & unused

    me = iri(data.draw(st.sampled_from(g.roles)))
    others = to_data(similar(store, me))
    assert me not in {iri(o["role"]["id"]) for o in others}
    sims = [o["similarity"] for o in others]
    assert sims == sorted(sims, reverse=True) and all(0.0 <= s <= 1.0 for s in sims)
    for o in others:
        assert o["similarity"] == compare(store, me, iri(o["role"]["id"])).similarity


# ------------------------------------------------------------------ export round trip


def _by_graph(store: Any) -> dict[str, Any]:
    import pyoxigraph as ox
    import rdflib
    from oxrdflib._converter import from_ox

    graphs: dict[str, rdflib.Graph] = defaultdict(rdflib.Graph)
    for q in store.store:
        name = "" if isinstance(q.graph_name, ox.DefaultGraph) else str(q.graph_name)
        graphs[name].add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return graphs


@SETTINGS
@given(graphs(), st.sampled_from(["trig", "nquads", "turtle", "nt"]))
def test_export_then_load_is_isomorphic(g: RandomGraph, fmt: str) -> None:
    from rdflib.compare import graph_diff, isomorphic

    first = load(g)
    suffix = {"trig": ".trig", "nquads": ".nq", "turtle": ".ttl", "nt": ".nt"}[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export{suffix}"
        path.write_bytes(export(first, fmt))
        second = load_in_memory([path])
    a, b = _by_graph(first), _by_graph(second)
    # turtle / nt hold only the default graph (every fact, no provenance).
    names = set(a) if fmt in ("trig", "nquads") else {""}
    assert names <= set(b)
    for name in names:
        if not isomorphic(a[name], b[name]):
            _both, only_a, only_b = graph_diff(a[name], b[name])
            pytest.fail(f"graph {name or 'default'} differs: lost {sorted(only_a)[:5]}, gained {sorted(only_b)[:5]}")
    if fmt in ("trig", "nquads"):
        assert set(a) == set(b)
        assert first.projection.counts == second.projection.counts
        assert first.triples == second.triples


# ------------------------------------------------------------------ show


@SETTINGS
@given(graphs())
def test_show_every_entity(g: RandomGraph) -> None:
    from rolegraph.cli.options import Settings

    store = load(g)
    proj = store.projection
    assert {local_id(e) for e in proj} >= set(g.labels)
    for e in proj:
        entity = to_data(show(store, e))
        assert entity["iri"] == e and entity["label"] == proj.label(e)
        for link in entity["links"]:
            assert link["target"]["id"] and link["direction"] in ("in", "out")
        label = proj.label(e)
        text = label.strip()
        if ":" in text or text.startswith("<"):
            continue  # resolves as a CURIE or IRI first, by design
        try:
            assert resolve(proj, label) == e or normalise(proj.label(resolve(proj, label))) == normalise(label)
        except AmbiguousEntityError as exc:
            assert short(e) in [c[0] for c in exc.candidates]
    # The CLI's table and JSON rendering of random labels.
    with patch.object(Settings, "store", lambda self: store):
        for e in list(proj)[:3]:
            out = invoke("show", e)
            assert out.crash is None and out.code == 0, out
            out = invoke("show", e, "--format", "json")
            assert out.code == 0 and json.loads(out.stdout)["iri"] == e
