"""Endpoints and credentials: a password never shows in an error message and
never leaves for a server other than the one it was given for.

Only 127.0.0.1 is used: two small HTTP servers on different ports are two
origins (a redirect from one to the other is a cross-origin redirect).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from hardening_util import assert_one_line_error
from helpers import invoke

PASSWORD = "hunter2-s3cret"


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[dict[str, str]]
    redirect_to: str | None = None

    def do_GET(self) -> None:
        self.seen.append(dict(self.headers.items()))
        if self.redirect_to:
            self.send_response(302)
            self.send_header("Location", self.redirect_to + self.path)
            self.end_headers()
            return
        body = b"boom"
        self.send_response(401)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, *args: Any) -> None:
        pass


def _server(redirect_to: str | None = None) -> tuple[http.server.HTTPServer, list[dict[str, str]]]:
    seen: list[dict[str, str]] = []
    handler = type("H", (_Recorder,), {"seen": seen, "redirect_to": redirect_to})
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, seen


@pytest.fixture
def servers() -> Iterator[tuple[str, list[dict[str, str]], str, list[dict[str, str]]]]:
    """``(url_a, seen_a, url_b, seen_b)``: A redirects every request to B."""
    b, seen_b = _server()
    url_b = f"http://127.0.0.1:{b.server_address[1]}"
    a, seen_a = _server(redirect_to=url_b)
    url_a = f"http://127.0.0.1:{a.server_address[1]}"
    yield url_a, seen_a, url_b, seen_b
    a.shutdown()
    b.shutdown()


def test_password_from_the_environment_is_never_printed(servers: Any) -> None:
    _url_a, _seen_a, url_b, seen_b = servers
    env = {"ROLEGRAPH_ENDPOINT_USER": "alice", "ROLEGRAPH_ENDPOINT_PASSWORD": PASSWORD}
    out = invoke("--endpoint", url_b + "/sparql", "--timeout", "5", "stats", env=env)
    message = assert_one_line_error(out, 1, r"HTTP 401")
    assert PASSWORD not in message
    assert seen_b and seen_b[0].get("Authorization", "").startswith("Basic ")


@pytest.mark.parametrize("args", [("stats",), ("push", "--store", "URL")], ids=["endpoint", "push"])
def test_password_in_the_url_is_never_printed(args: tuple[str, ...], tmp_path: Any) -> None:
    url = f"http://alice:{PASSWORD}@127.0.0.1:9/sparql"
    if args[0] == "push":
        cmd = ("--cache-dir", str(tmp_path), "push", "--store", url)
    else:
        cmd = ("--endpoint", url, "--timeout", "2", *args)
    out = invoke(*cmd)
    message = assert_one_line_error(out, 1)
    assert PASSWORD not in message, message


def test_credentials_do_not_follow_a_redirect_to_another_origin(servers: Any) -> None:
    url_a, seen_a, _url_b, seen_b = servers
    env = {"ROLEGRAPH_ENDPOINT_USER": "alice", "ROLEGRAPH_ENDPOINT_PASSWORD": PASSWORD}
    invoke("--endpoint", url_a + "/sparql", "--timeout", "5", "stats", env=env)
    assert seen_a and "Authorization" in seen_a[0]
    assert all("Authorization" not in h for h in seen_b), "the password went to another origin"
