"""What one ingested license row costs in DynamoDB calls, from the preprocessing queue to the provider
table (issue #12, item 3): counted, not estimated, so a change to the pipeline's round trips shows here."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from typing import Any

from core.clock import frozen_time
from ingest import data_events, ingest, preprocess
from tests.functions.dynamodb_calls import dynamodb_calls
from tests.functions.ingest.conftest import PublishedEvents, license_row, sqs_event


def _ingest_envelopes(events: PublishedEvents) -> list[dict[str, Any]]:
    return [envelope for envelope in events.all() if envelope["detail-type"] == "license.ingest"]


def _ingest_one_row(events: PublishedEvents, lambda_context: Any, **row: Any) -> Counter[str]:
    """Preprocess one row and ingest the event it publishes; the DynamoDB calls of both, by table."""
    already = len(_ingest_envelopes(events))
    with dynamodb_calls(tables=True) as calls:
        assert (
            preprocess.lambda_handler(sqs_event(license_row(**row)), lambda_context)["batchItemFailures"]
            == []
        )
        published = _ingest_envelopes(events)[already:]
        assert ingest.lambda_handler(sqs_event(*published), lambda_context)["batchItemFailures"] == []
    return Counter(call.replace("cc-test-", "") for call in calls)


def test_a_new_providers_first_license(aws, events, lambda_context):
    with frozen_time(datetime(2026, 3, 1, 12, 0, 1, tzinfo=UTC)):
        calls = _ingest_one_row(events, lambda_context)

    assert calls == {
        "PutItem ssn-table-DataEventsLog": 1,  # the SSN's provider id: new, or returned by the condition
        "BatchGetItem None": 1,  # the batch's provider records: none, so no partition to query
        "TransactWriteItems None": 1,  # license and provider record, guarded (tables named per item)
    }


def test_a_row_already_applied(aws, events, lambda_context):
    with frozen_time(datetime(2026, 3, 1, 12, 0, 1, tzinfo=UTC)):
        _ingest_one_row(events, lambda_context)
        calls = _ingest_one_row(events, lambda_context)

    assert calls == {  # nothing written
        "PutItem ssn-table-DataEventsLog": 1,
        "BatchGetItem None": 1,  # the provider record exists: its partition is read
        "Query ProviderTable": 1,
    }


def test_a_batch_of_new_rows_through_the_whole_pipeline(aws, events, lambda_context) -> None:
    """Fifty new rows, as the deployed event source mappings batch them (50 per invocation), through
    preprocessing, ingest and the data-event log: two DynamoDB calls per row for the row's own provider
    (the SSN's provider id, the guarded write), one batch read of the fifty provider records (all absent,
    so no partition is queried), the log's items 25 per call, and the events 10 per PutEvents call
    (issue #12: was four DynamoDB calls and one PutEvents call per row)."""
    from core import events as bus

    rows = [license_row(ssn=f"123-45-{index:04d}", licenseNumber=f"SLP-{index:04d}") for index in range(50)]
    put_events = Counter[str]()

    def count(**_: object) -> None:
        put_events.update(["PutEvents"])

    hooks = bus.events_client().meta.events
    hooks.register("provide-client-params.events.PutEvents", count)
    try:
        with frozen_time(datetime(2026, 3, 1, 12, 0, 1, tzinfo=UTC)), dynamodb_calls() as calls:
            assert preprocess.lambda_handler(sqs_event(*rows), lambda_context)["batchItemFailures"] == []
            published = _ingest_envelopes(events)
            assert ingest.lambda_handler(sqs_event(*published), lambda_context)["batchItemFailures"] == []
            assert (
                data_events.lambda_handler(sqs_event(*published), lambda_context)["batchItemFailures"] == []
            )
    finally:
        hooks.unregister("provide-client-params.events.PutEvents", count)

    assert Counter(calls) == {"PutItem": 50, "BatchGetItem": 1, "TransactWriteItems": 50, "BatchWriteItem": 2}
    assert put_events == {"PutEvents": 5}
