"""Fixtures of the Persistent tests: they override the whole-program `prod`/`local` fixtures of
tests/components with runs of the component alone."""

from __future__ import annotations

import pytest

from offline.runner import ProgramRun
from tests.components.persistent.support import STACKS, persistent_run


@pytest.fixture(params=STACKS)
def run(request: pytest.FixtureRequest) -> ProgramRun:
    return persistent_run(request.param)


@pytest.fixture
def prod() -> ProgramRun:
    return persistent_run("prod")


@pytest.fixture
def local() -> ProgramRun:
    return persistent_run("local")
