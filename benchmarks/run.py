"""Benchmark rolegraph on ESCO-shaped data against the naive way, in one run.

Measures: the ESCO import; the compile (wall time and peak RSS); cold CLI runs
of stats, show, compare, gap, path and fit (a fresh process each, wall time
and peak RSS measured by a small launcher process); warm in-process library calls of the same;
``rolegraph --help``; and the naive baseline on the same N-Triples file
(rdflib in-memory parse + rdflib SPARQL for the compare +
``rdflib_to_networkx_multidigraph``, in a fresh process per call). Prints
medians as a Markdown table and writes it, with the machine, to
``benchmarks/results.md``.

    python benchmarks/run.py --size medium            # ~1M triples, a few minutes
    python benchmarks/run.py --size small --repeat 3
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_onet import generate as generate_onet  # noqa: E402

from generate import SIZES, generate  # noqa: E402

NAIVE = r"""
import sys, time, resource
t0 = time.perf_counter()
import rdflib
from rdflib.extras.external_graph_libs import rdflib_to_networkx_multidigraph
g = rdflib.Graph()
g.parse(sys.argv[1], format="nt")
t1 = time.perf_counter()
q = '''PREFIX rg: <https://w3id.org/rolegraph/>
SELECT ?skill ?a ?b WHERE {
  { ?A ?pa ?skill . FILTER(?pa IN (rg:essentialSkill, rg:optionalSkill, rg:requiresSkill)) BIND(1 AS ?a) }
  UNION
  { ?B ?pb ?skill . FILTER(?pb IN (rg:essentialSkill, rg:optionalSkill, rg:requiresSkill)) BIND(1 AS ?b) }
}'''
rows = list(g.query(q, initBindings={"A": rdflib.URIRef(sys.argv[2]), "B": rdflib.URIRef(sys.argv[3])}))
t2 = time.perf_counter()
nxg = rdflib_to_networkx_multidigraph(g)
t3 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f} {len(rows)} {nxg.number_of_edges()}")
"""


# A small launcher: a child's peak RSS (ru_maxrss) starts at its parent's RSS
# at fork time, so the big benchmark process must not be the direct parent.
LAUNCHER = r"""
import os, resource, subprocess, sys, time
t = time.perf_counter()
code = subprocess.call(sys.argv[2:])
wall = time.perf_counter() - t
with open(sys.argv[1], "w") as fh:
    fh.write(f"{code} {wall} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}")
