"""Convert the O*NET database (its text distribution: tab-separated ``.txt``
files with a header row, as a folder or the zip file) into rolegraph RDF.

==========================  ==================================================
file                        becomes
==========================  ==================================================
Occupation Data (required)  ``rg:Role`` + ``onet:Occupation``, IRI
                            ``onet:occupation/<O*NET-SOC code>``, title →
                            ``skos:prefLabel``, description → ``skos:definition``
Alternate Titles            ``skos:altLabel``
Task Statements             ``rg:Task`` (``onet:task/<Task ID>``) with
                            ``rg:performsTask``; ``Task Type`` → ``dcterms:type``
Task Ratings                the task's importance (Scale ``IM``) on a rating
Technology Skills           ``rg:Tool`` (``onet:technology/<example>``) with
                            ``rg:usesTool``; ``skos:broader`` its commodity
                            (``onet:commodity/<code>``, a ``rg:Tool`` grouping
                            the examples); ``Hot Technology`` →
                            ``rg:hotTechnology``; ``In Demand`` → ``rg:inDemand``
                            on the occupation's rating of it
Tools Used                  the same, without the flags
Skills, Knowledge           ``rg:Skill`` + ``rg:Competence`` / ``rg:Knowledge``
                            (``onet:element/<Element ID>``), shared by all
                            occupations; importance (``IM``, 1–5) and level
                            (``LV``, 0–7) on a rating; ``rg:requiresSkill``
                            where the importance is 3 ("important") or more
Related Occupations         ``skos:related``
==========================  ==================================================

A rating is a qualified relation: a node ``onet:rating/<code>/<item>`` typed
``rg:Rating`` with ``rg:ratedJob``, ``rg:ratedItem``, ``rg:importance``,
``rg:level`` and ``rg:inDemand`` — plain SPARQL 1.1, read by any store — beside
the plain link the other queries use. A rating O*NET marks ``Recommend
Suppress = Y`` is not used, nor a level marked ``Not Relevant = Y``; both are
counted. Files are read as UTF-8 (a byte-order mark is dropped); a file that
is not UTF-8 is read as Windows-1252, the encoding of older O*NET releases, and
the summary says so.
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
from ..vocab import DCAT, DCTERMS, ONET, RDF, RG, SKOS
from .ntriples import TripleWriter
from .tables import Download, Table, Tally

__all__ = ["FILES", "ImportSummary", "import_onet", "occupation_iri"]

Progress = Callable[[str], None]

CODE = "O*NET-SOC Code"
#: The files read: name → (required?, columns it must have).
FILES: dict[str, tuple[bool, tuple[str, ...]]] = {
    "Occupation Data": (True, (CODE, "Title")),
    "Alternate Titles": (False, (CODE, "Alternate Title")),
    "Task Statements": (False, (CODE, "Task ID", "Task")),
    "Task Ratings": (False, (CODE, "Task ID", "Scale ID", "Data Value")),
    "Technology Skills": (False, (CODE, "Example", "Commodity Code", "Commodity Title")),
    "Tools Used": (False, (CODE, "Example", "Commodity Code", "Commodity Title")),
    "Skills": (False, (CODE, "Element ID", "Element Name", "Scale ID", "Data Value")),
    "Knowledge": (False, (CODE, "Element ID", "Element Name", "Scale ID", "Data Value")),
    "Related Occupations": (False, (CODE, "Related O*NET-SOC Code")),
}
#: Importance from which O*NET's scale calls an element "important" (3 of 1–5):
#: where the plain rg:requiresSkill link is stated.
IMPORTANT = 3.0
_SOC = re.compile(r"^\d\d-\d{4}\.\d\d$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_RELEASE = re.compile(r"(?:db_)?(\d+)[._](\d+)")

_A = ox.NamedNode(RDF.type)
_PREF = ox.NamedNode(SKOS.prefLabel)
_ALT = ox.NamedNode(SKOS.altLabel)
_DEF = ox.NamedNode(SKOS.definition)
_BROADER = ox.NamedNode(SKOS.broader)
_RELATED = ox.NamedNode(SKOS.related)
_TYPE = ox.NamedNode(DCTERMS.NS + "type")
_NOTATION = ox.NamedNode(SKOS.NS + "notation")
_TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
_ELEMENT_CLASS = {"Skills": RG.Competence, "Knowledge": RG.Knowledge}


def occupation_iri(code: str) -> str:
    """The IRI of an O*NET-SOC occupation.

    >>> occupation_iri("15-2051.00")
    'https://w3id.org/rolegraph/onet/occupation/15-2051.00'
    """
    return f"{ONET}occupation/{code}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@dataclass(frozen=True)
class ImportSummary:
    """What an import read, wrote and skipped."""

    output: str
    title: str
    triples: int
    entities: dict[str, int]
    relations: dict[str, int]
    ratings: dict[str, int]
    skipped: dict[str, int]
    skipped_total: int
    problems: list[str]
    missing_files: list[str]
    #: files read as Windows-1252 because they are not UTF-8
    windows_1252: list[str]
    seconds: float


class _Encoded(Download):
    """A download whose files are UTF-8, or else Windows-1252."""

    def __init__(self, path: str | Path):
        super().__init__(path)
        self.legacy: dict[PurePosixPath, bool] = {}

    def encoding(self, name: PurePosixPath) -> str:
        if name not in self.legacy:
            target = self.names[name]
            raw = self._zip.read(str(target)) if self._zip is not None else Path(target).read_bytes()
            try:
                raw.decode("utf-8")
                self.legacy[name] = False
            except UnicodeDecodeError:
                try:
                    raw.decode("cp1252")
                except UnicodeDecodeError as exc:
                    raise ImportDataError(f"{name.name}: neither UTF-8 nor Windows-1252 text (byte {exc.start})") from None
                self.legacy[name] = True
        return "cp1252" if self.legacy[name] else "utf-8-sig"

    def open(self, name: PurePosixPath):  # type: ignore[no-untyped-def]
        import io

        encoding = self.encoding(name)
        target = self.names[name]
        if self._zip is not None:
            return io.TextIOWrapper(self._zip.open(str(target)), encoding=encoding, newline="")
        return open(target, encoding=encoding, newline="")


class _Import:
    def __init__(self, out: TripleWriter, tally: Tally, progress: Progress | None):
        self.out = out
        self.tally = tally
        self.progress = progress
        self.occupations: dict[str, ox.NamedNode] = {}
        self.elements: dict[str, ox.NamedNode] = {}
        self.tasks: dict[str, ox.NamedNode] = {}
        self.tools: dict[str, ox.NamedNode] = {}
        self.hot: set[str] = set()
        self.commodities: dict[str, ox.NamedNode] = {}
        #: (occupation code, item IRI) → rating node, and the values it has
        self.ratings: dict[tuple[str, str], ox.NamedNode] = {}
        self.rated: set[tuple[str, str, str]] = set()
        self.ratings_count: dict[str, int] = defaultdict(int)

    def _occupation(self, code: str, where: str) -> ox.NamedNode | None:
        node = self.occupations.get(code)
        if node is None:
            self.tally.skip("row for an occupation not in Occupation Data", where)
        return node

    def _rating(self, code: str, item: ox.NamedNode) -> ox.NamedNode:
        key = (code, item.value)
        node = self.ratings.get(key)
        if node is None:
            suffix = item.value[len(ONET):] if item.value.startswith(ONET) else _slug(item.value)
            node = self.ratings[key] = ox.NamedNode(f"{ONET}rating/{code}/{suffix}")
            self.out.add(node, _A, ox.NamedNode(RG.Rating))
            self.out.add(node, ox.NamedNode(RG.ratedJob), self.occupations[code])
            self.out.add(node, ox.NamedNode(RG.ratedItem), item)
        return node

    def occupations_file(self, table: Table) -> None:
        for line, get in table.rows(self.progress):
            code, title = get(CODE), get("Title")
            where = f"{table.name}:{line}"
            if not _SOC.match(code):
                self.tally.skip("malformed O*NET-SOC code", f"{where} ({code[:20]!r})")
                continue
            if not title:
                self.tally.skip("occupation without a title", where)
                continue
            if code in self.occupations:
                self.tally.skip("duplicate occupation", where)
                continue
            s = self.occupations[code] = ox.NamedNode(occupation_iri(code))
            self.out.add(s, _A, ox.NamedNode(RG.Role))
            self.out.add(s, _A, ox.NamedNode(ONET + "Occupation"))
            self.out.add(s, _PREF, ox.Literal(title, language="en"))
            self.out.add(s, _NOTATION, ox.Literal(code))
            if get("Description"):
                self.out.add(s, _DEF, ox.Literal(get("Description"), language="en"))
            self.tally.entities["occupations"] += 1

    def alternate_titles(self, table: Table) -> None:
        seen: set[tuple[str, str]] = set()
        for line, get in table.rows(self.progress):
            s = self._occupation(get(CODE), f"{table.name}:{line}")
            for title in (get("Alternate Title"), get("Short Title")):
                if s is not None and title and (s.value, title) not in seen:
                    seen.add((s.value, title))
                    self.out.add(s, _ALT, ox.Literal(title, language="en"))
                    self.tally.relations["alternate titles"] += 1

    def task_statements(self, table: Table) -> None:
        for line, get in table.rows(self.progress):
            where = f"{table.name}:{line}"
            code, task_id, text = get(CODE), get("Task ID"), get("Task")
            s = self._occupation(code, where)
            if s is None:
                continue
            if not task_id.isdigit() or not text:
                self.tally.skip("task without an id or text", where)
                continue
            t = self.tasks.get(task_id)
            if t is None:
                t = self.tasks[task_id] = ox.NamedNode(f"{ONET}task/{task_id}")
                self.out.add(t, _A, ox.NamedNode(RG.Task))
                self.out.add(t, _PREF, ox.Literal(text, language="en"))
                if get("Task Type"):
                    self.out.add(t, _TYPE, ox.Literal(get("Task Type")))
                self.tally.entities["tasks"] += 1
            self.out.add(s, ox.NamedNode(RG.performsTask), t)
            self.tally.relations["task statements"] += 1

    def _value(self, get: Callable[[str], str], where: str, scale: str) -> str | None:
        """The rating's value as written (a decimal), or None when it is not
        to be used (counted, and for a bad value listed with its line)."""
        raw = get("Data Value")
        if not _NUMBER.match(raw):
            self.tally.skip("non-numeric rating", f"{where} ({raw[:20]!r})")
            return None
        value = float(raw)
        if get("Recommend Suppress").upper() == "Y":
            self.tally.skip("rating O*NET recommends suppressing (not used)")
            return None
        if scale == "LV" and get("Not Relevant").upper() == "Y":
            self.tally.skip("level marked not relevant (not used)")
            return None
        low, high = (1.0, 5.0) if scale == "IM" else (0.0, 7.0)
        if not low <= value <= high:
            self.tally.skip("rating outside its scale", f"{where} ({raw} not in {low:g}–{high:g})")
            return None
        return raw

    def _put(self, code: str, item: ox.NamedNode, predicate: str, value: str, where: str) -> bool:
        key = (code, item.value, predicate)
        if key in self.rated:
            self.tally.skip("duplicate rating", where)
            return False
        self.rated.add(key)
        self.out.add(self._rating(code, item), ox.NamedNode(predicate), ox.Literal(value, datatype=_DECIMAL))
        return True

    def task_ratings(self, table: Table) -> None:
        for line, get in table.rows(self.progress):
            where = f"{table.name}:{line}"
            if get("Scale ID") != "IM":
                continue  # relevance and frequency: not a weight rolegraph uses
            code = get(CODE)
            if self._occupation(code, where) is None:
                continue
            task = self.tasks.get(get("Task ID"))
            if task is None:
                self.tally.skip("rating of a task not in Task Statements", where)
                continue
            value = self._value(get, where, "IM")
            if value is not None and self._put(code, task, RG.importance, value, where):
                self.ratings_count["task importance"] += 1

    def elements_file(self, table: Table, kind: str) -> None:
        important: dict[tuple[str, str], str] = {}
        for line, get in table.rows(self.progress):
            where = f"{table.name}:{line}"
            code, element_id, name, scale = get(CODE), get("Element ID"), get("Element Name"), get("Scale ID")
            if self._occupation(code, where) is None:
                continue
            if not element_id or not name:
                self.tally.skip("rating of an unnamed element", where)
                continue
            if scale not in ("IM", "LV"):
                self.tally.skip("unknown Scale ID", f"{where} ({scale!r})")
                continue
            e = self.elements.get(element_id)
            if e is None:
                e = self.elements[element_id] = ox.NamedNode(f"{ONET}element/{element_id}")
                self.out.add(e, _A, ox.NamedNode(RG.Skill))
                self.out.add(e, _A, ox.NamedNode(_ELEMENT_CLASS[kind]))
                self.out.add(e, _PREF, ox.Literal(name, language="en"))
                self.out.add(e, _NOTATION, ox.Literal(element_id))
                self.tally.entities["knowledge" if kind == "Knowledge" else "skills"] += 1
            value = self._value(get, where, scale)
            if value is None:
                continue
            if self._put(code, e, RG.importance if scale == "IM" else RG.level, value, where):
                self.ratings_count["importance" if scale == "IM" else "level"] += 1
                if scale == "IM":
                    important[(code, element_id)] = value
        for (code, element_id), value in important.items():
            if float(value) >= IMPORTANT:
                self.out.add(self.occupations[code], ox.NamedNode(RG.requiresSkill), self.elements[element_id])
                self.tally.relations[f"{kind.lower()} (importance ≥ {IMPORTANT:g})"] += 1

    def technology_file(self, table: Table, flags: bool) -> None:
        seen: set[tuple[str, str]] = set()
        for line, get in table.rows(self.progress):
            where = f"{table.name}:{line}"
            code, example, commodity, commodity_title = get(CODE), get("Example"), get("Commodity Code"), get("Commodity Title")
            s = self._occupation(code, where)
            if s is None:
                continue
            if not example:
                self.tally.skip("technology row without an example", where)
                continue
            tool = self.tools.get(example.casefold())
            if tool is None:
                tool = self.tools[example.casefold()] = ox.NamedNode(f"{ONET}technology/{_slug(example)}")
                self.out.add(tool, _A, ox.NamedNode(RG.Tool))
                self.out.add(tool, _PREF, ox.Literal(example, language="en"))
                self.tally.entities["technologies and tools"] += 1
                if commodity:
                    group = self.commodities.get(commodity)
                    if group is None:
                        group = self.commodities[commodity] = ox.NamedNode(f"{ONET}commodity/{_slug(commodity)}")
                        self.out.add(group, _A, ox.NamedNode(RG.Tool))
                        self.out.add(group, _A, ox.NamedNode(ONET + "Commodity"))
                        self.out.add(group, _PREF, ox.Literal(commodity_title or commodity, language="en"))
                        self.out.add(group, _NOTATION, ox.Literal(commodity))
                        self.tally.entities["commodities"] += 1
                    self.out.add(tool, _BROADER, group)
            if (code, tool.value) in seen:
                self.tally.skip("duplicate technology row")
                continue
            seen.add((code, tool.value))
            self.out.add(s, ox.NamedNode(RG.usesTool), tool)
            self.tally.relations["technology skills" if flags else "tools used"] += 1
            if flags and get("Hot Technology").upper() == "Y" and tool.value not in self.hot:
                self.hot.add(tool.value)
                self.out.add(tool, ox.NamedNode(RG.hotTechnology), _TRUE)
            if flags and get("In Demand").upper() == "Y":
                self.out.add(self._rating(code, tool), ox.NamedNode(RG.inDemand), _TRUE)
                self.ratings_count["in demand"] += 1

    def related_file(self, table: Table) -> None:
        for line, get in table.rows(self.progress):
            where = f"{table.name}:{line}"
            a = self._occupation(get(CODE), where)
            b = self.occupations.get(get("Related O*NET-SOC Code"))
            if a is None:
                continue
            if b is None:
                self.tally.skip("related occupation not in Occupation Data", where)
                continue
            self.out.add(a, _RELATED, b)
            self.tally.relations["related occupations"] += 1


def _find(download: Download) -> dict[str, PurePosixPath]:
    by_name = {n.name.casefold(): n for n in download.files() if n.suffix.lower() == ".txt"}
    found: dict[str, PurePosixPath] = {}
    for name, (required, _cols) in FILES.items():
        path = by_name.get(f"{name}.txt".casefold())
        if path is not None:
            found[name] = path
        elif required:
            raise ImportDataError(f"{download.path.name}: no '{name}.txt' (the O*NET database's text files: 'Occupation Data.txt', 'Skills.txt', ...)")
    return found


def import_onet(source: str | Path, output: str | Path, progress: Progress | None = None, *, release: str | None = None) -> ImportSummary:
    """Convert the O*NET text database at ``source`` (a folder or a zip) into
    N-Triples at ``output``, atomically. ``release`` names the version in the
    data set's title (default: from the download's name, ``db_29_0_text`` →
    ``29.0``). Raises :class:`ImportDataError` for a missing file or column."""
    started = time.perf_counter()
    target = Path(output)
    if target.is_dir():
        raise ImportDataError(f"{target}: is a directory; give a file name")
    tally = Tally()
    download = _Encoded(source)
    with download:
        chosen = _find(download)
        tables: dict[str, Table] = {}
        try:
            for name, path in chosen.items():
                tables[name] = Table(download, path, tally, FILES[name][1], delimiter="\t")
                tables[name].open()
            m = _RELEASE.search(Path(source).name)
            version = release or (f"{m[1]}.{m[2]}" if m else None)
            title = "O*NET" + (f" {version}" if version else "")
            with atomic_file(target) as fh:
                out = TripleWriter(fh)
                ds = ox.NamedNode(f"{ONET}dataset/{_slug(title)}")
                out.add(ds, _A, ox.NamedNode(DCAT.Dataset))
                out.add(ds, ox.NamedNode(DCTERMS.title), ox.Literal(title))
                out.add(ds, ox.NamedNode(DCTERMS.source), ox.Literal(Path(source).name))
                job = _Import(out, tally, progress)
                steps: list[tuple[str, Callable[[Table], None]]] = [
                    ("Occupation Data", job.occupations_file),
                    ("Alternate Titles", job.alternate_titles),
                    ("Task Statements", job.task_statements),
                    ("Task Ratings", job.task_ratings),
                    ("Skills", lambda t: job.elements_file(t, "Skills")),
                    ("Knowledge", lambda t: job.elements_file(t, "Knowledge")),
                    ("Technology Skills", lambda t: job.technology_file(t, True)),
                    ("Tools Used", lambda t: job.technology_file(t, False)),
                    ("Related Occupations", job.related_file),
                ]
                for name, read in steps:
                    if name in tables:
                        if progress:
                            progress(f"reading {tables[name].name}")
                        read(tables[name])
                out.flush()
        except UnicodeDecodeError as exc:
            raise ImportDataError(f"cannot decode a file of {download.path.name} ({exc.reason})") from None
        finally:
            for t in tables.values():
                t.close()
        legacy = sorted(p.name for p, is_legacy in download.legacy.items() if is_legacy)
    return ImportSummary(
        output=str(target),
        title=title,
        triples=out.count,
        entities=dict(tally.entities),
        relations=dict(tally.relations),
        ratings=dict(job.ratings_count),
        skipped=dict(tally.skipped),
        skipped_total=sum(tally.skipped.values()),
        problems=list(tally.problems),
        missing_files=[f"{n}.txt" for n, (req, _c) in FILES.items() if not req and n not in chosen],
        windows_1252=legacy,
        seconds=round(time.perf_counter() - started, 3),
    )
