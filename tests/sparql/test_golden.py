"""Golden tests: every shipped named query against the shipped graph.

``golden/NAME.expected.json`` holds the expected solutions (terms in N-Triples
syntax). Rows are compared in order when the query has ORDER BY, as a multiset
otherwise. To regenerate after a deliberate data change, run
``ROLEGRAPH_UPDATE_GOLDEN=1 pytest tests/sparql/test_golden.py`` and review the
diff against the sources.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from rolegraph.sparql import named_queries
from rolegraph.sparql.lexer import tokens as _tokens

GOLDEN = Path(__file__).parent / "golden"

#: The arguments each query is run with in its golden test.
ARGS: dict[str, list[str]] = {
    "role-skills": ["-e", "role=data scientist"],
    "role-tools": ["-e", "role=data scientist"],
    "role-tasks": ["-e", "role=machine learning engineer"],
    "role-sources": ["-e", "role=software engineer"],
    "roles-using-tool": ["-e", "tool=Excel"],
    "roles-requiring-skill": ["-e", "skill=statistics"],
    "shared-skills": ["-e", "a=data scientist", "-e", "b=machine learning engineer"],
    "skill-prerequisites": ["-e", "skill=random forests"],
    "task-skills": ["-e", "task=rg:analyse-ml-impact"],
}


def _ordered(text: str) -> bool:
    words = [t.text.upper() for t in _tokens(text) if t.kind == "word"]
    return any(a == "ORDER" and b == "BY" for a, b in zip(words, words[1:]))


def _rows(results: dict) -> list[dict[str, str]]:
    import pyoxigraph as ox

    parsed = ox.parse_query_results(json.dumps(results).encode(), format=ox.QueryResultsFormat.JSON)
    names = [v.value for v in parsed.variables]
    return [{n: str(s[n]) for n in names if s[n] is not None} for s in parsed]


def test_every_query_has_a_golden_file():
    names = set(named_queries())
    golden = {p.name.removesuffix(".expected.json") for p in GOLDEN.glob("*.expected.json")}
    if not os.environ.get("ROLEGRAPH_UPDATE_GOLDEN"):
        assert names == golden


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_query_golden(run, name):
    query = named_queries()[name]
    for p in query.parameters:
        if p.required:
            assert f"{p.name}=" in " ".join(ARGS.get(name, [])), f"ARGS lacks {p.name} for {name}"
    out = run("sparql", "-q", name, *ARGS.get(name, []), "--format", "json").stdout
    results = json.loads(out)
    got = {"args": ARGS.get(name, []), "vars": results["head"]["vars"], "rows": _rows(results)}
    path = GOLDEN / f"{name}.expected.json"
    if os.environ.get("ROLEGRAPH_UPDATE_GOLDEN"):
        path.write_text(json.dumps(got, indent=1, ensure_ascii=False) + "\n")
    expected = json.loads(path.read_text())
    assert got["vars"] == expected["vars"]
    assert got["rows"], f"{name} found nothing"
    if _ordered(query.text):
        assert got["rows"] == expected["rows"]
    else:
        key = lambda r: json.dumps(r, sort_keys=True)
        assert sorted(got["rows"], key=key) == sorted(expected["rows"], key=key)
