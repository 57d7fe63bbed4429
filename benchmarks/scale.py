"""rolegraph at 0.1M, 1M and 3M triples beside the floor and the naive way,
in one run and one report.

For each size (ESCO-shaped data from ``generate.py``, imported to N-Triples):

- the compile (``rolegraph --graph X.nt stats``, a fresh cache) beside
  Oxigraph's own bulk load of the same N-Triples (a bare pyoxigraph script):
  wall time and peak memory;
- cold commands (a fresh process each, the store compiled): ``stats``,
  ``show``, ``compare``, ``gap``, ``path``, ``fit`` (skills, and a job-ad
  text), ``similar`` and a SPARQL count, each beside the floor — a bare
  pyoxigraph script that opens the same compiled store read-only and runs
  the SPARQL query giving the same answer — and beside the naive way (rdflib
  parse + SPARQL + ``rdflib_to_networkx_multidigraph``, one measurement per
  size: it is the same work for every question);
- the compiled cache's size on disk.

Then the HTML export of a 5,000-node view: its time, its size beside plain
pyvis's page for the same nodes and edges, and the first stable render in
headless Chromium (when Playwright and Debian's chromium are there).

    python benchmarks/scale.py                          # 0.1M, 1M, 3M (about 20 minutes)
    python benchmarks/scale.py --sizes 0.1M --repeat 1 --no-naive -o /tmp/smoke.md   # the CI smoke run
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import NAIVE, machine, median, timed_rss  # noqa: E402

from generate import SIZES, generate  # noqa: E402

#: size name → generate.py size
SIZE_NAMES = {"0.1M": "small", "1M": "medium", "3M": "large"}

BULK = r"""
import sys, time, pyoxigraph as ox
t = time.perf_counter()
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
store.flush()
print(f"{time.perf_counter() - t:.3f}")
"""

FLOOR = r"""
import sys, json, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
for q in json.loads(sys.argv[2]):
    r = store.query(q)
    n = 0 if isinstance(r, ox.QueryBoolean) else sum(1 for _ in r)
