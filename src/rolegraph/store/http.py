"""HTTP for remote stores, bounded whatever the server does.

Every request rolegraph makes (the SPARQL queries of ``--endpoint``, the Graph
Store requests of ``push``) goes through :func:`http`, which guarantees:

* **Time.** The whole request ends within ``timeout`` seconds (the CLI's
  ``--timeout``) *in total*, not per socket read: the name lookup, connecting,
  TLS, sending, the status line and headers, the body and any redirects share
  one deadline, so a server that drips its headers or body a byte at a time
  is cut off at the deadline.
* **Size.** At most ``ROLEGRAPH_MAX_RESPONSE_BYTES`` (default 256 MiB) of an
  answer's body is read. A declared ``Content-Length`` past the limit is
  refused before the body is read; a longer body is cut off as soon as it
  passes the limit. The status line and each header line are limited by
  :mod:`http.client` (64 KiB a line, 100 headers); of an error answer only the
  first line is read (at most 64 KiB), of a redirect nothing.
* **Redirects** are followed only to ``http``/``https`` on the same origin
  (scheme, host and port) as the URL given, without credentials in the URL, at
  most :data:`MAX_REDIRECTS` times and never in a loop. Any other redirect is
  refused with an error naming its target, before any connection is made to
  it; so the credentials go only to the origin they were given for. 307 and
  308 repeat the request (method and body); 301, 302 and 303 are followed for
  ``GET`` only (turning a ``POST`` into a ``GET`` would drop the query).
* **Credentials** come from the environment only (HTTP basic auth from
  ``ROLEGRAPH_ENDPOINT_USER`` and ``ROLEGRAPH_ENDPOINT_PASSWORD``), never
  from a URL, and never appear in a message.
* **Errors.** Every failure is one line, a :class:`~rolegraph.errors.StoreError`
  (:class:`ResponseTooLarge` for the size limit, :class:`HTTPStatusError` for
  an error status).

Proxies from the environment (``http_proxy``, ``https_proxy``, ``no_proxy``)
are used as by :mod:`urllib`; the limits apply to the request as a whole.

>>> redact("http://user:secret@example.org/sparql")
'http://***@example.org/sparql'
>>> max_response_bytes({"ROLEGRAPH_MAX_RESPONSE_BYTES": "512M"}) == 512 * 2**20
True
"""

from __future__ import annotations

import base64
import functools
import io
import os
import re
import socket
import string
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from http import client as http_client
from typing import Any

from ..errors import StoreError, escape_controls

USER_ENV = "ROLEGRAPH_ENDPOINT_USER"
PASSWORD_ENV = "ROLEGRAPH_ENDPOINT_PASSWORD"
MAX_BYTES_ENV = "ROLEGRAPH_MAX_RESPONSE_BYTES"
#: The largest answer body read when ``ROLEGRAPH_MAX_RESPONSE_BYTES`` is unset.
DEFAULT_MAX_BYTES = 256 * 2**20
#: Redirects followed for one request (each to the same origin).
MAX_REDIRECTS = 5
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 64 * 1024
_ERROR_BODY = 64 * 1024


class ResponseTooLarge(StoreError):
    """An answer is larger than the response size limit (:func:`max_response_bytes`)."""


class HTTPStatusError(StoreError):
    """The server answered with an HTTP error status, ``status``."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


def check_url(url: str) -> str:
    """``url``, if it is an ``http(s)://`` URL without credentials in it;
    else a :class:`StoreError`."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise StoreError(f"{redact(url)!r} is not an http:// or https:// URL")
    if "@" in parts.netloc:
        # Credentials in a URL end up in logs and error messages; take them
        # from the environment instead.
        raise StoreError(
            f"{redact(url)}: do not put a user name or password in the URL; "
            f"set {USER_ENV} and {PASSWORD_ENV} instead"
        )
    return url


