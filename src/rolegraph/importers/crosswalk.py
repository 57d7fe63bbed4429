"""Convert a crosswalk — a CSV (or tab-separated) file mapping concepts of one
taxonomy to another, such as ESCO occupations to O*NET-SOC codes — into
``skos:*Match`` links, so the joining rules apply: ``exact`` joins the two
entities, ``close`` / ``broad`` / ``narrow`` / ``related`` link them.

The first two columns hold the concepts: full IRIs, CURIEs with a known
prefix (``esco:...``, ``rg:...``, ``onet:...``) or O*NET-SOC codes
(``15-2051.00``). The match type is the column whose header says ``match``,
``type`` or ``relation``; a file without one takes ``match`` (the ``--match``
option) for every row.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pyoxigraph as ox

from ..errors import ImportDataError
from ..files import atomic_file
from ..vocab import BASE, DCAT, DCTERMS, RDF, SKOS, expand
from .ntriples import TripleWriter, iri
from .onet import occupation_iri
from .tables import Download, Table, Tally

__all__ = ["MATCHES", "CrosswalkSummary", "import_crosswalk"]

#: Match types and the SKOS mapping property each becomes.
MATCHES = {
    "exact": SKOS.exactMatch,
    "close": SKOS.closeMatch,
    "broad": SKOS.broadMatch,
    "narrow": SKOS.narrowMatch,
    "related": SKOS.relatedMatch,
}
_SOC = re.compile(r"^\d\d-\d{4}\.\d\d$")
_MATCH_HEADER = re.compile(r"match|type|relation", re.I)


@dataclass(frozen=True)
class CrosswalkSummary:
    output: str
    title: str
    triples: int
    links: dict[str, int]
    skipped: dict[str, int]
    skipped_total: int
    problems: list[str]
    seconds: float


def concept(text: str) -> str | None:
    """The IRI a crosswalk cell names, or None.

    >>> concept("15-2051.00"), concept("esco:occupation/x"), concept("not a concept")
    ('https://w3id.org/rolegraph/onet/occupation/15-2051.00', 'http://data.europa.eu/esco/occupation/x', None)
    """
    t = text.strip().strip("<>")
    if _SOC.match(t):
        return occupation_iri(t)
    if "://" in t:
        return t if iri(t) is not None else None
    expanded = expand(t)
    return expanded if expanded is not None and iri(expanded) is not None else None


def _match_type(text: str) -> str | None:
    t = text.strip().lower().removeprefix("skos:").removesuffix("match").strip(" _-")
    return t if t in MATCHES else None


def import_crosswalk(source: str | Path, output: str | Path, *, match: str | None = None) -> CrosswalkSummary:
    """Write the crosswalk at ``source`` as SKOS mapping links to ``output``
    (N-Triples), atomically. Raises :class:`ImportDataError` when the file has
    no two concept columns or no match type (column or ``match``)."""
    started = time.perf_counter()
    path = Path(source)
    target = Path(output)
    if not path.is_file():
        raise ImportDataError(f"{path}: no such file")
    if match is not None and _match_type(match) is None:
        raise ImportDataError(f"unknown match type {match!r}; one of {', '.join(MATCHES)}")
    tally = Tally()
    download = Download.of_file(path)
    name = PurePosixPath(path.name)
    head = path.read_text(encoding="utf-8-sig", errors="replace").splitlines()[:1]
    delimiter = "\t" if head and head[0].count("\t") > head[0].count(",") else ","
    table = Table(download, name, tally, (), delimiter=delimiter).open()
    try:
        columns = sorted(table.columns, key=table.columns.__getitem__)
        match_col = next((c for c in columns if _MATCH_HEADER.search(c)), None)
        concept_cols = [c for c in columns if c != match_col][:2]
        if len(concept_cols) < 2:
            raise ImportDataError(f"{path.name}: a crosswalk needs two concept columns (the header has: {', '.join(columns)})")
        if match_col is None and match is None:
            raise ImportDataError(f"{path.name}: no match type column (a header with 'match', 'type' or 'relation'); give one with --match exact|close|broad|narrow|related")
        title = path.stem if "crosswalk" in path.stem.lower() else f"crosswalk {path.stem}"
        links: dict[str, int] = {}
        with atomic_file(target) as fh:
            out = TripleWriter(fh)
            ds = ox.NamedNode(f"{BASE}dataset/{re.sub(r'[^A-Za-z0-9.-]+', '-', title.lower())}")
            out.add(ds, ox.NamedNode(RDF.type), ox.NamedNode(DCAT.Dataset))
            out.add(ds, ox.NamedNode(DCTERMS.title), ox.Literal(title))
            seen: set[tuple[str, str, str]] = set()
            for line, get in table.rows():
                where = f"{path.name}:{line}"
                a, b = concept(get(concept_cols[0])), concept(get(concept_cols[1]))
                kind = _match_type(get(match_col)) if match_col else _match_type(match or "")
                if a is None or b is None:
                    bad = get(concept_cols[0]) if a is None else get(concept_cols[1])
                    tally.skip("not an IRI, CURIE or O*NET-SOC code", f"{where} ({bad[:40]!r})")
                    continue
                if kind is None:
                    tally.skip("unknown match type", f"{where} ({get(match_col or '')[:20]!r})")
                    continue
                if (a, kind, b) in seen:
                    tally.skip("duplicate row")
                    continue
                seen.add((a, kind, b))
                out.add(ox.NamedNode(a), ox.NamedNode(MATCHES[kind]), ox.NamedNode(b))
                links[kind] = links.get(kind, 0) + 1
            out.flush()
    finally:
        table.close()
    return CrosswalkSummary(
        output=str(target),
        title=title,
        triples=out.count,
        links=links,
        skipped=dict(tally.skipped),
        skipped_total=sum(tally.skipped.values()),
        problems=list(tally.problems),
        seconds=round(time.perf_counter() - started, 3),
    )
