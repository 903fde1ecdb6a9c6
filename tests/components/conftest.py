"""Runs the real program once per stack file under Pulumi mocks and shares the result."""

from __future__ import annotations

import pytest

from offline.runner import ProgramRun
from tests.components.runs import STACKS, program_run

__all__ = ["STACKS", "program_run"]  # what the test modules import from here


@pytest.fixture(params=STACKS)
def any_stack(request: pytest.FixtureRequest) -> ProgramRun:
    return program_run(request.param)


@pytest.fixture
def prod() -> ProgramRun:
    return program_run("prod")


@pytest.fixture
def local() -> ProgramRun:
    return program_run("local")
