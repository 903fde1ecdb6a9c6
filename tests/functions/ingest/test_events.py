"""core.events.publish: typed details for the environment's bus, 10 per call, rejected entries retried,
only by functions that declare the event."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import BaseModel

from core import events
from core.catalog import FunctionSpec
from core.events import EventSpec
from core.resources import MissingGrant, running_as


class FakeEventBridge:
    """Rejects each entry whose detail is in ``rejections`` that many times, then accepts it."""

    def __init__(self, rejections: dict[str, int] | None = None) -> None:
        self.calls: list[list[dict[str, Any]]] = []
        self.rejections = dict(rejections or {})

    def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        assert len(Entries) <= 10
        self.calls.append(Entries)
        results = []
        for entry in Entries:
            remaining = self.rejections.get(entry["Detail"], 0)
            if remaining:
                self.rejections[entry["Detail"]] = remaining - 1
                results.append({"ErrorCode": "ThrottlingException", "ErrorMessage": "slow down"})
            else:
                results.append({"EventId": "id"})
        return {"FailedEntryCount": sum("ErrorCode" in r for r in results), "Entries": results}


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeEventBridge:
    client = FakeEventBridge()
    monkeypatch.setattr(events, "events_client", lambda: client)
    monkeypatch.setattr(events.time, "sleep", lambda _: None)
    monkeypatch.setenv("EVENT_BUS_NAME", "test-dataEventBus")
    return client


class Probe(BaseModel):
    n: int
    fee: Decimal = Decimal("50")
    on: date = date(2026, 3, 1)


PROBE = EventSpec(
    detail_type="test.event",
    source="org.compactconnect.test",
    model=Probe,
    description="test double",
    example={"n": 1},
)
PUBLISHER = FunctionSpec(name="Publisher", handler="tests.x.handler", description="test", publishes=(PROBE,))


def _publish(*details: Probe) -> None:
    with running_as(PUBLISHER):
        events.publish(PROBE, *details)


def _probes(count: int) -> list[Probe]:
    return [Probe(n=n) for n in range(count)]


def _detail(n: int) -> str:
    return events.encode_detail(PROBE, Probe(n=n))


def test_entries_target_the_environment_bus_with_the_declared_source_and_encoding(fake) -> None:
    _publish(Probe(n=1))

    [[entry]] = fake.calls
    assert entry["EventBusName"] == "test-dataEventBus"
    assert (entry["Source"], entry["DetailType"]) == ("org.compactconnect.test", "test.event")
    assert json.loads(entry["Detail"]) == {"n": 1, "fee": 50, "on": "2026-03-01"}


def test_publish_sends_ten_entries_per_call(fake: FakeEventBridge) -> None:
    _publish(*_probes(23))

    assert [len(call) for call in fake.calls] == [10, 10, 3]


def test_rejected_entries_alone_are_retried(fake: FakeEventBridge) -> None:
    fake.rejections = {_detail(1): 2}

    _publish(*_probes(3))

    assert [len(call) for call in fake.calls] == [3, 1, 1]
    assert [entry["Detail"] for entry in fake.calls[1]] == [_detail(1)]


def test_entries_still_rejected_after_the_last_attempt_raise(fake: FakeEventBridge) -> None:
    fake.rejections = {_detail(0): 99}

    with pytest.raises(events.EventPublishError, match="1 events were not published: ThrottlingException"):
        _publish(*_probes(2))
    assert len(fake.calls) == events.PUT_EVENTS_ATTEMPTS


def test_every_chunk_is_tried_and_the_error_names_the_positions_not_published(fake: FakeEventBridge) -> None:
    fake.rejections = {_detail(3): 99, _detail(14): 99}

    with pytest.raises(events.EventPublishError, match="2 events were not published") as raised:
        _publish(*_probes(23))

    assert raised.value.failed == (3, 14)
    published = {entry["Detail"] for call in fake.calls for entry in call}
    assert published >= {_detail(n) for n in range(23)}  # the third chunk went although the first failed


def test_nothing_to_publish_makes_no_call(fake: FakeEventBridge) -> None:
    _publish()
    assert fake.calls == []


def test_a_detail_of_another_model_is_refused_before_anything_is_sent(fake: FakeEventBridge) -> None:
    class Other(BaseModel):
        n: int

    with pytest.raises(TypeError, match=r"a test\.event detail must be a Probe, not Other"):
        _publish(Other(n=1))  # type: ignore[arg-type]
    assert fake.calls == []


def test_a_function_that_does_not_declare_the_event_cannot_publish_it(fake: FakeEventBridge) -> None:
    silent = FunctionSpec(name="Silent", handler="tests.x.handler", description="test")

    with (
        running_as(silent),
        pytest.raises(MissingGrant, match=r"Silent is not granted publishing 'test\.event'"),
    ):
        events.publish(PROBE, Probe(n=1))
    assert fake.calls == []
