"""The Starlette application behind ``rolegraph serve``: the web pages, the
JSON API (:mod:`.api`) and the SPARQL 1.1 Protocol endpoint (:mod:`.sparql`).

Starlette runs the plain (``def``) endpoints in a thread pool, so requests are
answered concurrently; everything they touch is read-only (the compiled store
is opened read-only, the projection is never written after it is built). The
pages are rendered on the server with Jinja2 (autoescaping: no label, quote or
definition ever becomes markup) and load only the package's own script and
style sheet, under a Content Security Policy that allows nothing else.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import QueryError
from . import api, pages
from .sparql import GRAPH_TYPES, RESULT_TYPES, QueryPool, QueryTimeout, TooManyResults

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from ..store import LocalStore

#: What app pages may load: their own script, style and images, nothing else.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass
class Limits:
    """The server's limits: request body size, SPARQL time and answer size."""

    max_body: int = 1_000_000
    sparql_timeout: float = 10.0
    sparql_max_bytes: int = 20_000_000
    sparql_workers: int = 2


class BodyLimit:
    """ASGI middleware: a request body larger than ``limit`` bytes is refused
    with 413, whether its length is declared or not."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await _too_large(self.limit)(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, limited, send)
        except _BodyTooLarge:
            await _too_large(self.limit)(scope, receive, send)


class _BodyTooLarge(Exception):
    pass


def _too_large(limit: int) -> Response:
    return JSONResponse({"error": f"the request body is larger than {limit:,} bytes"}, status_code=413)


def _values(request: Request, form: Any = None) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {k: list(v) for k, v in parse_qs(request.url.query, keep_blank_values=True).items()}
    if form is not None:
        for key, value in form.multi_items():
            if isinstance(value, str):
                values.setdefault(key, []).append(value)
    return values


def create_app(store: LocalStore, limits: Limits | None = None, *, hosts: list[str] | None = None) -> Starlette:
    """The application on ``store`` (the compiled, read-only embedded store)."""
    limits = limits or Limits()
    pool: QueryPool | None = None

    def query_pool() -> QueryPool | None:
        nonlocal pool
        if pool is None and store.location is not None:
            pool = QueryPool(store.location / "store", size=limits.sparql_workers, timeout=limits.sparql_timeout, max_bytes=limits.sparql_max_bytes)
        return pool

    # -- JSON API

    async def api_endpoint(request: Request) -> Response:
        name = request.path_params["command"]
        command = api.COMMANDS.get(name)
        form = None
        if request.method == "POST":
            if command is None or not command.post:
                return JSONResponse({"error": f"/api/{name} takes GET only"}, status_code=405)
            form = await _form(request)
            if isinstance(form, Response):
                return form
        status, data = await run_in_threadpool(api.answer, store, name, _values(request, form))
        return JSONResponse(data, status_code=status)

    async def api_index(request: Request) -> Response:
        return JSONResponse([
            {"command": c.name, "summary": c.summary, "parameters": [p.name for p in c.params], "post": c.post, "example": f"/api/{c.name}" + (f"?{c.examples[0]}" if c.examples else "")}
            for c in api.COMMANDS.values()
        ])

    # -- SPARQL 1.1 Protocol

    async def sparql_endpoint(request: Request) -> Response:
        values = _values(request)
        if request.method == "POST":
            ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return _refuse_update()
            if ctype == "application/sparql-query":
                body = await request.body()
                values.setdefault("query", []).append(body.decode("utf-8", errors="replace"))
            else:
                form = await _form(request)
                if isinstance(form, Response):
                    return form
                values = _values(request, form)
        if "update" in values:
            return _refuse_update()
        texts = values.get("query", [])
        if len(texts) != 1:
            return PlainTextResponse("give exactly one query parameter (SPARQL 1.1 Protocol)\n", status_code=400)
        if any(k in values for k in ("default-graph-uri", "named-graph-uri")):
            return PlainTextResponse("default-graph-uri and named-graph-uri are refused: every fact is in the default graph, and naming graphs could read other data\n", status_code=400)
        return await run_in_threadpool(_run_sparql, texts[0], request.headers.get("accept", ""))

    def _run_sparql(text: str, accept: str) -> Response:
        from .. import sparql as sq

        try:
            checked = sq.check(text)
        except QueryError as exc:
            return PlainTextResponse(f"{exc}\n", status_code=400)
        fmt, media = _negotiate(accept, checked.is_graph)
        if fmt is None:
            wanted = ", ".join((GRAPH_TYPES if checked.is_graph else RESULT_TYPES).values())
            return PlainTextResponse(f"cannot answer a {checked.form} query as {accept}; ask for one of {wanted}\n", status_code=406)
        full = sq.with_prefixes(text)
        workers = query_pool()
        try:
            if workers is not None:
                data = workers.run(full, checked.is_graph, fmt)
            else:  # an in-memory store (no cache directory): no separate process to stop
                from ..sparql.run import execute, serialize

                data = serialize(execute(store, sq.CheckedQuery(full, checked.form)), fmt)
        except QueryTimeout as exc:
            return PlainTextResponse(f"{exc}\n", status_code=503)
        except TooManyResults as exc:
            return PlainTextResponse(f"{exc}\n", status_code=413)
        except QueryError as exc:
            return PlainTextResponse(f"{exc}\n", status_code=400)
        return Response(data, media_type=media)

    # -- pages

    def page(name: str) -> Any:
        def endpoint(request: Request) -> Response:
            return pages.render(store, name, _values(request))

        return endpoint

    async def fit_page(request: Request) -> Response:
        form = None
        if request.method == "POST":
            form = await _form(request)
            if isinstance(form, Response):
                return form
        values = _values(request, form)
        return await run_in_threadpool(pages.render, store, "fit", values)

    def graph_page(request: Request) -> Response:
        return pages.graph(store, _values(request))

    @contextlib.asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        if pool is not None:
            await run_in_threadpool(pool.close)

    routes = [
        Route("/", page("home")),
        Route("/search", page("search")),
        Route("/show", page("show")),
        Route("/compare", page("compare")),
        Route("/gap", page("gap")),
        Route("/fit", fit_page, methods=["GET", "POST"]),
        Route("/workflow", page("workflow")),
        Route("/graph", graph_page),
        Route("/api", api_index),
        Route("/api/{command}", api_endpoint, methods=["GET", "POST"]),
        Route("/sparql", sparql_endpoint, methods=["GET", "POST"]),
        Mount("/static", app=StaticFiles(packages=[("rolegraph.serve", "static")]), name="static"),
    ]
    middleware = [Middleware(TrustedHostMiddleware, allowed_hosts=hosts or ["127.0.0.1", "localhost", "[::1]"]), Middleware(BodyLimit, limit=limits.max_body), Middleware(SecurityHeaders)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan, exception_handlers={404: _not_found})
    app.state.query_pool = query_pool
    return app


async def _form(request: Request) -> Any:
    try:
        return await request.form(max_files=0, max_fields=200)
    except _BodyTooLarge:
        raise
    except Exception as exc:  # a malformed multipart body
        return PlainTextResponse(f"malformed form data: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}\n", status_code=400)


def _refuse_update() -> Response:
    return PlainTextResponse("updates are refused: the endpoint is read-only (SPARQL 1.1 Update is not served)\n", status_code=403)


def _negotiate(accept: str, is_graph: bool) -> tuple[str | None, str]:
    """The answer format for an ``Accept`` header (JSON / Turtle when it allows anything)."""
    table = GRAPH_TYPES if is_graph else RESULT_TYPES
    by_type = {media: fmt for fmt, media in table.items()}
    if is_graph:
        by_type |= {"application/x-turtle": "turtle", "text/plain": "nt", "application/json": "jsonld"}
    else:
        by_type |= {"application/json": "json", "application/xml": "xml", "text/xml": "xml"}
    ranked = []
    for i, part in enumerate(accept.split(",")):
        media, *params = [x.strip() for x in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        ranked.append((-q, i, media.lower()))
    ranked.sort()
    default = "turtle" if is_graph else "json"
    if not accept.strip():
        return default, table[default]
    for neg_q, _i, media in ranked:
        if neg_q == 0:
            continue
        if media in by_type:
            fmt = by_type[media]
            return fmt, table[fmt]
        if media in ("*/*", "application/*", "text/*"):
            return default, table[default]
    return None, ""


class SecurityHeaders:
    """Headers every answer carries: no sniffing, no framing, no referrer; app
    pages (not the self-contained graph page) the app's CSP."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _v in headers}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
                if b"content-security-policy" not in names and scope["path"] != "/graph":
                    extra.append((b"content-security-policy", CSP.encode()))
                message["headers"] = headers + [h for h in extra if h[0] not in names]
            await send(message)

        await self.app(scope, receive, with_headers)


async def _not_found(request: Request, exc: Exception) -> Response:
    if request.url.path.startswith("/api"):
        return JSONResponse({"error": f"no such path {request.url.path}"}, status_code=404)
    return pages.not_found(request.url.path)


def query_string(**values: Any) -> str:
    """A query string for links, repeated keys for lists."""
    return urlencode([(k, v) for k, vs in values.items() for v in (vs if isinstance(vs, (list, tuple)) else [vs]) if v not in (None, "")])


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False)
