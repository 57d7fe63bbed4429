"""Input limits on every parser path: nesting depth and XML entity expansion.

Oxigraph bounds neither. Eight levels of nested DTD entities turn a 1 KB
RDF/XML file into a 300-million-character literal; 20,000 nested triple
terms overflow the stack (a segmentation fault); nesting costs time in
RDF/XML and memory in JSON-LD quadratic in its depth. rolegraph reads each
file once more before the parser does (``rolegraph.store.load.check_limits``)
and refuses, with one line naming the file, line and column:

- nesting deeper than ``MAX_DEPTH`` (256) in any format: Turtle, TriG, N3
  collections, blank nodes, graph blocks, formulas and triple terms,
  N-Triples / N-Quads triple terms, JSON-LD arrays and objects, RDF/XML
  elements; on the streaming path and on the bulk loader's;
- DTD entities expanding, in all, past ``ENTITY_BUDGET`` (16 MiB) or twice
  the file's size, however the entities are declared or referenced;
- a DOCTYPE longer than 1 MiB.

Brackets in strings, IRIs and comments do not count, and a file that keeps
within the limits loads, whatever the pieces the lexer reads it in (the
property tests read generated files in pieces of a few bytes).

The attacks at full size run in a subprocess with a memory limit, so that
without the limits the test fails instead of taking the machine down.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rolegraph.errors import GraphLoadError
from rolegraph.store import load as load_module
from rolegraph.store import load_in_memory

from hardening_util import assert_cache_consistent, assert_one_line_error, env_int
from helpers import invoke

MAX = getattr(load_module, "MAX_DEPTH", 256)
PREFIX = "@prefix rg: <https://w3id.org/rolegraph/> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
RDF_OPEN = '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e.example/">'
XML_DECL = '<?xml version="1.0"?>'
EXAMPLES = env_int("ROLEGRAPH_FUZZ_EXAMPLES", 100)


# ------------------------------------------------------------------ nesting, format by format


def _nested(n: int) -> dict[str, tuple[str, str]]:
    """Documents nested exactly ``n`` levels deep, by construct: name → (suffix, text)."""
    k, odd = (n - 1) // 2, n % 2
    return {
        "turtle-collection": (".ttl", PREFIX + "rg:a rg:b " + "( rg:x " * n + ")" * n + " .\n"),
        "turtle-blank-node": (".ttl", PREFIX + "rg:a rg:b " + "[ rg:p " * n + "rg:x" + " ]" * n + " .\n"),
        "turtle-triple-term": (".ttl", PREFIX + "rg:a rg:b " + "<<( rg:a rg:b " * n + "rg:c" + " )>>" * n + " .\n"),
        "turtle-reified-triple": (".ttl", PREFIX + "rg:a rg:b " + "<< rg:a rg:b " * n + "rg:c" + " >>" * n + " .\n"),
        "turtle-no-spaces": (".ttl", PREFIX + "rg:a rg:b " + "[rg:p(" * (n // 2) + ("[rg:q rg:y]" if odd else "rg:x") + ")]" * (n // 2) + ".\n"),
        "trig-graph-block": (".trig", PREFIX + "rg:g { rg:a rg:b " + "[ rg:p " * (n - 1) + "rg:x" + " ]" * (n - 1) + " . }\n"),
        "n3-formula": (".n3", PREFIX + "rg:a rg:b " + "{ rg:a rg:b " * n + "rg:c" + " }" * n + " .\n"),
        "ntriples-triple-term": (".nt", "<http://a.example/> <http://b.example/> " + "<<( <http://a.example/> <http://b.example/> " * n + "<http://c.example/>" + " )>>" * n + " .\n"),
        "nquads-triple-term": (".nq", "<http://a.example/> <http://b.example/> " + "<<( <http://a.example/> <http://b.example/> " * n + "<http://c.example/>" + " )>>" * n + " <http://g.example/> .\n"),
        "jsonld-objects": (".jsonld", '{"@id": "http://a.example/", "http://p.example/": ' * n + '"x"' + "}" * n),
        "jsonld-lists": (".jsonld", '{"@id": "http://a.example/", "http://p.example/": ' + '{"@list": [' * k + ('"x"' if odd else '{"@value": "x"}') + "]}" * k + "}"),
        "rdfxml-elements": (".rdf", XML_DECL + RDF_OPEN + "<e:N><e:p>" * k + ("x" if odd else "<e:N/>") + "</e:p></e:N>" * k + "</rdf:RDF>"),
        "rdfxml-xml-literal": (".rdf", XML_DECL + RDF_OPEN + '<e:N><e:p rdf:parseType="Literal">' + "<b>" * (n - 3) + "x" + "</b>" * (n - 3) + "</e:p></e:N></rdf:RDF>"),
    }


CONSTRUCTS = sorted(_nested(3))


def _write(tmp_path: Path, suffix: str, text: str | bytes, stem: str = "g") -> Path:
    path = tmp_path / f"{stem}{suffix}"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_nesting_at_the_limit_loads(name: str, tmp_path: Path) -> None:
    suffix, text = _nested(MAX)[name]
    load_in_memory([_write(tmp_path, suffix, text)])


@pytest.mark.parametrize("name", CONSTRUCTS)
def test_nesting_past_the_limit_is_refused(name: str, tmp_path: Path) -> None:
    suffix, text = _nested(MAX + 1)[name]
    path = _write(tmp_path, suffix, text)
    with pytest.raises(GraphLoadError) as err:
        load_in_memory([path])
    message = str(err.value)
    assert re.match(re.escape(str(path)) + r":\d+:\d+: nested more than 256 levels deep", message), message
    assert "\n" not in message


@pytest.mark.parametrize("suffix", [".nt", ".ttl"])
def test_the_bulk_loader_is_held_to_the_limit(suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files past BULK_BYTES go to Oxigraph's bulk loader, which parses
    N-Triples in parallel pieces: a deep line among ordinary ones is refused,
    with its line number; a file within the limits loads."""
    filler = "".join(f"<http://a.example/{i}> <http://b.example/> <http://c.example/> .\n" for i in range(2000))
    deep = "<http://a.example/> <http://b.example/> " + "<<( <http://a.example/> <http://b.example/> " * (MAX + 1) + "<http://c.example/>" + " )>>" * (MAX + 1) + " .\n"
    fine = deep.replace("<<( <http://a.example/> <http://b.example/> ", "", 1).replace(" )>>", "", 1)
    monkeypatch.setattr(load_module, "BULK_BYTES", 1000)
    good = _write(tmp_path, suffix, filler + fine + filler, "good")
    assert load_in_memory([good]).triples > 2000
    bad = _write(tmp_path, suffix, filler + deep + filler, "bad")
    with pytest.raises(GraphLoadError, match=re.escape(str(bad)) + r":2001:\d+: nested more than 256"):
        load_in_memory([bad])


