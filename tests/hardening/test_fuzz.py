"""Fuzzing with generated input: only rolegraph's own errors may escape.

- the RDF loading path: random bytes and mutated valid Turtle / TriG /
  N-Triples / N-Quads / JSON-LD / RDF/XML, loaded with ``load_in_memory`` and,
  when they load, queried (stats, list, show of every entity, compare, gap,
  workflow, path);
- name resolution: ``resolve`` with arbitrary text gives an entity,
  ``UnknownEntityError`` or ``AmbiguousEntityError``; ``search`` gives rows or
  a ``RolegraphError``; ``why`` with arbitrary text gives rows or a ``RolegraphError``;
- SPARQL: arbitrary and mutated queries through ``rolegraph sparql`` exit 0, 1
  or 2 without a traceback and never change the store;
- the ESCO importer: generated CSV files (odd headers, quotes, newlines,
  invalid IRIs, bad encodings) give a summary or an ``ImportDataError``, and what it
  writes always loads.

Every example runs under a time limit (``HANG_SECONDS``), so a hang fails the
test instead of stalling CI; ``faulthandler`` dumps the stacks and exits if
native code ignores the alarm.

The CI run is bounded (``ROLEGRAPH_FUZZ_EXAMPLES``, default 100 examples per
test, under 30 s for the module). For a longer run on a developer machine::

    ROLEGRAPH_FUZZ_EXAMPLES=5000 python -m pytest tests/hardening/test_fuzz.py -q -p no:cacheprovider

Hypothesis keeps failing examples in ``.hypothesis/`` and replays them first.
"""

from __future__ import annotations

import csv
import faulthandler
import io
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rolegraph.errors import AmbiguousEntityError, RolegraphError, UnknownEntityError

from hardening_util import CYCLE, SMALL, Hang, env_int, time_limit
from helpers import invoke

EXAMPLES = env_int("ROLEGRAPH_FUZZ_EXAMPLES", 100)
HANG_SECONDS = 10.0
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None if EXAMPLES > 1000 else settings.default.database)


