"""fit ranks without a pass over every role (it scores only the roles that
need something you have, and takes the rest, which all score 0, in label
order): held here to the full scan it replaced, on the shipped graph, on the
shipped graph joined with ESCO- and O*NET-shaped data sets, and on generated
graphs with every link ``needs`` follows (examples, tasks, workflow steps,
ratings), over many random sets of skills and tools."""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Iterable
from pathlib import Path

import pytest

import rolegraph
from rolegraph.careers.fit import _fit, fit
from rolegraph.careers.mentions import mentions
from rolegraph.careers.profiles import expand, jobs_needing, needs
from rolegraph.errors import RolegraphError
from rolegraph.lookup.explore import match_type
from rolegraph.lookup.names import resolve_as
from rolegraph.results import Span

from helpers import REPO

TESTS = Path(__file__).resolve().parent.parent
ADS = Path(__file__).resolve().parent / "ads"
LIMITS = (0, 1, 25, None, 2, 3)


def reference(store, skills: Iterable[str] = (), tools: Iterable[str] = (), *, text=None, kinds=("Role",), datasets=(), limit=None):
    """fit as it was: every role of ``kinds`` scored, then sorted."""
    proj = store.projection
    given: dict[str, list[Span] | None] = {}
    for ref in [*skills, *tools]:
        given.setdefault(resolve_as(proj, ref, ("Skill", "Tool"), "fit"), None)
    unrecognised: list[Span] = []
    if text is not None:
        found = mentions(store, text)
        unrecognised = found.unrecognised
        for iri, spans in found.found.items():
            given[iri] = spans
    have = expand(proj, given)
    reach = {i: expand(proj, [i]) for i in given}
    known = [d["id"] for d in proj.datasets]
    mask = sum(1 << known.index(d) for d in datasets)
    scored = []
    seen: set[str] = set()
    for kind in kinds:
        for role in proj.of_type(kind):
            if role in seen or (mask and not proj.member_datasets(role) & mask):
                continue
            seen.add(role)
            need = needs(proj, role)
            total = sum(n.weight for n in need.values())
            covered = round(sum(n.weight for i, n in need.items() if i in have) / total, 4) if total else 0.0
            used = round(sum(1 for i in given if reach[i] & need.keys()) / len(given), 4) if given else 0.0
            score = round(2 * covered * used / (covered + used), 4) if covered + used else 0.0
            scored.append((-score, proj.label(role).casefold(), role, covered, used))
    scored.sort()
    return [_fit(proj, role, -neg, covered, used, given, have, unrecognised) for neg, _label, role, covered, used in (scored[:limit] if limit else scored)]


def same(store, *args, **kwargs) -> list:
    """fit and the reference give the same answer; return it (as data)."""
    fast = rolegraph.to_data(fit(store, *args, **kwargs))
    slow = rolegraph.to_data(reference(store, *args, **kwargs))
    assert fast == slow, (args, kwargs)
    return fast


def items(proj) -> list[str]:
    """Every skill and tool."""
    return list(dict.fromkeys([*proj.of_type("Skill"), *proj.of_type("Tool")]))


def draw(rng: random.Random, proj, jobs: list[str], pool: list[str]) -> list[str]:
    """A random set of skills and tools: some a job needs (so some roles score
    above 0), some at random."""
    chosen: list[str] = []
    for job in rng.sample(jobs, min(len(jobs), rng.randint(0, 2))):
        needed = [i for i in needs(proj, job) if i in pool]
        chosen += rng.sample(needed, min(len(needed), rng.randint(1, 4)))
    chosen += rng.sample(pool, min(len(pool), rng.randint(0 if chosen else 1, 3)))
    return list(dict.fromkeys(chosen))


def check_inverse(proj) -> None:
    """jobs_needing is exactly the inverse of needs, item by item."""
    by_item: dict[str, set[str]] = {}
    for e in proj:
        for item in needs(proj, e):
            by_item.setdefault(item, set()).add(e)
    for item in proj:
        assert jobs_needing(proj, [item]) == by_item.get(item, set()), item
    rng = random.Random(5)
    every = list(proj)
    for _ in range(50):
        some = rng.sample(every, min(len(every), rng.randint(0, 6)))
        assert jobs_needing(proj, some) == set().union(*(by_item.get(i, set()) for i in some))


def check_random_sets(store, kinds_choices, dataset_choices, trials: int, seed: int) -> int:
    """fit agrees with the reference over ``trials`` random sets; return how
    many of the answers had a role scoring above 0 (so the test tests)."""
    proj = store.projection
    pool = items(proj)
    jobs = list(dict.fromkeys(j for kinds in kinds_choices for k in kinds for j in proj.of_type(k)))
    rng = random.Random(seed)
    positive = 0
    for _ in range(trials):
        chosen = draw(rng, proj, jobs, pool)
        split = rng.randint(0, len(chosen))
        kinds = rng.choice(kinds_choices)
        datasets = rng.choice(dataset_choices)
        for limit in LIMITS:
            ranked = same(store, chosen[:split], chosen[split:], kinds=kinds, datasets=datasets, limit=limit)
            positive += bool(ranked and ranked[0]["score"] > 0)
    return positive


