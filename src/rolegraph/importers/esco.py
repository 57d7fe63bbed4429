"""Convert ESCO's CSV files (v1.2 layout) into rolegraph RDF (N-Triples).

Mapping (columns are read by header name; extra columns are ignored):

- ``occupations_en.csv``: each row → an ``rg:Role`` keeping ESCO's ``conceptUri``.
- ``skills_en.csv``: each row → an ``rg:Skill``, also ``rg:Knowledge`` when
  ``skillType`` is ``knowledge`` and ``rg:Competence`` for ``skill/competence``.
- ``preferredLabel`` → ``skos:prefLabel``, each line of ``altLabels`` →
  ``skos:altLabel``, ``definition`` (else ``description``) → ``skos:definition``,
  all tagged ``@en``.
- ``occupationSkillRelations_en.csv`` → ``rg:essentialSkill`` / ``rg:optionalSkill``.
- ``skillSkillRelations_en.csv`` (optional) → ``skos:related`` between the two
  skills, whatever the ``relationType``: ESCO's essential/optional link between
  skills says they go together, not that one must be learnt first, so it is
  not an ``rg:prerequisite`` (which orders learning plans).
- ``broaderRelationsOccPillar_en.csv`` / ``broaderRelationsSkillPillar_en.csv``
  (optional) → ``skos:broader`` from each imported concept.

Rows are streamed: memory holds the sets of imported concept IRIs and
relation pairs, never a whole file. A row that cannot be used (too few
fields, no IRI, an invalid IRI, a relation to a concept the files lack) is
counted and skipped with a reason; missing files or columns stop the import.
The output is written to a temporary file renamed over ``OUT`` at the end, so
a failed or interrupted import leaves the previous ``OUT`` untouched.
"""

from __future__ import annotations

import csv
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox

from ..errors import ImportDataError
from ..files import atomic_file
from ..vocab import RDF, RG, SKOS
from .ntriples import TripleWriter, iri, text

OCCUPATIONS = "occupations_en.csv"
SKILLS = "skills_en.csv"
RELATIONS = "occupationSkillRelations_en.csv"
SKILL_RELATIONS = "skillSkillRelations_en.csv"
BROADER_OCC = "broaderRelationsOccPillar_en.csv"
BROADER_SKILL = "broaderRelationsSkillPillar_en.csv"

#: Columns each file must have (more are allowed and ignored).
REQUIRED: dict[str, tuple[str, ...]] = {
    OCCUPATIONS: ("conceptUri", "preferredLabel"),
    SKILLS: ("conceptUri", "preferredLabel"),
    RELATIONS: ("occupationUri", "relationType", "skillUri"),
    SKILL_RELATIONS: ("originalSkillUri", "relatedSkillUri"),
    BROADER_OCC: ("conceptUri", "broaderUri"),
    BROADER_SKILL: ("conceptUri", "broaderUri"),
}
OPTIONAL_FILES = (SKILL_RELATIONS, BROADER_OCC, BROADER_SKILL)

PROGRESS_EVERY = 50_000
MAX_PROBLEMS = 20

_A = ox.NamedNode(RDF.type)
_PREF = ox.NamedNode(SKOS.prefLabel)
_ALT = ox.NamedNode(SKOS.altLabel)
_DEF = ox.NamedNode(SKOS.definition)
_RELATED = ox.NamedNode(SKOS.related)
_BROADER = ox.NamedNode(SKOS.broader)
_ROLE = ox.NamedNode(RG.Role)
_SKILL = ox.NamedNode(RG.Skill)
_SKILL_TYPES = {"knowledge": ox.NamedNode(RG.Knowledge), "skill/competence": ox.NamedNode(RG.Competence)}
_RELATION_PREDICATES = {"essential": ox.NamedNode(RG.essentialSkill), "optional": ox.NamedNode(RG.optionalSkill)}