@pytest.fixture(autouse=True)
def _watchdog() -> Iterator[None]:
    """Last resort against a hang inside native code, which SIGALRM cannot
    interrupt: dump every thread's stack and exit."""
    faulthandler.dump_traceback_later(max(120.0, EXAMPLES * HANG_SECONDS / 5), exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


# ------------------------------------------------------------------ seeds


TRIG = SMALL + """
rg:ev-1 a rg:Evidence ; dcterms:source rg:src ; rg:quote "the \\"quoted\\" passage" .
rg:src a rg:Source ; skos:prefLabel "a source"@en .
rg:ev-1 { rg:alpha rg:performsTask rg:k1 . rg:k1 rg:involvesTool rg:t1 . }
rg:flow a rg:Workflow ; skos:prefLabel "flow"@en ; rg:hasStep rg:step1 , rg:step2 .
rg:step1 a rg:WorkflowStep ; skos:prefLabel "step one"@en ; rg:stepOrder 1 ; rg:performedBy rg:alpha ; rg:includesTask rg:k1 ; rg:nextStep rg:step2 .
rg:step2 a rg:WorkflowStep ; skos:prefLabel "step two"@en ; rg:stepOrder "second" ; rg:performedBy rg:beta .
"""


def _seeds() -> dict[str, bytes]:
    from rolegraph.store import load_in_memory
    from rolegraph.store.export import export

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "seed.trig"
        path.write_text(TRIG, encoding="utf-8")
        store = load_in_memory([path])
        exported = {fmt: export(store, fmt) for fmt in ("nt", "nquads", "jsonld", "xml")}
    # Keep the exports small: the user's facts, not the whole ontology.
    def mine(data: bytes) -> bytes:
        lines = [line for line in data.splitlines() if re.match(rb"<https://w3id.org/rolegraph/[a-z]", line)]
        return b"\n".join(lines[:60]) + b"\n"

    return {
        ".ttl": SMALL.encode(),
        ".trig": TRIG.encode(),
        ".nt": mine(exported["nt"]),
        ".nq": mine(exported["nquads"]),
        ".jsonld": exported["jsonld"][:3000],
        ".rdf": exported["xml"][:3000],
        ".cycle.ttl": CYCLE.encode(),
    }


SEEDS = _seeds()
SUFFIXES = [".ttl", ".trig", ".nt", ".nq", ".jsonld", ".rdf", ".owl", ".n3"]
TOKENS = [
    b'"', b"'", b'"""', b"<", b">", b"{", b"}", b"[", b"]", b"(", b")", b".", b";", b",", b"@prefix rg: <x> .",
    b"@base <http://a/b> .", b"_:b0", b"^^", b"^^xsd:integer", b"@en", b"@", b"a", b"GRAPH", b"rg:", b"rg:Role", b"skos:prefLabel",
    b"#", b"\n", b"\r\n", b"\t", b"\\", b"\\u", b"\\U0010FFFF", b"\\uD800", b"\xff", b"\x00", b"\xc3", b"\xef\xbb\xbf",
    b"<http://x>", b"<rel/ative>", b"<http://a b>", b"1.5e", b"true", b"-0", b"9" * 40, b"\xf0\x9f\xa7\xaa", b'{"@id": "x"}',
    b'"@context"', b"<rdf:Description>", b"</rdf:RDF>", b"&amp;", b"&undefined;", b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
]


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, bytes]:
    seed_name = draw(st.sampled_from(sorted(SEEDS)))
    data = bytearray(SEEDS[seed_name])
    suffix = draw(st.one_of(st.just(seed_name.replace(".cycle", "")), st.sampled_from(SUFFIXES)))
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["replace", "insert", "delete", "truncate", "duplicate", "token", "token"]))
        pos = draw(st.integers(0, len(data)))
        if op == "replace" and pos < len(data):
            data[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
        elif op == "delete":
            del data[pos: pos + draw(st.integers(1, 40))]
        elif op == "truncate":
            del data[pos:]
        elif op == "duplicate":
            end = min(len(data), pos + draw(st.integers(1, 200)))
            data[pos:pos] = data[pos:end] * draw(st.integers(1, 3))
        else:
            data[pos:pos] = draw(st.sampled_from(TOKENS))
    return suffix, bytes(data)


def exercise(store: Any) -> None:
    """Query a graph that loaded, the way the commands do."""
    from rolegraph.careers import compare, gap, path, workflow
    from rolegraph.lookup import list_entities, search, show, stats

    stats(store)
    proj = store.projection
    list_entities(store)
    nodes = list(proj)[:40]
    for e in nodes:
        show(store, e)
    roles = proj.of_type("Role")[:3]
    for a in roles:
        for b in roles:
            for call in (compare, gap):
                try:
                    call(store, a, b)
                except RolegraphError:
                    pass
    try:
        workflow(store)
    except RolegraphError:
        pass
    if len(nodes) >= 2:
        try:
            path(store, nodes[0], nodes[-1])
        except RolegraphError:
            pass
    try:
        search(store, "skill")
    except RolegraphError:
        pass


def load_guarded(suffix: str, data: bytes) -> None:
    from rolegraph.store import load_in_memory

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        started = time.perf_counter()
        try:
            with time_limit(HANG_SECONDS):
                store = load_in_memory([path])
                exercise(store)
        except RolegraphError as exc:
            # (One line on screen is test_bad_input's concern: a newline in
            # the input can reach the message, see test_control_characters_in_parse_errors.)
            assert str(exc), "an error without a message"
        except Hang:
            pytest.fail(f"loading a {suffix} file of {len(data)} bytes hung: {data[:200]!r}")
        assert time.perf_counter() - started < HANG_SECONDS * 1.5


# ------------------------------------------------------------------ the RDF loading path


@FUZZ
@given(mutated())
@example((".ttl", b"\xef\xbb\xbf" + SMALL.encode()))
@example((".ttl", b"@prefix rg: <https://w3id.org/rolegraph/> .\nrg:a rg:b " + b"(" * 5000 + b")" * 5000 + b" ."))
@example((".jsonld", b"[" * 100_000 + b"]" * 100_000))
@example((".rdf", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
          b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
          b'<rdf:Description rdf:about="http://x"><rdf:value>&c;</rdf:value></rdf:Description></rdf:RDF>'))
@example((".rdf", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rdf:RDF '
          b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="http://x"><rdf:value>&x;</rdf:value>'
          b"</rdf:Description></rdf:RDF>"))
@example((".trig", b"@prefix rg: <https://w3id.org/rolegraph/> .\nrg:g { rg:a rg:b rg:c } rg:g { rg:a rg:b rg:c }\n"))
def test_mutated_rdf_files(case: tuple[str, bytes]) -> None:
    load_guarded(*case)


@FUZZ
@given(st.sampled_from(SUFFIXES), st.binary(max_size=2000))
def test_random_bytes(suffix: str, data: bytes) -> None:
    load_guarded(suffix, data)


def test_xml_external_entities_are_not_read(tmp_path: Path) -> None:
    """An RDF/XML file cannot make rolegraph read another file (XXE)."""
    from rolegraph.store import load_in_memory

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    bad = tmp_path / "xxe.rdf"
    bad.write_text(
        f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="http://x/y"><rdf:value>&x;</rdf:value></rdf:Description></rdf:RDF>'
    )
    try:
        store = load_in_memory([bad])
    except RolegraphError:
        return
    assert not any("TOP-SECRET" in str(q) for q in store.store)


# ------------------------------------------------------------------ name resolution


@pytest.fixture(scope="module")
def shipped() -> Any:
    from rolegraph.store import open_store

    return open_store()


def _names(proj: Any) -> list[str]:
    from rolegraph.vocab import local_id

    out = []
    for e in list(proj)[:300]:
        out += [proj.label(e), local_id(e), e, f"<{e}>", *proj.alt_labels(e)]
    return out


@st.composite
def reference_text(draw: st.DrawFn, names: list[str]) -> str:
    base = draw(st.one_of(st.text(max_size=40), st.sampled_from(names), st.sampled_from(["rg:", "rg:data-scientist", "esco:", "<>", "<", ">", "http://", "skos:x y", "a", ""])))
    if draw(st.booleans()):
        ops = draw(st.lists(st.sampled_from(["upper", "space", "nbsp", "strip", "cut", "junk", "nfd", "width"]), max_size=3))
        for op in ops:
            if op == "upper":
                base = base.upper()
            elif op == "space":
                base = f"  {base.replace(' ', '   ')} \t"
            elif op == "nbsp":
                base = base.replace(" ", "\u00a0")
            elif op == "strip":
                base = base.strip()
            elif op == "cut":
                base = base[: draw(st.integers(0, max(len(base), 0)))]
            elif op == "junk":
                base += draw(st.text(max_size=5))
            elif op == "nfd":
                import unicodedata

                base = unicodedata.normalize("NFD", base)
            else:
                base = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in base)  # full-width forms
    return base


