"""``/api/extract`` answers what ``rolegraph extract --format json`` prints;
the fit page marks what the pasted text asks for."""

from __future__ import annotations

import urllib.parse

import pytest

from .test_api import get

pytestmark = pytest.mark.server

AD = "We need Python, SQL and Tableau for reporting; Kubernetes, Docker and MLflow a plus. Excel at teamwork."


def test_get_extract_equals_the_cli(server, run) -> None:
    status, data, headers = get(server, "/api/extract?" + urllib.parse.urlencode({"text": AD, "limit": "2"}))
    assert status == 200 and headers["content-type"].startswith("application/json")
    assert data == run.json("extract", "--text", AD, "--limit", "2")
    assert [f["label"] for f in data["found"]] == ["Python", "SQL"]


def test_post_extract_takes_a_long_text(server, run) -> None:
    ad = AD * 20
    status, data, _h = get(server, "/api/extract", data=urllib.parse.urlencode({"text": ad}).encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    assert data == run.json("extract", "--text", ad)
    assert {"Kubernetes", "Docker", "MLflow"} <= {u["text"] for u in data["unrecognised"]}


@pytest.mark.parametrize(
    "path, words",
    [
        ("/api/extract", "needs the parameter 'text'"),
        ("/api/extract?text=+++", "give some text"),
        ("/api/extract?text=SQL&limit=two", "limit must be a whole number"),
        ("/api/extract?text=SQL&colour=red", "takes text, limit; not colour"),
    ],
)
def test_bad_extract_requests(server, path: str, words: str) -> None:
    status, data, _h = get(server, path)
    assert status == 400 and words in data["error"]


def test_fit_page_marks_the_recognised_spans_and_the_unrecognised_terms(server) -> None:
    text = "We need <b>Python</b> and SQL;\nKubernetes, Docker and Airflow a plus. Excel at teamwork."
    status, html, _h = get(server, "/fit", data=urllib.parse.urlencode({"text": text}).encode(), headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200
    start = html.index('id="marked-text"')
    marked = html[start:html.index("</blockquote>", start)]
    assert '<mark title="Python (Skill, label, score 1.00)">Python</mark>' in marked
    assert '<mark title="SQL (Skill, label, score 1.00)">SQL</mark>' in marked
    assert '<u class="unrecognised" title="not recognised">Docker</u>' in marked
    assert "&lt;b&gt;" in marked and "<b>" not in marked  # the text is escaped, never markup
    assert "Excel at teamwork." in marked  # a verb, not the tool: not marked
