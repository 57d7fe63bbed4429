"""The one output writer and the file outputs: table width, formats inferred
from file names or refused."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest


@pytest.mark.parametrize("width", [60, 90, 160])
def test_piped_tables_follow_columns(run, width: int) -> None:
    out = run("compare", "data scientist", "machine learning engineer", env={"COLUMNS": str(width)}).stdout
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= width
    assert max(len(line) for line in lines) > width - 15  # and use the width given


def test_piped_tables_default_to_120_columns(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    lines = run("compare", "data scientist", "machine learning engineer").stdout.splitlines()
    assert 100 < max(len(line) for line in lines) <= 120


@pytest.mark.parametrize("name, fmt", [("guess.nt", ox.RdfFormat.N_TRIPLES), ("guess.ttl", ox.RdfFormat.TURTLE), ("guess.nq", ox.RdfFormat.N_QUADS), ("g.trig", ox.RdfFormat.TRIG), ("g.jsonld", ox.RdfFormat.JSON_LD), ("g.rdf", ox.RdfFormat.RDF_XML)])
def test_export_format_comes_from_the_file_name(run, tmp_path: Path, name: str, fmt: ox.RdfFormat) -> None:
    target = tmp_path / name
    run("export", "-o", str(target))
    quads = list(ox.parse(path=str(target), format=fmt))
    assert len(quads) > 1000


def test_export_refuses_a_name_it_cannot_read_and_a_clash(run, tmp_path: Path) -> None:
    assert "give --to" in run("export", "-o", str(tmp_path / "graph.png"), code=2).stderr
    assert "make them agree" in run("export", "--to", "nt", "-o", str(tmp_path / "graph.ttl"), code=2).stderr
    run("export", "--to", "nt", "-o", str(tmp_path / "graph.txt"))  # --to says what an unknown name cannot
    assert not (tmp_path / "graph.png").exists() and not (tmp_path / "graph.ttl").exists()


@pytest.mark.parametrize("name", ["graph.png", "graph.svg", "graph"])
def test_viz_refuses_what_it_cannot_write(run, tmp_path: Path, name: str) -> None:
    err = run("viz", "-o", str(tmp_path / name), code=2).stderr
    assert "viz writes an HTML page" in err
    assert not (tmp_path / name).exists()
