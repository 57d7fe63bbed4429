"""The inventory of bad inputs: each gives a one-line ``Error: ...`` on stderr
with the right exit code (1 for a failed operation, 2 for bad usage), never a
traceback, and changes nothing (input files, cache, compiled store).

``INVENTORY`` below is the table the closing note of issue 7 shows: input →
expected message (a regular expression over the message after ``Error: ``,
or over stdout when the command succeeds) → exit code. Run this module as a
script to print it as markdown::

    python tests/hardening/test_bad_input.py
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from hardening_util import (
    CYCLE,
    PREFIXES,
    SMALL,
    Hang,
    assert_cache_consistent,
    assert_ok,
    assert_one_line_error,
    store_quads,
    time_limit,
    tree_digest,
)
from helpers import Outcome, invoke

MB = 1 << 20
INJECTIONS = ['" } ; DROP ALL ; #', "<http://x> . } INSERT DATA { <a:b> <a:c> <a:d> }"]

UNDECLARED = PREFIXES + """
rg:r1 a rg:Role ; skos:prefLabel "alpha role"@en ; rg:madeUpProperty rg:s1 .
rg:s1 a rg:Skill ; skos:prefLabel "skill one"@en .
rg:x a rg:Role , rg:MadeUpClass ; skos:prefLabel "made up"@en .
"""

BIG_LITERAL = PREFIXES + (
    'rg:big a rg:Role ; skos:prefLabel "big role"@en ;\n'
    '    skos:definition "' + "definition " * (MB // 11 + 1) + '"@en ;\n'
    '    rg:profile "' + "x" * MB + '" .\n'
)

ESCAPES = PREFIXES + 'rg:evil a rg:Role ; skos:prefLabel "evil\\u001b[2J\\u001b]0;pwned\\u0007 role"@en .\n'


@dataclass(frozen=True)
class Case:
    """One bad input. ``args`` may contain ``{tmp}`` (the test's directory);
    ``files`` are written there first (str as UTF-8, bytes as they are)."""

    id: str
    input: str
    args: tuple[str, ...]
    message: str
    code: int
    files: dict[str, str | bytes] = field(default_factory=dict)
    stdin: str | None = None
    check: Callable[[Path, Outcome], None] | None = None
    bug: str | None = None  # a known bug: the case is a strict xfail until fixed


def _json_check(test: Callable[[object], bool]) -> Callable[[Path, Outcome], None]:
    def check(tmp: Path, out: Outcome) -> None:
        data = json.loads(out.stdout)
        assert test(data), data

    return check


def _file_written(name: str) -> Callable[[Path, Outcome], None]:
    def check(tmp: Path, out: Outcome) -> None:
        assert (tmp / name).is_file() and (tmp / name).stat().st_size > 0

    return check


def _nothing_written_under(name: str) -> Callable[[Path, Outcome], None]:
    def check(tmp: Path, out: Outcome) -> None:
        assert sorted(p.name for p in (tmp / name).iterdir()) == []

    return check


G = ("--graph", "{tmp}/g.ttl")  # the SMALL graph
SMALL_FILES = {"g.ttl": SMALL}
CYCLE_FILES = {"g.ttl": CYCLE}

INVENTORY: list[Case] = [
    # ---------------------------------------------------------- graph files
    Case("malformed-turtle", "malformed Turtle (unterminated string)", ("--graph", "{tmp}/bad.ttl", "stats"),
         r"bad\.ttl:5:8: Unexpected end of file", 1,
         {"bad.ttl": PREFIXES + 'rg:a a rg:Role ;\n  rg:x "unterminated .\n'}),
    Case("malformed-trig", "malformed TriG (unclosed graph block)", ("--graph", "{tmp}/bad.trig", "stats"),
         r"bad\.trig:\d+:\d+: Unexpected end", 1,
         {"bad.trig": PREFIXES + "rg:g { rg:a a rg:Role .\n"}),
    Case("malformed-ntriples", "malformed N-Triples (triple without object)", ("--graph", "{tmp}/bad.nt", "stats"),
         r"bad\.nt:2:\d+: The object of a triple must be", 1,
         {"bad.nt": "<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n"}),
    Case("malformed-jsonld", "malformed JSON-LD", ("--graph", "{tmp}/bad.jsonld", "stats"),
         r"bad\.jsonld:\d+:\d+: ", 1, {"bad.jsonld": '{"@context": {"x": \n'}),
    Case("malformed-rdfxml", "malformed RDF/XML", ("--graph", "{tmp}/bad.rdf", "stats"),
         r"bad\.rdf: syntax error", 1,
         {"bad.rdf": '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description\n'}),
    Case("non-utf8", "non-UTF-8 file (Latin-1 é)", ("--graph", "{tmp}/latin1.ttl", "stats"),
         r"latin1\.ttl:4:\d+: Invalid UTF-8", 1,
         {"latin1.ttl": PREFIXES.encode() + b'rg:a rg:profile "caf\xe9" .\n'}),
    Case("binary-file", "binary garbage named .ttl", ("--graph", "{tmp}/bin.ttl", "stats"),
         r"bin\.ttl:1:1: ", 1, {"bin.ttl": b"\x00\x01\xff\xfe garbage"}),
    Case("unknown-prefix", "unknown prefix", ("--graph", "{tmp}/prefix.ttl", "stats"),
         r"prefix\.ttl:4:8: The prefix foo: has not been declared", 1,
         {"prefix.ttl": PREFIXES + "rg:a a foo:Role .\n"}),
    Case("bad-file-in-directory", "one bad file among good ones in a graph directory", ("--graph", "{tmp}/data", "stats"),
         r"data/z-bad\.ttl:\d+:\d+: ", 1,
         {"data/a-good.ttl": SMALL, "data/z-bad.ttl": PREFIXES + "rg:a rg:b .\n"}),
    Case("empty-directory", "empty graph directory", ("--graph", "{tmp}/empty", "stats"),
         r"empty: the directory holds no RDF files", 1, {"empty/README.txt": "no RDF here\n"}),
    Case("missing-graph", "missing --graph path", ("--graph", "{tmp}/nowhere", "stats"),
         r"nowhere: no such file or directory", 1),
    Case("empty-graph-arg", "--graph given an empty string", ("--graph", "", "stats"),
         r"--graph was given an empty path", 1),
    Case("unknown-suffix", "--graph file with an unknown suffix", ("--graph", "{tmp}/data.csv", "stats"),
         r"data\.csv: unknown RDF file type '\.csv'", 1, {"data.csv": "a,b\n"}),
    Case("undeclared-term", "data using a class and a property the ontology lacks (validate)", ("--graph", "{tmp}/g.ttl", "validate"),
         r"Warning: rg:madeUpProperty: .*does not declare it", 0, {"g.ttl": UNDECLARED},
         check=lambda tmp, out: _assert_in("Warning: rg:MadeUpClass", out.stdout)),
    # ---------------------------------------------------------- entity references
    Case("duplicate-labels", "two entities with one label (show)", (*G, "show", "twin"),
         r"'twin' is ambiguous, it could be: twin \(Role, rg:twin-role\); Twin \(Skill, rg:twin-skill\)", 1, SMALL_FILES),
    Case("unknown-entity", "a name no entity has (suggests)", (*G, "show", "alpha rol"),
         r"no entity matches 'alpha rol'; did you mean: 'alpha role'", 1, SMALL_FILES),
    Case("wrong-type", "a skill where a role is wanted (compare)", (*G, "compare", "skill one", "alpha role"),
         r"skill one is a Skill; compare takes roles", 1, SMALL_FILES),
    # ---------------------------------------------------------- awkward but valid data
    Case("no-skills-compare", "role with no skills: compare", (*G, "compare", "empty role", "alpha role", "--format", "json"),
         r'"similarity": 0\.0', 0, SMALL_FILES,
         check=_json_check(lambda d: d["shared"] == {"skills": [], "tools": [], "tasks": []} and not any(d["only_a"].values()))),
    Case("no-skills-gap-to", "role with no skills: gap to it", (*G, "gap", "alpha role", "empty role", "--format", "json"),
         r'"coverage": 1\.0', 0, SMALL_FILES, check=_json_check(lambda d: not any(d["missing"].values()))),
    Case("no-skills-gap-from", "role with no skills: gap from it", (*G, "gap", "empty role", "alpha role", "--format", "json"),
         r'"coverage": 0\.0', 0, SMALL_FILES,
         check=_json_check(lambda d: [s["id"] for s in d["missing"]["skills"]] == ["s3", "s2", "s1"])),
    Case("no-skills-fit", "role with no skills: fit", (*G, "fit", "--skill", "skill one", "--format", "json"),
         r'"id": "empty"', 0, SMALL_FILES,
         check=_json_check(lambda d: [r["score"] for r in d if r["role"]["id"] == "empty"] == [0.0])),
    Case("no-skills-similar", "role with no skills: similar", (*G, "similar", "empty role", "--format", "json"),
         r'"similarity": 0\.0', 0, SMALL_FILES, check=_json_check(lambda d: all(r["similarity"] == 0.0 for r in d))),
    Case("prerequisite-cycle", "prerequisite cycle of three skills (gap)", ("--graph", "{tmp}/g.ttl", "gap", "from role", "to role"),
         r"prerequisite cycle: cycle (one|two|three) → .* → cycle (one|two|three)", 1, CYCLE_FILES),
    Case("prerequisite-self-loop", "skill that is its own prerequisite (gap)", ("--graph", "{tmp}/g.ttl", "gap", "from role", "self role"),
         r"prerequisite cycle: loop → loop", 1, CYCLE_FILES),
    Case("cycle-other-commands", "prerequisite cycle: compare still works", ("--graph", "{tmp}/g.ttl", "compare", "to role", "self role"),
         r"similarity 0\.00", 0, CYCLE_FILES),
    Case("megabyte-literal", "1 MB literals (definition and attribute): show", ("--graph", "{tmp}/g.ttl", "show", "big role", "--format", "json"),
         r'"label": "big role"', 0, {"g.ttl": BIG_LITERAL},
         check=_json_check(lambda d: len(d["definition"]) > MB and len(d["attributes"]["rg:profile"][0]) == MB)),
    Case("megabyte-literal-search", "1 MB literal: search", ("--graph", "{tmp}/g.ttl", "search", "definition", "--format", "json"),
         r'"id": "big"', 0, {"g.ttl": BIG_LITERAL}),
    Case("chinese-show", "label in Chinese: show", (*G, "show", "分析师"), r"^分析师  \(Role, zh\)", 0, SMALL_FILES),
    Case("chinese-search", "label in Chinese: search", (*G, "search", "分析师", "--format", "json"), r'"label": "分析师"', 0, SMALL_FILES),
    Case("cyrillic-show", "label in Cyrillic, other case: show", (*G, "show", "Аналитик ДАННЫХ"), r"^аналитик данных  \(Role, ru\)", 0, SMALL_FILES),
    Case("cyrillic-search", "label in Cyrillic: search part", (*G, "search", "аналитик", "--format", "json"), r'"id": "ru"', 0, SMALL_FILES),
    Case("arabic-show", "right-to-left label: show", (*G, "show", "محلل بيانات"), r"محلل بيانات  \(Role, ar\)", 0, SMALL_FILES),
    Case("emoji-show", "label with an emoji: show", (*G, "show", "DATA 🧪 SCIENTIST"), r"^data 🧪 scientist  \(Skill, emoji\)", 0, SMALL_FILES),
    Case("emoji-search", "label with an emoji: search the emoji", (*G, "search", "🧪", "--format", "json"), r'"id": "emoji"', 0, SMALL_FILES),
    Case("decomposed-accent", "label typed with a combining accent (NFD)", (*G, "show", "cafe\u0301 skills"), r"^café skills", 0, SMALL_FILES),
    # ---------------------------------------------------------- injection-shaped names
    *[
        Case(f"injection-{cmd}-{i}", f"injection-shaped name {inj!r} ({cmd})", (*G, *args), msg, 1, SMALL_FILES)
        for i, inj in enumerate(INJECTIONS, 1)
        for cmd, args, msg in [
            ("show", ("show", inj), r"no entity matches"),
            ("compare", ("compare", "alpha role", inj), r"no entity matches"),
            ("gap", ("gap", inj, "alpha role"), r"no entity matches"),
            ("why-subject", ("why", inj, "essentialSkill", "skill one"), r"no entity matches"),
            ("why-object", ("why", "alpha role", "essentialSkill", inj), r"no entity matches"),
            ("sparql-e", ("sparql", "-e", f"x={inj}", "SELECT * WHERE { ?x ?p ?o }"), r"no entity matches"),
            ("sparql-query", ("sparql", inj), r"SPARQL syntax error|updates are refused"),
        ]
    ],
    *[
        Case(f"injection-why-{where}-{i}", f"injection-shaped {where} {inj!r} (why)", (*G, "why", *args), msg, 1, SMALL_FILES)
        for i, inj in enumerate(INJECTIONS, 1)
        for where, args, msg in [
            ("predicate", ("alpha role", inj, "skill one"), r"not a property|not a valid|not an IRI"),
            ("type", ("alpha role", "a", inj), r"not a class|not a valid|not an IRI|does not say"),
        ]
    ],
    Case("sparql-update", "SPARQL update", (*G, "sparql", "INSERT DATA { <a:b> <a:c> <a:d> }"),
         r"updates are refused \(INSERT DATA\)", 1, SMALL_FILES),
    Case("sparql-literal-injection", "injection-shaped -p value is just a string", (*G, "sparql", "-p", f"x={INJECTIONS[0]}", "SELECT * WHERE { ?s ?p ?x }"),
         r"\(no results\)", 0, SMALL_FILES),
    # ---------------------------------------------------------- output files
    Case("export-o-directory", "export -o onto a directory", (*G, "export", "-o", "{tmp}/outdir"),
         r"outdir: is a directory; give a file name", 2, {**SMALL_FILES, "outdir/keep.txt": "kept\n"},
         check=lambda tmp, out: _assert_in("kept", (tmp / "outdir/keep.txt").read_text())),
    Case("export-o-missing-dir", "export -o into a missing directory (created)", (*G, "export", "-o", "{tmp}/new/sub/out.ttl"),
         "", 0, SMALL_FILES, check=_file_written("new/sub/out.ttl")),
    Case("export-o-under-file", "export -o under a regular file", (*G, "export", "-o", "{tmp}/g.ttl/out.ttl"),
         r"cannot write .*g\.ttl/out\.ttl", 1, SMALL_FILES),
    Case("viz-o-directory", "viz -o onto a directory", (*G, "viz", "-o", "{tmp}/outdir"),
         r"outdir is a directory; give a file name", 2, {**SMALL_FILES, "outdir/keep.txt": "kept\n"},
         check=lambda tmp, out: _assert_in("keep.txt", str(sorted(p.name for p in (tmp / "outdir").iterdir())))),
    Case("viz-o-missing-dir", "viz -o into a missing directory (created)", (*G, "viz", "-o", "{tmp}/new/graph.html"),
         "", 0, SMALL_FILES, check=_file_written("new/graph.html")),
    # ---------------------------------------------------------- other files the CLI reads
    Case("fit-text-non-utf8", "fit --text with a non-UTF-8 file", (*G, "fit", "--text", "{tmp}/ad.txt"),
         r"ad\.txt: not UTF-8 text", 1, {**SMALL_FILES, "ad.txt": b"caf\xe9 SQL\n"}),
    Case("fit-text-missing", "fit --text with a missing file", (*G, "fit", "--text", "{tmp}/nowhere.txt"),
         r"nowhere\.txt: no such file", 1, SMALL_FILES),
    Case("fit-text-empty", "fit --text - with blank stdin", (*G, "fit", "--text", "-"),
         r"the text is empty", 1, SMALL_FILES, stdin="   \n"),
    Case("sparql-file-missing", "sparql -f with a missing file", (*G, "sparql", "-f", "{tmp}/nowhere.rq"),
         r"nowhere\.rq: no such file", 1, SMALL_FILES),
    # ---------------------------------------------------------- usage
    Case("missing-argument-show", "missing argument (show)", ("show",), r"Missing argument 'REF'", 2),
    Case("missing-argument-compare", "missing second argument (compare)", ("compare", "alpha role"), r"Missing argument 'B'", 2),
    Case("missing-option-value", "--graph without a value", ("--graph",), r"Option '--graph' requires an argument", 2),
    Case("bad-choice", "export --to an unknown format", (*G, "export", "--to", "foo"), r"Invalid value for '--to'", 2, SMALL_FILES),
    Case("fit-nothing", "fit with no skill, tool or text", (*G, "fit"), r"give at least one --skill, --tool or --text", 2, SMALL_FILES),
    Case("unknown-command", "an unknown command", ("frobnicate",), r"No such command 'frobnicate'", 2),
]


def _assert_in(needle: str, haystack: str) -> None:
    assert needle in haystack, (needle, haystack[:500])


def _params() -> list[object]:
    out = []
    for case in INVENTORY:
        marks = [pytest.mark.xfail(reason=case.bug, strict=True)] if case.bug else []
        out.append(pytest.param(case, id=case.id, marks=marks))
    return out


def _setup(tmp: Path, case: Case) -> tuple[list[str], Path]:
    for name, content in case.files.items():
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    (tmp / "empty").mkdir(exist_ok=True)
    cache = tmp.parent / f"{tmp.name}-cache"
    return [a.replace("{tmp}", str(tmp)) for a in case.args], cache


@pytest.mark.parametrize("case", _params())
def test_bad_input(case: Case, tmp_path: Path) -> None:
    tmp = tmp_path / "in"
    tmp.mkdir()
    args, cache = _setup(tmp, case)
    before = tree_digest(tmp)
    with time_limit(60):
        out = invoke("--cache-dir", str(cache), *args, input=case.stdin)
    if case.code == 0:
        assert_ok(out)
        if case.message:
            assert re.search(case.message, out.stdout, re.M), (case.message, out.stdout[:2000])
    else:
        assert_one_line_error(out, case.code, case.message)
    if case.check is not None:
        case.check(tmp, out)
    # Nothing the command was given was changed (outputs it was asked to
    # write are the only new files), and the cache holds no half-built store.
    after = tree_digest(tmp)
    assert {k: v for k, v in after.items() if k in before} == before
    assert_cache_consistent(cache)


# ------------------------------------------------------------------ injection leaves the store alone


def test_injection_shaped_names_change_nothing(tmp_path: Path) -> None:
    """Every injection-shaped name exits 1, and afterwards ``stats`` and the
    compiled store's quads are exactly what they were."""
    graph = tmp_path / "g.ttl"
    graph.write_text(SMALL, encoding="utf-8")
    cache = tmp_path / "cache"
    g = ("--cache-dir", str(cache), "--graph", str(graph))
    first = invoke(*g, "stats", "--format", "json")
    assert_ok(first)
    quads = store_quads([graph], cache)
    files = tree_digest(cache)
    for inj in INJECTIONS:
        for args in (
            ("show", inj),
            ("compare", inj, "alpha role"),
            ("compare", "alpha role", inj),
            ("gap", "alpha role", inj),
            ("fit", "--skill", inj),
            ("similar", inj),
            ("path", inj, "skill one"),
            ("why", inj, "essentialSkill", "skill one"),
            ("why", "alpha role", "essentialSkill", inj),
            ("sparql", "-e", f"x={inj}", "SELECT * WHERE { ?x ?p ?o }"),
            ("sparql", inj),
            ("sparql", "-q", "role-skills", "-e", f"role={inj}"),
        ):
            out = invoke(*g, *args)
            assert_one_line_error(out, 1)
    for update in ("DROP ALL", "CLEAR DEFAULT", "INSERT DATA { <a:b> <a:c> <a:d> }", "DELETE WHERE { ?s ?p ?o }", "LOAD <file:///etc/passwd>"):
        assert_one_line_error(invoke(*g, "sparql", update), 1, r"updates are refused")
    after = invoke(*g, "stats", "--format", "json")
    assert after.stdout == first.stdout
    assert tree_digest(cache) == files
    assert store_quads([graph], cache) == quads


# ------------------------------------------------------------------ cycles do not hang


@pytest.mark.parametrize("args", [("gap", "from role", "to role"), ("path", "cycle one", "cycle three"), ("show", "cycle one"), ("fit", "--skill", "cycle one")])
def test_prerequisite_cycle_never_hangs(args: tuple[str, ...], tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text(CYCLE, encoding="utf-8")
    try:
        with time_limit(20):
            out = invoke("--cache-dir", str(tmp_path / "c"), "--graph", str(graph), *args)
    except Hang:
        pytest.fail(f"{args} hung on a prerequisite cycle")
    assert out.crash is None and out.code in (0, 1), out


# ------------------------------------------------------------------ terminal escapes




@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("show", "evil"), id="show"),
        pytest.param(("list", "role"), id="list"),
        pytest.param(("search", "evil"), id="search"),
        pytest.param(("show", "evil rol"), id="error-suggestion"),  # repr() escapes them
        pytest.param(("show", "evil", "--format", "json"), id="json"),
    ],
)
def test_control_characters_never_reach_the_terminal(args: tuple[str, ...], tmp_path: Path) -> None:
    graph = tmp_path / "g.ttl"
    graph.write_text(ESCAPES, encoding="utf-8")
    out = invoke("--cache-dir", str(tmp_path / "c"), "--graph", str(graph), *args)
    assert out.crash is None
    text = out.stdout + out.stderr
    assert not any(ord(c) < 32 and c not in "\n\t" or 0x7F <= ord(c) < 0xA0 for c in text), repr(text[:400])


