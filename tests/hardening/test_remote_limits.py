"""Remote endpoints are bounded: every request rolegraph makes (queries for
``--endpoint``, the Graph Store requests of ``push``) ends within ``--timeout``
seconds in total, whatever the server does (a body or headers dripped a byte
at a time), reads at most ``ROLEGRAPH_MAX_RESPONSE_BYTES`` of an answer, and
follows a redirect only to ``http(s)`` on the same origin (scheme, host,
port): any other redirect is refused before a connection is made, so
credentials never reach another origin.

Every server here is real and listens on 127.0.0.1: :class:`Misbehaving` reads
each request and answers it with a scripted misbehaviour, counting the
connections it accepts and the bytes it sends. A server's bytes sent bound what
the client read, so "the error came before N bytes" is measured on the server.
Each misbehaviour also ends by itself after :data:`CAP_SECONDS` or
:data:`CAP_BYTES`, so a client without the limits fails these tests instead of
hanging them.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from hardening_util import assert_one_line_error
from helpers import Outcome, invoke
from servers import Listener

RESULTS = b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"1","datatype":"http://www.w3.org/2001/XMLSchema#integer"}}]}}'
CAP_SECONDS = 9.0
CAP_BYTES = 48 * 2**20
MiB = 2**20
#: What the kernel may hold between the two ends of a loopback connection
#: (both socket buffers), on top of what the client read.
BUFFERS = 16 * MiB


class Misbehaving:
    """An HTTP server on 127.0.0.1 that reads each request (line, headers,
    body) and hands it to ``behave(server, conn, method, path, headers)``."""

    def __init__(self, behave: Callable[..., None]) -> None:
        self.behave = behave
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.accepted: list[float] = []
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.sent = 0
        self.stopped = False
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self.stopped:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted.append(time.monotonic())
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(CAP_SECONDS)
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                got = conn.recv(65536)
                if not got:
                    return
                data += got
            head, _, rest = data.partition(b"\r\n\r\n")
            line, *lines = head.decode("latin-1").split("\r\n")
            method, path, _ = line.split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in lines)}
            length = int(headers.get("content-length", "0"))
            while len(rest) < length:
                got = conn.recv(65536)
                if not got:
                    break
                rest += got
            self.requests.append((method, path, headers))
            self.behave(self, conn, method, path, headers)
        except OSError:
            pass
        finally:
            conn.close()

    def send(self, conn: socket.socket, data: bytes) -> None:
        conn.sendall(data)
        with self._lock:
            self.sent += len(data)

    def drip(self, conn: socket.socket, data: Callable[[int], bytes], every: float) -> None:
        """Send ``data(i)`` for i = 0, 1, ... one piece every ``every`` seconds,
        until the client goes away or the cap is reached."""
        end = time.monotonic() + CAP_SECONDS
        i = 0
        while not self.stopped and time.monotonic() < end:
            self.send(conn, data(i))
            i += 1
            time.sleep(every)

    def flood(self, conn: socket.socket, piece: bytes) -> None:
        """Send ``piece`` again and again as fast as the client reads, until it
        goes away or a cap is reached."""
        end = time.monotonic() + CAP_SECONDS
        while not self.stopped and time.monotonic() < end and self.sent < CAP_BYTES:
            self.send(conn, piece)

    def hold(self, conn: socket.socket) -> None:
        """Keep the connection open until the client closes it (or the cap)."""
        end = time.monotonic() + CAP_SECONDS
        conn.settimeout(0.2)
        while not self.stopped and time.monotonic() < end:
            try:
                if conn.recv(1) == b"":
                    return
            except TimeoutError:
                continue

    def close(self) -> None:
        self.stopped = True
        self.sock.close()


@pytest.fixture
def serve() -> Iterator[Callable[[Callable[..., None]], Misbehaving]]:
    started: list[Misbehaving] = []

    def start(behave: Callable[..., None]) -> Misbehaving:
        server = Misbehaving(behave)
        started.append(server)
        return server

    yield start
    for server in started:
        server.close()


def _head(status: str = "200 OK", content_type: str = "application/sparql-results+json", **extra: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}", "Connection: close"]
    lines += [f"{k.replace('_', '-')}: {v}" for k, v in extra.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _client(kind: str, server: Misbehaving, timeout: float, env: dict[str, str] | None = None) -> Outcome:
    """Run the CLI against ``server``: a query (``--endpoint``) or a push
    (``push --store``, whose first request is the manifest GET)."""
    if kind == "endpoint":
        return invoke("--timeout", f"{timeout:g}", "--endpoint", server.url + "/sparql", "stats", env=env)
    return invoke("--timeout", f"{timeout:g}", "push", "--store", server.url + "/store", env=env)


def _warm_push_store() -> None:
    """Compile the shipped store, so a push's time is the time of its requests."""
    from rolegraph.store import open_store

    open_store()


