"""Convert an ESCO CSV download (v1.1 or v1.2, as distributed: the folder or
the zip file itself) into rolegraph RDF (N-Triples).

Files are found by name (``occupations_en.csv``, ``skills_fr.csv``, ...; the
language suffix is chosen with ``language``) in any folder of the download,
and their columns are read by header name, so v1.1 and v1.2 and extra
columns all read. ESCO's IRIs and SKOS structure are kept:

==============================  ============================================
file                            becomes
==============================  ============================================
occupations (required)          ``rg:Role`` + ``escom:Occupation``
skills (required)               ``rg:Skill`` + ``escom:KnowledgeSkillCompetence``
                                (+ ``rg:Knowledge`` / ``rg:Competence`` by
                                ``skillType``), ``escom:skillReuseLevel``
occupationSkillRelations (req.) ``rg:essentialSkill`` / ``rg:optionalSkill``
skillSkillRelations             ``skos:related`` (ESCO's link between two
                                skills says they go together, not that one
                                is learnt first: not an ``rg:prerequisite``)
skillGroups                     ``rg:SkillGroup`` + ``escom:SkillGroup``
ISCOGroups                      ``rg:OccupationGroup`` + ``escom:ISCOGroup``
broaderRelationsSkillPillar,    ``skos:broader``
broaderRelationsOccPillar
...Collection (digital, green,  a ``skos:Collection`` with ``skos:member``
transversal, ...)               links to its skills or occupations
==============================  ============================================

Every concept gets ``skos:prefLabel``, one ``skos:altLabel`` per line of
``altLabels``, ``skos:hiddenLabel``, ``skos:definition`` (``definition``, else
``description``) and ``skos:notation`` (``code``), tagged with the language.
The output describes itself as a ``dcat:Dataset`` titled with the release
(``ESCO v1.2.0 (en)``), so answers cite its facts as "ESCO v1.2.0, essential".

Rows are streamed; memory holds the concept IRIs and the hierarchy, never a
whole file. A row that cannot be used (a broken row, an invalid IRI, a
relation to a concept the download lacks) is counted and skipped, the first
ones with their file and line; a cycle in ``skos:broader`` is reported. A
missing required file or column stops the import before anything is
written; missing optional files are reported. The output is written to a
temporary file renamed over ``OUT`` at the end, so a failed or interrupted
import leaves the previous ``OUT`` untouched.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyoxigraph as ox

from ..errors import ImportDataError
from ..files import atomic_file
from ..vocab import BASE, DCAT, DCTERMS, ESCO, ESCO_MODEL, RDF, RG, SKOS
from .ntriples import TripleWriter, iri
from .tables import MAX_PROBLEMS, PROGRESS_EVERY, Download, Table, Tally

__all__ = ["FILES", "MAX_PROBLEMS", "PROGRESS_EVERY", "ImportSummary", "Tally", "import_esco"]

Progress = Callable[[str], None]

#: The files read: base name → (required?, columns it must have). Alternatives
#: are separated by ``|`` (the first present is read).
FILES: dict[str, tuple[bool, tuple[str, ...]]] = {
    "occupations": (True, ("conceptUri", "preferredLabel")),
    "skills": (True, ("conceptUri", "preferredLabel")),
    "occupationSkillRelations": (True, ("occupationUri", "relationType", "skillUri")),
    "skillSkillRelations": (False, ("originalSkillUri", "relatedSkillUri")),
    "skillGroups": (False, ("conceptUri", "preferredLabel")),
    "ISCOGroups": (False, ("conceptUri", "preferredLabel")),
    "broaderRelationsSkillPillar": (False, ("conceptUri", "broaderUri")),
    "broaderRelationsOccPillar": (False, ("conceptUri", "broaderUri")),
}
#: Files of a download that hold nothing the graph needs, and why.
UNREAD = {
    "conceptSchemes": "the schemes' own descriptions",
    "skillsHierarchy": "the same hierarchy as broaderRelationsSkillPillar and skillGroups",
    "dictionary": "the column glossary",
}
_FILE_NAME = re.compile(r"^(?P<base>[A-Za-z]+?)(?:_(?P<lang>[a-z]{2,3}(?:-[A-Za-z0-9]+)?))?\.csv$")
_RELEASE = re.compile(r"v?(\d+\.\d+(?:\.\d+)?)")

_A = ox.NamedNode(RDF.type)
_PREF = ox.NamedNode(SKOS.prefLabel)
_ALT = ox.NamedNode(SKOS.altLabel)
_HIDDEN = ox.NamedNode(SKOS.NS + "hiddenLabel")
_DEF = ox.NamedNode(SKOS.definition)
_NOTATION = ox.NamedNode(SKOS.NS + "notation")
_RELATED = ox.NamedNode(SKOS.related)
_BROADER = ox.NamedNode(SKOS.broader)
_MEMBER = ox.NamedNode(SKOS.member)
_REUSE = ox.NamedNode(ESCO_MODEL + "skillReuseLevel")
_SKILL_TYPES = {"knowledge": ox.NamedNode(RG.Knowledge), "skill/competence": ox.NamedNode(RG.Competence)}
_RELATION_PREDICATES = {"essential": ox.NamedNode(RG.essentialSkill), "optional": ox.NamedNode(RG.optionalSkill)}
#: What each file's concepts are: (rolegraph class, ESCO conceptType when the row names none, tally key).
_KINDS = {
    "occupations": (RG.Role, "Occupation", "occupations"),
    "skills": (RG.Skill, "KnowledgeSkillCompetence", "skills"),
    "skillGroups": (BASE + "SkillGroup", "SkillGroup", "skill groups"),
    "ISCOGroups": (BASE + "OccupationGroup", "ISCOGroup", "ISCO groups"),
}


@dataclass(frozen=True)
class ImportSummary:
    """What an import read, wrote and skipped."""

    output: str
    title: str
    language: str
    triples: int
    entities: dict[str, int]
    relations: dict[str, int]
    skipped: dict[str, int]
    skipped_total: int
    problems: list[str]
    #: optional files the download lacks
    missing_files: list[str]
    #: files present but not read, with why
    unread_files: dict[str, str]
    #: cycles in skos:broader, each as its concepts' labels
    cycles: list[list[str]]
    seconds: float


# ------------------------------------------------------------------ finding files


def _find(download: Download, language: str | None) -> tuple[str, dict[str, PurePosixPath], dict[str, str]]:
    """The language read, the files to read (base name → path) and those left unread."""
    by_lang: dict[str, dict[str, PurePosixPath]] = defaultdict(dict)
    for name in download.files():
        m = _FILE_NAME.match(name.name)
        if m:
            by_lang[m["lang"] or ""][m["base"]] = name
    langs = sorted(lang for lang, files in by_lang.items() if any(b.lower() == "occupations" for b in files))
    where = download.path.name
    if language is None:
        if not langs:
            raise ImportDataError(f"{where}: no occupations_<language>.csv (an ESCO CSV download holds occupations, skills and occupationSkillRelations files)")
        if len(langs) > 1:
            raise ImportDataError(f"{where}: files in several languages ({', '.join(l or 'none' for l in langs)}); choose one with --language")
        language = langs[0]
    elif language not in by_lang:
        found = f" (it has: {', '.join(l or 'no suffix' for l in sorted(by_lang))})" if by_lang else ""
        raise ImportDataError(f"{where}: no files in language {language!r}{found}")
    present = {b.lower(): (b, p) for b, p in by_lang[language].items()}
    chosen: dict[str, PurePosixPath] = {}
    for base, (required, _cols) in FILES.items():
        if base.lower() in present:
            chosen[base] = present.pop(base.lower())[1]
        elif required:
            suffix = f"_{language}" if language else ""
            raise ImportDataError(f"{where}: no {base}{suffix}.csv (an ESCO CSV download holds occupations, skills and occupationSkillRelations files)")
    unread: dict[str, str] = {}
    for low, (base, path) in sorted(present.items()):
        if low.endswith("collection"):
            chosen[base] = path
        else:
            unread[path.name] = next((why for b, why in UNREAD.items() if b.lower() == low), "not an ESCO file rolegraph reads")
    return language, chosen, unread


def _release(path: Path, given: str | None) -> str | None:
    if given:
        return given.strip()
    m = _RELEASE.search(path.name)
    return f"v{m[1]}" if m else None


def _collection_label(base: str) -> str:
    """``digitalSkillsCollection`` → ``digital skills collection``."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", base).lower()