@pytest.mark.parametrize(
    "suffix, text",
    [
        (".ttl", PREFIX + 'rg:a rg:b "' + "(" * 3000 + '" , \'' + "[" * 3000 + "' .\n"),
        (".ttl", PREFIX + 'rg:a rg:b """' + "(\n" * 3000 + '""" , \'\'\'' + "{'\n" * 3000 + "''' .\n"),
        (".ttl", PREFIX + "# " + "(" * 3000 + "\nrg:a rg:b <http://x.example/" + "%28" * 3 + "> .\n"),
        (".ttl", PREFIX + 'rg:a rg:b "a \\" (((" , rg:c\\(d .\n' * 1000),
        (".trig", PREFIX + 'rg:g { rg:a rg:b """ { { { """ . }\n' * 1000),
        (".nt", '<http://a.example/> <http://b.example/> "' + "<<(" * 3000 + '" .\n'),
        (".nq", '<http://a.example/> <http://b.example/> "<<( # )>>" <http://g.example/> . # <<( <<(\n' * 300),
        (".jsonld", '{"@id": "http://a.example/", "http://p.example/": "' + "[{" * 3000 + '\\"[{"}'),
        (".rdf", XML_DECL + RDF_OPEN + "<!-- " + "<e:N><e:p>" * 3000 + " -->" + '<e:N rdf:about="http://x.example/"><e:p>x</e:p></e:N></rdf:RDF>'),
        (".rdf", XML_DECL + RDF_OPEN + '<e:N rdf:about="http://x.example/">' + "<e:p><![CDATA[a<br>b<x>]]></e:p>" * 2000 + "</e:N></rdf:RDF>"),
        (".rdf", XML_DECL + RDF_OPEN + '<e:N rdf:about="http://x.example/" e:q="' + "&lt;e:N&gt;" * 3000 + '"/></rdf:RDF>'),
        (".rdf", XML_DECL + RDF_OPEN + "<?pi " + "<e:N>" * 3000 + " ?>" + '<e:N rdf:about="http://x.example/"><e:p>x</e:p></e:N></rdf:RDF>'),
    ],
    ids=["short-strings", "long-strings", "comment-and-iri", "escapes", "trig-long-string", "ntriples-string", "nquads-string-comment",
         "jsonld-string", "rdfxml-comment", "rdfxml-cdata", "rdfxml-attribute", "rdfxml-processing-instruction"],
)
def test_brackets_in_strings_comments_and_iris_do_not_count(suffix: str, text: str, tmp_path: Path) -> None:
    load_in_memory([_write(tmp_path, suffix, text)])


