"""Structural rules that keep a handler's import cheap (docs/architecture.md, "Cold starts"). Nothing here
measures time: each test names a rule whose breach would quietly bring an import cost back."""

from __future__ import annotations
import __future__

import importlib
import sys

from pydantic import BaseModel

from benchmarks.cold_start import project_packages
from catalog import FUNCTIONS


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_model_modules_evaluate_their_annotations_when_the_class_is_created():
    """Under ``from __future__ import annotations`` pydantic compiles and evaluates every field's annotation
    string when it creates the class, and again for each subclass (it re-reads its bases' annotations)."""
    for spec in FUNCTIONS:
        importlib.import_module(spec.handler.rpartition(".")[0])
    ours = project_packages()
    modules = {model.__module__ for model in _subclasses(BaseModel) if model.__module__.split(".")[0] in ours}

    postponed = sorted(
        name for name in modules if vars(sys.modules[name]).get("annotations") is __future__.annotations
    )

    assert modules and not postponed
