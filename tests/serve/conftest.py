"""Fixtures for ``rolegraph serve``: the real server (uvicorn, started as
``rolegraph serve --port 0`` in its own process on 127.0.0.1) and tabs of the
shared headless Chromium (``tests/conftest.py``) whose every request off
127.0.0.1 is blocked and recorded."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest


@dataclass
class Server:
    process: subprocess.Popen[str]
    url: str
    stderr: list[str] = field(default_factory=list)

    def stop(self) -> int:
        """Ctrl-C, as a user stops it; the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                return self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
                raise AssertionError("serve did not stop on Ctrl-C within 15 s") from None
        return self.process.returncode


def start_server(*args: str, timeout: float = 120.0) -> Server:
    """``rolegraph [ARGS...] serve --port 0 ...`` started and its URL read."""
    command = [sys.executable, "-m", "rolegraph", *args]
    if "serve" not in args:
        command.append("serve")
    if "--port" not in args:
        command += ["--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    start = time.monotonic()
    line = process.stdout.readline().strip()
    if not line.startswith("http://"):
        process.kill()
        raise AssertionError(f"serve printed no URL: {line!r}; stderr: {process.stderr.read() if process.stderr else ''}")
    import urllib.request

    while time.monotonic() - start < timeout:
        try:
            with urllib.request.urlopen(line + "api/stats", timeout=5) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    return Server(process, line)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """The shipped graph served, with a 2 s SPARQL limit (for the timeout test)."""
    s = start_server("serve", "--port", "0", "--sparql-timeout", "2", "--max-body", "200000")
    yield s
    assert s.stop() == 0


@dataclass
class Tab:
    page: Any
    base: str
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    off_host: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return self.console_errors + self.page_errors + [f"request off 127.0.0.1: {u}" for u in self.off_host]


@pytest.fixture
def tab(browser: Any, server: Server) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1366, "height": 860}, service_workers="block")
    page = context.new_page()
    t = Tab(page, server.url)

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith((server.url, "data:", "about:")):
            r.continue_()
        else:
            t.off_host.append(url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda msg: t.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: t.page_errors.append(str(exc)))
    yield t
    context.close()
