"""Runs the bootstrap program once per stack file under Pulumi mocks and shares the result."""

from __future__ import annotations

import pytest

from bootstrap.config import BootstrapConfig
from offline.runner import ProgramRun
from tests.bootstrap.runs import BACKUP_STACKS, ENVIRONMENT_STACKS, STACKS, bootstrap_run


@pytest.fixture(params=STACKS)
def any_account(request: pytest.FixtureRequest) -> ProgramRun[BootstrapConfig]:
    return bootstrap_run(request.param)


@pytest.fixture(params=ENVIRONMENT_STACKS)
def environment_account(request: pytest.FixtureRequest) -> ProgramRun[BootstrapConfig]:
    return bootstrap_run(request.param)


@pytest.fixture(params=BACKUP_STACKS)
def backup_account(request: pytest.FixtureRequest) -> ProgramRun[BootstrapConfig]:
    return bootstrap_run(request.param)
