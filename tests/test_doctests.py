"""Docstring examples run (networkx style), on the installed package and the
shipped graph; the public API's functions each carry one.

``python -m pytest --doctest-modules src/`` runs the same examples from a
checkout; this test runs them as installed, so the README's test command
covers them too."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import rolegraph

MODULES = sorted(m.name for m in pkgutil.walk_packages(rolegraph.__path__, "rolegraph.") if not m.name.endswith("__main__"))


@pytest.mark.parametrize("name", ["rolegraph", *MODULES])
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    failed, _attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failed == 0, f"{failed} docstring example(s) of {name} failed (see the captured output)"


@pytest.mark.parametrize("name", sorted(n for n in rolegraph.__all__ if inspect.isfunction(getattr(rolegraph, n))))
def test_public_functions_have_an_example(name: str) -> None:
    doc = inspect.getdoc(getattr(rolegraph, name)) or ""
    assert ">>>" in doc, f"rolegraph.{name} has no example in its docstring"


def test_public_names_are_all_listed() -> None:
    import rolegraph.store

    assert sorted(rolegraph.__all__) == sorted(["RolegraphError", "__version__", *rolegraph._API])
    assert sorted(rolegraph.store.__all__) == sorted(rolegraph.store._NAMES)
