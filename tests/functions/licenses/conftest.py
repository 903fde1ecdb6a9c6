"""License upload fixtures: the preprocessing queue and the bulk-upload bucket on moto, published events
captured from the bus (the ingest tests' ``events`` fixture), and a valid row to vary."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from core.buckets import BULK_UPLOADS
from ingest.queues import LICENSE_PREPROCESSING_QUEUE
from licenses.bulk_parser import SAFETY_MARGIN_MS
from sandbox.invoke import LocalContext
from tests.functions.ingest.conftest import events  # noqa: F401 - the fixture, re-exported here
from tests.functions.moto_clients import moto_client

BUCKET = "cc-test-bulk-uploads"
STATE_WRITE = ["oh/aslp.write"]


def valid_row(**changes: Any) -> dict[str, Any]:
    """A valid aslp row; ``changes`` overrides fields, and a value of None removes the field."""
    row = {
        "ssn": "123-45-6789",
        "licenseType": "audiologist",
        "licenseStatus": "active",
        "compactEligibility": "eligible",
        "givenName": "Ada",
        "middleName": "May",
        "familyName": "Lovelace",
        "dateOfIssuance": "2020-02-29",
        "dateOfExpiration": "2030-01-31",
        "dateOfBirth": "1985-12-10",
        "homeAddressStreet1": "1 Main St",
        "homeAddressCity": "Columbus",
        "homeAddressState": "OH",
        "homeAddressPostalCode": "43004",
        "emailAddress": "ada@example.org",
        "phoneNumber": "+15555550100",
        "npi": "1234567890",
        "licenseNumber": "AUD-1",
    }
    row.update(changes)
    return {name: value for name, value in row.items() if value is not None}


@dataclass
class ScriptedContext(LocalContext):
    """The parser's Lambda context with a scripted clock: plenty of time for the first ``checks``
    questions, then less than the parser's safety margin (``checks=None``: always plenty)."""

    function_name: str = "ParseBulkUpload"
    memory_limit_in_mb: int = 1024
    timeout_seconds: int = 900
    checks: int | None = None

    def get_remaining_time_in_millis(self) -> int:
        if self.checks is None:
            return 900_000
        self.checks -= 1
        return 900_000 if self.checks >= 0 else SAFETY_MARGIN_MS - 1


class Queue:
    """The preprocessing queue on moto."""

    def __init__(self, url: str) -> None:
        self.url = url

    def messages(self) -> list[dict[str, Any]]:
        """Every message sent so far (received and deleted), decoded."""
        sqs, bodies = moto_client("sqs"), []
        while batch := sqs.receive_message(QueueUrl=self.url, MaxNumberOfMessages=10).get("Messages", []):
            for message in batch:
                bodies.append(json.loads(message["Body"]))
                sqs.delete_message(QueueUrl=self.url, ReceiptHandle=message["ReceiptHandle"])
        return bodies


@pytest.fixture
def queue(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[Queue]:
    from licenses.preprocessing import sqs_client

    url = sqs_client().create_queue(QueueName="license-preprocessing")["QueueUrl"]
    monkeypatch.setenv(LICENSE_PREPROCESSING_QUEUE.env_var, url)
    yield Queue(url)


@pytest.fixture
def bucket(aws: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    from core.aws import s3_client

    s3_client().create_bucket(Bucket=BUCKET)
    monkeypatch.setenv(BULK_UPLOADS.env_var, BUCKET)
    yield BUCKET


class SendSpy:
    """Wraps the SQS client to record each SendMessageBatch's size, and optionally fail entries."""

    def __init__(self, client: Any, failures: list[set[str]] | None = None) -> None:
        self.client = client
        self.batch_sizes: list[int] = []
        self.failures = list(failures or [])  # per call: entry ids to report as failed

    def send_message_batch(self, **request: Any) -> dict[str, Any]:
        self.batch_sizes.append(len(request["Entries"]))
        failing = self.failures.pop(0) if self.failures else set()
        kept = [entry for entry in request["Entries"] if entry["Id"] not in failing]
        response = self.client.send_message_batch(**{**request, "Entries": kept}) if kept else {}
        failed = [{"Id": id_, "Code": "InternalError", "SenderFault": False} for id_ in sorted(failing)]
        return {**response, "Failed": failed}


@pytest.fixture
def send_spy(queue: Queue, monkeypatch: pytest.MonkeyPatch) -> SendSpy:
    from licenses import preprocessing

    spy = SendSpy(moto_client("sqs"))
    monkeypatch.setattr(preprocessing, "sqs_client", lambda: spy)
    monkeypatch.setattr(preprocessing.time, "sleep", lambda _seconds: None)
    return spy
