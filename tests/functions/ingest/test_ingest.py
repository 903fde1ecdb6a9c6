"""License-ingest consumer against moto: writes, idempotent replays, history, deactivation events, guarded
retries and partial batch failures."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from boto3.dynamodb.conditions import Key

from core import keys
from core.clock import frozen_time
from core.models.enums import LicenseEncumberedStatus
from core.repositories.providers import ConcurrentUpdate, ProviderRepository
from ingest import ingest
from tests.functions.ingest.conftest import (
    PROVIDER_ID,
    PublishedEvents,
    bus_envelope,
    ingest_detail,
    sqs_event,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def _ingest(lambda_context, *details: dict[str, Any], at: datetime = NOW, receive: int = 1) -> list[str]:
    event = sqs_event(
        *(bus_envelope("license.ingest", detail, f"event-{i}") for i, detail in enumerate(details))
    )
    for record in event["Records"]:
        record["attributes"]["ApproximateReceiveCount"] = str(receive)
    with frozen_time(at):
        response = ingest.lambda_handler(event, lambda_context)
    return [failure["itemIdentifier"] for failure in response["batchItemFailures"]]


def _partition(aws: dict[str, Any]) -> list[dict[str, Any]]:
    return aws["provider"].query(KeyConditionExpression=Key("pk").eq(keys.provider_pk("aslp", PROVIDER_ID)))[
        "Items"
    ]


def _of_type(items: list[dict[str, Any]], record_type: str) -> list[dict[str, Any]]:
    return [item for item in items if item["type"] == record_type]


def test_a_first_license_creates_provider_and_license(aws, events: PublishedEvents, lambda_context) -> None:
    assert _ingest(lambda_context, ingest_detail()) == []

    items = _partition(aws)
    assert sorted(item["type"] for item in items) == ["license", "provider"]
    license_item = _of_type(items, "license")[0]
    assert license_item["sk"] == "aslp#PROVIDER#license/oh/slp#"
    assert license_item["jurisdictionUploadedLicenseStatus"] == "active"
    assert "licenseStatus" not in license_item and "compactEligibility" not in license_item
    assert license_item["firstUploadDate"] == license_item["dateOfUpdate"] == "2026-03-01T12:00:00+00:00"
    assert license_item["licenseUploadDateGSIPK"] == "C#aslp#J#oh#D#2026-03"
    provider = _of_type(items, "provider")[0]
    assert provider["currentHomeJurisdiction"] == "unknown" and provider["licenseJurisdiction"] == "oh"
    assert events.all() == []  # nothing to announce for a new license


def test_the_same_message_twice_writes_once(aws, events, lambda_context) -> None:
    detail = ingest_detail()
    _ingest(lambda_context, detail)
    first = _partition(aws)

    assert _ingest(lambda_context, detail, at=LATER) == []
    assert _ingest(lambda_context, detail, detail, at=LATER) == []  # even twice in one batch

    assert _partition(aws) == first  # not even dateOfUpdate moved


def test_a_renewal_writes_one_history_record_and_replays_add_none(aws, events, lambda_context) -> None:
    _ingest(lambda_context, ingest_detail())
    renewal = ingest_detail(dateOfExpiration="2029-01-15", dateOfRenewal="2026-02-20")

    _ingest(lambda_context, renewal, at=LATER)
    _ingest(lambda_context, renewal, at=LATER.replace(hour=10))

    items = _partition(aws)
    updates = _of_type(items, "licenseUpdate")
    assert len(updates) == 1
    update = updates[0]
    assert update["updateType"] == "renewal"
    assert update["updatedValues"] == {"dateOfExpiration": "2029-01-15", "dateOfRenewal": "2026-02-20"}
    assert update["previous"]["dateOfExpiration"] == "2027-01-15"
    assert update["sk"].startswith("aslp#UPDATE#3#license/oh/slp/2026-03-02T09:30:00+00:00/")
    assert update["licenseUploadDateGSIPK"] == "C#aslp#J#oh#D#2026-03"
    license_item = _of_type(items, "license")[0]
    assert license_item["dateOfExpiration"] == "2029-01-15"
    assert license_item["firstUploadDate"] == "2026-03-01T12:00:00+00:00"
    assert _of_type(items, "provider")[0]["dateOfExpiration"] == "2029-01-15"


@pytest.mark.parametrize(("expiration", "announced"), [("2027-01-15", True), ("2026-01-31", False)])
def test_deactivating_an_unexpired_license_announces_it(
    aws, events: PublishedEvents, lambda_context, expiration: str, announced: bool
) -> None:
    _ingest(lambda_context, ingest_detail(dateOfExpiration=expiration))

    _ingest(
        lambda_context,
        ingest_detail(dateOfExpiration=expiration, licenseStatus="inactive", compactEligibility="ineligible"),
        at=LATER,
    )

    deactivations = events.of_type("license.deactivation")
    expected = {
        "compact": "aslp",
        "jurisdiction": "oh",
        "providerId": PROVIDER_ID,
        "licenseType": "speech-language pathologist",
        "licenseTypeAbbreviation": "slp",
        "eventTime": "2026-03-02T09:30:00+00:00",
    }
    assert deactivations == ([expected] if announced else [])
    assert [u["updateType"] for u in _of_type(_partition(aws), "licenseUpdate")] == ["deactivation"]


def test_a_conflicting_writer_makes_ingest_re_read_and_apply_on_top(
    aws, events, lambda_context, monkeypatch
) -> None:
    """Another writer changes the license between our read and our write: the guarded transaction fails,
    and the retry re-plans from the fresh records instead of overwriting them."""
    _ingest(lambda_context, ingest_detail())
    original = ProviderRepository.records
    interfered: list[bool] = []

    def records_then_interfere(self: ProviderRepository, *args: Any, **kwargs: Any):
        result = original(self, *args, **kwargs)
        if not interfered:
            interfered.append(True)
            encumbered = result.licenses[0].model_copy(
                update={"encumbered_status": LicenseEncumberedStatus.ENCUMBERED}
            )
            with frozen_time(LATER.replace(minute=31)):
                aws["provider"].put_item(Item=encumbered.to_item())
        return result

    monkeypatch.setattr(ProviderRepository, "records", records_then_interfere)
    assert _ingest(lambda_context, ingest_detail(familyName="Byron"), at=LATER) == []

    license_item = _of_type(_partition(aws), "license")[0]
    assert license_item["familyName"] == "Byron" and license_item["encumberedStatus"] == "encumbered"


def test_persistent_conflicts_fail_the_message_for_a_later_retry(
    aws, events, lambda_context, monkeypatch
) -> None:
    def always_conflicting(self: ProviderRepository, puts: Any) -> None:
        raise ConcurrentUpdate("busy")

    monkeypatch.setattr(ProviderRepository, "put_guarded", always_conflicting)

    assert _ingest(lambda_context, ingest_detail()) == ["message-0"]
    assert events.all() == []  # transient: reported only on the last receive
    assert _ingest(lambda_context, ingest_detail(), receive=3) == ["message-0"]
    assert "ConcurrentUpdate" in events.of_type("license.ingest-failure")[0]["errors"][0]


def test_a_malformed_event_fails_alone(aws, events: PublishedEvents, lambda_context) -> None:
    bad = ingest_detail(licenseType="dentist")

    assert _ingest(lambda_context, bad, ingest_detail()) == ["message-0"]

    assert len(_of_type(_partition(aws), "license")) == 1
    failures = events.of_type("license.ingest-failure")
    assert len(failures) == 1 and failures[0]["errors"][0].startswith("licenseType:")


def test_ssn_corrections_are_refused_visibly_and_not_retried(
    aws, events: PublishedEvents, lambda_context
) -> None:
    correction = ingest_detail(previousProviderId="5f4e3d2c-1b0a-4f9e-8d7c-6b5a4f3e2d1c")

    assert _ingest(lambda_context, correction) == []

    assert _partition(aws) == []
    failures = events.of_type("license.ingest-failure")
    assert len(failures) == 1 and "SSN corrections are not supported" in failures[0]["errors"][0]


# ---- the batch read of provider records ----------------------------------------------------------------


def test_two_licenses_of_a_new_provider_in_one_batch_both_land(aws, events, lambda_context) -> None:
    """The batch read finds no provider record; the first license is written without a query, the second
    (the provider now has records) reads the partition and is planned on top of the first."""
    from tests.functions.dynamodb_calls import dynamodb_calls

    with dynamodb_calls() as calls:
        failed = _ingest(lambda_context, ingest_detail(), ingest_detail(licenseType="audiologist"))

    assert failed == []
    assert calls == ["BatchGetItem", "TransactWriteItems", "Query", "TransactWriteItems"]
    items = _partition(aws)
    assert sorted(item["licenseType"] for item in _of_type(items, "license")) == [
        "audiologist",
        "speech-language pathologist",
    ]
    assert len(_of_type(items, "provider")) == 1


def test_a_provider_written_after_the_batch_read_is_re_read_before_its_write(
    aws, events, lambda_context, monkeypatch
) -> None:
    """Another writer creates the provider between the batch read and the write: the write planned on
    no records fails its guard, and the retry reads the partition and applies the change on top."""
    _ingest(lambda_context, ingest_detail())
    monkeypatch.setattr(ProviderRepository, "without_provider_record", lambda self, compact, ids: set(ids))

    assert _ingest(lambda_context, ingest_detail(familyName="Byron"), at=LATER) == []

    items = _partition(aws)
    assert [item["familyName"] for item in _of_type(items, "license")] == ["Byron"]
    assert [item["updateType"] for item in _of_type(items, "licenseUpdate")] == ["other"]
    assert _of_type(items, "license")[0]["firstUploadDate"] == "2026-03-01T12:00:00+00:00"


def test_a_failed_batch_read_leaves_each_provider_to_its_query(aws, events, lambda_context, monkeypatch):
    from botocore.exceptions import ClientError

    def throttled(self: ProviderRepository, compact: str, ids: Any) -> set[str]:
        raise ClientError({"Error": {"Code": "ThrottlingException", "Message": "slow"}}, "BatchGetItem")

    monkeypatch.setattr(ProviderRepository, "without_provider_record", throttled)

    assert _ingest(lambda_context, ingest_detail()) == []
    assert sorted(item["type"] for item in _partition(aws)) == ["license", "provider"]


def test_the_batch_read_reports_only_providers_without_a_record(aws, events, lambda_context) -> None:
    _ingest(lambda_context, ingest_detail())
    other = "0b7c3a52-2c7e-4c59-9a8e-1f2d3c4b5a69"
    repository = ProviderRepository(aws["provider"])

    assert repository.without_provider_record("aslp", [PROVIDER_ID, other]) == {other}
    assert repository.without_provider_record("octp", [PROVIDER_ID]) == {PROVIDER_ID}
