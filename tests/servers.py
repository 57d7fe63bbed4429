"""Real servers on 127.0.0.1 for the tests: free ports, a listener that
records every connection, and an Oxigraph server (``oxigraph serve``, from the
PyPI package ``oxigraph``); the fixtures are in ``conftest.py``."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str | None:
    found = shutil.which("oxigraph")
    if found:
        return found
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else None


class Listener:
    """A TCP socket on 127.0.0.1 that records every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[tuple[str, int]] = []
        self._stop = False
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop:
            try:
                conn, addr = self.sock.accept()
            except OSError:
                continue
            self.connections.append(addr)
            conn.close()

    def close(self) -> None:
        self._stop = True
        self._thread.join(2)
        self.sock.close()


class OxigraphServer:
    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process = process
        self.port = port
        self.log = log
        self.base = f"http://127.0.0.1:{port}"
        self.query_url = f"{self.base}/query"
        self.store_url = f"{self.base}/store"


def _wait_until_up(server: OxigraphServer, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            out = server.log.read_text(errors="replace")
            pytest.fail(f"oxigraph serve exited with {server.process.returncode}: {out[-500:]}")
        try:
            with urllib.request.urlopen(f"{server.query_url}?query=ASK%7B%7D", timeout=1) as resp:
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    pytest.fail("oxigraph serve did not answer within 20 s")


@contextmanager
def running_oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A real Oxigraph server on 127.0.0.1 with a temporary store, stopped after."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph)")
    location = tmp_path_factory.mktemp("oxigraph")
    log = location.parent / f"{location.name}.log"
    port = free_port()
    with open(log, "wb") as out:
        # The log goes to a file: a full pipe would stall the server.
        process = subprocess.Popen(
            [binary, "serve", "--location", str(location / "store"), "--bind", f"127.0.0.1:{port}"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = OxigraphServer(process, port, log)
    try:
        _wait_until_up(server, time.monotonic() + 20)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
