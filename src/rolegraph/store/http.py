"""HTTP for remote stores: the standard library (``urllib``) with a timeout on
every request, credentials from the environment only, never in a URL, and
every failure turned into a one-line :class:`~rolegraph.errors.StoreError`.

HTTP basic auth comes from ``ROLEGRAPH_ENDPOINT_USER`` and
``ROLEGRAPH_ENDPOINT_PASSWORD``.

>>> redact("http://user:secret@example.org/sparql")
'http://***@example.org/sparql'
"""

from __future__ import annotations

import base64
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import StoreError

USER_ENV = "ROLEGRAPH_ENDPOINT_USER"
PASSWORD_ENV = "ROLEGRAPH_ENDPOINT_PASSWORD"


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes


def check_url(url: str) -> str:
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


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects, but never send the Authorization header to another origin."""

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            old, nxt = urllib.parse.urlsplit(req.full_url), urllib.parse.urlsplit(newurl)
            if (old.scheme, old.hostname, old.port) != (nxt.scheme, nxt.hostname, nxt.port):
                for name in ("Authorization", "authorization"):
                    new.headers.pop(name, None)
                    new.unredirected_hdrs.pop(name, None)
        return new


_OPENER = urllib.request.build_opener(_SameOriginRedirects)


def _auth_header() -> dict[str, str]:
    user = os.environ.get(USER_ENV)
    if not user:
        return {}
    token = base64.b64encode(f"{user}:{os.environ.get(PASSWORD_ENV, '')}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def http(method: str, url: str, *, timeout: float, data: bytes | None = None, headers: Mapping[str, str] | None = None, ok_404: bool = False) -> Response:
    """One HTTP request; every failure becomes a one-line :class:`StoreError`."""
    req = urllib.request.Request(check_url(url), data=data, method=method, headers={"User-Agent": "rolegraph", **_auth_header(), **(headers or {})})
    where = url.split("?", 1)[0]
    try:
        with _OPENER.open(req, timeout=timeout) as resp:
            return Response(resp.status, resp.headers.get("Content-Type", ""), resp.read())
    except urllib.error.HTTPError as exc:
        if ok_404 and exc.code == 404:
            return Response(404, "", b"")
        body = exc.read().decode("utf-8", "replace").strip()
        first = body.splitlines()[0].strip() if body else ""
        raise StoreError(f"{where} answered HTTP {exc.code} {exc.reason}" + (f": {first[:300]}" if first else "")) from None
    except urllib.error.URLError as exc:
        raise StoreError(f"cannot reach {where}: {_reason(exc.reason, timeout)}") from None
    except TimeoutError:
        raise StoreError(f"cannot reach {where}: no answer within {timeout:g} s") from None
    except (OSError, ValueError) as exc:  # connection reset, bad status line, ...
        raise StoreError(f"cannot reach {where}: {_reason(exc, timeout)}") from None


def _reason(reason: Any, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer within {timeout:g} s"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def media_type(content_type: str) -> str:
    """``text/turtle; charset=utf-8`` → ``text/turtle``."""
    return content_type.split(";", 1)[0].strip().lower()
