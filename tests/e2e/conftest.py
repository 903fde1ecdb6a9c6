"""Starts the real sandbox (`python -m sandbox`) once for the e2e session and stops it at the end."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from toolkit.sandbox_process import SandboxNotStarted, SandboxProcess
from toolkit.state_client import StateClient, state_client


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SandboxProcess]:
    try:
        running = SandboxProcess.start(tmp_path_factory.mktemp("sandbox") / "manifest.json")
    except SandboxNotStarted as error:
        pytest.fail(str(error))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def state(sandbox: SandboxProcess) -> StateClient:
    """Ohio's seeded state IT client."""
    return state_client(sandbox.manifest, "oh")