def test_resolve_never_crashes(shipped: Any) -> None:
    from rolegraph.errors import WrongTypeError
    from rolegraph.lookup.names import resolve, resolve_as

    proj = shipped.projection
    names = _names(proj)

    @FUZZ
    @given(reference_text(names))
    def check(text: str) -> None:
        with time_limit(HANG_SECONDS):
            try:
                iri = resolve(proj, text)
            except UnknownEntityError as exc:
                assert all(isinstance(s, str) for s in exc.suggestions)
            except AmbiguousEntityError as exc:
                assert len(exc.candidates) >= 2
            else:
                assert iri in proj
            try:
                resolve_as(proj, text, ["Role"], "compare")
            except (UnknownEntityError, AmbiguousEntityError, WrongTypeError):
                pass

    check()


def test_search_and_why_never_crash(shipped: Any) -> None:
    from rolegraph.lookup import search

    names = _names(shipped.projection)

    @FUZZ
    @given(reference_text(names))
    def check(text: str) -> None:
        with time_limit(HANG_SECONDS):
            try:
                rows = search(shipped, text)
            except RolegraphError:
                return
            assert all(0.0 <= r.score <= 1.0 for r in rows)

    check()


def test_why_never_crashes(shipped: Any) -> None:
    from rolegraph.lookup import why

    names = _names(shipped.projection)

    @FUZZ
    @given(reference_text(names), st.one_of(st.sampled_from(["essentialSkill", "requiresSkill", "a", "rg:usesTool", "<http://x>"]), st.text(max_size=20)), reference_text(names))
    @example("data scientist", "has skill", "Python")
    def check(s: str, p: str, o: str) -> None:
        with time_limit(HANG_SECONDS):
            try:
                why(shipped, s, p, o)
            except RolegraphError:
                pass

    check()


# ------------------------------------------------------------------ SPARQL


QUERIES = [
    "SELECT ?r ?l WHERE { ?r a rg:Role ; skos:prefLabel ?l } ORDER BY ?l LIMIT 5",
    "ASK { rg:alpha rg:essentialSkill rg:s1 }",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3",
    "DESCRIBE rg:alpha",
    'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(REGEX(STR(?o), "a+")) }',
    "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 2 } OPTIONAL { ?s skos:altLabel ?a } }",
]
SPARQL_TOKENS = ["{", "}", "(", ")", ".", ";", "?x", "$y", "<http://x>", '"', "'''", "#", "\n", "SERVICE <http://127.0.0.1:9/>", "FROM <file:///etc/passwd>",
                 "INSERT DATA { <a:b> <a:c> <a:d> }", "; DROP ALL", "LOAD <file:///etc/passwd>", "GRAPH ?g", "UNION", "FILTER(", "BIND(", "VALUES ?x { 1 }",
                 "PREFIX x: <y>", "BASE <z>", "\\", "\x00", "*", "^^", "@en", "a", "SELECT", "WHERE", "(((((((((("]


