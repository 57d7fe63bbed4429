"""Virtuoso 7 (Debian package virtuoso-opensource) as the store; skipped when
it is not installed. Virtuoso's Graph Store endpoint has no default graph, so
push writes it to a named graph that the query endpoint reads back with
``default-graph-uri``."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


SYSTEM_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
DEFAULT = "https://w3id.org/rolegraph/graph/default"

pytestmark = [pytest.mark.server, pytest.mark.slow]


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory):
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if binary is None or isql is None or not SYSTEM_INI.is_file():
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = SYSTEM_INI.read_text()
    ini = re.sub(r"/var/lib/virtuoso-opensource-7/db/", f"{folder}/", ini)
    ini = re.sub(r"(?m)^ServerPort(\s*)=\s*1111\s*$", f"ServerPort = 127.0.0.1:{sql_port}", ini)
    ini = re.sub(r"(?m)^ServerPort(\s*)=\s*8890\s*$", f"ServerPort = 127.0.0.1:{http_port}", ini)
    (folder / "virtuoso.ini").write_text(ini)
    with open(folder / "out.log", "wb") as log:
        process = subprocess.Popen([binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")], stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    base = f"http://127.0.0.1:{http_port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.skip("Virtuoso did not start: " + (folder / "out.log").read_text(errors="replace")[-300:])
                time.sleep(0.3)
        # The anonymous SPARQL user may write through the Graph Store endpoint.
        subprocess.run([isql, str(sql_port), "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'], check=True, capture_output=True, timeout=30)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.parametrize(
    "args",
    [["stats"], ["show", "Python"], ["why", "data scientist", "usesTool", "Tableau"], ["compare", "data scientist", "MLE"], ["workflow"], ["sparql", "-q", "shared-skills", "-e", "a=data scientist", "-e", "b=MLE"]],
    ids=lambda a: " ".join(a),
)
def test_virtuoso_same_as_embedded(run, virtuoso, args):
    from rolegraph.cli import cli

    if args[0] not in cli.commands:
        pytest.skip(f"the {args[0]} command does not exist yet")
    run("push", "--store", f"{virtuoso}/sparql-graph-crud", "--default-graph", DEFAULT)
    endpoint = f"{virtuoso}/sparql?default-graph-uri={DEFAULT}"
    remote = json.loads(run("--endpoint", endpoint, *args, "--format", "json").stdout)
    assert remote == json.loads(run(*args, "--format", "json").stdout)
