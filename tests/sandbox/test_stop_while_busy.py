"""Ctrl+C or SIGTERM ends the sandbox within seconds even in the middle of an ingest (issue #12): the
pumps stop taking batches, the batches in hand get a short grace, the servers stop together."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from ops.generate_mock_licenses import mock_rows
from toolkit.sandbox_process import SandboxProcess
from toolkit.state_client import csv_file, post_upload, queue_depth, state_client

ROWS = 3_000  # a file that keeps the pipeline busy for a while
BUSY_TIMEOUT = 60
STOPS_WITHIN_SECONDS = 8


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_sandbox_stops_promptly_while_ingesting(tmp_path: Path, signum: signal.Signals) -> None:
    sandbox = SandboxProcess.start(tmp_path / "manifest.json")
    try:
        client = state_client(sandbox.manifest, "ky")
        rows = mock_rows(ROWS, ("audiologist", "speech-language pathologist"), "ky", seed=signum.value)
        assert post_upload(client.bulk_upload(), csv_file(rows)).status_code < 300
        deadline = time.monotonic() + BUSY_TIMEOUT
        while queue_depth(sandbox.manifest, "license_preprocessing") == 0:  # the parser is sending rows
            assert time.monotonic() < deadline, "the upload never reached the pipeline"
            time.sleep(0.1)

        started = time.monotonic()
        sandbox.process.send_signal(signum)
        sandbox.process.wait(timeout=30)
        stopped_after = time.monotonic() - started
    finally:
        sandbox.stop()

    assert stopped_after < STOPS_WITHIN_SECONDS
    assert sandbox.process.returncode == 0
    assert not sandbox.manifest_path.exists()  # it cleaned up as on any stop