@st.composite
def sparql_text(draw: st.DrawFn) -> str:
    if draw(st.integers(0, 4)) == 0:
        return draw(st.text(max_size=200))
    text = draw(st.sampled_from(QUERIES))
    for _ in range(draw(st.integers(1, 4))):
        pos = draw(st.integers(0, len(text)))
        op = draw(st.sampled_from(["token", "token", "delete", "char"]))
        if op == "token":
            text = text[:pos] + " " + draw(st.sampled_from(SPARQL_TOKENS)) + " " + text[pos:]
        elif op == "delete":
            text = text[:pos] + text[pos + draw(st.integers(1, 15)):]
        else:
            text = text[:pos] + draw(st.characters(blacklist_categories=("Cs",))) + text[pos:]
    return text


def test_sparql_never_crashes_or_writes(tmp_path: Path) -> None:
    from rolegraph.cli.options import Settings
    from rolegraph.store import load_in_memory

    graph = tmp_path / "g.trig"
    graph.write_text(TRIG, encoding="utf-8")
    store = load_in_memory([graph])
    before = sorted(str(q) for q in store.store)

    @FUZZ
    @given(sparql_text(), st.sampled_from(["table", "json", "csv", "xml", "turtle"]))
    def check(query: str, fmt: str) -> None:
        if query.startswith("-"):
            query = " " + query  # not an option
        with time_limit(HANG_SECONDS), patch.object(Settings, "store", lambda self: store):
            out = invoke("sparql", query, "--format", fmt)
        assert out.crash is None, f"{query!r}:\n{out.crash}"
        assert out.code in (0, 1, 2), (query, out)
        assert "Traceback" not in out.stderr
        if out.code:
            assert len(out.error_lines) == 1, (query, out.stderr)

    try:
        check()
    except Hang:
        pytest.fail("a SPARQL query hung")
    assert sorted(str(q) for q in store.store) == before


# ------------------------------------------------------------------ the ESCO importer


def _esco() -> Any:
    try:
        from rolegraph.importers import esco
    except ImportError:
        pytest.skip("rolegraph.importers.esco is not there yet")
    if not hasattr(esco, "import_esco"):
        pytest.skip("rolegraph.importers.esco has no import_esco yet")
    return esco


OCC_HEADER = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels", "status", "modifiedDate",
              "regulatedProfessionNote", "scopeNote", "definition", "inScheme", "description", "code"]
SKILL_HEADER = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "hiddenLabels", "status",
                "modifiedDate", "scopeNote", "definition", "inScheme", "description"]
REL_HEADER = ["occupationUri", "relationType", "skillType", "skillUri"]
SKILL_REL_HEADER = ["originalSkillUri", "originalSkillType", "relationType", "relatedSkillType", "relatedSkillUri"]
BROADER_HEADER = ["conceptType", "conceptUri", "broaderType", "broaderUri"]
OCC_IRIS = [f"http://data.europa.eu/esco/occupation/o{i}" for i in range(4)]
SKILL_IRIS = [f"http://data.europa.eu/esco/skill/s{i}" for i in range(5)]

IRI_LIKE = st.one_of(
    st.sampled_from(OCC_IRIS + SKILL_IRIS),
    st.from_regex(r"\A[a-z][a-z0-9+.\-]{0,5}:[!-~\u00a0-\u00ff]{0,12}\Z"),
    st.text(max_size=15),
    st.sampled_from(["", " ", "http://", "http://x/%zz", "http://x/#a#b", "http://[::1", "http://x:99999999/", "urn:x", "a:b c", "http://x/\u007f",
                     "http://x/\ufffe", "http://x/\u00a0", "mailto:a@b", "http://x/\u200b", "HTTP://X/Y", "x:\\y"]),
)
FIELD = st.one_of(st.text(max_size=30), st.sampled_from(["essential", "optional", "knowledge", "skill/competence", "a\nb\n\nc", 'say "hi"', "x,y", ""]))