@pytest.mark.parametrize(
    "name,data",
    [
        ("esc.ttl", PREFIXES.encode() + b"rg:a a \x1b[31mred .\n"),
        ("nul.ttl", b"\x00\x01 garbage"),
        ("newline.nt", b"<http://a\nb> <http://b> <http://c> .\n"),
    ],
    ids=["escape", "nul", "newline-in-iri"],
)
def test_control_characters_in_parse_errors(name: str, data: bytes, tmp_path: Path) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    out = invoke("--cache-dir", str(tmp_path / "c"), "--graph", str(bad), "stats")
    message = assert_one_line_error(out, 1, re.escape(name) + r":\d+:\d+: ")
    assert not any(ord(c) < 32 for c in message), repr(message)


def test_json_escapes_control_characters(tmp_path: Path) -> None:
    """JSON output is safe to print: control characters are escaped."""
    graph = tmp_path / "g.ttl"
    graph.write_text(ESCAPES, encoding="utf-8")
    out = invoke("--cache-dir", str(tmp_path / "c"), "--graph", str(graph), "show", "evil", "--format", "json")
    assert_ok(out)
    assert "\x1b" not in out.stdout and "\x07" not in out.stdout
    assert json.loads(out.stdout)["label"].startswith("evil\x1b[2J")


def test_utf8_bom_is_reported_or_accepted(tmp_path: Path) -> None:
    """A UTF-8 byte-order mark (Windows editors write one) is either skipped
    or reported at 1:1; never a traceback."""
    graph = tmp_path / "bom.ttl"
    graph.write_bytes(b"\xef\xbb\xbf" + SMALL.replace("\n", "\r\n").encode())
    out = invoke("--cache-dir", str(tmp_path / "c"), "--graph", str(graph), "show", "alpha role")
    if out.code == 0:
        assert_ok(out)
    else:
        assert_one_line_error(out, 1, r"bom\.ttl:1:1: ")


def inventory_markdown() -> str:
    rows = ["| input | message | exit | test |", "| --- | --- | --- | --- |"]
    for c in INVENTORY:
        msg = c.message.replace("|", "\\|") or "(file written)"
        where = "stdout" if c.code == 0 else "stderr"
        bug = " **(xfail: bug)**" if c.bug else ""
        rows.append(f"| {c.input} | `{msg}` ({where}) | {c.code} | `test_bad_input.py::test_bad_input[{c.id}]`{bug} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(inventory_markdown())
