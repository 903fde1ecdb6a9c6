"""The data event bus that every state change is published on: the declaration type of its events, and
the one way to publish on it."""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel


@dataclass(frozen=True, eq=False)  # declared once: identity is equality
class EventSpec:
    """One event type of the data event bus, declared once (DESIGN §3).

    ``model`` is the pydantic model of its ``detail``: publishers hand ``core.events.publish`` an
    instance of it and consumers validate what they receive with it. Who publishes it is declared by
    the publishing functions (``FunctionSpec.publishes``, a grant); who consumes it by the consumers'
    patterns. ``only_logged`` marks events whose only consumer, by design, is the data-event log (the
    ingest reports read them from there); ``awaiting`` names the publisher or consumer that a later
    capability brings, so an event is never silently published to nobody. ``logged`` is False for the
    few events the data-event log leaves out.
    """

    detail_type: str
    source: str
    model: type[BaseModel]
    description: str
    example: Mapping[str, Any]
    only_logged: bool = False
    awaiting: str | None = None
    logged: bool = True

    def __post_init__(self) -> None:
        if self.only_logged and not self.logged:
            raise ValueError(f"{self.detail_type}: an event the log leaves out cannot be only logged")


PUT_EVENTS_BATCH = 10
"""PutEvents accepts at most 10 entries per call."""

PUT_EVENTS_ATTEMPTS = 3


class EventPublishError(Exception):
    """Some events could not be published after retries; the caller fails (and its message is retried).

    ``failed`` holds the positions, among the details handed to :func:`publish` (the entries handed to
    :func:`put`), of those not published,
    so a caller publishing for several messages at once fails only theirs."""

    def __init__(self, message: str, failed: tuple[int, ...] = ()) -> None:
        super().__init__(message)
        self.failed = failed


def event_bus_name(environment_name: str) -> str:
    """`<env>-dataEventBus`: a contract with every consumer, so it is never renamed."""
    return f"{environment_name}-dataEventBus"


@cache
def events_client() -> Any:
    """The EventBridge client, created on first use and reused by warm invocations."""
    import boto3

    return boto3.client("events")


def encode_detail(event: EventSpec, detail: BaseModel) -> str:
    """The detail as consumers read it: its model's camelCase fields, unset ones omitted, timestamps as
    ``+00:00`` ISO strings and dates as ISO dates (the stored records' encoding)."""
    from core.encoding import json_dumps
    from core.models.base import to_dynamo

    if not isinstance(detail, event.model):
        raise TypeError(
            f"a {event.detail_type} detail must be a {event.model.__name__}, not {type(detail).__name__}"
        )
    return json_dumps(to_dynamo(detail.model_dump(by_alias=True, exclude_none=True)))


@dataclass(frozen=True)
class EncodedEvent:
    """One bus entry ready to put: what an outbox stores until it is published."""

    detail_type: str
    source: str
    detail: str


def encode(event: EventSpec, *details: BaseModel) -> list[EncodedEvent]:
    """One entry of ``event`` per detail (each checked to be of the event's model)."""
    return [EncodedEvent(event.detail_type, event.source, encode_detail(event, detail)) for detail in details]


def publish(event: EventSpec, *details: BaseModel) -> None:
    """Publish one ``event`` per detail on the bus, as the running function (which must declare it in
    ``FunctionSpec.publishes``); see :func:`put`."""
    put(encode(event, *details))


def put(entries: Sequence[EncodedEvent]) -> None:
    """Put encoded entries on the bus, as the running function (which must declare each entry's event).

    Entries go 10 per PutEvents call. PutEvents succeeds as a call even when some entries fail
    (throttling, internal errors), so the per-entry results are checked and failures retried; entries
    still failing after the last attempt raise :class:`EventPublishError` instead of being lost silently.
    """
    from core.resources import granted

    resources = granted()
    buses = {entry.detail_type: resources.event_bus_for(entry.detail_type) for entry in entries}
    bodies = [
        {
            "EventBusName": buses[entry.detail_type],
            "Source": entry.source,
            "DetailType": entry.detail_type,
            "Detail": entry.detail,
        }
        for entry in entries
    ]
    client = events_client()
    failed: list[int] = []
    codes: set[str] = set()
    for start in range(0, len(entries), PUT_EVENTS_BATCH):
        pending = list(range(start, min(start + PUT_EVENTS_BATCH, len(entries))))
        for attempt in range(PUT_EVENTS_ATTEMPTS):
            response = client.put_events(Entries=[bodies[position] for position in pending])
            if not response.get("FailedEntryCount"):
                break
            refused = {
                position: str(result["ErrorCode"])
                for position, result in zip(pending, response["Entries"], strict=True)
                if result.get("ErrorCode")
            }
            pending = list(refused)
            if attempt + 1 < PUT_EVENTS_ATTEMPTS:
                time.sleep(0.1 * 2**attempt)
        else:
            failed += pending
            codes |= set(refused.values())
    if failed:
        raise EventPublishError(
            f"{len(failed)} events were not published: {', '.join(sorted(codes))}", tuple(failed)
        )
