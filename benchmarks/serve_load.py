"""Load on ``rolegraph serve``: N concurrent clients sending a mix of API
requests for S seconds on the shipped graph; reports errors and the median
and 95th-percentile latency, overall and per request kind.

    python benchmarks/serve_load.py                      # 8 clients, 30 s
    python benchmarks/serve_load.py --clients 16 --seconds 60 -o /tmp/load.md
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent

MIX = [
    ("show", {"ref": "Python"}),
    ("show", {"ref": "data scientist"}),
    ("search", {"q": "visualisation"}),
    ("compare", {"a": "data scientist", "b": "machine learning engineer"}),
    ("gap", {"from": "data analyst", "to": "data scientist"}),
    ("path", {"a": "Tableau", "b": "TensorFlow"}),
    ("fit", {"skill": "SQL", "tool": "Excel"}),
    ("similar", {"ref": "data analyst"}),
    ("workflow", {}),
    ("stats", {}),
    ("sparql", {"query": "SELECT ?r ?l WHERE { ?r a rg:Role ; skos:prefLabel ?l }"}),
]


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("-o", "--output", default=str(HERE / "results-serve.md"))
    args = parser.parse_args(argv)

    process = subprocess.Popen([sys.executable, "-m", "rolegraph", "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert process.stdout is not None
    base = process.stdout.readline().strip()
    for _ in range(600):
        try:
            urllib.request.urlopen(base + "api/stats", timeout=5).read()
            break
        except OSError:
            time.sleep(0.1)
    latencies: dict[str, list[float]] = {name: [] for name, _ in MIX}
    errors: list[str] = []
    stop = time.monotonic() + args.seconds

    def client(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop:
            name, params = rng.choice(MIX)
            url = base + ("sparql?" if name == "sparql" else f"api/{name}?") + urlencode(params)
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=30) as r:
                    r.read()
                    if r.status != 200:
                        errors.append(f"{name}: {r.status}")
            except (urllib.error.URLError, OSError) as exc:
                errors.append(f"{name}: {exc}")
                continue
            latencies[name].append(time.perf_counter() - start)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    process.terminate()
    process.wait(15)

    every = [x for v in latencies.values() for x in v]
    lines = [
        "# Load on `rolegraph serve`",
        "",
        f"{args.clients} concurrent clients, {args.seconds:g} s, a random mix of API requests and one SPARQL query on the shipped graph "
        f"(`python benchmarks/serve_load.py`); {os.cpu_count()} cores.",
        "",
        f"Requests: {len(every):,} ({len(every) / args.seconds:,.0f} per second); errors: {len(errors)}.",
        "",
        "| request | count | median | 95th percentile |",
        "|---|---|---|---|",
        f"| all | {len(every):,} | {statistics.median(every) * 1000:.1f} ms | {percentile(every, 95) * 1000:.1f} ms |",
    ]
    for name, values in latencies.items():
        if values and not any(line.startswith(f"| {name} |") for line in lines):
            lines.append(f"| {name} | {len(values):,} | {statistics.median(values) * 1000:.1f} ms | {percentile(values, 95) * 1000:.1f} ms |")
    if errors:
        lines += ["", "First errors:", *[f"- {e}" for e in errors[:10]]]
    text = "\n".join(lines) + "\n"
    print(text)
    Path(args.output).write_text(text, encoding="utf-8")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
