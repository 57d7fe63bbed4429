"""``/api/<command>`` answers exactly what the CLI prints with --format
json, for the same arguments; bad input gets the right status and a reason."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

pytestmark = pytest.mark.server


def get(server, path: str, data: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, object, dict[str, str]]:
    request = urllib.request.Request(server.url + path.lstrip("/"), data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            body = r.read()
            status, hdrs = r.status, dict(r.headers)
    except urllib.error.HTTPError as e:
        body, status, hdrs = e.read(), e.code, dict(e.headers)
    try:
        return status, json.loads(body), hdrs
    except ValueError:
        return status, body.decode("utf-8", "replace"), hdrs


CASES = [
    ("stats", {}, ["stats"]),
    ("list", {"type": "role"}, ["list", "role"]),
    ("show", {"ref": "Python"}, ["show", "Python"]),
    ("search", {"q": "wrangle"}, ["search", "wrangle"]),
    ("why", {"s": "data scientist", "p": "usesTool", "o": "Tableau"}, ["why", "data scientist", "usesTool", "Tableau"]),
    ("compare", {"a": "data scientist", "b": "machine learning engineer"}, ["compare", "data scientist", "machine learning engineer"]),
    ("gap", {"from": "data analyst", "to": "data scientist"}, ["gap", "data analyst", "data scientist"]),
    ("path", {"a": "Tableau", "b": "TensorFlow", "max": "2"}, ["path", "Tableau", "TensorFlow", "--max", "2"]),
    ("fit", {"skill": ["SQL", "statistics"], "tool": "Excel"}, ["fit", "--skill", "SQL", "--skill", "statistics", "--tool", "Excel"]),
    ("workflow", {"role": "data scientist"}, ["workflow", "--role", "data scientist"]),
    ("similar", {"ref": "data analyst"}, ["similar", "data analyst"]),
    ("matrix", {}, ["matrix"]),
    ("queries", {}, ["queries"]),
]


@pytest.mark.parametrize("command, params, argv", CASES, ids=[c[0] for c in CASES])
def test_api_equals_cli_json(server, run, command, params, argv):
    query = urllib.parse.urlencode([(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])])
    status, data, headers = get(server, f"/api/{command}?{query}")
    assert status == 200, data
    assert headers["content-type"].startswith("application/json")
    assert data == run.json(*argv)


def test_post_fit_with_a_job_ad(server, run):
    ad = "We are hiring an analyst: SQL, Excel and Tableau for reporting; some statistics. " * 3
    body = urllib.parse.urlencode({"text": ad, "limit": "3"}).encode()
    status, data, _h = get(server, "/api/fit", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    assert data == run.json("fit", "--text", ad, "--limit", "3")
    assert data[0]["role"]["label"] == "data analyst"


@pytest.mark.parametrize(
    "path, status, words",
    [
        ("/api/show?ref=Pythn", 404, "no entity matches 'Pythn'"),
        ("/api/show", 400, "needs the parameter 'ref'"),
        ("/api/path?a=SQL&b=Python&max=two", 400, "max must be a whole number"),
        ("/api/show?ref=Python&colour=red", 400, "takes ref; not colour"),
        ("/api/compare?a=Tableau&b=data+scientist", 400, "Tableau is a Tool"),
        ("/api/list?type=rolez", 400, "unknown type 'rolez'"),
        ("/api/nothing", 404, "no API command 'nothing'"),
        ("/api/fit", 400, "give at least one skill, tool or text"),
    ],
)
def test_bad_requests(server, path, status, words):
    got, data, _h = get(server, path)
    assert got == status
    assert words in data["error"]
    if status == 404 and "Pythn" in path:
        assert "Python" in data["suggestions"]


def test_oversized_body_is_413(server):
    status, data, _h = get(server, "/api/fit", data=b"text=" + b"x" * 300_000, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413 and "larger than 200,000 bytes" in data["error"]


def test_get_only_commands_refuse_post(server):
    status, data, _h = get(server, "/api/show?ref=SQL", data=b"x=1", headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 405


def test_foreign_host_header_is_refused(server):
    """DNS rebinding: a page on another site cannot talk to the loopback server."""
    status, _data, _h = get(server, "/api/stats", headers={"Host": "evil.example"})
    assert status == 400


def test_security_headers(server):
    status, _body, headers = get(server, "/")
    assert status == 200
    assert "script-src 'self'" in headers["content-security-policy"] and headers["x-content-type-options"] == "nosniff"


def test_concurrent_requests_all_answered(server, run):
    """Eight clients at once, a mix of commands: every answer right, none lost."""
    expected = {c[0]: run.json(*c[2]) for c in CASES[:8]}
    errors: list[str] = []

    def client(n: int) -> None:
        for i in range(12):
            command, params, _argv = CASES[(n + i) % 8]
            query = urllib.parse.urlencode([(k, v) for k, vs in params.items() for v in (vs if isinstance(vs, list) else [vs])])
            status, data, _h = get(server, f"/api/{command}?{query}")
            if status != 200 or data != expected[command]:
                errors.append(f"{command}: {status}")

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []


def test_every_url_docs_serve_md_shows_answers(server):
    """The pages and API examples of docs/serve.md all answer 200."""
    import re

    from helpers import REPO

    text = (REPO / "docs" / "serve.md").read_text(encoding="utf-8")
    urls = sorted(set(re.findall(r"`(/(?:api|show|search|compare|gap|fit|workflow|graph)[^`\s]*)`", text)) | {"/"})
    assert len(urls) > 20
    for url in urls:
        status, data, _h = get(server, url)
        assert status == 200, (url, status, str(data)[:200])
