"""What the e2e tests add to the state client (:mod:`toolkit.state_client`): fresh mock rows, stale
timestamps, and polling the asynchronous pipeline."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from ops.generate_mock_licenses import mock_rows
from toolkit.state_client import emulator, queue_depth, scan_pages

ASLP_LICENSE_TYPES = ("audiologist", "speech-language pathologist")
T = TypeVar("T")


def license_rows(count: int, jurisdiction: str = "oh", invalid_every: int = 0) -> list[dict[str, str]]:
    """Fresh mock aslp license rows (new license numbers every call)."""
    seed = random.randrange(1 << 30)
    return list(mock_rows(count, ASLP_LICENSE_TYPES, jurisdiction, seed=seed, invalid_every=invalid_every))


def stale_timestamp(seconds: int = 300) -> str:
    return (datetime.now(UTC) - timedelta(seconds=seconds)).isoformat()


def object_exists(manifest: dict[str, Any], bucket: str, key: str) -> bool:
    listed = emulator(manifest, "s3").list_objects_v2(Bucket=manifest["buckets"][bucket], Prefix=key)
    return any(item["Key"] == key for item in listed.get("Contents", []))


def table_items(manifest: dict[str, Any], table: str) -> list[dict[str, Any]]:
    dynamodb = emulator(manifest, "dynamodb", resource=True).Table(manifest["tables"][table])
    return [item for page in scan_pages(dynamodb) for item in page["Items"]]


def queue_drained(manifest: dict[str, Any], queue: str) -> bool:
    """No message waiting or in flight: the consumer has finished with everything sent so far."""
    return queue_depth(manifest, queue) == 0


def eventually(check: Callable[[], T | None], timeout: float = 90, interval: float = 0.5) -> T:
    """Polls until the asynchronous pipeline has produced what ``check`` looks for."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {check.__name__}")
        time.sleep(interval)
