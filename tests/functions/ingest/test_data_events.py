"""Data-event log consumer: keys, expiry, PII stripping of license.ingest, events without a jurisdiction,
idempotency and partial batch failures."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from botocore.exceptions import ClientError

from core import operational_keys
from core.repositories.data_events import DataEventRepository
from ingest import data_events
from tests.functions.dynamodb_calls import dynamodb_calls
from tests.functions.ingest.conftest import SSN, bus_envelope, ingest_detail, sqs_event

EVENT_EPOCH = 1772366400  # 2026-03-01T12:00:00Z, the detail's eventTime
DAY = 86400


def _log(lambda_context, *envelopes: Any) -> list[str]:
    response = data_events.lambda_handler(sqs_event(*envelopes), lambda_context)
    return [failure["itemIdentifier"] for failure in response["batchItemFailures"]]


def _items(aws: dict[str, Any]) -> list[dict[str, Any]]:
    return aws["data_event"].scan()["Items"]


def test_license_ingest_is_logged_without_pii(aws, lambda_context) -> None:
    assert _log(lambda_context, bus_envelope("license.ingest", ingest_detail(), "e-1")) == []

    [item] = _items(aws)
    assert item == {
        "pk": "COMPACT#aslp#JURISDICTION#oh",
        "sk": f"TYPE#license.ingest#TIME#{EVENT_EPOCH}#EVENT#e-1",
        "eventType": "license.ingest",
        "eventExpiry": EVENT_EPOCH + 366 * DAY,
        "compact": "aslp",
        "jurisdiction": "oh",
        "licenseType": "speech-language pathologist",
        "licenseStatus": "active",
        "compactEligibility": "eligible",
        "dateOfIssuance": "2020-01-15",
        "dateOfRenewal": "2024-01-15",
        "dateOfExpiration": "2027-01-15",
        "eventTime": "2026-03-01T12:00:00+00:00",
    }
    assert item["pk"] == operational_keys.data_event_pk("aslp", "oh")


@pytest.mark.parametrize(
    ("detail_type", "days"),
    [("license.validation-error", 90), ("license.ingest-failure", 90), ("privilege.purchase", 366)],
)
def test_upload_problems_expire_after_90_days_and_the_rest_after_a_year(
    aws, lambda_context, detail_type: str, days: int
) -> None:
    detail = {
        "compact": "aslp",
        "jurisdiction": "ne",
        "eventTime": "2026-03-01T12:00:00+00:00",
        "errors": ["x"],
    }
    _log(lambda_context, bus_envelope(detail_type, detail))

    [item] = _items(aws)
    assert item["eventExpiry"] == EVENT_EPOCH + days * DAY
    assert item["sk"].startswith(f"TYPE#{detail_type}#TIME#{EVENT_EPOCH}#")
    assert item["errors"] == ["x"]


def test_details_are_stored_with_empty_keys_renamed_and_numbers_exact(aws, lambda_context) -> None:
    detail = {
        "compact": "aslp",
        "jurisdiction": "oh",
        "eventTime": "2026-03-01T12:00:00+00:00",
        "recordNumber": 7,
        "validData": {"": "stray column", "givenName": "Ada"},
        "errors": {"": ["Unknown field."]},
        "totalCost": 110.5,
    }
    _log(lambda_context, bus_envelope("license.validation-error", detail))

    [item] = _items(aws)
    assert item["validData"] == {"<EMPTY>": "stray column", "givenName": "Ada"}
    assert item["errors"] == {"<EMPTY>": ["Unknown field."]}
    assert item["recordNumber"] == 7 and item["totalCost"] == Decimal("110.5")


def test_events_without_a_jurisdiction_are_stored_under_none(aws, lambda_context) -> None:
    """Deliberate fix: the reference cannot store militaryAffiliation.audit and fails it to the DLQ."""
    detail = {
        "compact": "aslp",
        "providerId": "p-1",
        "auditResult": "approved",
        "eventTime": "2026-03-01T12:00:00Z",
    }

    assert _log(lambda_context, bus_envelope("militaryAffiliation.audit", detail)) == []

    [item] = _items(aws)
    assert item["pk"] == "COMPACT#aslp#JURISDICTION#NONE"


def test_the_envelope_time_stands_in_for_a_missing_event_time(aws, lambda_context) -> None:
    _log(lambda_context, bus_envelope("privilege.deactivation", {"compact": "aslp", "jurisdiction": "ne"}))

    [item] = _items(aws)
    assert item["sk"] == f"TYPE#privilege.deactivation#TIME#{EVENT_EPOCH + 5}#EVENT#event-1"


def test_a_redelivered_event_writes_the_same_item(aws, lambda_context) -> None:
    envelope = bus_envelope("license.ingest", ingest_detail(), "e-1")
    _log(lambda_context, envelope)
    first = _items(aws)

    _log(lambda_context, envelope, envelope)

    assert _items(aws) == first


def test_malformed_events_fail_alone(aws, lambda_context, capsys) -> None:
    no_compact = bus_envelope("license.ingest", {**ingest_detail(), "compact": None, "ssn": SSN})
    failures = _log(
        lambda_context,
        "not json",
        {"detail": "not an event"},
        no_compact,
        bus_envelope("license.ingest", ingest_detail(), "ok"),
    )

    assert failures == ["message-0", "message-1", "message-2"]
    assert len(_items(aws)) == 1
    assert SSN not in capsys.readouterr().out and "Lovelace" not in json.dumps(_items(aws), default=str)


def test_a_batch_is_written_25_items_per_call(aws, lambda_context) -> None:
    envelopes = [bus_envelope("license.ingest", ingest_detail(), f"e-{index}") for index in range(30)]

    with dynamodb_calls() as calls:
        assert _log(lambda_context, *envelopes) == []

    assert calls == ["BatchWriteItem", "BatchWriteItem"]
    assert len(_items(aws)) == 30


def test_a_failed_write_fails_every_stored_message_and_no_malformed_one_twice(
    aws, lambda_context, monkeypatch
) -> None:
    def unavailable(self: DataEventRepository, items: Any) -> None:
        raise ClientError(
            {"Error": {"Code": "InternalServerError", "Message": "try later"}}, "BatchWriteItem"
        )

    monkeypatch.setattr(DataEventRepository, "put_all", unavailable)

    failures = _log(
        lambda_context,
        bus_envelope("license.ingest", ingest_detail(), "e-1"),
        "not json",
        bus_envelope("license.ingest", ingest_detail(), "e-2"),
    )

    assert sorted(failures) == ["message-0", "message-1", "message-2"]
    assert _items(aws) == []
