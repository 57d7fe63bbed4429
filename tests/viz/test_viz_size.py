"""The graph page stays small: each entity and link costs a fraction of what
plain pyvis's page spends on the same ones (issue "Scale to 3M": a 5,000-node
page within 2x of plain pyvis's; see benchmarks/scale.py, bench_html)."""

from __future__ import annotations

from pathlib import Path

from rolegraph.store import open_store
from rolegraph.viz.page import page, page_data
from rolegraph.viz.select import View

from vizhelpers import write_graph

#: A page's bytes beyond those of a one-entity page, per entity, at most this
#: fraction of plain pyvis's (measured: 0.38 at 2,000 entities and 3,800 links,
#: 80 bytes an entity against pyvis's 212; the page's tables and the script's
#: tooltips are what keep it there, per-item styles and tooltips would not).
MAX_MARGINAL_RATIO = 0.6
#: The whole page (vis-network's script and style included) beside pyvis's
#: (measured: 0.77 at 2,000 entities, 0.64 at 5,000).
MAX_PAGE_RATIO = 1.0


def _graph(path: Path, n_roles: int, n_skills: int) -> Path:
    """Roles and skills, each skill needed by two roles (essential, optional)."""
    entities = [(f"r{i}", "Role", f"role number {i}") for i in range(n_roles)]
    entities += [(f"s{j}", "Skill", f"skill number {j} of the view") for j in range(n_skills)]
    links = [(f"r{j % n_roles}", "essentialSkill", f"s{j}") for j in range(n_skills)]
    links += [(f"r{(j * 7) % n_roles}", "optionalSkill", f"s{j}") for j in range(n_skills)]
    return write_graph(path, entities, links)


def _sizes(tmp: Path, n_roles: int, n_skills: int) -> tuple[int, int, int]:
    """(entities, rolegraph's page bytes, plain pyvis's page bytes) for the whole view."""
    from pyvis.network import Network

    store = open_store([_graph(tmp / f"g{n_roles}.ttl", n_roles, n_skills)], cache_dir=tmp / f"cache{n_roles}")
    proj = store.projection
    nodes, edges = list(proj), list(proj.edges())
    ours = page(page_data(store, View("whole", nodes, edges, "size")))
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    ids = {iri: i for i, iri in enumerate(nodes)}
    for iri in nodes:
        net.add_node(ids[iri], label=proj.label(iri), title=proj.label(iri))
    for s, _p, o in edges:
        net.add_edge(ids[s], ids[o])
    return len(nodes), len(ours.encode("utf-8")), len(net.generate_html().encode("utf-8"))


def test_page_bytes_per_entity_stay_a_fraction_of_pyvis(tmp_path):
    n0, ours0, plain0 = _sizes(tmp_path, 1, 0)
    n, ours, plain = _sizes(tmp_path, 100, 1900)
    assert (n0, n) == (1, 2000)
    per_entity, plain_per_entity = (ours - ours0) / (n - n0), (plain - plain0) / (n - n0)
    assert per_entity <= MAX_MARGINAL_RATIO * plain_per_entity, (
        f"{per_entity:.0f} bytes an entity against plain pyvis's {plain_per_entity:.0f}: "
        f"{per_entity / plain_per_entity:.2f}, more than {MAX_MARGINAL_RATIO}"
    )
    assert ours <= MAX_PAGE_RATIO * plain, (ours, plain)