@pytest.mark.parametrize(
    "text",
    [
        # A quote in the DOCTYPE: Oxigraph's reader ends the DOCTYPE at the
        # ">" balancing its "<"s, so the elements after it are parsed.
        XML_DECL + '<!DOCTYPE r [<!ATTLIST x y "a>> ' + RDF_OPEN + "<e:N><e:p>" * 2000 + "x" + "</e:p></e:N>" * 2000 + '</rdf:RDF> "> ]>',
        # The same with a comment.
        XML_DECL + "<!DOCTYPE r [<!-- a>> " + RDF_OPEN + "<e:N><e:p>" * 2000 + "x" + "</e:p></e:N>" * 2000 + "</rdf:RDF> --> ]>",
        # A DOCTYPE in the middle of the document.
        XML_DECL + RDF_OPEN + '<!doctype r [<!ENTITY q "Q">]>' + "<e:N><e:p>" * 2000 + "x" + "</e:p></e:N>" * 2000 + "</rdf:RDF>",
    ],
    ids=["doctype-quote", "doctype-comment", "doctype-in-body"],
)
def test_a_doctype_cannot_hide_nesting(text: str, tmp_path: Path) -> None:
    with pytest.raises(GraphLoadError, match=r"nested more than 256 levels deep"):
        load_in_memory([_write(tmp_path, ".rdf", text)])


def test_a_huge_doctype_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, ".rdf", XML_DECL + "<!DOCTYPE r [" + "<!-- x -->" * 120_000 + "]>" + RDF_OPEN + "</rdf:RDF>")
    with pytest.raises(GraphLoadError, match=re.escape(str(path)) + r":1:22: a DOCTYPE longer than 1,048,576 bytes"):
        load_in_memory([path])


# ------------------------------------------------------------------ entities


def _bomb(levels: int, *, base: str = "lol", fan: int = 10, use: str = "text", decl: str = "<!ENTITY {name} \"{value}\">", doctype: str = "<!DOCTYPE r [{decls}]>") -> str:
    decls = [decl.format(name="e0", value=base)] + [decl.format(name=f"e{i}", value=f"&e{i - 1};" * fan) for i in range(1, levels + 1)]
    top = f"&e{levels};"
    body = {
        "text": f'<rdf:Description rdf:about="http://x.example/"><e:p>{top}</e:p></rdf:Description>',
        "attribute": f'<rdf:Description rdf:about="http://x.example/{top}"><e:p>t</e:p></rdf:Description>',
        "element-name": f'<rdf:Description rdf:about="http://x.example/"><e:p{top}>t</e:p{top}></rdf:Description>',
        "never-used": '<rdf:Description rdf:about="http://x.example/"><e:p>t</e:p></rdf:Description>',
    }[use]
    return XML_DECL + doctype.format(decls="".join(decls)) + RDF_OPEN + body + "</rdf:RDF>"