def _elapsed(server: Misbehaving, ended: float) -> float:
    assert server.accepted, "the client never connected"
    return ended - server.accepted[0]


# ------------------------------------------------------------------ time


def _drip_body(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, _head(Content_Length="100000"))
    server.drip(conn, lambda i: b" ", every=1.0)


def _drip_body_fast(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, _head(Content_Length="100000"))
    server.drip(conn, lambda i: b" ", every=0.3)


def _drip_chunked(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, _head(Transfer_Encoding="chunked"))
    server.drip(conn, lambda i: b"1\r\n \r\n", every=0.3)


def _drip_until_close(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, _head())
    server.drip(conn, lambda i: b" ", every=0.3)


def _drip_status_line(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    whole = _head(Content_Length="2") + b"{}"
    server.drip(conn, lambda i: whole[i : i + 1] if i < len(whole) else b"", every=0.3)


def _drip_headers(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n")
    server.drip(conn, lambda i: b"X-Slow-%d: 1\r\n" % i, every=0.3)


def _drip_error_body(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, _head("500 Internal Server Error", "text/plain"))
    server.drip(conn, lambda i: b"x", every=0.3)


def _drip_put_only(server: Misbehaving, conn: socket.socket, method: str, *_: Any) -> None:
    if method == "GET":  # the manifest: none yet
        server.send(conn, _head("404 Not Found", "text/plain", Content_Length="0"))
        return
    server.send(conn, _head("201 Created", "text/plain", Content_Length="100000"))
    server.drip(conn, lambda i: b" ", every=0.3)


SLOW = {
    "body-1-byte-per-second": _drip_body,
    "body-with-length": _drip_body_fast,
    "chunked-body": _drip_chunked,
    "body-until-close": _drip_until_close,
    "status-line": _drip_status_line,
    "endless-headers-slowly": _drip_headers,
    "error-body": _drip_error_body,
}


def test_slow_drip_with_the_examples_numbers(serve: Any) -> None:
    """The reported attack: one byte a second against ``--timeout 3``."""
    server = serve(_drip_body)
    out = _client("endpoint", server, 3)
    ended = time.monotonic()
    assert_one_line_error(out, 1, r"within 3 s")
    assert _elapsed(server, ended) <= 3 + 1.5


@pytest.mark.parametrize("kind", ["endpoint", "push"])
@pytest.mark.parametrize("case", [c for c in SLOW if c != "body-1-byte-per-second"])
def test_slow_server_is_bounded_by_the_timeout_in_total(serve: Any, case: str, kind: str) -> None:
    if kind == "push":
        _warm_push_store()
    server = serve(SLOW[case])
    out = _client(kind, server, 1)
    ended = time.monotonic()
    message = assert_one_line_error(out, 1)
    assert _elapsed(server, ended) <= 1 + 1.5, message
    if case != "error-body":
        assert "within 1 s" in message, message


def test_push_upload_answered_slowly_is_bounded(serve: Any) -> None:
    """A Graph Store PUT whose answer drips: push stops within the timeout."""
    _warm_push_store()
    server = serve(_drip_put_only)
    out = _client("push", server, 1.5)
    ended = time.monotonic()
    assert_one_line_error(out, 1, r"1\.5 s")
    assert [m for m, _, _ in server.requests] == ["GET", "PUT"]
    assert ended - server.accepted[1] <= 1.5 + 1.5


def test_slow_tls_handshake_is_bounded(serve: Any) -> None:
    """An ``https://`` endpoint that drips its TLS handshake."""

    def behave(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
        server.send(conn, b"\x16\x03\x03\x40\x00")  # a handshake record of 16 KiB, then a byte at a time
        server.drip(conn, lambda i: b"\x00", every=0.3)

    class TLS(Misbehaving):
        def _handle(self, conn: socket.socket) -> None:  # no HTTP request to read: it is encrypted
            self.requests.append(("TLS", "", {}))
            try:
                behave(self, conn)
            except OSError:
                pass
            finally:
                conn.close()

    server = TLS(behave)
    try:
        out = invoke("--timeout", "1", "--endpoint", f"https://127.0.0.1:{server.port}/sparql", "stats")
        ended = time.monotonic()
        assert_one_line_error(out, 1, r"within 1 s")
        assert _elapsed(server, ended) <= 1 + 1.5
    finally:
        server.close()


def test_library_remote_store_is_bounded(serve: Any) -> None:
    """The library's RemoteStore has the same total bound as the CLI."""
    from rolegraph.errors import StoreError
    from rolegraph.store.remote import RemoteStore

    server = serve(_drip_chunked)
    started = time.monotonic()
    with pytest.raises(StoreError, match="within 1 s"):
        RemoteStore(server.url + "/sparql", timeout=1).select("SELECT ?n WHERE { ?s ?p ?n }")
    assert time.monotonic() - started <= 1 + 1.5


# ------------------------------------------------------------------ size


def _endless_body(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, _head())
    server.flood(conn, b" " * 65536)


def _endless_chunked(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, _head(Transfer_Encoding="chunked"))
    server.flood(conn, b"10000\r\n" + b" " * 0x10000 + b"\r\n")


def _endless_with_false_length(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, _head(Content_Length="1000"))  # then far more than 1000 bytes: never read
    server.flood(conn, b" " * 65536)


def _endless_error_body(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, _head("500 Internal Server Error", "text/plain"))
    server.flood(conn, b"x" * 65536)


def _endless_header_line(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, b"HTTP/1.1 200 OK\r\nX-Endless: ")
    server.flood(conn, b"a" * 65536)


def _endless_header_lines(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
    server.send(conn, b"HTTP/1.1 200 OK\r\n")
    server.flood(conn, b"X-Many: 1\r\n" * 4096)


ENDLESS = {
    "body-until-close": _endless_body,
    "chunked-body": _endless_chunked,
    "error-body": _endless_error_body,
    "header-line": _endless_header_line,
    "header-lines": _endless_header_lines,
}


@pytest.mark.parametrize("kind", ["endpoint", "push"])
@pytest.mark.parametrize("case", list(ENDLESS))
def test_endless_answer_is_cut_at_the_size_limit(serve: Any, case: str, kind: str) -> None:
    if kind == "push":
        _warm_push_store()
    server = serve(ENDLESS[case])
    out = _client(kind, server, 20, env={"ROLEGRAPH_MAX_RESPONSE_BYTES": str(MiB)})
    message = assert_one_line_error(out, 1)
    time.sleep(0.3)  # the server notices the client left
    assert server.sent <= MiB + BUFFERS, f"the client read {server.sent} bytes of an endless answer"
    if case == "body-until-close" or case == "chunked-body":
        assert "1 MiB" in message and "ROLEGRAPH_MAX_RESPONSE_BYTES" in message, message


def test_a_body_longer_than_its_content_length_is_not_read(serve: Any) -> None:
    server = serve(_endless_with_false_length)
    out = _client("endpoint", server, 20, env={"ROLEGRAPH_MAX_RESPONSE_BYTES": str(MiB)})
    assert_one_line_error(out, 1)
    time.sleep(0.3)
    assert server.sent <= MiB + BUFFERS


def _huge_length(length: int) -> Callable[..., None]:
    def behave(server: Misbehaving, conn: socket.socket, *_: Any) -> None:
        server.send(conn, _head(Content_Length=str(length)))
        server.send(conn, b" " * MiB)
        server.hold(conn)

    return behave


@pytest.mark.parametrize("kind", ["endpoint", "push"])
@pytest.mark.parametrize("length", [300 * MiB, 10**12, 2**64 + 1], ids=["300MiB", "1TB", "2^64"])
def test_huge_content_length_is_refused_before_reading(serve: Any, length: int, kind: str) -> None:
    """A declared length past the default limit (256 MiB) is refused at once,
    without waiting for (or allocating) the body."""
    if kind == "push":
        _warm_push_store()
    server = serve(_huge_length(length))
    out = _client(kind, server, 10)
    ended = time.monotonic()
    assert_one_line_error(out, 1, r"256 MiB.*ROLEGRAPH_MAX_RESPONSE_BYTES")
    assert _elapsed(server, ended) < 2


def test_size_limit_setting(serve: Any) -> None:
    """The limit is read from the environment when a request is made; a
    limit the answer fits in lets it through, a bad value is one error line."""
    server = serve(lambda s, conn, *_: s.send(conn, _head(Content_Length=str(len(RESULTS))) + RESULTS))
    url = server.url + "/sparql"
    assert invoke("--endpoint", url, "sparql", "SELECT ?n WHERE { ?s ?p ?n }", env={"ROLEGRAPH_MAX_RESPONSE_BYTES": "1k"}).code == 0
    out = invoke("--endpoint", url, "sparql", "SELECT ?n WHERE { ?s ?p ?n }", env={"ROLEGRAPH_MAX_RESPONSE_BYTES": "100"})
    assert_one_line_error(out, 1, r"100 bytes.*ROLEGRAPH_MAX_RESPONSE_BYTES")
    out = invoke("--endpoint", url, "sparql", "SELECT ?n WHERE { ?s ?p ?n }", env={"ROLEGRAPH_MAX_RESPONSE_BYTES": "lots"})
    assert_one_line_error(out, 1, r"ROLEGRAPH_MAX_RESPONSE_BYTES.*'lots'")


# ------------------------------------------------------------------ redirects


def _redirect(to: Callable[[Misbehaving, str], str], status: str = "302 Found", body: bytes = b"") -> Callable[..., None]:
    def behave(server: Misbehaving, conn: socket.socket, method: str, path: str, headers: dict[str, str]) -> None:
        server.send(conn, _head(status, "text/plain", Location=to(server, path), Content_Length=str(len(body))) + body)

    return behave


CROSS_ORIGIN = {
    "ftp": lambda s, lst: f"ftp://127.0.0.1:{lst.port}/pub/file",
    "other-port": lambda s, lst: f"http://127.0.0.1:{lst.port}/sparql",
    "other-port-https": lambda s, lst: f"https://127.0.0.1:{lst.port}/sparql",
    "other-host-same-port": lambda s, lst: f"http://localhost:{s.port}/sparql",
    "https-same-host-and-port": lambda s, lst: f"https://127.0.0.1:{s.port}/sparql",
    "scheme-relative": lambda s, lst: f"//127.0.0.1:{lst.port}/sparql",
    "file": lambda s, lst: "file:///etc/passwd",
    "javascript": lambda s, lst: "javascript:alert(1)",
    "credentials-in-url": lambda s, lst: f"http://eve:pw@127.0.0.1:{s.port}/sparql",
}


REDIRECTS = ["301 Moved Permanently", "302 Found", "303 See Other", "307 Temporary Redirect", "308 Permanent Redirect"]


@pytest.mark.parametrize("kind", ["endpoint", "push"])
@pytest.mark.parametrize("case", list(CROSS_ORIGIN))
def test_redirect_off_the_origin_is_refused_without_connecting(serve: Any, listener: Listener, case: str, kind: str) -> None:
    """Every redirect status, to another scheme, host or port (or with
    credentials in it), is refused: no connection to the target, so the
    credentials sent to the origin go nowhere else."""
    if kind == "push":
        _warm_push_store()
    env = {"ROLEGRAPH_ENDPOINT_USER": "alice", "ROLEGRAPH_ENDPOINT_PASSWORD": "hunter2-s3cret"}
    servers = []
    for status in REDIRECTS:
        server = serve(_redirect(lambda s, path: CROSS_ORIGIN[case](s, listener), status))
        servers.append(server)
        out = _client(kind, server, 5, env=env)
        message = assert_one_line_error(out, 1, r"redirect")
        assert "hunter2" not in message and "pw@" not in message, message
        assert server.requests[0][2].get("authorization", "").startswith("Basic ")
    time.sleep(0.3)
    assert listener.connections == [], "a connection was made to the redirect's target"
    assert [len(s.accepted) for s in servers] == [1] * len(REDIRECTS), "a redirect was followed to the same port under another origin"


@pytest.mark.parametrize(
    "chain",
    [
        lambda s, path: path,  # to itself
        lambda s, path: "/b" if path.startswith("/a") or path.startswith("/sparql") or path.startswith("/store") else "/a",  # a <-> b
        lambda s, path: f"/hop{len(s.requests)}",  # never the same place twice
    ],
    ids=["self", "two-cycle", "endless-chain"],
)
def test_redirect_loops_end_after_a_few_hops(serve: Any, chain: Callable[[Misbehaving, str], str]) -> None:
    server = serve(_redirect(chain, "307 Temporary Redirect"))
    out = _client("endpoint", server, 10)
    assert_one_line_error(out, 1, r"redirect")
    assert len(server.requests) <= 6, f"{len(server.requests)} requests for one redirect loop"


def test_same_origin_redirect_is_followed_with_the_credentials(serve: Any) -> None:
    """A redirect to another path of the same origin works (307 keeps the POST
    and its body); the credentials go with it, since the origin is the same."""

    def behave(server: Misbehaving, conn: socket.socket, method: str, path: str, headers: dict[str, str]) -> None:
        if path.startswith("/old"):
            body = b"x" * 100  # a redirect's own body is never needed
            server.send(conn, _head("307 Temporary Redirect", "text/plain", Location=f"http://127.0.0.1:{server.port}/new", Content_Length=str(len(body))) + body)
        else:
            server.send(conn, _head(Content_Length=str(len(RESULTS))) + RESULTS)

    from rolegraph.store.remote import RemoteStore

    server = serve(behave)
    env = {"ROLEGRAPH_ENDPOINT_USER": "alice", "ROLEGRAPH_ENDPOINT_PASSWORD": "pw"}
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        rows = RemoteStore(server.url + "/old", timeout=5).select("SELECT ?n WHERE { ?s ?p ?n }")
    assert rows[0]["n"].value == "1"
    assert [(m, p) for m, p, _ in server.requests] == [("POST", "/old"), ("POST", "/new")]
    assert all(h.get("authorization", "").startswith("Basic ") for _, _, h in server.requests)


def test_an_endless_redirect_body_is_not_read(serve: Any) -> None:
    def behave(server: Misbehaving, conn: socket.socket, method: str, path: str, headers: dict[str, str]) -> None:
        if path.startswith("/old"):
            server.send(conn, _head("307 Temporary Redirect", "text/plain", Location="/new"))
            server.flood(conn, b"x" * 65536)
        else:
            server.send(conn, _head(Content_Length=str(len(RESULTS))) + RESULTS)

    server = serve(behave)
    out = invoke("--timeout", "20", "--endpoint", server.url + "/old", "sparql", "SELECT ?n WHERE { ?s ?p ?n }")
    assert out.code == 0 and out.crash is None, out.stderr
    time.sleep(0.3)
    assert server.sent <= BUFFERS
