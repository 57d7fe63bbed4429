"""Career questions, each a function taking the store first and returning a
frozen dataclass: :func:`compare`, :func:`similar`, :func:`matrix` (the
profiles of :mod:`.profiles`), :func:`gap`, :func:`path`, :func:`fit` and
:func:`workflow`."""

from __future__ import annotations

from .compare import Comparison, Matrix, Similar, compare, matrix, similar
from .fit import Fit, fit
from .gap import Gap, GapItem, Reason, gap
from .path import Path, PathResult, path
from .workflow import Step, workflow

__all__ = [
    "Comparison",
    "Fit",
    "Gap",
    "GapItem",
    "Matrix",
    "Path",
    "PathResult",
    "Reason",
    "Similar",
    "Step",
    "compare",
    "fit",
    "gap",
    "matrix",
    "path",
    "similar",
    "workflow",
]
