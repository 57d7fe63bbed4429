"""Where the shipped ontology, shapes and graph are, and which files are RDF.

A built wheel carries copies of the top-level ``ontology.ttl``, ``shapes.ttl``
and ``graph/`` under ``rolegraph/data/`` (see ``pyproject.toml``); a source
checkout uses the top-level files themselves, so there is one source of truth.

>>> ontology_path().name, rdf_format("roles.trig").name
('ontology.ttl', 'TriG')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph

PACKAGE_DIR = Path(__file__).resolve().parent
#: The file name endings read as RDF; the format of each is pyoxigraph's
#: ``RdfFormat.from_extension`` (``.owl`` is RDF/XML).
RDF_SUFFIXES: tuple[str, ...] = (".jsonld", ".n3", ".nq", ".nt", ".owl", ".rdf", ".trig", ".ttl")


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


def is_rdf(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in RDF_SUFFIXES


def rdf_format(path: str | os.PathLike[str]) -> pyoxigraph.RdfFormat:
    """The RDF format of a file, from its name. Raises ``ValueError`` for a name
    that is not an RDF file (see :data:`RDF_SUFFIXES`)."""
    import pyoxigraph as ox

    suffix = Path(path).suffix.lower()
    fmt = ox.RdfFormat.RDF_XML if suffix == ".owl" else ox.RdfFormat.from_extension(suffix[1:]) if suffix in RDF_SUFFIXES else None
    if fmt is None:
        raise ValueError(f"unknown RDF file type {suffix or '(none)'!r}; use one of {', '.join(RDF_SUFFIXES)}")
    return fmt


def rdf_files(path: Path) -> list[Path]:
    """The RDF files of a directory (recursively, sorted) or the file itself."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and is_rdf(p))
    return [path]