@st.composite
def esco_dir(draw: st.DrawFn) -> dict[str, bytes]:
    def table(header: list[str], row_of: Any, n_max: int) -> bytes:
        header = list(header)
        if draw(st.integers(0, 9)) == 0 and header:
            del header[draw(st.integers(0, len(header) - 1))]  # a missing column
        if draw(st.integers(0, 5)) == 0:
            header = draw(st.permutations(header)) + draw(st.lists(st.sampled_from(["extra", "conceptUri", ""]), max_size=2))
        rows = [row_of(header) for _ in range(draw(st.integers(0, n_max)))]
        buf = io.StringIO()
        writer = csv.writer(buf, quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])), lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
        writer.writerow(header)
        for row in rows:
            writer.writerow(row[: draw(st.integers(0, len(row)))] if draw(st.integers(0, 9)) == 0 else row)
        data = buf.getvalue().encode("utf-8")
        if draw(st.integers(0, 12)) == 0:
            data = b"\xef\xbb\xbf" + data
        if draw(st.integers(0, 12)) == 0:
            pos = draw(st.integers(0, len(data)))
            data = data[:pos] + draw(st.sampled_from([b"\xff", b"\xe9", b'"', b"\x00", b"\r"])) + data[pos:]
        return data

    def row(header: list[str], iri_cols: dict[str, Any]) -> list[str]:
        return [draw(iri_cols[c]) if c in iri_cols else draw(FIELD) for c in header]

    files = {
        "occupations_en.csv": table(OCC_HEADER, lambda h: row(h, {"conceptUri": IRI_LIKE}), 5),
        "skills_en.csv": table(SKILL_HEADER, lambda h: row(h, {"conceptUri": IRI_LIKE}), 6),
        "occupationSkillRelations_en.csv": table(REL_HEADER, lambda h: row(h, {"occupationUri": IRI_LIKE, "skillUri": IRI_LIKE}), 8),
    }
    if draw(st.booleans()):
        files["skillSkillRelations_en.csv"] = table(SKILL_REL_HEADER, lambda h: row(h, {"originalSkillUri": IRI_LIKE, "relatedSkillUri": IRI_LIKE}), 4)
    if draw(st.booleans()):
        files["broaderRelationsOccPillar_en.csv"] = table(BROADER_HEADER, lambda h: row(h, {"conceptUri": IRI_LIKE, "broaderUri": IRI_LIKE}), 4)
    if draw(st.integers(0, 15)) == 0:
        del files[draw(st.sampled_from(sorted(files)))]
    return files


def _import(esco: Any, files: dict[str, bytes], name: str, tmp: str) -> tuple[Any, Path]:
    src = Path(tmp) / "esco"
    src.mkdir()
    for fname, data in files.items():
        (src / fname).write_bytes(data)
    out = Path(tmp) / name
    with time_limit(HANG_SECONDS):
        try:
            return esco.import_esco(src, out), out
        except RolegraphError as exc:
            assert str(exc) and not out.exists()
            return None, out


def test_esco_importer_never_crashes() -> None:
    """Any CSV input gives a summary or an ImportDataError, and a failed import
    writes nothing."""
    esco = _esco()

    @FUZZ
    @given(esco_dir(), st.sampled_from(["out.nt", "out.ttl"]))
    def check(files: dict[str, bytes], name: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            summary, out = _import(esco, files, name, tmp)
            if summary is not None:
                assert out.is_file() and summary.triples == sum(1 for _ in out.open(encoding="utf-8"))

    check()


def test_esco_output_always_loads() -> None:
    """Whatever the importer writes loads (it skips rows it cannot convert)."""
    esco = _esco()
    from rolegraph.store import load_in_memory

    @FUZZ
    @given(esco_dir(), st.sampled_from(["out.nt", "out.ttl"]))
    @example({"occupations_en.csv": b"conceptUri,preferredLabel\nhttp://x/#a#b,x\n", "skills_en.csv": b"conceptUri,preferredLabel\n",
              "occupationSkillRelations_en.csv": b"occupationUri,relationType,skillUri\n"}, "out.nt")
    def check(files: dict[str, bytes], name: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            summary, out = _import(esco, files, name, tmp)
            if summary is None:
                return
            try:
                store = load_in_memory([out])
            except RolegraphError as exc:
                raise AssertionError(f"the importer wrote RDF that does not load: {exc}\n{out.read_text()[:2000]}") from None
            assert store.projection.counts["Role"] <= summary.entities["occupations"] + summary.entities["skills"]

    check()
