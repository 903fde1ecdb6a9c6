"""Fixtures of the disaster-recovery tests: the results bucket on moto, the data event bus (the ingest
tests' ``events``) and the preprocessing queue (the license tests' ``queue``), and a Lambda context whose
time always runs short, so every run stops after the least work it may do."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from core.buckets import DISASTER_RECOVERY_RESULTS
from sandbox.invoke import LocalContext
from tests.functions.ingest.conftest import events  # noqa: F401 - the fixture, re-exported here
from tests.functions.licenses.conftest import queue  # noqa: F401 - likewise
from tests.functions.moto_clients import moto_client

RESULTS_BUCKET = "cc-test-disaster-recovery-results"


@pytest.fixture
def results_bucket(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    moto_client("s3").create_bucket(Bucket=RESULTS_BUCKET)
    monkeypatch.setenv(DISASTER_RECOVERY_RESULTS.env_var, RESULTS_BUCKET)
    yield RESULTS_BUCKET


@dataclass
class HurriedContext(LocalContext):
    """A context with one second left whenever asked: each run does one unit of work and stops."""

    function_name: str = "LicenseUploadRollback"
    memory_limit_in_mb: int = 1024
    timeout_seconds: int = 1

    def get_remaining_time_in_millis(self) -> int:
        return 1000
