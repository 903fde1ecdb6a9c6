"""The data event bus that every state change is published on, and the one way to publish on it."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from functools import cache
from typing import Any

PUT_EVENTS_BATCH = 10
"""PutEvents accepts at most 10 entries per call."""

PUT_EVENTS_ATTEMPTS = 3


class EventPublishError(Exception):
    """Some events could not be published after retries; the caller fails (and its message is retried)."""


def event_bus_name(environment_name: str) -> str:
    """`<env>-dataEventBus`: a contract with every consumer, so it is never renamed."""
    return f"{environment_name}-dataEventBus"


@cache
def events_client() -> Any:
    """The EventBridge client, created on first use and reused by warm invocations."""
    import boto3

    return boto3.client("events")


def event_entry(source: str, detail_type: str, detail: Mapping[str, Any]) -> dict[str, Any]:
    """A PutEvents entry for the environment's bus (``EVENT_BUS_NAME``).

    The detail is encoded with the response rules (Decimals as numbers, dates as ISO strings, sets as
    sorted lists), so records read from DynamoDB can be published as they are.
    """
    from core.encoding import json_dumps

    return {
        "EventBusName": os.environ["EVENT_BUS_NAME"],
        "Source": source,
        "DetailType": detail_type,
        "Detail": json_dumps(detail),
    }


def put_events(entries: list[dict[str, Any]]) -> None:
    """Publish the entries, 10 per PutEvents call, retrying the entries EventBridge rejected.

    PutEvents succeeds as a call even when some entries fail (throttling, internal errors), so the
    per-entry results are checked; entries still failing after the last attempt raise
    :class:`EventPublishError` instead of being lost silently.
    """
    client = events_client()
    for start in range(0, len(entries), PUT_EVENTS_BATCH):
        pending = entries[start : start + PUT_EVENTS_BATCH]
        for attempt in range(PUT_EVENTS_ATTEMPTS):
            response = client.put_events(Entries=pending)
            if not response.get("FailedEntryCount"):
                break
            pending = [
                entry
                for entry, result in zip(pending, response["Entries"], strict=True)
                if result.get("ErrorCode")
            ]
            if attempt + 1 < PUT_EVENTS_ATTEMPTS:
                time.sleep(0.1 * 2**attempt)
        else:
            codes = sorted(
                {str(result.get("ErrorCode")) for result in response["Entries"] if result.get("ErrorCode")}
            )
            raise EventPublishError(f"{len(pending)} events were not published: {', '.join(codes)}")
