"""core.events helpers: entries for the environment's bus, 10 per call, rejected entries retried."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from core import events


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


def _entries(count: int) -> list[dict[str, Any]]:
    return [events.event_entry("org.compactconnect.test", "test.event", {"n": n}) for n in range(count)]


def test_event_entry_targets_the_environment_bus_and_encodes_stored_values(fake) -> None:
    entry = events.event_entry(
        "src", "license.ingest", {"fee": Decimal("50"), "on": date(2026, 3, 1), "s": {"b"}}
    )

    assert entry["EventBusName"] == "test-dataEventBus"
    assert (entry["Source"], entry["DetailType"]) == ("src", "license.ingest")
    assert json.loads(entry["Detail"]) == {"fee": 50, "on": "2026-03-01", "s": ["b"]}


def test_put_events_sends_ten_entries_per_call(fake: FakeEventBridge) -> None:
    events.put_events(_entries(23))

    assert [len(call) for call in fake.calls] == [10, 10, 3]


def test_rejected_entries_alone_are_retried(fake: FakeEventBridge) -> None:
    entries = _entries(3)
    fake.rejections = {entries[1]["Detail"]: 2}

    events.put_events(entries)

    assert [len(call) for call in fake.calls] == [3, 1, 1]
    assert fake.calls[1] == [entries[1]]


def test_entries_still_rejected_after_the_last_attempt_raise(fake: FakeEventBridge) -> None:
    entries = _entries(2)
    fake.rejections = {entries[0]["Detail"]: 99}

    with pytest.raises(events.EventPublishError, match="1 events were not published: ThrottlingException"):
        events.put_events(entries)
    assert len(fake.calls) == events.PUT_EVENTS_ATTEMPTS


def test_nothing_to_publish_makes_no_call(fake: FakeEventBridge) -> None:
    events.put_events([])
    assert fake.calls == []