# ------------------------------------------------------------------ the import


class _Import:
    def __init__(self, out: TripleWriter, tally: Tally, lang: str, progress: Progress | None):
        self.out = out
        self.tally = tally
        self.lang = lang or "en"
        self.progress = progress
        #: concept IRI → (node, label, file base it came from)
        self.known: dict[str, tuple[ox.NamedNode, str, str]] = {}
        self.broader: dict[str, list[str]] = defaultdict(list)

    def text(self, value: str) -> ox.Literal:
        return ox.Literal(value, language=self.lang)

    def concepts(self, table: Table, base: str) -> None:
        rg_class, default_type, key = _KINDS[base]
        self.tally.entities[key] += 0
        add = self.out.add
        for line, get in table.rows(self.progress):
            uri, label = get("conceptUri"), get("preferredLabel")
            where = f"{table.name}:{line}"
            if not uri:
                self.tally.skip("malformed row (no conceptUri)", where)
                continue
            s = iri(uri)
            if s is None:
                self.tally.skip("malformed row (invalid IRI)", f"{where} ({uri[:60]!r})")
                continue
            if not label:
                self.tally.skip("malformed row (no preferredLabel)", where)
                continue
            if uri in self.known:
                self.tally.skip(f"duplicate concept in {table.name}", where)
                continue
            self.known[uri] = (s, label, base)
            add(s, _A, ox.NamedNode(rg_class))
            concept_type = get("conceptType")
            esco_class = iri(ESCO_MODEL + (concept_type if concept_type.isalnum() else default_type))
            if esco_class is not None:
                add(s, _A, esco_class)
            if base == "skills":
                extra = _SKILL_TYPES.get(get("skillType").lower())
                if extra is not None:
                    add(s, _A, extra)
                level = get("reuseLevel")
                if level:
                    node = iri(level if "://" in level else f"{ESCO}skill-reuse-level/{level}")
                    if node is not None:
                        add(s, _REUSE, node)
            add(s, _PREF, self.text(label))
            seen = {label}
            for column, predicate in (("altLabels", _ALT), ("hiddenLabels", _HIDDEN)):
                for alt in get(column).splitlines():
                    alt = alt.strip()
                    if alt and alt not in seen:
                        seen.add(alt)
                        add(s, predicate, self.text(alt))
            definition = get("definition") or get("description")
            if definition:
                add(s, _DEF, self.text(definition))
            code = get("code")
            if code:
                add(s, _NOTATION, ox.Literal(code))
            self.tally.entities[key] += 1

    def occupation_skills(self, table: Table, files: dict[str, str]) -> None:
        seen: set[tuple[str, str]] = set()
        for line, get in table.rows(self.progress):
            occ, skill, kind = get("occupationUri"), get("skillUri"), get("relationType").lower()
            where = f"{table.name}:{line}"
            p = _RELATION_PREDICATES.get(kind)
            if not occ or not skill:
                self.tally.skip("malformed row (empty IRI)", where)
            elif p is None:
                self.tally.skip("unknown relationType", f"{where} ({kind!r})")
            elif self._kind(occ) != "occupations":
                self.tally.skip(f"from a concept missing from {files['occupations']}", where)
            elif self._kind(skill) != "skills":
                self.tally.skip(f"to a skill missing from {files['skills']}", where)
            elif (occ, skill) in seen:
                self.tally.skip("duplicate relation")
            else:
                seen.add((occ, skill))
                self.out.add(self.known[occ][0], p, self.known[skill][0])
                self.tally.relations[kind] += 1

    def skill_skills(self, table: Table, files: dict[str, str]) -> None:
        seen: set[tuple[str, str]] = set()
        for line, get in table.rows(self.progress):
            a, b = get("originalSkillUri"), get("relatedSkillUri")
            where = f"{table.name}:{line}"
            if not a or not b:
                self.tally.skip("malformed row (empty IRI)", where)
            elif self._kind(a) != "skills" or self._kind(b) != "skills":
                self.tally.skip(f"relates a skill missing from {files['skills']}", where)
            elif (a, b) in seen:
                self.tally.skip("duplicate relation")
            else:
                seen.add((a, b))
                self.out.add(self.known[a][0], _RELATED, self.known[b][0])
                self.tally.relations["skill-skill"] += 1

    def broader_links(self, table: Table) -> None:
        seen: set[tuple[str, str]] = set()
        for line, get in table.rows(self.progress):
            a, b = get("conceptUri"), get("broaderUri")
            where = f"{table.name}:{line}"
            if not a or not b:
                self.tally.skip("malformed row (empty IRI)", where)
            elif a not in self.known:
                self.tally.skip("broader link of a concept not in the download's concept files", where)
            elif b not in self.known:
                self.tally.skip("broader link to a concept not in the download's concept files", where)
            elif a == b or (a, b) in seen:
                self.tally.skip("duplicate relation")
            else:
                seen.add((a, b))
                self.broader[a].append(b)
                self.out.add(self.known[a][0], _BROADER, self.known[b][0])
                self.tally.relations["broader"] += 1

    def collection(self, table: Table, base: str) -> None:
        node = ox.NamedNode(f"{BASE}esco/collection/{base}")
        self.out.add(node, _A, ox.NamedNode(SKOS.Collection))
        self.out.add(node, _PREF, ox.Literal(_collection_label(base), language="en"))
        count = 0
        for line, get in table.rows(self.progress):
            uri = get("conceptUri")
            if uri not in self.known:
                self.tally.skip(f"{table.name}: member not in the download's concept files", f"{table.name}:{line}")
                continue
            self.out.add(node, _MEMBER, self.known[uri][0])
            count += 1
        self.tally.relations["collection member"] += count
        self.tally.entities["collections"] += 1

    def _kind(self, uri: str) -> str | None:
        found = self.known.get(uri)
        return found[2] if found is not None else None

    def cycles(self, limit: int = 10) -> list[list[str]]:
        """Cycles in ``skos:broader``, found by an iterative depth-first walk."""
        colour: dict[str, int] = {}
        found: list[list[str]] = []
        for start in self.broader:
            if start in colour:
                continue
            stack: list[tuple[str, int]] = [(start, 0)]
            path: list[str] = []
            while stack:
                node, i = stack.pop()
                if i == 0:
                    colour[node] = 1
                    path.append(node)
                parents = self.broader.get(node, [])
                if i < len(parents):
                    stack.append((node, i + 1))
                    nxt = parents[i]
                    if colour.get(nxt) == 1:
                        if len(found) < limit:
                            loop = path[path.index(nxt):] + [nxt]
                            found.append([self.known[c][1] for c in loop])
                    elif nxt not in colour:
                        stack.append((nxt, 0))
                else:
                    colour[node] = 2
                    path.pop()
        return found