# Each expands to far more than 16 MiB (yet to no more than a few hundred MB
# without the limit, so a failing run stays survivable).
BOMBS = {
    "nested-in-text": _bomb(5, base="x" * 400),
    "nested-in-attribute": _bomb(5, base="x" * 400, use="attribute"),
    "nested-in-element-name": _bomb(5, base="x" * 400, use="element-name"),
    "declared-never-used": _bomb(5, base="x" * 400, use="never-used"),
    "parameter-entity-syntax": _bomb(5, base="x" * 400, decl='<!ENTITY % {name} "{value}">'),
    "lower-case-doctype": _bomb(5, base="x" * 400, doctype="<!doctype r [{decls}]>"),
    "declared-in-a-dtd-comment": _bomb(5, base="x" * 400, doctype="<!DOCTYPE r [<!-- {decls} -->]>"),
    "wide-not-deep": _bomb(1, base="x" * 5000, fan=4000),
    "many-references-to-one": XML_DECL + '<!DOCTYPE r [<!ENTITY big "' + "x" * 5000 + '">]>' + RDF_OPEN
    + '<rdf:Description rdf:about="http://x.example/"><e:p>' + "&big;" * 8000 + "</e:p></rdf:Description></rdf:RDF>",
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_entity_expansion_is_bounded(name: str, tmp_path: Path) -> None:
    path = _write(tmp_path, ".rdf", BOMBS[name], "bomb")
    started = time.perf_counter()
    with pytest.raises(GraphLoadError) as err:
        load_in_memory([path])
    message = str(err.value)
    assert re.match(re.escape(str(path)) + r":\d+:\d+: XML entities expand to more than 16,777,216 characters \(rolegraph's limit\), at entity '\w+'$", message), message
    assert time.perf_counter() - started < 5


def test_the_entity_budget_grows_with_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An ontology that names its namespaces with entities (as Protégé writes
    them) may expand to twice its own size, whatever the fixed budget."""
    monkeypatch.setattr(load_module, "ENTITY_BUDGET", 1000)
    head = XML_DECL + '<!DOCTYPE rdf:RDF [<!ENTITY ex "http://example.org/a/long/namespace/for/classes#">]>' + RDF_OPEN
    refs = "".join(f'<rdf:Description rdf:about="&ex;C{i}"><e:p rdf:resource="&ex;D{i}"/></rdf:Description>' for i in range(3000))
    ok = _write(tmp_path, ".rdf", head + refs + "</rdf:RDF>", "ontology")
    assert load_in_memory([ok]).triples > 3000
    heavy = _write(tmp_path, ".rdf", head.replace("classes#", "classes#" + "x" * 200) + refs + "</rdf:RDF>", "heavy")
    with pytest.raises(GraphLoadError, match=r"XML entities expand to more than [\d,]+ characters"):
        load_in_memory([heavy])


def test_entities_and_tokens_cut_by_the_reading_pieces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Read in pieces of 7 bytes, every declaration, reference, tag and
    string is cut somewhere: the verdicts stay the same."""
    monkeypatch.setattr(load_module, "_CHUNK", 7)
    for name in ("nested-in-text", "many-references-to-one", "declared-in-a-dtd-comment"):
        with pytest.raises(GraphLoadError, match="XML entities expand"):
            load_module.check_limits(_write(tmp_path, ".rdf", BOMBS[name], name))
    for name in CONSTRUCTS:
        suffix, text = _nested(MAX + 3)[name]
        with pytest.raises(GraphLoadError, match="nested more than"):
            load_module.check_limits(_write(tmp_path, suffix, text, name))
        suffix, text = _nested(MAX - 2)[name]
        load_module.check_limits(_write(tmp_path, suffix, text, name + "-ok"))


# ------------------------------------------------------------------ the lexers agree with the parsers


def _term(draw: st.DrawFn) -> str:
    return draw(st.sampled_from(["rg:x", "<http://x.example/a#b>", '"a (b) [c] {d}"', "'it\\'s'", '"""a\n(b\n"""', "'''[\n'''", '"\\"("', "rg:x\\(y", "42", "true", '"x"@en', '"1"^^rg:t']))


@st.composite
def turtle_doc(draw: st.DrawFn, budget: int = 8) -> tuple[str, int]:
    """A valid Turtle document and its nesting depth."""

    def obj(depth: int) -> tuple[str, int]:
        kind = draw(st.sampled_from(["term", "term", "list", "bnode", "triple", "reified"])) if depth < budget else "term"
        if kind == "term":
            return _term(draw), 0
        if kind == "list":
            items = [obj(depth + 1) for _ in range(draw(st.integers(0, 3)))]
            return "( " + " ".join(t for t, _ in items) + " )", 1 + max((d for _, d in items), default=0)
        if kind == "bnode":
            inner, d = obj(depth + 1)
            comment = draw(st.sampled_from(["", " # ( [ {\n", "\n"]))
            return f"[ rg:p {inner} ;{comment} rg:q {_term(draw)} ]", 1 + d
        inner, d = obj(depth + 1)
        if kind == "triple":
            inner = inner if inner.startswith(("<<(", "rg:", "<http", '"', "'", "4", "t")) and not inner.startswith(("'''", '"""')) else "rg:z"
            return f"<<( rg:s rg:p {inner} )>>", 1 + (d if inner.startswith("<<(") else 0)
        inner = inner if inner.startswith(("<<", "rg:", "<http", '"', "'", "4", "t")) and not inner.startswith(("'''", '"""')) else "rg:z"
        return f"<< rg:s rg:p {inner} >>", 1 + (d if inner.startswith("<<") else 0)

    statements, deepest = [], 0
    for _ in range(draw(st.integers(1, 4))):
        text, depth = obj(0)
        statements.append(f"rg:a rg:b {text} .")
        deepest = max(deepest, depth)
    return PREFIX + "\n".join(statements) + "\n", deepest


@st.composite
def json_doc(draw: st.DrawFn, budget: int = 8) -> tuple[str, int]:
    def value(depth: int) -> tuple[Any, int]:
        kind = draw(st.sampled_from(["string", "object", "array"])) if depth < budget else "string"
        if kind == "string":
            return draw(st.sampled_from(["x", "[{", "}]", 'a"b', "\\", "\\\"}"])), 0
        if kind == "array":
            items = [value(depth + 1) for _ in range(draw(st.integers(1, 3)))]
            return [v for v, _ in items], 1 + max(d for _, d in items)
        inner, d = value(depth + 1)
        return {"@id": "http://a.example/", "http://p.example/": inner}, 1 + d

    top, depth = value(0)
    doc = {"@id": "http://top.example/", "http://p.example/": top}
    return json.dumps(doc, indent=draw(st.sampled_from([None, 1]))), depth + 1


@st.composite
def xml_doc(draw: st.DrawFn, budget: int = 8) -> tuple[str, int]:
    def node(depth: int) -> tuple[str, int]:
        if depth >= budget - 1 or draw(st.booleans()):
            text = draw(st.sampled_from(["x", "a &amp; b", "<![CDATA[<b>]]>", "<!-- <e:N> -->", "&lt;e:N&gt;"]))
            return f"<e:p>{text}</e:p>", 1
        children = [node(depth + 2) for _ in range(draw(st.integers(1, 2)))]
        attr = draw(st.sampled_from(["", ' e:q="a>b"', " e:q='<e:N>'"]))
        return f'<e:p><e:N{attr}>{"".join(c for c, _ in children)}</e:N></e:p>', 2 + max(d for _, d in children)

    children = [node(2) for _ in range(draw(st.integers(1, 3)))]
    body = f'<e:N rdf:about="http://x.example/">{"".join(c for c, _ in children)}</e:N>'
    return XML_DECL + RDF_OPEN + body + "</rdf:RDF>", 2 + max(d for _, d in children)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.one_of(turtle_doc().map(lambda d: (".ttl", *d)), json_doc().map(lambda d: (".jsonld", *d)), xml_doc().map(lambda d: (".rdf", *d))),
       st.integers(1, 64), st.integers(2, 6))