print(n)
"""

RG = "https://w3id.org/rolegraph/"
NEEDS = f"<{RG}essentialSkill>|<{RG}optionalSkill>|<{RG}requiresSkill>"
AD = (
    "We are looking for an analyst to {a}, {b} and {c}. You will work with the team every day, "
    "build reports for stakeholders and keep our data tidy. Experience with {a} and {c} is a must."
)


def floor_queries(a: str, b: str, skills: list[str]) -> dict[str, list[str]]:
    """For each command, the SPARQL a bare script runs for the same answer."""
    values = " ".join(f"<{s}>" for s in skills)
    return {
        "stats": ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
        "show": [f"SELECT ?p ?o WHERE {{ <{a}> ?p ?o }}", f"SELECT ?s ?p WHERE {{ ?s ?p <{a}> }}"],
        "compare": [f"SELECT ?s WHERE {{ <{a}> {NEEDS} ?s }}", f"SELECT ?s WHERE {{ <{b}> {NEEDS} ?s }}"],
        "gap": [f"SELECT ?s WHERE {{ <{b}> {NEEDS} ?s FILTER NOT EXISTS {{ <{a}> {NEEDS} ?s }} }}"],
        "path": [f"SELECT ?x WHERE {{ <{a}> ?p ?x . <{b}> ?q ?x }} LIMIT 1"],
        "fit": [f"SELECT ?r (COUNT(?s) AS ?total) (SUM(IF(?s IN ({', '.join(f'<{s}>' for s in skills)}), 1, 0)) AS ?have) WHERE {{ ?r a <{RG}Role> ; {NEEDS} ?s }} GROUP BY ?r ORDER BY DESC(?have)"],
        "fit-text": [f"SELECT ?r (COUNT(?s) AS ?total) (SUM(IF(?s IN ({', '.join(f'<{s}>' for s in skills)}), 1, 0)) AS ?have) WHERE {{ ?r a <{RG}Role> ; {NEEDS} ?s }} GROUP BY ?r ORDER BY DESC(?have)"],
        "similar": [f"SELECT ?r (COUNT(?s) AS ?n) WHERE {{ <{a}> {NEEDS} ?s . ?r {NEEDS} ?s }} GROUP BY ?r ORDER BY DESC(?n)"],
        "sparql count": ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"],
        "_values": [f"SELECT * WHERE {{ VALUES ?s {{ {values} }} }}"],
    }


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def labels_of(nt: Path, iris: list[str]) -> dict[str, str]:
    """Preferred labels of a few IRIs, read from the N-Triples."""
    import pyoxigraph as ox

    wanted = set(iris)
    found: dict[str, str] = {}
    for t in ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES):
        if t.subject.value in wanted and t.predicate.value.endswith("core#prefLabel"):
            found.setdefault(t.subject.value, t.object.value)
            if len(found) == len(wanted):
                break
    return found


def bench_size(name: str, args: argparse.Namespace, work: Path, rolegraph: list[str], env: dict[str, str], log: Any) -> list[dict[str, str]]:
    from run import pick_entities

    data = work / f"esco-{SIZE_NAMES[name]}"
    if not (data / "occupations_en.csv").is_file():
        log(f"{name}: generating")
        generate(data, *SIZES[SIZE_NAMES[name]])
    nt = work / f"{SIZE_NAMES[name]}.nt"
    if not nt.is_file():
        log(f"{name}: importing")
        timed_rss([*rolegraph, "import", "esco", str(data), "-o", str(nt)], env)
    repeat_heavy = max(1, min(args.repeat, 3))
    rows: list[dict[str, str]] = []

    # -- compile beside Oxigraph's bulk load
    walls, rss, triples = [], [], 0
    cache = work / f"cache-{name}"
    for _ in range(repeat_heavy):
        shutil.rmtree(cache, ignore_errors=True)
        w, r, out = timed_rss([*rolegraph, "--graph", str(nt), "--cache-dir", str(cache), "stats", "--format", "json"], env)
        walls.append(w)
        rss.append(r)
        triples = json.loads(out)["triples"]
    bwalls, brss = [], []
    for _ in range(repeat_heavy):
        target = work / "bulk-store"
        shutil.rmtree(target, ignore_errors=True)
        w, r, _out = timed_rss([sys.executable, "-c", BULK, str(nt), str(target)], env)
        bwalls.append(w)
        brss.append(r)
    shutil.rmtree(work / "bulk-store", ignore_errors=True)
    compiled = next(p for p in cache.iterdir() if (p / "meta.json").is_file())
    log(f"{name}: compile {median(walls):.2f} s / bulk load {median(bwalls):.2f} s; peak {max(rss):.0f} / {max(brss):.0f} MB")
    rows.append({
        "size": name, "what": f"compile ({triples:,} triples)", "rolegraph": f"{median(walls):.2f} s", "floor": f"{median(bwalls):.2f} s",
        "ratio": f"{median(walls) / median(bwalls):.2f}×", "rss": f"{max(rss):,.0f} MB (bulk load {max(brss):,.0f} MB)",
    })
    rows.append({"size": name, "what": "cache on disk", "rolegraph": f"{du(compiled) / 1e6:,.0f} MB", "floor": "", "ratio": "", "rss": ""})

    # -- cold commands beside the floor
    picked = pick_entities(data)
    a, b = picked["a"], picked["b"]
    names = labels_of(nt, picked["skills"])
    skill_labels = [names.get(s, s) for s in picked["skills"]]
    ad = work / f"ad-{name}.txt"
    ad.write_text(AD.format(a=skill_labels[0], b=skill_labels[1] if len(skill_labels) > 1 else skill_labels[0], c=skill_labels[-1]), encoding="utf-8")
    base = [*rolegraph, "--graph", str(nt), "--cache-dir", str(cache)]
    fit = ["fit", "--format", "json"]
    for s in picked["skills"]:
        fit += ["--skill", s]
    commands = {
        "stats": ["stats", "--format", "json"],
        "show": ["show", a, "--format", "json"],
        "compare": ["compare", a, b, "--format", "json"],
        "gap": ["gap", a, b, "--format", "json"],
        "path": ["path", a, b, "--format", "json"],
        "fit": fit,
        "fit-text": ["fit", "--text", str(ad), "--format", "json"],
        "similar": ["similar", a, "--limit", "10", "--format", "json"],
        "sparql count": ["sparql", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv"],
    }
    floors = floor_queries(a, b, picked["skills"])
    store_dir = compiled / "store"
    naive = None
    if not args.no_naive:
        naive_walls = []
        for _ in range(1 if triples > 500_000 else repeat_heavy):
            w, _r, _out = timed_rss([sys.executable, "-c", NAIVE, str(nt), a, b], env)
            naive_walls.append(w)
        naive = median(naive_walls)
        log(f"{name}: naive {naive:.1f} s")
    for command, extra in commands.items():
        # One untimed run first: what a command builds once per compiled
        # store (the extractor's index for fit --text) is not a cold start.
        timed_rss([*base, *extra], env)
        walls, rss = [], []
        fwalls = []
        for _ in range(args.repeat):
            w, r, _out = timed_rss([*base, *extra], env)
            walls.append(w)
            rss.append(r)
            fw, _fr, _fo = timed_rss([sys.executable, "-c", FLOOR, str(store_dir), json.dumps(floors[command])], env)
            fwalls.append(fw)
        row = {
            "size": name, "what": f"cold `{command}`", "rolegraph": f"{median(walls):.3f} s", "floor": f"{median(fwalls):.3f} s",
            "ratio": f"{median(walls) / median(fwalls):.2f}×", "rss": f"{median(rss):,.0f} MB",
        }
        if naive is not None:
            row["naive"] = f"{naive:.1f} s ({naive / median(walls):,.0f}×)"
        rows.append(row)
        log(f"{name}: cold {command} {median(walls):.3f} s (floor {median(fwalls):.3f} s)")
    return rows


def bench_html(work: Path, log: Any) -> list[dict[str, str]]:
    """A 5,000-node view: export time, page size beside plain pyvis, first stable render."""
    from pyvis.network import Network

    import rolegraph
    from rolegraph.viz.page import page, page_data
    from rolegraph.viz.select import View

    lines = ["@prefix rg: <https://w3id.org/rolegraph/> .", "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ."]
    n_roles, n_skills = 250, 4750
    for i in range(n_roles):
        lines.append(f'rg:r{i} a rg:Role ; skos:prefLabel "role number {i}"@en .')
    for j in range(n_skills):
        lines.append(f'rg:s{j} a rg:Skill ; skos:prefLabel "skill number {j} of the view"@en .')
        lines.append(f"rg:r{j % n_roles} rg:essentialSkill rg:s{j} . rg:r{(j * 7) % n_roles} rg:optionalSkill rg:s{j} .")
    graph = work / "html-5000.ttl"
    graph.write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = rolegraph.open_store([graph], cache_dir=work / "cache-html")
    proj = store.projection
    nodes = list(proj)
    edges = [(s, p, o) for s, p, o in proj.edges()]
    view = View(kind="whole", nodes=nodes, edges=edges, title="5,000 entities")  # type: ignore[call-arg]
    times = []
    for _ in range(3):
        t = time.perf_counter()
        html = page(page_data(store, view))
        times.append(time.perf_counter() - t)
    out = work / "page-5000.html"
    out.write_text(html, encoding="utf-8")
    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line")
    ids = {iri: i for i, iri in enumerate(nodes)}
    for iri in nodes:
        net.add_node(ids[iri], label=proj.label(iri), title=proj.label(iri))
    for s, _p, o in edges:
        net.add_edge(ids[s], ids[o])
    plain = work / "pyvis-5000.html"
    plain.write_text(net.generate_html(), encoding="utf-8")
    rows = [{
        "size": "5,000-node view", "what": "HTML export", "rolegraph": f"{median(times):.2f} s", "floor": "", "ratio": "",
        "rss": f"page {out.stat().st_size / 1e6:.1f} MB vs plain pyvis {plain.stat().st_size / 1e6:.1f} MB ({out.stat().st_size / plain.stat().st_size:.2f}×)",
    }]
    try:
        from playwright.sync_api import sync_playwright

        chromium = os.environ.get("ROLEGRAPH_CHROMIUM", "/usr/bin/chromium")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
            renders = []
            for _ in range(3):
                pg = browser.new_page(viewport={"width": 1400, "height": 900})
                t = time.perf_counter()
                pg.goto(out.as_uri())
                pg.wait_for_function("() => window.rolegraph && window.rolegraph.ready === true", timeout=120_000)
                renders.append(time.perf_counter() - t)
                pg.close()
            browser.close()
        rows.append({"size": "5,000-node view", "what": "first stable render (Chromium)", "rolegraph": f"{median(renders):.2f} s", "floor": "", "ratio": "", "rss": ""})
    except Exception as exc:  # no browser here: say so in the report
        log(f"render not measured: {exc}")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0.1M,1M,3M", help="comma-separated: 0.1M, 1M, 3M")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument("--no-html", action="store_true")
    parser.add_argument("--workdir")
    parser.add_argument("-o", "--output", default=str(HERE / "results-scale.md"))
    args = parser.parse_args(argv)
    work = Path(args.workdir or tempfile.mkdtemp(prefix="rolegraph-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    exe = shutil.which("rolegraph")
    rolegraph = [exe] if exe else [sys.executable, "-m", "rolegraph"]
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    log = lambda msg: print(msg, file=sys.stderr, flush=True)
    rows: list[dict[str, str]] = []
    for name in [s.strip() for s in args.sizes.split(",") if s.strip()]:
        if name not in SIZE_NAMES:
            parser.error(f"unknown size {name!r}; choose from {', '.join(SIZE_NAMES)}")
        rows += bench_size(name, args, work, rolegraph, env, log)
    if not args.no_html:
        rows += bench_html(work, log)
    header = ["size", "what", "rolegraph", "floor", "ratio", "naive", "rss"]
    titles = ["size", "measurement", "rolegraph (median)", "floor (bare pyoxigraph / bulk load)", "÷ floor", "naive (÷ rolegraph)", "peak RSS / notes"]
    lines = ["| " + " | ".join(titles) + " |", "|" + "---|" * len(titles)]
    lines += ["| " + " | ".join(r.get(h, "") for h in header) + " |" for r in rows]
    text = "\n".join([
        "# Scale: rolegraph beside the floor",
        "",
        f"Machine: {machine()}.",
        "",
        f"Medians of {args.repeat} cold runs (compile and bulk load: up to 3); each cold run is a fresh process, after one untimed run that builds what a command builds once per compiled store (the extractor's index). The floor of a "
        "question is a bare pyoxigraph script (a fresh process too) opening the same compiled store read-only and running the "
        "SPARQL that gives the same answer; the floor of a compile is Oxigraph's own bulk load of the same N-Triples. The naive "
        "way parses the file with rdflib, runs the SPARQL compare and converts the graph with rdflib_to_networkx_multidigraph.",
        "",
        *lines,
        "",
    ])
    print(text)
    Path(args.output).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
