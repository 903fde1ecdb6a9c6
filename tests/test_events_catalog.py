"""The event declarations hold together: every event is declared once, published and consumed by
declared functions (or says what it awaits), its example round-trips through its model, and nothing in
the functions builds an event by hand."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from catalog import CONSUMERS, EVENTS, FUNCTIONS
from core.events import EventSpec, encode_detail
from core.triggers import EventPattern

FUNCTIONS_DIR = Path(__file__).resolve().parents[1] / "functions"
DECLARING_MODULES = {
    "ingest/events.py",
    "providers/events.py",
    "purchases/events.py",
    "adverse_actions/events.py",
    "disaster_recovery/events.py",
}
PUBLISHING_MODULE = "core/events.py"


def _publishers(event: EventSpec) -> list[str]:
    return [spec.name for spec in FUNCTIONS if event in spec.publishes]


def _subscribers(event: EventSpec) -> list[str]:
    """Consumers that name the event (the data-event log, which takes every event, does not count)."""
    return [c.function.name for c in CONSUMERS if c.source is not None and event in c.source.events]


def test_detail_types_are_unique():
    detail_types = [event.detail_type for event in EVENTS]
    assert len(set(detail_types)) == len(detail_types)


def test_every_published_or_consumed_event_is_declared():
    published = {event.detail_type for spec in FUNCTIONS for event in spec.publishes}
    consumed = {
        event.detail_type
        for consumer in CONSUMERS
        if consumer.source is not None
        for event in (*consumer.source.events, *(consumer.source.every_event_except or ()))
    }
    assert published | consumed <= {event.detail_type for event in EVENTS}


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.detail_type)
def test_every_event_has_a_consumer_or_is_only_logged_or_awaits_one(event):
    assert _subscribers(event) or event.only_logged or event.awaiting, (
        f"{event.detail_type} is published to nobody: declare its consumer, mark it only_logged, "
        "or say what it awaits"
    )


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.detail_type)
def test_every_event_has_a_publisher_or_awaits_one(event):
    assert _publishers(event) or event.awaiting, f"nobody publishes {event.detail_type}"


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.detail_type)
def test_only_logged_events_reach_the_data_event_log(event):
    log_patterns = [c.source for c in CONSUMERS if c.source is not None and c.source.every_event_except]
    reaches_log = any(pattern.matches(event) for pattern in log_patterns)
    assert reaches_log == event.logged


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.detail_type)
def test_the_example_round_trips_through_the_model(event):
    detail = event.model.model_validate(event.example)
    encoded = json.loads(encode_detail(event, detail))

    assert encoded == event.example
    assert event.model.model_validate(encoded) == detail


def test_a_pattern_lists_events_or_takes_every_event_but_not_both():
    with pytest.raises(ValueError, match="not both"):
        EventPattern(events=EVENTS[:1], every_event_except=())
    with pytest.raises(ValueError, match="not both"):
        EventPattern()


def _python_files() -> list[Path]:
    return sorted(FUNCTIONS_DIR.rglob("*.py"))


def test_no_function_module_names_an_event_type_by_a_bare_string():
    detail_types = {event.detail_type for event in EVENTS}
    found = []
    for path in _python_files():
        relative = path.relative_to(FUNCTIONS_DIR).as_posix()
        if relative in DECLARING_MODULES:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and node.value in detail_types:
                found.append(f"{relative}:{node.lineno} {node.value!r}")
    assert not found, "use the EventSpec declaration instead of its detail-type string"


def test_only_core_events_puts_events_on_the_bus():
    found = [
        path.relative_to(FUNCTIONS_DIR).as_posix()
        for path in _python_files()
        if path.relative_to(FUNCTIONS_DIR).as_posix() != PUBLISHING_MODULE
        and any(needle in path.read_text() for needle in ("put_events", '"DetailType"', 'client("events")'))
    ]
    assert not found, "publish through core.events.publish"
