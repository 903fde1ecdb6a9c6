"""Starts the real sandbox (`python -m sandbox`) once for the e2e session and stops it at the end."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.state import StateClient

ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT_SECONDS = 60


class RunningSandbox:
    def __init__(self, process: subprocess.Popen[str], manifest_path: Path) -> None:
        self.process = process
        self.manifest_path = manifest_path
        self.manifest: dict[str, Any] = json.loads(manifest_path.read_text())

    def url(self, api: str, path: str) -> str:
        return self.manifest["apis"][api] + path


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningSandbox]:
    manifest = tmp_path_factory.mktemp("sandbox") / "manifest.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "sandbox", "--ephemeral-ports", "--manifest", str(manifest)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while not manifest.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"sandbox did not start:\n{process.stdout.read() if process.stdout else ''}")
        time.sleep(0.1)
    running = RunningSandbox(process, manifest)
    yield running
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def state(sandbox: RunningSandbox) -> StateClient:
    """Ohio's seeded state IT client."""
    client = next(c for c in sandbox.manifest["stateClients"] if c["jurisdiction"] == "oh")
    return StateClient(sandbox.manifest, client)