"""


def timed_rss(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run ``cmd``: (wall seconds, its peak RSS in MB, its stdout)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as report:
        subprocess.run([sys.executable, "-c", LAUNCHER, report.name, *cmd], stdout=out, stderr=err, env=env, check=False)
        code, wall, rss = report.read().split()
        out.seek(0)
        err.seek(0)
        if int(code) != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed ({code}): {err.read().decode()[-2000:]}")
        return float(wall), int(rss) / 1024, out.read().decode()


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines() if l.startswith("MemTotal")).split()[1])
        ram = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, StopIteration, ValueError):
        pass
    import pyoxigraph
    import rdflib

    return (
        f"{cpu}, {os.cpu_count()} cores{ram}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}"
    )


def pick_entities(data: Path) -> dict[str, Any]:
    """Two occupations that share skills, and two skills, from the CSV rows."""
    skills: dict[str, set[str]] = {}
    with open(data / "occupationSkillRelations_en.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            skills.setdefault(row["occupationUri"], set()).add(row["skillUri"])
    occs = sorted(skills, key=lambda o: (-len(skills[o]), o))
    a = occs[len(occs) // 3]
    b = max((o for o in occs if o != a), key=lambda o: (len(skills[a] & skills[o]), o))
    shared = sorted(skills[a] & skills[b]) or sorted(skills[a])
    return {"a": a, "b": b, "skills": shared[:3]}


def pick_onet(data: Path) -> dict[str, Any]:
    """Two O*NET occupations and three elements, from the rows."""
    with open(data / "Occupation Data.txt", encoding="utf-8", newline="") as fh:
        codes = [row["O*NET-SOC Code"] for row in csv.DictReader(fh, delimiter="\t")]
    onet = "https://w3id.org/rolegraph/onet/"
    return {"a": f"{onet}occupation/{codes[len(codes) // 3]}", "b": f"{onet}occupation/{codes[len(codes) // 2]}",
            "skills": [f"{onet}element/2.A.1.e", f"{onet}element/2.A.3.c", f"{onet}element/2.C.1.i"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="medium")
    parser.add_argument("--source", choices=["esco", "onet"], default="esco", help="ESCO-shaped CSVs, or the O*NET database's text files (about 1,000 occupations)")
    parser.add_argument("--data", help="a directory of ESCO CSV files to use instead of generated ones")
    parser.add_argument("--workdir", help="where to keep generated data (default: a temporary directory)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each measurement (median reported)")
    parser.add_argument("--naive-repeat", type=int, default=None, help="runs of the naive baseline (default: 3, or --repeat on small)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("-o", "--output", default=str(HERE / "results.md"))
    args = parser.parse_args(argv)

    work = Path(args.workdir or tempfile.mkdtemp(prefix="rolegraph-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rolegraph = [sys.executable, "-m", "rolegraph"]
    exe = shutil.which("rolegraph")
    if exe:
        rolegraph = [exe]
    env = dict(os.environ)
    # Measure as an installed package runs: with bytecode cached (outside the repo).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    rows: list[dict[str, str]] = []
    log = lambda msg: print(msg, file=sys.stderr, flush=True)

    onet = args.source == "onet"
    data = Path(args.data) if args.data else work / ("onet-full" if onet else f"esco-{args.size}")
    if onet and not args.data and not (data / "Occupation Data.txt").is_file():
        log(f"generating O*NET-shaped data in {data}")
        generate_onet(data)
    elif not onet and not args.data and not (data / "occupations_en.csv").is_file():
        log(f"generating {args.size} data in {data}")
        generate(data, *SIZES[args.size])
    nt = work / f"{args.source}-{data.name}.nt"

    # -- import
    walls, rss = [], []
    for _ in range(max(1, min(args.repeat, 3))):
        w, r, out = timed_rss([*rolegraph, "import", args.source, str(data), "-o", str(nt), "--format", "json"], env)
        walls.append(w)
        rss.append(r)
    summary = json.loads(out)
    triples = summary["triples"]
    log(f"import: {median(walls):.2f} s, {triples:,} triples")
    rows.append({"what": f"import {args.source} ({'text files' if onet else 'CSV'} → N-Triples)", "rolegraph": f"{median(walls):.2f} s", "rss": f"{max(rss):.0f} MB"})

    # -- compile: a fresh cache each time
    walls, rss, inner = [], [], []
    cache = work / "cache"
    for _ in range(max(1, min(args.repeat, 3))):
        shutil.rmtree(cache, ignore_errors=True)
        w, r, _out = timed_rss([*rolegraph, "--graph", str(nt), "--cache-dir", str(cache), "stats", "--format", "json"], env)
        walls.append(w)
        rss.append(r)
        meta = next(cache.glob("*/meta.json"))
        inner.append(json.loads(meta.read_text())["seconds"])
    stored = json.loads(next(cache.glob("*/meta.json")).read_text())["triples"]
    log(f"compile: {median(walls):.2f} s wall ({median(inner):.2f} s compiling), peak {max(rss):.0f} MB")
    rows.append({"what": f"compile ({stored:,} triples with the ontology)", "rolegraph": f"{median(walls):.2f} s", "rss": f"{max(rss):.0f} MB"})

    # -- cold CLI
    picked = pick_onet(data) if onet else pick_entities(data)
    a, b = picked["a"], picked["b"]
    base = [*rolegraph, "--graph", str(nt), "--cache-dir", str(cache)]
    commands: dict[str, list[str]] = {
        "stats": ["stats", "--format", "json"],
        "show": ["show", a, "--format", "json"],
    }
    have_queries = subprocess.run([*rolegraph, "compare", "--help"], capture_output=True).returncode == 0
    if have_queries:
        commands["compare"] = ["compare", a, b, "--format", "json"]
        commands["gap"] = ["gap", a, b, "--format", "json"]
        commands["path"] = ["path", a, b, "--format", "json"]
        fit = ["fit", "--format", "json"]
        for s in picked["skills"]:
            fit += ["--skill", s]
        commands["fit"] = fit
    cold: dict[str, float] = {}
    help_walls = [timed_rss([*rolegraph, "--help"], env)[0] for _ in range(args.repeat)]
    for name, extra in commands.items():
        walls, rss = [], []
        for _ in range(args.repeat):
            w, r, _out = timed_rss([*base, *extra], env)
            walls.append(w)
            rss.append(r)
        cold[name] = median(walls)
        log(f"cold {name}: {cold[name]:.3f} s, {median(rss):.0f} MB")
        rows.append({"what": f"cold `{name}`", "rolegraph": f"{cold[name]:.3f} s", "rss": f"{median(rss):.0f} MB"})
    rows.append({"what": "`rolegraph --help`", "rolegraph": f"{median(help_walls):.3f} s", "rss": ""})

    # -- joined with the shipped graph (--with): the compile, then the first
    # queries on the joined data scientist (the data holds ESCO's IRI for it)
    joined_cache = work / "cache-joined"
    joined = {} if onet else {
        "show": ["show", "data scientist", "--format", "json"],
        "compare": ["compare", "data scientist", "rg:data-analyst", "--format", "json"],
        "fit": ["fit", "--skill", "SQL", "--skill", "statistics", "--format", "json"],
    }
    walls, rss = [], []
    for _ in range(max(1, min(args.repeat, 3)) if joined else 0):
        shutil.rmtree(joined_cache, ignore_errors=True)
        w, r, _out = timed_rss([*rolegraph, "--with", str(nt), "--cache-dir", str(joined_cache), "show", "data scientist", "--format", "json"], env)
        walls.append(w)
        rss.append(r)
    if joined:
        log(f"joined compile + first show: {median(walls):.2f} s, peak {max(rss):.0f} MB")
        rows.append({"what": "`--with` ESCO: compile + first `show \"data scientist\"`", "rolegraph": f"{median(walls):.2f} s", "rss": f"{max(rss):.0f} MB"})
    joined_base = [*rolegraph, "--with", str(nt), "--cache-dir", str(joined_cache)]
    for name, extra in joined.items():
        walls, rss = [], []
        for _ in range(args.repeat):
            w, r, _out = timed_rss([*joined_base, *extra], env)
            walls.append(w)
            rss.append(r)
        log(f"joined cold {name}: {median(walls):.3f} s")
        rows.append({"what": f"`--with` ESCO: cold `{name}` (joined data scientist)", "rolegraph": f"{median(walls):.3f} s", "rss": f"{median(rss):.0f} MB"})

    # -- warm library calls
    os.environ["ROLEGRAPH_CACHE_DIR"] = str(cache)
    import rolegraph

    store = rolegraph.open_store([nt], cache_dir=cache)
    calls: dict[str, Any] = {"stats": lambda: rolegraph.stats(store), "show": lambda: rolegraph.show(store, a)}
    if have_queries:
        calls["compare"] = lambda: rolegraph.compare(store, a, b)
        calls["gap"] = lambda: rolegraph.gap(store, a, b)
        calls["path"] = lambda: rolegraph.path(store, a, b)
        calls["fit"] = lambda: rolegraph.fit(store, picked["skills"])
    warm: dict[str, float] = {}
    for name, call in calls.items():
        call()  # first call builds what later calls reuse
        times = []
        for _ in range(max(args.repeat, 5)):
            t = time.perf_counter()
            call()
            times.append(time.perf_counter() - t)
        warm[name] = median(times)
        log(f"warm {name}: {warm[name] * 1000:.2f} ms")
    for row in rows:
        for name, value in warm.items():
            if row["what"] == f"cold `{name}`":
                row["warm"] = f"{value * 1000:.2f} ms"

    # -- naive baseline
    naive_n = args.naive_repeat or (args.repeat if triples < 300_000 else 3)
    naive_note = ""
    if not args.no_naive:
        walls, rss, parts = [], [], []
        for _ in range(naive_n):
            w, r, out = timed_rss([sys.executable, "-c", NAIVE, str(nt), a, b], env)
            walls.append(w)
            rss.append(r)
            parts.append([float(x) for x in out.split()[:3]])
            log(f"naive call: {w:.1f} s, {r:.0f} MB")
        naive = median(walls)
        parse, query, tonx = (median([p[i] for p in parts]) for i in range(3))
        naive_note = (
            f"Naive call = rdflib parse {parse:.1f} s + SPARQL compare {query:.2f} s + rdflib_to_networkx_multidigraph {tonx:.1f} s "
            f"(+ imports), median of {naive_n} runs, peak {median(rss):.0f} MB."
        )
        for row in rows:
            name = row["what"][len("cold `"):-1]
            if row["what"].startswith("cold `") and name in cold:
                row["naive"] = f"{naive:.1f} s"
                row["ratio"] = f"{naive / cold[name]:,.0f}×"
        rows.append({"what": "naive call (parse + SPARQL + networkx)", "naive": f"{naive:.1f} s", "rss": f"{median(rss):.0f} MB"})

    # -- report
    header = ["what", "rolegraph", "warm", "naive", "ratio", "rss"]
    titles = ["measurement", "rolegraph (median)", "warm library call", "naive baseline", "naive ÷ rolegraph", "peak RSS"]
    lines = ["| " + " | ".join(titles) + " |", "|" + "---|" * len(titles)]
    for row in rows:
        lines.append("| " + " | ".join(row.get(h, "") for h in header) + " |")
    table = "\n".join(lines)
    desc = machine()
    text = "\n".join([
        "# Benchmark results",
        "",
        f"Data: O*NET-shaped synthetic text files (`benchmarks/generate_onet.py`), {summary['entities']['occupations']:,} occupations, "
        f"{summary['entities'].get('tasks', 0):,} tasks, {summary['relations'].get('technology skills', 0):,} technology rows, "
        f"{sum(summary['ratings'].values()):,} ratings used; {triples:,} triples imported." if onet else
        f"Data: ESCO-shaped synthetic CSVs (`benchmarks/generate.py --size {args.size}`), "
        f"{summary['entities']['occupations']:,} occupations, {summary['entities']['skills']:,} skills, "
        f"{sum(v for k, v in summary['relations'].items() if k in ('essential', 'optional')):,} occupation–skill relations; "
        f"{triples:,} triples imported." if not args.data else f"Data: {data}; {triples:,} triples imported.",
        "",
        f"Machine: {desc}.",
        "",
        f"Medians of {args.repeat} runs (import and compile: {max(1, min(args.repeat, 3))}); cold runs are fresh processes "
        "with the store already compiled; peak RSS is the maximum resident set of the command's own process (ru_maxrss, via a small launcher; floor ≈ 11 MB).",
        "",
        table,
        "",
        naive_note,
        "",
        f"Commands: `show {a}`; `compare`/`gap`/`path` between {a} and {b}; `fit` with {len(picked['skills'])} skills.",
        "",
    ])
    print(table)
    if naive_note:
        print("\n" + naive_note)
    Path(args.output).write_text(text, encoding="utf-8")
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
