"""Generate ESCO-shaped synthetic CSV files for the benchmark.

The files have ESCO v1.2's names and columns (see DESIGN.md), realistic label
and description lengths, multi-line alt labels, some duplicate labels (as
ESCO has), skill-skill relations and broader relations. The same seed gives
the same files.

    python benchmarks/generate.py --size medium -o /tmp/esco-medium
    python benchmarks/generate.py --occupations 3000 --skills 13900 --relations 129000 -o /tmp/esco-full

Sizes (triples after ``rolegraph import esco``): small ≈ 100k, full (the
real ESCO v1.2's counts) ≈ 300k, medium ≈ 1M, large ≈ 3M.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

ESCO = "http://data.europa.eu/esco/"
#: Real ESCO occupations the shipped graph aligns with (graph/esco.ttl): the
#: first generated occupations take these IRIs and labels, so a benchmark
#: with --with joins them with the sourced roles as the real download does.
ALIGNED = [
    (ESCO + "occupation/258e46f9-0075-4a2e-adae-1ff0477e0f30", "data scientist"),
    (ESCO + "occupation/d3edb8f8-3a06-47a0-8fb9-9b212c006aa2", "data analyst"),
    (ESCO + "occupation/f2b15a0e-e65a-438a-affb-29b9d50b77d1", "software developer"),
]
SIZES = {
    # occupations, skills, occupation-skill relations
    "small": (1_200, 5_500, 50_000),
    # the size of the real ESCO v1.2 download
    "full": (3_039, 13_939, 129_000),
    "medium": (12_000, 55_000, 500_000),
    "large": (36_000, 165_000, 1_500_000),
}
SYLLABLES = "da ta ma chi ne lear ning sta tis tics ana ly sis en gi neer ope ra tor con struc tion ma na ge ment " \
    "sys tem soft ware de ve lo per mar ke ting fi nan ce ac count ing nur sing care me di cal ser vi ce " \
    "qua li ty con trol lo gis tics tra ding re search pro cess plan ning de sign wood metal".split()
WORDS_OCC = "specialist manager technician assistant officer engineer analyst operator supervisor consultant adviser inspector".split()
VERBS = "apply manage use perform develop monitor maintain operate analyse design ensure assess coordinate".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _phrase(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(_word(rng) for _ in range(rng.randint(lo, hi)))


def _sentence(rng: random.Random, lo: int, hi: int) -> str:
    text = _phrase(rng, lo, hi)
    # ESCO descriptions have commas, quotes and the odd non-ASCII letter.
    if rng.random() < 0.3:
        text += f', including "{_word(rng)}"'
    if rng.random() < 0.1:
        text += " — café, naïve, Größe"
    return text[0].upper() + text[1:] + "."


def generate(out: Path, occupations: int, skills: int, relations: int, seed: int = 42) -> dict[str, int]:
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    occ_uris = [f"{ESCO}occupation/{rng.getrandbits(64):016x}-{i}" for i in range(occupations)]
    occ_uris[: len(ALIGNED)] = [uri for uri, _label in ALIGNED][: len(occ_uris)]
    skill_uris = [f"{ESCO}skill/{rng.getrandbits(64):016x}-{i}" for i in range(skills)]
    skill_types = ["knowledge" if rng.random() < 0.3 else "skill/competence" for _ in skill_uris]

    with open(out / "occupations_en.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels", "status", "modifiedDate",
                    "regulatedProfessionNote", "scopeNote", "definition", "inScheme", "description", "code"])
        labels: list[str] = []
        for i, uri in enumerate(occ_uris):
            if labels and rng.random() < 0.01:
                label = rng.choice(labels)  # a duplicate label, as ESCO has a few
            else:
                label = f"{_phrase(rng, 1, 3)} {rng.choice(WORDS_OCC)}"
            if i < len(ALIGNED):
                label = ALIGNED[i][1]
            labels.append(label)
            alts = "\n".join(f"{_phrase(rng, 1, 3)} {rng.choice(WORDS_OCC)}" for _ in range(rng.randint(2, 8)))
            isco = f"{rng.randint(1000, 9999)}"
            w.writerow(["Occupation", uri, isco, label, alts, "", "released", "2023-11-30", "", "", "",
                        f"{ESCO}concept-scheme/occupations", _sentence(rng, 20, 50), f"{isco}.{i}"])

    with open(out / "skills_en.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "hiddenLabels", "status",
                    "modifiedDate", "scopeNote", "definition", "inScheme", "description"])
        labels = []
        for uri, kind in zip(skill_uris, skill_types):
            if labels and rng.random() < 0.01:
                label = rng.choice(labels)
            elif kind == "knowledge":
                label = _phrase(rng, 1, 3)
            else:
                label = f"{rng.choice(VERBS)} {_phrase(rng, 1, 4)}"
            labels.append(label)
            alts = "\n".join(_phrase(rng, 1, 4) for _ in range(rng.randint(0, 5)))
            w.writerow(["KnowledgeSkillCompetence", uri, kind, rng.choice(["sector-specific", "cross-sector", "transversal"]), label, alts,
                        "", "released", "2023-11-30", "", "", f"{ESCO}concept-scheme/skills", _sentence(rng, 10, 30)])

    # Popular skills are needed by many occupations (a skewed distribution, as in ESCO).
    cum: list[float] = []
    total = 0.0
    for i in range(skills):
        total += 1.0 / (1 + i) ** 0.5
        cum.append(total)
    per_occ = max(1, relations // max(occupations, 1))
    with open(out / "occupationSkillRelations_en.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["occupationUri", "relationType", "skillType", "skillUri"])
        written = 0
        for n, occ in enumerate(occ_uris):
            if n % 97 == 0:
                continue  # some occupations have no skills
            want = min(relations - written, rng.randint(per_occ // 2, per_occ * 3 // 2 + 1))
            picks = set(rng.choices(range(skills), cum_weights=cum, k=want))
            for j in picks:
                w.writerow([occ, "essential" if rng.random() < 0.55 else "optional", skill_types[j], skill_uris[j]])
            written += len(picks)

    with open(out / "skillSkillRelations_en.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["originalSkillUri", "originalSkillType", "relationType", "relatedSkillType", "relatedSkillUri"])
        for _ in range(skills // 3):
            a, b = rng.randrange(skills), rng.randrange(skills)
            if a != b:
                w.writerow([skill_uris[a], skill_types[a], rng.choice(["essential", "optional"]), skill_types[b], skill_uris[b]])

    isco = sorted({rng.randint(1000, 9999) for _ in range(max(10, occupations // 7))})
    with open(out / "ISCOGroups_en.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["conceptType", "conceptUri", "code", "preferredLabel", "altLabels", "inScheme", "description"])
        for code in isco:
            w.writerow(["ISCOGroup", f"{ESCO}isco/C{code}", str(code), f"{_phrase(rng, 1, 3)} workers", "", f"{ESCO}concept-scheme/isco", _sentence(rng, 10, 30)])
    groups = 600
    with open(out / "skillGroups_en.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["conceptType", "conceptUri", "preferredLabel", "altLabels", "hiddenLabels", "status", "modifiedDate", "scopeNote", "inScheme", "description", "code"])
        for g in range(1, groups + 1):
            w.writerow(["SkillGroup", f"{ESCO}skill/group-{g}", f"{_phrase(rng, 1, 3)} skills", "", "", "released", "2023-11-30", "", f"{ESCO}concept-scheme/skills", _sentence(rng, 10, 20), f"S{g}"])

    with open(out / "broaderRelationsOccPillar_en.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["conceptType", "conceptUri", "broaderType", "broaderUri"])
        for i, occ in enumerate(occ_uris):
            if i > 10 and rng.random() < 0.2:
                w.writerow(["Occupation", occ, "Occupation", occ_uris[rng.randrange(i)]])
            else:
                w.writerow(["Occupation", occ, "ISCOGroup", f"{ESCO}isco/C{rng.choice(isco)}"])

    with open(out / "broaderRelationsSkillPillar_en.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["conceptType", "conceptUri", "broaderType", "broaderUri"])
        for uri in skill_uris:
            w.writerow(["KnowledgeSkillCompetence", uri, "SkillGroup", f"{ESCO}skill/group-{rng.randint(1, groups)}"])
        for g in range(2, groups + 1):  # groups under groups, as ESCO's pillar is a tree
            w.writerow(["SkillGroup", f"{ESCO}skill/group-{g}", "SkillGroup", f"{ESCO}skill/group-{rng.randint(1, g - 1)}"])
    return {"occupations": occupations, "skills": skills, "relations": relations}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", required=True, help="directory to write the CSV files into")
    parser.add_argument("--size", choices=sorted(SIZES), default="medium")
    parser.add_argument("--occupations", type=int)
    parser.add_argument("--skills", type=int)
    parser.add_argument("--relations", type=int)
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args(argv)
    occ, skills, rels = SIZES[args.size]
    occ = args.occupations or occ
    skills = args.skills or skills
    rels = args.relations or rels
    generate(Path(args.output), occ, skills, rels, args.seed)
    print(f"wrote {occ:,} occupations, {skills:,} skills, ~{rels:,} relations to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
