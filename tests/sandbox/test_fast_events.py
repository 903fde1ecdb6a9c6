"""The sandbox's memoized JSONPath compiler (sandbox/fast_events.py): what EventBridge delivers to a
queue, as the event itself or through an input transformer, is the same with it and without it."""

from __future__ import annotations

import functools
import json
from typing import Any

import boto3
import jsonpath_ng.ext
import pytest
from moto import mock_aws

from sandbox import fast_events
from sandbox.emulator import REGION
from tests.sandbox.moto_environment import point_boto3_at_moto

MOTO_PARSE = jsonpath_ng.ext.parse
BUS = "cc-events-test"

TRANSFORMER = {
    "InputPathsMap": {
        "kind": "$.detail-type",
        "compact": "$.detail.compact",
        "first": "$.detail.rows[0].n",
        "names": "$.detail.rows[*].name",
        "big": "$.detail.rows[?(@.n > 1)].name",  # an extended (filter) expression
        "missing": "$.detail.nothing",
        "detail": "$.detail",
    },
    "InputTemplate": (
        '{"kind": "<kind>", "compact": "<compact>", "first": <first>, "names": "<names>", '
        '"big": "<big>", "missing": "<missing>", "detail": <detail>, "whole": <aws.events.event.json>}'
    ),
}

EVENTS = [
    {"compact": "aslp", "rows": [{"n": 1, "name": "a"}, {"n": 2, "name": "b"}, {"n": 3, "name": "c"}]},
    {"compact": "octp", "rows": [{"n": 5, "name": "only"}]},
    {"compact": "coun", "rows": [{"n": 0, "name": "zero"}, {"n": 0, "name": "none"}], "extra": {"k": [1]}},
    {"compact": "aslp", "rows": [{"n": 9, "name": "z"}], "nothing": None},
]

VARYING = ("id", "time", "ingestion-time")
"""Fields of a delivered event that differ on every run: a random id and the clock."""


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    point_boto3_at_moto(monkeypatch)
    monkeypatch.setattr(jsonpath_ng.ext, "parse", MOTO_PARSE)  # whatever a test installs, undone after it


def delivered() -> dict[str, list[Any]]:
    """The bodies a rule delivers to a plain queue target and to one with an input transformer, for
    each of :data:`EVENTS` (twice over, so compiled expressions are used again), without the
    varying fields."""
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        events = boto3.client("events", region_name=REGION)
        events.create_event_bus(Name=BUS)
        targets = []
        for name in ("plain", "transformed"):
            url = sqs.create_queue(QueueName=name)["QueueUrl"]
            arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
                "QueueArn"
            ]
            target = {"Id": name, "Arn": arn}
            if name == "transformed":
                target["InputTransformer"] = TRANSFORMER
            targets.append(target)
        pattern = {"source": ["cc.test"], "detail-type": ["license.ingest", "license.other"]}
        events.put_rule(Name="rule", EventBusName=BUS, EventPattern=json.dumps(pattern))
        events.put_targets(Rule="rule", EventBusName=BUS, Targets=targets)  # type: ignore[arg-type]
        for detail_type in ("license.ingest", "license.other", "ignored"):
            for detail in EVENTS:
                entry = {"Source": "cc.test", "DetailType": detail_type, "Detail": json.dumps(detail)}
                events.put_events(Entries=[{**entry, "EventBusName": BUS}])  # type: ignore[list-item]
        return {
            name: _drain(sqs, sqs.get_queue_url(QueueName=name)["QueueUrl"])
            for name in ("plain", "transformed")
        }


def _drain(sqs: Any, url: str) -> list[Any]:
    bodies: list[Any] = []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        bodies += [_without_varying(json.loads(m["Body"])) for m in messages]
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)],
        )
    return bodies


def _without_varying(body: dict[str, Any]) -> dict[str, Any]:
    body = {key: value for key, value in body.items() if key not in VARYING}
    if isinstance(body.get("whole"), dict):
        body["whole"] = _without_varying(body["whole"])
    return body


def test_delivered_events_are_the_same_with_the_memoized_compiler():
    theirs = delivered()
    fast_events.install()
    mine = delivered()

    assert mine == theirs
    assert len(theirs["plain"]) == len(theirs["transformed"]) == 2 * len(EVENTS)
    first = theirs["transformed"][0]
    assert first["names"] == "a" and first["big"] == "b" and first["first"] == 1  # the expressions ran
    assert first["missing"] == "<missing>"  # moto leaves a path that matches nothing in place
    assert jsonpath_ng.ext.parse.cache_info().hits > 0  # type: ignore[attr-defined]


def test_install_caches_parse_once():
    fast_events.install()
    cached = jsonpath_ng.ext.parse
    fast_events.install()

    assert jsonpath_ng.ext.parse is cached
    assert cached.__wrapped__ is MOTO_PARSE  # type: ignore[attr-defined]
    assert cached("$.detail.a") is cached("$.detail.a")
    assert cached("$.detail.a") is not cached("$.detail.b")
    assert cached("$.detail[?(@.n > 1)]").find({"detail": [{"n": 2}]})[0].value == {"n": 2}


def test_importing_changes_nothing():
    assert jsonpath_ng.ext.parse is MOTO_PARSE
    assert not hasattr(MOTO_PARSE, "cache_info")
    assert not isinstance(MOTO_PARSE, functools._lru_cache_wrapper)