# ------------------------------------------------------------------ the shipped graph


def test_jobs_needing_inverts_needs_on_the_shipped_graph(proj):
    check_inverse(proj)


def test_fit_matches_the_full_scan_on_the_shipped_graph(store):
    kinds = [("Role",), ("JobArchetype",), ("Role", "JobArchetype"), ("JobArchetype", "Role", "Role")]
    assert check_random_sets(store, kinds, [(), ("builtin",)], trials=60, seed=1) > 100


@pytest.mark.parametrize("ad", sorted(p.stem for p in ADS.glob("*.txt")))
def test_fit_text_matches_the_full_scan(store, ad):
    text = (ADS / f"{ad}.txt").read_text()
    for limit in LIMITS:
        same(store, text=text, limit=limit)
        same(store, ["SQL"], text=text, kinds=("Role", "JobArchetype"), limit=limit)


def test_nothing_recognised_lists_every_role_at_0_in_label_order(store):
    for limit in LIMITS:
        ranked = same(store, text="Kubernetes and Docker, nothing else.", kinds=("Role", "JobArchetype"), limit=limit)
        assert ranked and all(r["score"] == 0 for r in ranked)


def test_no_kinds_and_unknown_datasets(store):
    for limit in LIMITS:
        assert same(store, ["SQL"], kinds=(), limit=limit) == []
    with pytest.raises(RolegraphError, match="no data set 'nope'"):
        fit(store, ["SQL"], datasets=["nope"], limit=25)


# ------------------------------------------------------------------ ESCO and O*NET joined to it


