"""Fixtures for the ESCO importer: the small ESCO-format fixture, the graph
imported from it, and the ground truth read straight from its CSV rows."""

from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parent / "fixture"
ESCO = "http://data.europa.eu/esco/"
DS = ESCO + "occupation/ds-0001"
STAT = ESCO + "occupation/st-0002"
ANALYST = ESCO + "occupation/da-0003"
CAFE = ESCO + "occupation/cm-0004"


@dataclass(frozen=True)
class Truth:
    """What the CSV rows say, computed without rolegraph."""

    occupations: dict[str, dict[str, str]]
    skills: dict[str, dict[str, str]]
    #: occupation IRI → {skill IRI: essential?}
    requires: dict[str, dict[str, bool]]


def read_truth(directory: Path = FIXTURE) -> Truth:
    def rows(name: str) -> list[dict[str, str]]:
        with open(directory / name, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))

    def usable(row: dict[str, str]) -> bool:
        uri = row.get("conceptUri") or ""
        return uri.startswith("http") and " " not in uri and bool(row.get("preferredLabel"))

    occupations = {r["conceptUri"]: r for r in rows("occupations_en.csv") if usable(r)}
    skills = {r["conceptUri"]: r for r in rows("skills_en.csv") if usable(r)}
    requires: dict[str, dict[str, bool]] = defaultdict(dict)
    for r in rows("occupationSkillRelations_en.csv"):
        occ, skill, kind = r.get("occupationUri"), r.get("skillUri"), r.get("relationType")
        if occ in occupations and skill in skills and kind in ("essential", "optional"):
            requires[occ][skill] = kind == "essential"
    return Truth(occupations, skills, dict(requires))


@pytest.fixture(scope="session")
def truth() -> Truth:
    return read_truth()


@pytest.fixture(scope="session")
def esco_nt(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture imported once (through the library) to N-Triples."""
    from rolegraph.importers.esco import import_esco

    out = tmp_path_factory.mktemp("esco") / "esco.nt"
    import_esco(FIXTURE, out)
    return out


@pytest.fixture
def esco_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture that a test may damage."""
    target = tmp_path / "esco"
    shutil.copytree(FIXTURE, target)
    return target