def import_esco(
    source: str | Path,
    output: str | Path,
    progress: Progress | None = None,
    *,
    language: str | None = None,
    release: str | None = None,
) -> ImportSummary:
    """Convert the ESCO CSV download ``source`` (a folder or a zip file) into
    N-Triples at ``output`` (also valid Turtle), atomically.

    ``language`` picks the files' language suffix (needed only when the
    download holds several); ``release`` names the ESCO version in the data
    set's title (default: read from the download's name, such as
    ``ESCO dataset - v1.2.0 - classification - en - csv.zip``).

    Raises :class:`ImportDataError` for a missing file or column; skipped
    rows are counted in the returned summary.
    """
    started = time.perf_counter()
    target = Path(output)
    if target.is_dir():
        raise ImportDataError(f"{target}: is a directory; give a file name")
    tally = Tally()
    with Download(source) as download:
        lang, chosen, unread = _find(download, language)
        tables: dict[str, Table] = {}
        try:
            for base, path in chosen.items():
                required = FILES[base][1] if base in FILES else ("conceptUri",)
                tables[base] = Table(download, path, tally, required)
                tables[base].open()  # every header is checked before anything is written
            version = _release(Path(source), release)
            title = " ".join(x for x in ("ESCO", version, f"({lang})" if lang else None) if x)
            names = {base: t.name for base, t in tables.items()}
            with atomic_file(target) as fh:
                out = TripleWriter(fh)
                job = _Import(out, tally, lang, progress)
                ds = ox.NamedNode(f"{BASE}dataset/{re.sub(r'[^A-Za-z0-9.-]+', '-', title.lower()).strip('-')}")
                out.add(ds, _A, ox.NamedNode(DCAT.Dataset))
                out.add(ds, ox.NamedNode(DCTERMS.title), ox.Literal(title))
                out.add(ds, ox.NamedNode(DCTERMS.source), ox.Literal(Path(source).name))
                for base in ("occupations", "ISCOGroups", "skills", "skillGroups"):
                    if base in tables:
                        if progress:
                            progress(f"reading {tables[base].name}")
                        job.concepts(tables[base], base)
                for base, read in (
                    ("occupationSkillRelations", lambda t: job.occupation_skills(t, names)),
                    ("skillSkillRelations", lambda t: job.skill_skills(t, names)),
                    ("broaderRelationsOccPillar", job.broader_links),
                    ("broaderRelationsSkillPillar", job.broader_links),
                ):
                    if base in tables:
                        if progress:
                            progress(f"reading {tables[base].name}")
                        read(tables[base])
                for base in sorted(b for b in tables if b not in FILES):
                    if progress:
                        progress(f"reading {tables[base].name}")
                    job.collection(tables[base], base)
                cycles = job.cycles()
                out.flush()
        finally:
            for t in tables.values():
                t.close()
    suffix = f"_{lang}" if lang else ""
    missing = [f"{b}{suffix}.csv" for b, (req, _c) in FILES.items() if not req and b not in chosen]
    return ImportSummary(
        output=str(target),
        title=title,
        language=lang,
        triples=out.count,
        entities=dict(tally.entities),
        relations=dict(tally.relations),
        skipped=dict(tally.skipped),
        skipped_total=sum(tally.skipped.values()),
        problems=list(tally.problems),
        missing_files=missing,
        unread_files=unread,
        cycles=cycles,
        seconds=round(time.perf_counter() - started, 3),
    )

