"""The projection: one builder whatever the input size (the bulk-load path
included), its cache, and the networkx views."""

from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolegraph.careers.path import shortest
from rolegraph.projection import to_networkx, undirected_view
from rolegraph.store import load as loading
from rolegraph.store import load_in_memory, open_store

RG = "https://w3id.org/rolegraph/"
SKOS = "http://www.w3.org/2004/02/skos/core#"


def _big_ntriples(path: Path, roles: int = 3_000, skills: int = 4_000, seed: int = 7) -> Path:
    """An N-Triples file over the bulk-load threshold: roles, skills, labels, links."""
    rng = random.Random(seed)
    lines = []
    for i in range(skills):
        lines.append(f'<{RG}s{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{RG}Skill> .')
        lines.append(f'<{RG}s{i}> <{SKOS}prefLabel> "skill number {i} of a generated graph"@en .')
        lines.append(f'<{RG}s{i}> <{SKOS}altLabel> "generated skill {i}"@en .')
    for i in range(roles):
        lines.append(f'<{RG}r{i}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{RG}Role> .')
        lines.append(f'<{RG}r{i}> <{SKOS}prefLabel> "role number {i}"@en .')
        for s in rng.sample(range(skills), 12):
            p = "essentialSkill" if rng.random() < 0.5 else "optionalSkill"
            lines.append(f"<{RG}r{i}> <{RG}{p}> <{RG}s{s}> .")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bulk_loaded_input_gives_the_same_projection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _big_ntriples(tmp_path / "big.nt")
    assert data.stat().st_size > loading.BULK_BYTES  # the bulk path is taken
    bulk = open_store([data], cache_dir=tmp_path / "bulk").projection
    monkeypatch.setattr(loading, "BULK_BYTES", 10**12)  # now the object path
    plain = load_in_memory([data]).projection
    assert len(bulk) == len(plain) == 3_000 + 4_000 + len(load_in_memory([]).projection)
    assert bulk.triples == plain.triples and bulk.counts == plain.counts
    assert list(bulk.entities()) == list(plain.entities())
    assert list(bulk.edges()) == list(plain.edges())
    assert [n for n in bulk.names()] == [n for n in plain.names()]
    assert bulk.label(RG + "r17") == "role number 17"


def test_the_lazy_view_is_the_undirected_projection(proj) -> None:
    lazy = undirected_view(proj)
    full = nx.Graph(to_networkx(proj))  # edges either way, one per pair
    full.remove_edges_from(nx.selfloop_edges(full))
    assert set(lazy.nodes) == set(full.nodes)
    for n in list(full.nodes)[:60]:
        assert set(lazy.neighbors(n)) == set(full.neighbors(n))


@st.composite
def edge_lists(draw):
    n = draw(st.integers(2, 14))
    edges = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=30))
    return n, edges


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edge_lists())
def test_shortest_agrees_with_networkx(tmp_path_factory, generated) -> None:
    n, edges = generated
    lines = [f'<{RG}n{i}> a <{RG}Skill> ; <{SKOS}prefLabel> "n{i}" .' for i in range(n)]
    lines += [f"<{RG}n{a}> <{RG}prerequisite> <{RG}n{b}> ." for a, b in edges]
    path = tmp_path_factory.mktemp("g") / "g.ttl"
    path.write_text("\n".join(lines) + "\n")
    proj = load_in_memory([path]).projection
    graph = undirected_view(proj)
    for a in range(n):
        for b in range(n):
            src, dst = f"{RG}n{a}", f"{RG}n{b}"
            ours = shortest(proj, src, dst)
            try:
                theirs = nx.bidirectional_shortest_path(graph, src, dst)
            except nx.NetworkXNoPath:
                assert ours is None
                continue
            assert ours is not None and len(ours) == len(theirs)
            assert ours[0] == src and ours[-1] == dst
            assert all(graph.has_edge(x, y) for x, y in zip(ours, ours[1:]))