def redact(url: str) -> str:
    """``url`` without any ``user:password@`` part."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "<invalid URL>"
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30}


def max_response_bytes(environ: Mapping[str, str] | None = None) -> int | None:
    """The limit on one answer's body: ``ROLEGRAPH_MAX_RESPONSE_BYTES`` in
    bytes, or with a ``K``, ``M`` or ``G`` suffix (binary: ``512M`` is 512 MiB),
    :data:`DEFAULT_MAX_BYTES` when unset; ``0`` means no limit (``None``). A
    value that is not a size is a :class:`StoreError`."""
    text = (os.environ if environ is None else environ).get(MAX_BYTES_ENV, "").strip()
    if not text:
        return DEFAULT_MAX_BYTES
    match = re.fullmatch(r"(\d{1,18})\s*([kKmMgG]?)(?:i?[bB])?", text)
    if match is None:
        raise StoreError(f"{MAX_BYTES_ENV}={text!r} is not a size: give bytes, or a number with K, M or G (such as 512M; 0 for no limit)")
    return int(match[1]) * _UNITS[match[2].lower()] or None


def _size(n: int) -> str:
    """A size for people: ``268435456`` → ``256 MiB``, ``1000000`` →
    ``976.6 KiB (1000000 bytes)``, ``100`` → ``100 bytes``."""
    for unit, factor in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= factor:
            return f"{n // factor} {unit}" if n % factor == 0 else f"{n / factor:.1f} {unit} ({n} bytes)"
    return f"{n} bytes"


def _auth_header() -> dict[str, str]:
    user = os.environ.get(USER_ENV)
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{os.environ.get(PASSWORD_ENV, '')}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


# ------------------------------------------------------------------ one deadline for a whole request


class _Deadline:
    """The end of a request: :meth:`left` gives the seconds still allowed, or
    raises :class:`TimeoutError` once there are none."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError(f"no complete answer within {self.seconds:g} s")
        return left

    def passed(self) -> bool:
        return time.monotonic() >= self.end


def _lookup(host: str, port: int, deadline: _Deadline) -> list[Any]:
    """``getaddrinfo`` within the deadline: a numeric address directly, a name
    in a worker thread that is abandoned (it is a daemon) when time runs out."""
    try:
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM, 0, socket.AI_NUMERICHOST)
    except socket.gaierror:
        pass
    found: list[Any] = []

    def lookup() -> None:
        try:
            found.append(socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM))
        except OSError as exc:
            found.append(exc)

    worker = threading.Thread(target=lookup, name="rolegraph-getaddrinfo", daemon=True)
    worker.start()
    worker.join(deadline.left())
    if not found:
        raise TimeoutError(f"no complete answer within {deadline.seconds:g} s")
    if isinstance(found[0], OSError):
        raise found[0]
    result: list[Any] = found[0]
    return result


def _connect(address: tuple[str, int], timeout: Any = None, source_address: Any = None, *, deadline: _Deadline) -> socket.socket:
    """``socket.create_connection`` within the deadline (``timeout`` is
    ignored). The socket returned has the time left as its timeout, which
    bounds the TLS handshake that may follow as a whole."""
    host, port = address
    error: OSError | None = None
    for family, kind, proto, _, addr in _lookup(host, port, deadline):
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(deadline.left())
            if source_address:
                sock.bind(source_address)
            sock.connect(addr)
            sock.settimeout(deadline.left())
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"no address for {host}")


class _DeadlineReader(io.RawIOBase):
    """The socket's raw reader, each read given only the time left."""

    def __init__(self, raw: Any, sock: socket.socket, deadline: _Deadline) -> None:
        self._raw = raw
        self._sock = sock
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        self._sock.settimeout(self._deadline.left())
        n: int | None = self._raw.readinto(buffer)
        return n

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


