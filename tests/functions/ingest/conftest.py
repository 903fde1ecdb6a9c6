"""Fixtures of the ingest tests: record builders (shared with the core tests), and an SQS queue subscribed
to the data event bus so tests can read what the handlers published, as a real consumer would."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from core.events import event_bus_name
from tests.functions.core.conftest import (  # noqa: F401 - fixtures re-exported for these tests
    make_license,
    make_privilege,
    make_provider,
)
from tests.functions.moto_clients import moto_client
from tests.records import PROVIDER_ID


class PublishedEvents:
    """Events put on the moto bus, delivered through a catch-all rule into a capture queue."""

    def __init__(self, queue_url: str) -> None:
        self.queue_url = queue_url
        self._seen: list[dict[str, Any]] = []

    def all(self) -> list[dict[str, Any]]:
        """Every event published so far (full EventBridge envelopes: ``detail-type``, ``source``, ...)."""
        sqs = moto_client("sqs")
        while True:
            messages = sqs.receive_message(QueueUrl=self.queue_url, MaxNumberOfMessages=10).get(
                "Messages", []
            )
            if not messages:
                return list(self._seen)
            for message in messages:
                self._seen.append(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])

    def of_type(self, detail_type: str) -> list[dict[str, Any]]:
        return [event["detail"] for event in self.all() if event["detail-type"] == detail_type]


@pytest.fixture
def events(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[PublishedEvents]:
    """The environment's data event bus on moto, with every event copied to a queue the test reads."""
    bus = event_bus_name("test")
    monkeypatch.setenv("EVENT_BUS_NAME", bus)
    eventbridge = moto_client("events")
    eventbridge.create_event_bus(Name=bus)
    queue_url = moto_client("sqs").create_queue(QueueName="captured-events")["QueueUrl"]
    queue_arn = moto_client("sqs").get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
        "Attributes"
    ]["QueueArn"]
    eventbridge.put_rule(
        Name="capture", EventBusName=bus, EventPattern=json.dumps({"source": [{"prefix": ""}]})
    )
    eventbridge.put_targets(Rule="capture", EventBusName=bus, Targets=[{"Id": "queue", "Arn": queue_arn}])

    yield PublishedEvents(queue_url)


def sqs_event(*bodies: Any) -> dict[str, Any]:
    """An SQS event as Lambda delivers it; each body is JSON-encoded unless already a string."""
    return {
        "Records": [
            {
                "messageId": f"message-{index}",
                "receiptHandle": f"handle-{index}",
                "body": body if isinstance(body, str) else json.dumps(body),
                "attributes": {"ApproximateReceiveCount": "1"},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:123456789012:queue",
                "awsRegion": "us-east-1",
            }
            for index, body in enumerate(bodies)
        ]
    }


SSN = "529-38-1746"
EVENT_TIME = "2026-03-01T12:00:00+00:00"


def license_row(**overrides: Any) -> dict[str, Any]:
    """A preprocessing-queue message: a valid uploaded row with its compact, jurisdiction and time."""
    row: dict[str, Any] = {
        "compact": "aslp",
        "jurisdiction": "oh",
        "ssn": SSN,
        "licenseType": "speech-language pathologist",
        "licenseStatus": "active",
        "compactEligibility": "eligible",
        "givenName": "Ada",
        "middleName": "May",
        "familyName": "Lovelace",
        "dateOfIssuance": "2020-01-15",
        "dateOfRenewal": "2024-01-15",
        "dateOfExpiration": "2027-01-15",
        "dateOfBirth": "1985-12-10",
        "homeAddressStreet1": "1 Main St",
        "homeAddressCity": "Columbus",
        "homeAddressState": "oh",
        "homeAddressPostalCode": "43004",
        "npi": "1234567890",
        "licenseNumber": "SLP-1001",
        "emailAddress": "ada@example.org",
        "phoneNumber": "+15555550123",
        "eventTime": EVENT_TIME,
    }
    row.update(overrides)
    return {key: value for key, value in row.items() if value is not None}


def ingest_detail(provider_id: str = PROVIDER_ID, **overrides: Any) -> dict[str, Any]:
    """A ``license.ingest`` detail, as the preprocessor publishes it (no SSN, last four and provider id)."""
    detail = license_row(**overrides)
    detail.pop("ssn")
    return {"providerId": provider_id, "ssnLastFour": "1746", **detail}


def bus_envelope(detail_type: str, detail: dict[str, Any], event_id: str = "event-1") -> dict[str, Any]:
    """An EventBridge event as a rule delivers it to an SQS queue."""
    return {
        "version": "0",
        "id": event_id,
        "detail-type": detail_type,
        "source": "org.compactconnect.provider-data",
        "account": "123456789012",
        "time": "2026-03-01T12:00:05Z",
        "region": "us-east-1",
        "resources": [],
        "detail": detail,
    }
