"""Runs the real program once per stack file under Pulumi mocks and shares the result."""

from __future__ import annotations

import pytest

from offline.runner import ProgramRun, run_program
from offline.stack_file import available_stacks

STACKS = available_stacks()
_RUNS: dict[str, ProgramRun] = {}


def program_run(stack: str) -> ProgramRun:
    if stack not in _RUNS:
        _RUNS[stack] = run_program(stack)
    return _RUNS[stack]


@pytest.fixture(params=STACKS)
def any_stack(request: pytest.FixtureRequest) -> ProgramRun:
    return program_run(request.param)


@pytest.fixture
def prod() -> ProgramRun:
    return program_run("prod")


@pytest.fixture
def local() -> ProgramRun:
    return program_run("local")