class _BoundedResponse(http_client.HTTPResponse):
    """An ``HTTPResponse`` whose every read (status line, headers, body) ends
    by the deadline."""

    def __init__(self, sock: socket.socket, *args: Any, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        raw = self.fp.detach()  # the SocketIO, which keeps the socket open while it is read
        self.fp = io.BufferedReader(_DeadlineReader(raw, sock, deadline))


class _Bounded(http_client.HTTPConnection):
    """Connects, sends and reads within the deadline."""

    def __init__(self, host: str, *, deadline: _Deadline, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._deadline = deadline
        self._create_connection = functools.partial(_connect, deadline=deadline)  # type: ignore[assignment]
        self.response_class = functools.partial(_BoundedResponse, deadline=deadline)  # type: ignore[assignment]

    def send(self, data: Any) -> None:
        if self.sock is None and self.auto_open:
            self.connect()
        if self.sock is not None:
            # sendall's timeout bounds the whole call, not each piece.
            self.sock.settimeout(self._deadline.left())
        super().send(data)


class _BoundedHTTPS(_Bounded, http_client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http_client.HTTPResponse:
        return self.do_open(functools.partial(_Bounded, deadline=self._deadline), req)  # type: ignore[arg-type]


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http_client.HTTPResponse:
        return self.do_open(functools.partial(_BoundedHTTPS, deadline=self._deadline), req)  # type: ignore[arg-type]


def _opener(deadline: _Deadline) -> urllib.request.OpenerDirector:
    """An opener for ``http``/``https`` only (with the environment's proxies),
    that follows no redirect and raises on no HTTP status: :func:`http`
    decides."""
    opener = urllib.request.OpenerDirector()
    for handler in (urllib.request.ProxyHandler(), urllib.request.UnknownHandler(), _HTTPHandler(deadline), _HTTPSHandler(deadline)):
        opener.add_handler(handler)
    return opener


# ------------------------------------------------------------------ the request


def http(method: str, url: str, *, timeout: float, data: bytes | None = None, headers: Mapping[str, str] | None = None, ok_404: bool = False) -> Response:
    """One HTTP request within the limits of this module: ``timeout`` seconds
    in total, at most :func:`max_response_bytes` of body, redirects only to the
    same origin. A 2xx answer is returned (a 404 too, with an empty body, if
    ``ok_404``); every other outcome is a one-line :class:`StoreError`."""
    check_url(url)
    limit = max_response_bytes()
    deadline = _Deadline(timeout)
    where = _where(url)
    sent = {"User-Agent": "rolegraph", **_auth_header(), **(headers or {})}
    opener = _opener(deadline)
    visited = [url]
    answered = False
    try:
        while True:
            req = urllib.request.Request(url, data=data, method=method, headers=sent)
            resp = opener.open(req, timeout=deadline.left())
            answered = True
            with resp:
                status = resp.status
                if status in _REDIRECTS:
                    url, method, data = _redirect(resp, visited, method, data, where)
                    answered = False
                    continue
                if ok_404 and status == 404:
                    return Response(404, "", b"")
                if not 200 <= status < 300:
                    first = _first_line(resp)
                    message = f"{where} answered HTTP {status} {escape_controls(resp.reason or '', newlines=True)}".rstrip()
                    raise HTTPStatusError(message + (f": {first[:300]}" if first else ""), status)
                return Response(status, resp.headers.get("Content-Type", ""), _body(resp, limit, where))
    except StoreError:
        raise
    except (OSError, urllib.error.URLError, http_client.HTTPException, ValueError) as exc:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError) or deadline.passed():
            if answered:
                raise StoreError(f"{where} did not complete its answer within {timeout:g} s (--timeout)") from None
            raise StoreError(f"cannot reach {where}: no complete answer within {timeout:g} s (--timeout)") from None
        if isinstance(exc, http_client.HTTPException) and not isinstance(exc, OSError):
            raise StoreError(f"{where} sent a broken answer: {_reason(exc)}") from None
        raise StoreError(f"cannot reach {where}: {_reason(reason)}") from None


def _where(url: str) -> str:
    """The URL to name in a message: without its query, credentials or control characters."""
    return escape_controls(redact(url.split("?", 1)[0]), newlines=True)[:300]


def _redirect(resp: http_client.HTTPResponse, visited: list[str], method: str, data: bytes | None, where: str) -> tuple[str, str, bytes | None]:
    """Where a redirect leads, with the method and body to send there; a
    :class:`StoreError` for any redirect not to be followed. ``visited``
    (the original URL first) gets the target."""
    status = resp.status
    location = resp.headers.get("Location")
    if not location:
        raise StoreError(f"{where} answered a redirect (HTTP {status}) without a Location")
    # http.client decodes headers as ISO-8859-1: back to the bytes, %-encoded.
    target = urllib.parse.urljoin(visited[-1], urllib.parse.quote(location.strip(), encoding="iso-8859-1", safe=string.punctuation))
    shown = _where(target)
    try:
        parts = urllib.parse.urlsplit(target)
        same = parts.scheme in ("http", "https") and "@" not in parts.netloc and _origin(target) == _origin(visited[0])
    except ValueError:
        same = False
    if not same:
        raise StoreError(
            f"{where} redirects to {shown}, which is not on the same origin (http or https, same host and port); "
            "rolegraph follows no such redirect: use that URL directly if you trust it"
        )
    if target in visited:
        raise StoreError(f"{where} redirects in a loop (back to {shown})")
    if len(visited) > MAX_REDIRECTS:
        raise StoreError(f"{where} redirects more than {MAX_REDIRECTS} times")
    if status not in (307, 308) and method not in ("GET", "HEAD"):
        raise StoreError(f"{where} answers a {method} with a redirect (HTTP {status}) to {shown}, which would drop the request's body: use that URL directly")
    visited.append(target)
    return target, method, data


def _origin(url: str) -> tuple[str, str, int]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or (443 if scheme == "https" else 80)


def _body(resp: http_client.HTTPResponse, limit: int | None, where: str) -> bytes:
    """The body, read in pieces; :class:`ResponseTooLarge` as soon as it (or
    its declared length) passes ``limit``."""
    declared = (resp.headers.get("Content-Length") or "").strip()
    if limit is not None and declared.isdigit() and int(declared) > limit:
        raise ResponseTooLarge(f"{where} announced an answer of {_size(int(declared))}, more than the {_size(limit)} rolegraph reads; set {MAX_BYTES_ENV} to raise the limit")
    pieces: list[bytes] = []
    total = 0
    while True:
        piece = resp.read(_CHUNK)
        if not piece:
            return b"".join(pieces)
        total += len(piece)
        if limit is not None and total > limit:
            raise ResponseTooLarge(f"{where} sent an answer of more than {_size(limit)}, the most rolegraph reads; set {MAX_BYTES_ENV} to raise the limit")
        pieces.append(piece)


def _first_line(resp: http_client.HTTPResponse) -> str:
    """The first non-empty line of an error answer's body, from at most 64 KiB
    of it, as far as it arrives in time (a broken body gives what was read)."""
    body = b""
    try:
        while len(body) < _ERROR_BODY and b"\n" not in body.lstrip():
            piece = resp.read1(_ERROR_BODY - len(body))
            if not piece:
                break
            body += piece
    except (OSError, http_client.HTTPException, ValueError):
        pass
    text = body.decode("utf-8", "replace").strip()
    return escape_controls(text.splitlines()[0].strip(), newlines=True) if text else ""


def _reason(reason: Any) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return escape_controls(reason.strerror, newlines=True)
    return escape_controls(str(reason) or type(reason).__name__, newlines=True)[:300]


def media_type(content_type: str) -> str:
    """``text/turtle; charset=utf-8`` → ``text/turtle``."""
    return content_type.split(";", 1)[0].strip().lower()