@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote and what it skipped."""

    output: str
    triples: int
    entities: dict[str, int]
    relations: dict[str, int]
    skipped: dict[str, int]
    skipped_total: int
    problems: list[str]
    seconds: float


@dataclass
class Tally:
    """What an import has done so far (becomes the :class:`ImportSummary`)."""

    occupations: int = 0
    skills: int = 0
    relations: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def skip(self, reason: str, where: str | None = None) -> None:
        self.skipped[reason] += 1
        if where is not None and len(self.problems) < MAX_PROBLEMS:
            self.problems.append(f"{where}: {reason}")

    def summary(self, output: str, triples: int, seconds: float) -> ImportSummary:
        return ImportSummary(
            output=output,
            triples=triples,
            entities={"occupations": self.occupations, "skills": self.skills},
            relations=dict(self.relations),
            skipped=dict(self.skipped),
            skipped_total=sum(self.skipped.values()),
            problems=list(self.problems),
            seconds=round(seconds, 3),
        )


# ------------------------------------------------------------------ reading


class _Table:
    """One CSV file read row by row, fields looked up by header name."""

    def __init__(self, path: Path, summary: Tally):
        self.path = path
        self.name = path.name
        self.summary = summary
        self._fh: IO[str] | None = None
        self.columns: dict[str, int] = {}
        self.width = 0

    def open(self) -> _Table:
        try:
            self._fh = open(self.path, encoding="utf-8-sig", newline="")
            header = next(csv.reader(self._fh), None)
        except UnicodeDecodeError as exc:
            raise ImportDataError(f"{self.name}: not UTF-8 text ({exc.reason}) in the header") from None
        except OSError as exc:
            raise ImportDataError(f"{self.name}: cannot read ({exc.strerror or exc})") from None
        if header is None:
            raise ImportDataError(f"{self.name}: the file is empty (no header row)")
        self.columns = {}
        self.width = len(header)
        for i, name in enumerate(header):
            self.columns.setdefault(name.strip(), i)
        missing = [c for c in REQUIRED[self.name] if c not in self.columns]
        if missing:
            raise ImportDataError(f"{self.name}: no {', '.join(repr(c) for c in missing)} column (the header has: {', '.join(header)})")
        return self

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def rows(self, progress: Callable[[str], None] | None) -> Iterator[tuple[int, Callable[[str], str]]]:
        """``(line, get)`` for each usable row; ``get(column)`` is '' when absent."""
        assert self._fh is not None
        reader = csv.reader(self._fh)
        reader_line = 1  # the header took line 1 (csv.reader line_num restarts)
        count = 0
        while True:
            start = reader_line + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                reader_line = 1 + reader.line_num
                self.summary.skip("malformed row", f"{self.name}:{start} ({exc})")
                continue
            except UnicodeDecodeError as exc:
                raise ImportDataError(f"{self.name}: not UTF-8 text ({exc.reason}) after line {start - 1}") from None
            reader_line = 1 + reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            count += 1
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(f"{self.name}: {count:,} rows")
            if len(row) != self.width:
                # A field count unlike the header's means broken quoting or a
                # cut line: the values cannot be trusted to be in their columns.
                self.summary.skip("malformed row", f"{self.name}:{start} ({len(row)} fields, the header has {self.width})")
                continue
            def get(column: str, row: list[str] = row, cols: dict[str, int] = self.columns) -> str:
                i = cols.get(column)
                return row[i].strip() if i is not None and i < len(row) else ""

            yield start, get


# ------------------------------------------------------------------ writing


def _check_inputs(directory: Path) -> dict[str, Path]:
    if not directory.is_dir():
        raise ImportDataError(f"{directory}: not a directory")
    found: dict[str, Path] = {}
    for name in REQUIRED:
        path = directory / name
        if path.is_file():
            found[name] = path
        elif name not in OPTIONAL_FILES:
            raise ImportDataError(f"{directory}: no {name} (an ESCO CSV download holds occupations_en.csv, skills_en.csv and occupationSkillRelations_en.csv)")
    return found


def _concepts(table: _Table, out: TripleWriter, summary: Tally, kind: str, known: dict[str, ox.NamedNode], progress: Any) -> None:
    for line, get in table.rows(progress):
        uri, label = get("conceptUri"), get("preferredLabel")
        where = f"{table.name}:{line}"
        if not uri:
            summary.skip("malformed row (no conceptUri)", where)
            continue
        s = iri(uri)
        if s is None:
            summary.skip("malformed row (invalid IRI)", f"{where} ({uri[:60]!r})")
            continue
        if not label:
            summary.skip("malformed row (no preferredLabel)", where)
            continue
        if uri in known:
            summary.skip(f"duplicate concept in {table.name}", where)
            continue
        known[uri] = s
        if kind == "role":
            out.add(s, _A, _ROLE)
            summary.occupations += 1
        else:
            out.add(s, _A, _SKILL)
            extra = _SKILL_TYPES.get(get("skillType").lower())
            if extra is not None:
                out.add(s, _A, extra)
            summary.skills += 1
        out.add(s, _PREF, text(label))
        seen = {label}
        for alt in get("altLabels").splitlines():
            alt = alt.strip()
            if alt and alt not in seen:
                seen.add(alt)
                out.add(s, _ALT, text(alt))
        definition = get("definition") or get("description")
        if definition:
            out.add(s, _DEF, text(definition))


def _links(
    table: _Table,
    out: TripleWriter,
    summary: Tally,
    columns: tuple[str, str],
    sources: dict[str, ox.NamedNode],
    targets: dict[str, ox.NamedNode] | None,
    what: str,
    progress: Any,
) -> None:
    """Relations from ``columns[0]`` to ``columns[1]``; ``targets`` None keeps any IRI."""
    seen: set[tuple[str, ox.NamedNode, str]] = set()
    src_file = OCCUPATIONS if table.name == RELATIONS or table.name == BROADER_OCC else SKILLS
    dst_file = SKILLS
    for line, get in table.rows(progress):
        a, b = get(columns[0]), get(columns[1])
        where = f"{table.name}:{line}"
        if not a or not b:
            summary.skip("malformed row (empty IRI)", where)
            continue
        if what == "occupation-skill":
            kind = get("relationType").lower()
            p = _RELATION_PREDICATES.get(kind)
            if p is None:
                summary.skip("unknown relationType", f"{where} ({kind!r})")
                continue
        elif what == "skill-skill":
            p, kind = _RELATED, "skill-skill"
        else:
            p, kind = _BROADER, "broader"
        if a not in sources:
            reason = f"from a concept missing from {src_file}" if what != "broader" else "broader link of a concept not imported (e.g. an ISCO or skill group)"
            summary.skip(reason, where if what != "broader" else None)
            continue
        if targets is not None and b not in targets:
            summary.skip(f"to a skill missing from {dst_file}", where)
            continue
        o = targets[b] if targets is not None else iri(b)
        if o is None:
            summary.skip("malformed row (invalid IRI)", where)
            continue
        key = (a, p, b)
        if key in seen:
            summary.skip("duplicate relation")
            continue
        seen.add(key)
        out.add(sources[a], p, o)
        summary.relations[kind] += 1


def import_esco(
    directory: str | os.PathLike[str],
    output: str | os.PathLike[str],
    progress: Callable[[str], None] | None = None,
) -> ImportSummary:
    """Convert the ESCO CSV files in ``directory`` into N-Triples at ``output``
    (also valid Turtle), atomically. Raises :class:`ImportDataError` for a missing
    file or column; skipped rows are counted in the returned summary."""
    started = time.perf_counter()
    directory = Path(directory)
    target = Path(output)
    tally = Tally()
    files = _check_inputs(directory)
    tables = {name: _Table(path, tally) for name, path in files.items()}
    try:
        for t in tables.values():
            t.open()  # every header is checked before anything is written
        if target.is_dir():
            raise ImportDataError(f"{target}: is a directory; give a file name")
        with atomic_file(target) as fh:
            out = TripleWriter(fh)
            roles: dict[str, ox.NamedNode] = {}
            skills: dict[str, ox.NamedNode] = {}
            _concepts(tables[OCCUPATIONS], out, tally, "role", roles, progress)
            _concepts(tables[SKILLS], out, tally, "skill", skills, progress)
            _links(tables[RELATIONS], out, tally, ("occupationUri", "skillUri"), roles, skills, "occupation-skill", progress)
            if SKILL_RELATIONS in tables:
                _links(tables[SKILL_RELATIONS], out, tally, ("originalSkillUri", "relatedSkillUri"), skills, skills, "skill-skill", progress)
            for name, known in ((BROADER_OCC, roles), (BROADER_SKILL, skills)):
                if name in tables:
                    _links(tables[name], out, tally, ("conceptUri", "broaderUri"), known, None, "broader", progress)
            out.flush()
    finally:
        for t in tables.values():
            t.close()
    return tally.summary(str(target), out.count, time.perf_counter() - started)