def test_the_lexers_count_the_depth_the_parsers_see(doc: tuple[str, str, int], chunk: int, limit: int) -> None:
    """For generated valid documents of known depth, read in pieces of
    ``chunk`` bytes with a limit of ``limit``: refused exactly when deeper."""
    import tempfile

    import pyoxigraph as ox

    suffix, text, depth = doc
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"doc{suffix}"
        path.write_text(text, encoding="utf-8")
        list(ox.parse(path=str(path), format=load_module.rdf_format(path)))  # the document is valid
        old = load_module.MAX_DEPTH, load_module._CHUNK
        load_module.MAX_DEPTH, load_module._CHUNK = limit, chunk
        try:
            load_module.check_limits(path)
            refused = False
        except GraphLoadError as exc:
            refused = True
            assert "nested more than" in str(exc)
        finally:
            load_module.MAX_DEPTH, load_module._CHUNK = old
    assert refused == (depth > limit), (depth, limit, text)


# ------------------------------------------------------------------ the attacks at full size, from the command line


def _limited(args: list[str], tmp: Path, seconds: float = 60) -> subprocess.CompletedProcess[str]:
    def limits() -> None:
        import resource  # POSIX only

        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    env = {k: v for k, v in os.environ.items() if k != "ROLEGRAPH_ENDPOINT"}
    env["ROLEGRAPH_CACHE_DIR"] = str(tmp / "cache")
    return subprocess.run([sys.executable, "-m", "rolegraph", *args], env=env, capture_output=True, text=True, timeout=seconds, preexec_fn=limits)