def _generate_onet(folder: Path) -> None:
    spec = importlib.util.spec_from_file_location("generate_onet", REPO / "benchmarks" / "generate_onet.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(folder, occupations=30, tasks_per=6, tech_per=8, seed=20261202)


@pytest.fixture(scope="module")
def joined(tmp_path_factory):
    """The shipped graph with the ICT ESCO sample, the ESCO fixture, the O*NET
    fixture (ratings, hot technologies), a generated O*NET set and the
    crosswalk joining some of them."""
    from rolegraph.importers.crosswalk import import_crosswalk
    from rolegraph.importers.esco import import_esco
    from rolegraph.importers.onet import import_onet
    from rolegraph.store import open_store

    tmp = tmp_path_factory.mktemp("joined")
    import_esco(TESTS / "importers" / "esco" / "ict", tmp / "esco-ict.nt")
    import_esco(TESTS / "importers" / "esco" / "fixture", tmp / "esco-fixture.nt")
    import_onet(TESTS / "importers" / "onet" / "fixture", tmp / "onet.nt", release="test fixture")
    _generate_onet(tmp / "generated")
    import_onet(tmp / "generated", tmp / "onet-generated.nt")
    import_crosswalk(TESTS / "importers" / "onet" / "esco-onet-crosswalk.csv", tmp / "crosswalk.nt")
    return open_store(add=[tmp / n for n in ("esco-ict.nt", "esco-fixture.nt", "onet.nt", "onet-generated.nt", "crosswalk.nt")])


def test_jobs_needing_inverts_needs_on_the_joined_graph(joined):
    check_inverse(joined.projection)


def test_fit_matches_the_full_scan_on_the_joined_graph(joined):
    proj = joined.projection
    occupation = match_type(proj, "escom:Occupation")
    onet = match_type(proj, "onet:Occupation")
    assert len(proj.of_type(occupation)) > 50 and proj.dataset_ids(-1) == ["builtin", "esco-ict", "esco-fixture", "onet", "onet-generated", "crosswalk"]
    kinds = [("Role",), ("JobArchetype",), (occupation,), ("Role", "JobArchetype"), (occupation, "JobArchetype"), (onet, occupation)]
    datasets = [(), (), ("builtin",), ("esco-ict",), ("onet",), ("onet-generated",), ("onet", "builtin"), ("esco-fixture", "esco-ict")]
    assert check_random_sets(joined, kinds, datasets, trials=80, seed=2) > 150


def test_fit_text_matches_the_full_scan_on_the_joined_graph(joined):
    occupation = match_type(joined.projection, "escom:Occupation")
    for ad in sorted(ADS.glob("*.txt")):
        for limit in LIMITS:
            same(joined, text=ad.read_text(), kinds=("Role", occupation), limit=limit)
            same(joined, text=ad.read_text(), datasets=("esco-ict",), limit=limit)


def test_rated_needs_score_as_before(joined):
    """A rated need can weigh 0 (importance 1): a role needing only that of
    yours is used but not covered, and scores 0 among the rest."""
    proj = joined.projection
    rated = [(job, item) for job in proj.of_type("Role") for item, n in needs(proj, job).items() if n.kind == "rated"]
    assert rated
    rng = random.Random(3)
    for job, item in rng.sample(rated, min(40, len(rated))):
        if "Skill" in proj.classes(item) or "Tool" in proj.classes(item):
            for limit in LIMITS:
                same(joined, [item], datasets=rng.choice([(), ("onet",), ("onet-generated",)]), limit=limit)


# ------------------------------------------------------------------ generated graphs

HEADER = """@prefix rg: <https://w3id.org/rolegraph/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
"""
SKILL_LINKS = ("essentialSkill", "optionalSkill", "requiresSkill", "strongerIn")


def generated(rng: random.Random) -> tuple[str, str]:
    """Two data sets of jobs, skills, tools, tasks, workflow steps, examples
    (chains, cycles, examples of non-skills) and ratings, with labels that
    repeat and differ only in case."""
    ents: dict[str, list[str]] = {
        "Role": [f"r{i}" for i in range(rng.randint(3, 9))],
        "JobArchetype": [f"a{i}" for i in range(rng.randint(0, 3))],
        "Skill": [f"s{i}" for i in range(rng.randint(3, 10))],
        "Tool": [f"t{i}" for i in range(rng.randint(1, 5))],
        "ProgrammingLanguage": [f"p{i}" for i in range(rng.randint(0, 2))],
        "Task": [f"k{i}" for i in range(rng.randint(0, 5))],
        "WorkflowStep": [f"w{i}" for i in range(rng.randint(0, 3))],
    }
    jobs = ents["Role"] + ents["JobArchetype"]
    skills = ents["Skill"] + ents["ProgrammingLanguage"]
    tools = ents["Tool"] + ents["ProgrammingLanguage"]
    parts: tuple[list[str], list[str]] = ([HEADER], [HEADER])

    def say(line: str) -> None:
        parts[rng.random() < 0.4].append(line)

    for cls, names in ents.items():
        for name in names:
            label = f"{cls.lower()} {rng.randint(0, 3)}"
            say(f'rg:{name} a rg:{cls} ; skos:prefLabel "{label.upper() if rng.random() < 0.3 else label}"@en .')
    for job in jobs:
        for item in rng.sample(skills + tools, rng.randint(0, min(5, len(skills + tools)))):
            say(f"rg:{job} rg:{rng.choice((*SKILL_LINKS, 'usesTool'))} rg:{item} .")
            if rng.random() < 0.3:
                say(f"rg:rating-{job}-{item} a rg:Rating ; rg:ratedJob rg:{job} ; rg:ratedItem rg:{item} ; rg:importance {rng.choice(('1.0', '1.5', '3.25', '5.0'))} .")
        for task in rng.sample(ents["Task"], rng.randint(0, min(2, len(ents["Task"])))):
            say(f"rg:{job} rg:performsTask rg:{task} .")
    for task in ents["Task"]:
        for item in rng.sample(skills + tools, rng.randint(0, 2)):
            say(f"rg:{task} rg:involvesSkill rg:{item} .")
    for step in ents["WorkflowStep"]:
        for task in rng.sample(ents["Task"], rng.randint(0, min(2, len(ents["Task"])))):
            say(f"rg:{step} rg:includesTask rg:{task} .")
        for job in rng.sample(jobs, rng.randint(0, 2)):
            say(f"rg:{step} rg:performedBy rg:{job} .")
    for item in skills + tools:  # chains of examples, some through tools
        if rng.random() < 0.4:
            say(f"rg:{item} rg:exampleOf rg:{rng.choice(skills + ents['Tool'][:1])} .")
    anything = skills + tools + jobs + ents["Task"]
    for _ in range(rng.randint(0, 4)):
        say(f"rg:{rng.choice(anything)} rg:exampleOf rg:{rng.choice(skills + tools + jobs)} .")
    return "\n".join(parts[0]) + "\n", "\n".join(parts[1]) + "\n"


@pytest.mark.parametrize("seed", range(20))
def test_fit_matches_the_full_scan_on_generated_graphs(tmp_path, seed):
    from rolegraph.store import load_in_memory

    rng = random.Random(seed)
    a, b = generated(rng)
    (tmp_path / "a.ttl").write_text(a)
    (tmp_path / "b.ttl").write_text(b)
    store = load_in_memory([tmp_path / "a.ttl", tmp_path / "b.ttl"])
    check_inverse(store.projection)
    kinds = [("Role",), ("JobArchetype",), ("Role", "JobArchetype"), ("Job",)]
    check_random_sets(store, kinds, [(), ("a",), ("b",), ("a", "b")], trials=15, seed=seed)
    labels = [store.projection.label(i) for i in items(store.projection)[:3]]
    for limit in LIMITS:
        same(store, text=f"We want {', '.join(labels)} and Kubernetes.", kinds=("Role", "JobArchetype"), limit=limit)
