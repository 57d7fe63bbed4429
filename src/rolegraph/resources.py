"""Where the shipped ontology, shapes, graph and named queries are.

A built wheel carries copies of the top-level ``ontology.ttl``, ``shapes.ttl``
and ``graph/`` under ``rolegraph/data/`` (see ``pyproject.toml``); a source
checkout uses the top-level files themselves, so there is one source of truth.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
RDF_SUFFIXES = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nt": "nt",
    ".nq": "nquads",
    ".jsonld": "jsonld",
    ".rdf": "xml",
    ".owl": "xml",
    ".n3": "n3",
}


def data_dir() -> Path:
    """The folder holding ``ontology.ttl``, ``shapes.ttl`` and ``graph/``."""
    packaged = PACKAGE_DIR / "data"
    if (packaged / "ontology.ttl").is_file():
        return packaged
    checkout = PACKAGE_DIR.parent.parent
    if (checkout / "ontology.ttl").is_file():
        return checkout
    raise FileNotFoundError("rolegraph's ontology.ttl is missing from the installation")


def ontology_path() -> Path:
    return data_dir() / "ontology.ttl"


def shapes_path() -> Path:
    return data_dir() / "shapes.ttl"


def graph_dir() -> Path:
    return data_dir() / "graph"


def queries_dir() -> Path:
    return PACKAGE_DIR / "queries"


def rdf_files(path: Path) -> list[Path]:
    """The RDF files of a directory (recursively, sorted) or the file itself."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in RDF_SUFFIXES)
    return [path]