ATTACKS = {
    # The reported one: 1 KB, eight levels, 300 million characters (1.45 GB).
    "billion-laughs-8": (".rdf", _bomb(8, base="lol" * 10), r"XML entities expand to more than 16,777,216 characters"),
    "billion-laughs-9": (".rdf", _bomb(9, base="lol" * 10), r"XML entities expand to more than 16,777,216 characters"),
    # 40,000 nested elements: quadratic (17 s).
    "rdfxml-40000-elements": (".rdf", XML_DECL + RDF_OPEN + "<e:N><e:p>" * 20000 + "x" + "</e:p></e:N>" * 20000 + "</rdf:RDF>", r"nested more than 256 levels deep"),
    # 40,000 nested triple terms: a stack overflow (segmentation fault).
    "ntriples-40000-triple-terms": (".nt", _nested(40000)["ntriples-triple-term"][1], r"nested more than 256 levels deep"),
    "turtle-40000-triple-terms": (".ttl", _nested(40000)["turtle-triple-term"][1], r"nested more than 256 levels deep"),
    # 5,000 nested JSON-LD objects: memory quadratic in depth (gigabytes).
    "jsonld-5000-objects": (".jsonld", _nested(5000)["jsonld-objects"][1], r"nested more than 256 levels deep"),
}


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_full_size_attacks_are_one_line_errors(name: str, tmp_path: Path) -> None:
    suffix, text, message = ATTACKS[name]
    path = _write(tmp_path, suffix, text, "attack")
    started = time.perf_counter()
    done = _limited(["--graph", str(path), "stats"], tmp_path)
    assert done.returncode == 1, (done.returncode, done.stderr[-2000:])
    assert done.stdout == "" and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and re.match(r"Error: " + re.escape(str(path)) + r":\d+:\d+: " + message, lines[0]), done.stderr
    assert time.perf_counter() - started < 30
    assert_cache_consistent(tmp_path / "cache")


def test_refusal_in_process_is_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, ".rdf", BOMBS["nested-in-text"], "bomb")
    out = invoke("--cache-dir", str(tmp_path / "cache"), "--graph", str(path), "stats")
    assert_one_line_error(out, 1, re.escape(str(path)) + r":1:\d+: XML entities expand to more than")
    assert_cache_consistent(tmp_path / "cache")
