"""Generate O*NET-shaped text files (the database's tab-separated
distribution) for the benchmark and the held-out tests.

The files have the real names and columns (see DESIGN.md): Occupation Data,
Alternate Titles, Task Statements, Task Ratings, Technology Skills (with Hot
Technology and In Demand), Tools Used, Skills and Knowledge (importance IM and
level LV per occupation and element, some marked Recommend Suppress or Not
Relevant), Related Occupations. Skills and knowledge carry O*NET's element
names; codes, titles, tasks and ratings are made up. The same seed gives the
same files.

    python benchmarks/generate_onet.py -o /tmp/onet-full                 # ~1,000 occupations
    python benchmarks/generate_onet.py --occupations 40 -o /tmp/onet-small
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

SKILLS = (
    "Reading Comprehension, Active Listening, Writing, Speaking, Mathematics, Science, Critical Thinking, Active Learning, "
    "Learning Strategies, Monitoring, Social Perceptiveness, Coordination, Persuasion, Negotiation, Instructing, Service Orientation, "
    "Complex Problem Solving, Operations Analysis, Technology Design, Equipment Selection, Installation, Programming, "
    "Operations Monitoring, Operation and Control, Equipment Maintenance, Troubleshooting, Repairing, Quality Control Analysis, "
    "Judgment and Decision Making, Systems Analysis, Systems Evaluation, Time Management, Management of Financial Resources, "
    "Management of Material Resources, Management of Personnel Resources"
).split(", ")
KNOWLEDGE = (
    "Administration and Management, Administrative, Economics and Accounting, Sales and Marketing, Customer and Personal Service, "
    "Personnel and Human Resources, Production and Processing, Food Production, Computers and Electronics, Engineering and Technology, "
    "Design, Building and Construction, Mechanical, Mathematics, Physics, Chemistry, Biology, Psychology, Sociology and Anthropology, "
    "Geography, Medicine and Dentistry, Therapy and Counseling, Education and Training, English Language, Foreign Language, Fine Arts, "
    "History and Archeology, Philosophy and Theology, Public Safety and Security, Law and Government, Telecommunications, "
    "Communications and Media, Transportation"
).split(", ")
SYLLABLES = "da ta ana ly sis sta tis tics soft ware sys tem net work data base web de sign mar ket fi nan ce lo gis tic".split()
WORDS = "Analysts Scientists Engineers Developers Technicians Managers Specialists Administrators Designers Architects".split()
VERBS = "Analyze Develop Maintain Design Evaluate Monitor Prepare Test Document Coordinate Review Apply".split()


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _rating(rng: random.Random, scale: str) -> str:
    return f"{rng.uniform(1, 5):.2f}" if scale == "IM" else f"{rng.uniform(0, 7):.2f}"


def generate(out: Path, occupations: int = 1_000, tasks_per: int = 20, tech_per: int = 30, seed: int = 7) -> dict[str, int]:
    """Write the files into ``out``; return the row counts."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    codes = sorted({f"{rng.randint(11, 53)}-{rng.randint(1000, 9999)}.{rng.choice(['00', '00', '01', '02'])}" for _ in range(occupations * 2)})
    codes = rng.sample(codes, occupations)
    codes.sort()
    titles = {c: f"{_word(rng)} {rng.choice(WORDS)}" for c in codes}
    counts: dict[str, int] = {}

    def writer(name: str, header: list[str]) -> tuple[object, csv.writer]:  # type: ignore[valid-type]
        fh = open(out / f"{name}.txt", "w", encoding="utf-8", newline="")
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        w.writerow(header)
        return fh, w

    fh, w = writer("Occupation Data", ["O*NET-SOC Code", "Title", "Description"])
    for c in codes:
        w.writerow([c, titles[c], f"{rng.choice(VERBS)} {_word(rng).lower()} systems and {_word(rng).lower()} data for organizations."])
    fh.close()
    counts["occupations"] = len(codes)

    fh, w = writer("Alternate Titles", ["O*NET-SOC Code", "Title", "Alternate Title", "Short Title", "Source(s)"])
    n = 0
    for c in codes:
        for _ in range(rng.randint(3, 12)):
            w.writerow([c, titles[c], f"{_word(rng)} {rng.choice(WORDS)[:-1]}", rng.choice(["", "", _word(rng)]), "08"])
            n += 1
    fh.close()
    counts["alternate titles"] = n

    task_id = 1000
    fh, w = writer("Task Statements", ["O*NET-SOC Code", "Title", "Task ID", "Task", "Task Type", "Incumbents Responding", "Date", "Domain Source"])
    fr, wr = writer("Task Ratings", ["O*NET-SOC Code", "Title", "Task ID", "Task", "Scale ID", "Scale Name", "Category", "Data Value", "N", "Standard Error",
                                     "Lower CI Bound", "Upper CI Bound", "Recommend Suppress", "Date", "Domain Source"])
    n = rn = 0
    for c in codes:
        for _ in range(tasks_per):
            task_id += rng.randint(1, 3)
            text = f"{rng.choice(VERBS)} {_word(rng).lower()} {_word(rng).lower()} to support {_word(rng).lower()} operations."
            w.writerow([c, titles[c], task_id, text, rng.choice(["Core", "Core", "Supplemental"]), rng.randint(10, 90), "07/2023", "Incumbent"])
            n += 1
            for scale, name in (("IM", "Importance"), ("RT", "Relevance of Task")):
                wr.writerow([c, titles[c], task_id, text, scale, name, "", _rating(rng, "IM") if scale == "IM" else f"{rng.uniform(0, 100):.2f}",
                             rng.randint(10, 90), "0.12", "3.1", "4.2", "Y" if rng.random() < 0.02 else "N", "07/2023", "Incumbent"])
                rn += 1
    fh.close()
    fr.close()
    counts["tasks"], counts["task ratings"] = n, rn

    for name, elements, prefix in (("Skills", SKILLS, "2.A"), ("Knowledge", KNOWLEDGE, "2.C")):
        fh, w = writer(name, ["O*NET-SOC Code", "Title", "Element ID", "Element Name", "Scale ID", "Scale Name", "Data Value", "N", "Standard Error",
                              "Lower CI Bound", "Upper CI Bound", "Recommend Suppress", "Not Relevant", "Date", "Domain Source"])
        n = 0
        for c in codes:
            for i, element in enumerate(elements):
                element_id = f"{prefix}.{i // 10 + 1}.{chr(ord('a') + i % 10)}"
                for scale, scale_name in (("IM", "Importance"), ("LV", "Level")):
                    w.writerow([c, titles[c], element_id, element, scale, scale_name, _rating(rng, scale), 8, "0.2", "2.9", "4.1",
                                "Y" if rng.random() < 0.03 else "N", ("Y" if rng.random() < 0.05 else "N") if scale == "LV" else "n/a", "08/2023", "Analyst"])
                    n += 1
        fh.close()
        counts[name.lower()] = n

    commodities = [(43230000 + i * 13, f"{_word(rng)} software") for i in range(max(20, occupations // 4))]
    pool = [(f"{_word(rng)} {rng.choice(['Studio', 'Server', 'Analytics', 'SQL', 'Cloud', 'Suite', ''])}".strip(), rng.choice(commodities)) for _ in range(max(100, occupations * 4))]
    pool = list({ex.casefold(): (ex, com) for ex, com in pool}.values())
    hot = {ex for ex, _ in pool if rng.random() < 0.2}
    fh, w = writer("Technology Skills", ["O*NET-SOC Code", "Title", "Example", "Commodity Code", "Commodity Title", "Hot Technology", "In Demand"])
    n = 0
    for c in codes:
        for ex, (code, title) in rng.sample(pool, min(tech_per, len(pool))):
            w.writerow([c, titles[c], ex, code, title, "Y" if ex in hot else "N", "Y" if rng.random() < 0.15 else "N"])
            n += 1
    fh.close()
    counts["technology skills"] = n

    tools = [(f"{_word(rng)} {rng.choice(['meters', 'scanners', 'computers', 'printers'])}", rng.choice(commodities)) for _ in range(max(50, occupations))]
    tools = list({ex.casefold(): (ex, com) for ex, com in tools}.values())
    fh, w = writer("Tools Used", ["O*NET-SOC Code", "Title", "Example", "Commodity Code", "Commodity Title"])
    n = 0
    for c in codes:
        for ex, (code, title) in rng.sample(tools, min(8, len(tools))):
            w.writerow([c, titles[c], ex, code + 1, f"{title} devices"])
            n += 1
    fh.close()
    counts["tools used"] = n

    fh, w = writer("Related Occupations", ["O*NET-SOC Code", "Title", "Related O*NET-SOC Code", "Related Title", "Relatedness Tier", "Index"])
    n = 0
    for c in codes:
        for i, other in enumerate(rng.sample(codes, min(10, len(codes) - 1))):
            if other != c:
                w.writerow([c, titles[c], other, titles[other], "Primary-Short" if i < 5 else "Supplemental", i + 1])
                n += 1
    fh.close()
    counts["related occupations"] = n
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--occupations", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    counts = generate(Path(args.output), args.occupations, seed=args.seed)
    print(", ".join(f"{v:,} {k}" for k, v in counts.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
