"""The AsyncAPI document of the event bus: generated from the catalog, current, and valid AsyncAPI 3.0."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest

from catalog import CONSUMERS, EVENTS, FUNCTIONS
from offline.asyncapi_docs import render_asyncapi
from offline.openapi_docs import EVENTS_DOC

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "asyncapi-3.0.0.json").read_text())
DOCUMENT = render_asyncapi(EVENTS, FUNCTIONS, CONSUMERS)


def _problems(document: dict) -> list[str]:
    return [error.message for error in jsonschema.Draft7Validator(SCHEMA).iter_errors(document)]


def test_committed_document_matches_the_catalog():
    assert json.loads(EVENTS_DOC.read_text()) == json.loads(json.dumps(DOCUMENT)), "run scripts/openapi"


def test_document_is_valid_asyncapi_3():
    assert _problems(DOCUMENT) == []


@pytest.mark.parametrize(
    "break_it",
    [
        lambda d: d.pop("info"),
        lambda d: d["operations"][next(iter(d["operations"]))].update(action="publish"),
        lambda d: d["channels"][next(iter(d["channels"]))].update(address=5),
    ],
    ids=["no info", "AsyncAPI 2 action", "non-string address"],
)
def test_the_schema_refuses_a_broken_document(break_it):
    broken = copy.deepcopy(DOCUMENT)
    break_it(broken)
    assert _problems(broken)


def test_every_event_is_a_channel_with_its_publishers_and_consumers():
    channels = {channel["address"]: name for name, channel in DOCUMENT["channels"].items()}
    assert set(channels) == {event.detail_type for event in EVENTS}
    ingest = channels["license.ingest"]
    sends = {op["x-function"] for op in DOCUMENT["operations"].values() if op["action"] == "send"
             and op["channel"]["$ref"] == f"#/channels/{ingest}"}  # fmt: skip
    receives = {op["x-function"] for op in DOCUMENT["operations"].values() if op["action"] == "receive"
                and op["channel"]["$ref"] == f"#/channels/{ingest}"}  # fmt: skip
    assert sends == {"PreprocessLicenses"}
    assert receives == {"IngestLicenses", "LogDataEvents"}


def test_events_awaiting_a_listener_say_so():
    from dataclasses import replace

    waiting = replace(EVENTS[0], awaiting="its consumer: a later issue")
    document = render_asyncapi((waiting,), FUNCTIONS, ())
    [channel] = document["channels"].values()
    assert channel["x-awaiting"] == "its consumer: a later issue"
    assert not any("x-awaiting" in c for c in DOCUMENT["channels"].values())  # nothing waits today
