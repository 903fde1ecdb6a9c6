"""Preprocessor: SSN -> provider id per compact, a license.ingest event without the SSN, and failures that
are reported to the state and retried without leaking the SSN."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from core.repositories.ssn import SsnRepository
from ingest import preprocess
from tests.functions.ingest.conftest import SSN, PublishedEvents, license_row, sqs_event

SSN_DIGITS = SSN.replace("-", "")


def _leaks(text: str) -> bool:
    """Whether the SSN (or the malformed one a test sends) shows in the text."""
    return SSN in text or SSN_DIGITS in text or "174X" in text


@pytest.fixture
def ssn_repository(aws: dict[str, Any]) -> SsnRepository:
    return SsnRepository(aws["ssn"])


def _run(event: dict[str, Any], lambda_context) -> list[str]:
    response = preprocess.lambda_handler(event, lambda_context)
    return [failure["itemIdentifier"] for failure in response["batchItemFailures"]]


# ---- the SSN table ------------------------------------------------------------------------------------


def test_provider_id_is_stable_per_compact_and_distinct_across_compacts(ssn_repository) -> None:
    first = ssn_repository.get_or_create_provider_id("aslp", SSN)

    assert ssn_repository.get_or_create_provider_id("aslp", SSN) == first
    assert ssn_repository.get_or_create_provider_id("octp", SSN) != first
    assert ssn_repository.get_or_create_provider_id("aslp", "987-65-4321") != first
    assert ssn_repository.ssn_of_provider("aslp", first) == SSN


def test_an_existing_mapping_is_learnt_from_the_failed_put_without_any_read(ssn_repository) -> None:
    """The table policy denies GetItem and Query on the table: the conditional put alone must answer.
    moto, like DynamoDB, returns the existing item with ReturnValuesOnConditionCheckFailure=ALL_OLD."""
    first = ssn_repository.get_or_create_provider_id("aslp", SSN)

    def denied(**_: Any) -> None:
        raise AssertionError("the SSN table must not be read by key")

    ssn_repository.table.get_item = denied
    ssn_repository.table.query = denied

    assert ssn_repository.get_or_create_provider_id("aslp", SSN) == first


def test_a_mapping_without_the_old_item_in_the_error_is_refused(ssn_repository) -> None:
    """Should the service ever not return the old item, no id is guessed."""
    error = ClientError({"Error": {"Code": "ConditionalCheckFailedException", "Message": "x"}}, "PutItem")

    def failing_put(**_: Any) -> None:
        raise error

    ssn_repository.table.put_item = failing_put
    with pytest.raises(RuntimeError, match="not returned"):
        ssn_repository.get_or_create_provider_id("aslp", SSN)


# ---- the handler ----------------------------------------------------------------------------------------


def test_a_row_becomes_a_license_ingest_event_without_the_ssn(
    events: PublishedEvents, ssn_repository, aws, lambda_context, caplog, capsys
) -> None:
    assert _run(sqs_event(license_row()), lambda_context) == []

    published = events.all()
    assert [event["detail-type"] for event in published] == ["license.ingest"]
    assert published[0]["source"] == "org.compactconnect.provider-data"
    detail = published[0]["detail"]
    expected = {key: value for key, value in license_row().items() if key != "ssn"}
    assert detail == {
        **expected,
        "providerId": ssn_repository.get_or_create_provider_id("aslp", SSN),
        "ssnLastFour": "1746",
    }
    assert not _leaks(json.dumps(published))
    assert not _leaks(caplog.text + capsys.readouterr().out)


def test_the_ssn_is_stored_in_the_ssn_table_only(events, aws, lambda_context) -> None:
    _run(sqs_event(license_row()), lambda_context)

    for key, table in aws.items():
        text = json.dumps(table.scan()["Items"], default=str)
        assert _leaks(text) == (key == "ssn"), key


def test_a_corrected_ssn_names_the_previous_provider(events, ssn_repository, lambda_context) -> None:
    previous = ssn_repository.get_or_create_provider_id("aslp", "111-22-3333")

    _run(
        sqs_event(
            license_row(previousSSN="111-22-3333"),
            license_row(ssn="222-33-4444", previousSSN="222-33-4444"),
        ),
        lambda_context,
    )

    details = events.of_type("license.ingest")
    assert details[0]["previousProviderId"] == previous
    assert "previousProviderId" not in details[1]  # same SSN: nothing to correct
    assert all("previousSSN" not in detail and "ssn" not in detail for detail in details)
    assert "111-22-3333" not in json.dumps(details)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"licenseStatus": "suspended"}, "licenseStatus"),
        ({"licenseStatus": "inactive", "compactEligibility": "eligible"}, "compactEligibility"),
        ({"licenseType": "dentist"}, "licenseType"),
        ({"ssn": "529-38-174X"}, "ssn"),
        ({"dateOfBirth": SSN}, "dateOfBirth"),  # a value pydantic would quote back
        ({"givenName": None}, "givenName"),
    ],
)
def test_a_malformed_message_fails_alone_and_is_reported_once_without_its_values(
    events: PublishedEvents, lambda_context, caplog, capsys, change: dict[str, Any], field: str
) -> None:
    bad = license_row(**change)
    event = sqs_event(license_row(ssn="222-33-4444"), bad)

    assert _run(event, lambda_context) == ["message-1"]

    assert len(events.of_type("license.ingest")) == 1
    failures = events.of_type("license.ingest-failure")
    assert len(failures) == 1
    assert failures[0]["compact"] == "aslp" and failures[0]["jurisdiction"] == "oh"
    assert failures[0]["eventTime"] and any(field in error for error in failures[0]["errors"])
    assert not _leaks(json.dumps(events.all()))
    assert not _leaks(caplog.text + capsys.readouterr().out)

    # Redelivered (second receive): failed again, but the state is not told twice.
    event["Records"] = event["Records"][1:]
    event["Records"][0]["attributes"]["ApproximateReceiveCount"] = "2"
    assert _run(event, lambda_context) == ["message-1"]
    assert len(events.of_type("license.ingest-failure")) == 1


@pytest.mark.parametrize("body", ["not json", "[1, 2]", json.dumps({"ssn": SSN})])
def test_a_message_naming_no_state_fails_without_a_report(events, lambda_context, body: str) -> None:
    assert _run(sqs_event(body), lambda_context) == ["message-0"]
    assert events.all() == []


def test_a_transient_error_is_retried_and_reported_only_on_the_last_receive(
    events: PublishedEvents, lambda_context, monkeypatch, caplog, capsys
) -> None:
    def throttled(self: SsnRepository, compact: str, ssn: str) -> str:
        raise ClientError(
            {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": f"slow down {ssn}"}},
            "PutItem",
        )

    monkeypatch.setattr(SsnRepository, "get_or_create_provider_id", throttled)
    event = sqs_event(license_row())

    assert _run(event, lambda_context) == ["message-0"]
    assert events.all() == []

    event["Records"][0]["attributes"]["ApproximateReceiveCount"] = "3"
    assert _run(event, lambda_context) == ["message-0"]
    failures = events.of_type("license.ingest-failure")
    assert len(failures) == 1 and "ClientError" in failures[0]["errors"][0]
    assert not _leaks(caplog.text + capsys.readouterr().out)


# ---- publishing the batch -----------------------------------------------------------------------------


class RefusingBus:
    """The real (moto) EventBridge client's ``put_events``, except that entries naming ``refused`` are
    refused each time; installed on the function's client."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, refused: str) -> None:
        from core import events as bus

        client = bus.events_client()
        self.put_events_on_moto, self.refused, self.calls = client.put_events, refused, 0
        monkeypatch.setattr(client, "put_events", self.put_events)
        monkeypatch.setattr(bus.time, "sleep", lambda _: None)

    def put_events(self, Entries: list[dict[str, Any]]) -> dict[str, Any]:
        self.calls += 1
        accepted = [entry for entry in Entries if self.refused not in entry["Detail"]]
        sent = iter(self.put_events_on_moto(Entries=accepted)["Entries"] if accepted else [])
        results = [
            {"ErrorCode": "InternalFailure", "ErrorMessage": "try again"}
            if self.refused in entry["Detail"]
            else next(sent)
            for entry in Entries
        ]
        return {"FailedEntryCount": sum("ErrorCode" in result for result in results), "Entries": results}


def _rows(count: int) -> list[dict[str, Any]]:
    return [license_row(licenseNumber=f"SLP-{index:04d}") for index in range(count)]


def test_a_batch_is_published_ten_events_per_call(
    events: PublishedEvents, lambda_context, monkeypatch
) -> None:
    counting = RefusingBus(monkeypatch, refused="nothing-is-refused")

    assert _run(sqs_event(*_rows(12)), lambda_context) == []
    assert counting.calls == 2
    assert len(events.of_type("license.ingest")) == 12


def test_only_the_messages_whose_events_were_refused_fail(
    events: PublishedEvents, lambda_context, monkeypatch
) -> None:
    RefusingBus(monkeypatch, refused="SLP-0004")
    event = sqs_event(*_rows(12))

    assert _run(event, lambda_context) == ["message-4"]
    published = {detail["licenseNumber"] for detail in events.of_type("license.ingest")}
    assert published == {f"SLP-{index:04d}" for index in range(12)} - {"SLP-0004"}
    assert events.of_type("license.ingest-failure") == []  # not its last attempt yet

    for record in event["Records"]:
        record["attributes"]["ApproximateReceiveCount"] = "3"
    assert _run(event, lambda_context) == ["message-4"]
    [failure] = events.of_type("license.ingest-failure")
    assert "EventPublishError" in failure["errors"][0]
