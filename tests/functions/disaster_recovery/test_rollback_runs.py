"""The rollback's runs, around the providers: the inputs it refuses (naming the field, touching nothing),
a provider that fails while the others are reverted, a run that fails keeping what it did, and a provider
someone writes while it is being reverted."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.clock import frozen_time
from core.models.enums import UpdateCategory
from core.models.provider_records import ProviderRecords
from core.repositories.providers import ConcurrentUpdate, ProviderRepository
from disaster_recovery import rollback_handler
from disaster_recovery.models import (
    FailedProvider,
    RevertedProvider,
    RollbackRequest,
    RollbackResults,
    SkippedProvider,
)
from disaster_recovery.revert_review import Window
from disaster_recovery.revert_writes import ProviderReverter, Rollback
from disaster_recovery.rollback import RollbackPorts, run_rollback
from disaster_recovery.rollback_store import UploadIndex
from tests.functions.disaster_recovery.conftest import RESULTS_BUCKET, HurriedContext
from tests.functions.moto_clients import moto_client
from tests.records import (
    make_adverse_action,
    make_license,
    make_license_update,
    make_privilege,
    make_privilege_update,
    make_provider,
    put,
)

UPLOADED = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
NOW = datetime(2026, 3, 12, tzinfo=UTC)
GOOD = {
    "compact": "aslp",
    "jurisdiction": "oh",
    "startDateTime": "2026-03-10T00:00:00Z",
    "endDateTime": "2026-03-10T23:59:59Z",
    "rollbackReason": "wrong file",
    "executionName": "run-1",
}
WINDOW = Window(
    "aslp", "oh", datetime(2026, 3, 10, tzinfo=UTC), datetime(2026, 3, 10, 23, 59, 59, tzinfo=UTC)
)


@pytest.mark.parametrize(
    "changes, error",
    [
        ({"endDateTime": "2026-03-09T00:00:00Z"}, "endDateTime: must be after startDateTime"),
        ({"startDateTime": "2026-03-01T00:00:00Z"}, "endDateTime: the window cannot be longer than 7 days"),
        ({"endDateTime": "2026-03-12T00:00:01Z"}, "endDateTime: cannot be in the future"),
        ({"startDateTime": "2026-03-10T00:00:00"}, "startDateTime: Input should have timezone info"),
        ({"startDateTime": "yesterday"}, "startDateTime: Input should be a valid datetime"),
        ({"compact": "xyz"}, "compact: 'xyz' is not a compact of this environment"),
        ({"jurisdiction": "zz"}, "jurisdiction: 'zz' is not a jurisdiction's postal code"),
        ({"rollbackReason": ""}, "rollbackReason: String should have at least 1 character"),
        ({"executionName": "../x"}, "executionName: String should match pattern"),
        ({"cursor": "not-an-id"}, "cursor: "),
        ({"compact": None}, "compact: Field required"),
    ],
)
def test_an_input_the_state_machine_should_not_send_fails_the_run_naming_the_field(
    aws, results_bucket, changes, error
):
    event = {k: v for k, v in {**GOOD, **changes}.items() if v is not None}
    with frozen_time(NOW):
        answer = rollback_handler.handler(event, HurriedContext())

    assert answer["status"] == "FAILED" and answer["error"].startswith(error), answer
    assert "Contents" not in moto_client("s3").list_objects_v2(Bucket=RESULTS_BUCKET)


def created_by_the_upload(table: Any) -> str:
    provider = make_provider(date_of_update=UPLOADED)
    put(table, provider, make_license(provider, first_upload_date=UPLOADED, date_of_update=UPLOADED))
    return provider.provider_id


def test_a_provider_that_fails_is_reported_and_the_others_are_reverted(
    aws, events, results_bucket, monkeypatch
):
    first, second = sorted(created_by_the_upload(aws["provider"]) for _ in range(2))
    real = ProviderRepository.put_guarded

    def refusing_the_first(self, puts, also=()):
        if any(first in write.record.pk for write in puts):
            raise moto_client("dynamodb").exceptions.ProvisionedThroughputExceededException(
                {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}},
                "Transact",
            )
        return real(self, puts, also)

    monkeypatch.setattr(ProviderRepository, "put_guarded", refusing_the_first)
    with frozen_time(NOW):
        answers = []
        state: dict[str, Any] = GOOD
        while not answers or answers[-1]["status"] == "IN_PROGRESS":
            state = rollback_handler.handler(state, HurriedContext())
            answers.append(state)

    assert (state["providersReverted"], state["providersFailed"]) == (1, 1)
    report = json.loads(
        moto_client("s3").get_object(Bucket=RESULTS_BUCKET, Key="run-1/results.json")["Body"].read()
    )
    [failed] = report["failedProviderDetails"]
    assert failed["providerId"] == first
    assert failed["error"].startswith("ProvisionedThroughputExceededException: ")
    assert report["revertedProviderSummaries"][0]["providerId"] == second


class Results:
    """The report, kept in memory."""

    def __init__(self) -> None:
        self.saved: list[Any] = []

    def load(self, request: RollbackRequest) -> Any:
        return RollbackResults.starting(request)

    def save(self, request: RollbackRequest, results: Any) -> None:
        self.saved.append(results.model_copy(deep=True))

    def location(self, request: RollbackRequest) -> str:
        return "memory"


def test_a_run_that_fails_saves_what_it_did_before_failing(aws):
    with frozen_time(NOW):
        request = RollbackRequest.model_validate(GOOD)
    results = Results()

    def revert(provider_id: str) -> Any:
        if provider_id == "b":
            raise RuntimeError("the table went away")
        return SkippedProvider(provider_id=provider_id, reason="changed")

    ports = RollbackPorts(lambda window, after: ["a", "b"], revert, results, lambda: 10**9)  # type: ignore[arg-type]
    with pytest.raises(RuntimeError):
        run_rollback(request, ports)

    [saved] = results.saved
    assert [skipped.provider_id for skipped in saved.skipped_provider_details] == ["a"]


class Table:
    """A provider partition held in memory, whose writes can be refused as a concurrent writer would."""

    def __init__(self, *reads: ProviderRecords, refusals: list[int]) -> None:
        self.reads, self.refusals, self.writes, self.put = list(reads), refusals, 0, []

    def records(self, compact: str, provider_id: str, consistent: bool = False) -> ProviderRecords:
        return self.reads.pop(0) if len(self.reads) > 1 else self.reads[0]

    def put_guarded(self, puts: Any, also: Any = ()) -> None:
        self.writes += 1
        if self.writes in self.refusals:
            raise ConcurrentUpdate()
        self.put.append(puts)


class Outbox:
    def __init__(self) -> None:
        self.published: list[Any] = []

    def new_item(self, entry: Any) -> dict[str, Any]:
        return {"Put": {}}

    def publish(self, entry: Any) -> None:
        self.published.append(entry)


def deactivated(privileges: int) -> tuple[list[Any], Any]:
    """A provider whose Ohio license the upload deactivated, with ``privileges`` privileges the cascade
    marked."""
    provider = make_provider()
    before = make_license(provider, date_of_update=datetime(2025, 6, 1, tzinfo=UTC))
    items: list[Any] = [provider, before.model_copy(update={"date_of_update": UPLOADED})]
    items.append(make_license_update(before, UpdateCategory.DEACTIVATION, UPLOADED))
    for number in range(privileges):
        active = make_privilege(provider, "ky", number).model_copy(update={"jurisdiction": f"k{number}"})
        items.append(active.model_copy(update={"date_of_update": UPLOADED}))
        items.append(make_privilege_update(active, UpdateCategory.LICENSE_DEACTIVATION, UPLOADED))
    return items, provider


def records_of(*items: Any) -> ProviderRecords:
    return ProviderRecords.from_items(item.to_item(stamp=False) for item in items)


def reverter(table: Table, outbox: Outbox) -> ProviderReverter:
    return ProviderReverter(table, outbox, Rollback(WINDOW, "wrong file", "run-1"))  # type: ignore[arg-type]


def test_a_provider_written_meanwhile_is_read_and_decided_again():
    items, provider = deactivated(2)
    table, outbox = Table(records_of(*items), refusals=[1]), Outbox()

    outcome = reverter(table, outbox).revert(provider.provider_id)

    assert isinstance(outcome, RevertedProvider) and table.writes == 2 and len(outbox.published) == 1
    [entry] = outbox.published
    assert sorted(e.detail_type for e in entry.events) == [
        "license.revert",
        "privilege.revert",
        "privilege.revert",
    ]


def test_a_change_between_the_transactions_of_a_large_revert_is_reported_as_partly_reverted():
    items, provider = deactivated(60)
    license = next(i for i in items if i.record_type == "license")
    encumbrance = make_adverse_action(license, date_of_update=NOW)
    table = Table(records_of(*items), records_of(*items, encumbrance), refusals=[2])

    outcome = reverter(table, Outbox()).revert(provider.provider_id)

    assert isinstance(outcome, FailedProvider) and outcome.error.startswith("Partly reverted")
    assert "adverseAction Written" in outcome.error and len(table.put) == 1


def test_a_provider_that_keeps_changing_is_given_up_on():
    items, provider = deactivated(1)
    table = Table(records_of(*items), refusals=[1, 2, 3])

    outcome = reverter(table, Outbox()).revert(provider.provider_id)

    assert outcome == FailedProvider(
        provider_id=provider.provider_id, error="The provider kept changing while being reverted."
    )


def test_the_providers_come_in_id_order_after_the_cursor(aws):
    ids = sorted(created_by_the_upload(aws["provider"]) for _ in range(3))
    index = UploadIndex(aws["provider"])
    assert index.providers(WINDOW) == ids
    assert index.providers(WINDOW, ids[0]) == ids[1:]
    outside = Window("aslp", "oh", WINDOW.start - timedelta(days=3), WINDOW.start - timedelta(seconds=1))
    assert index.providers(outside) == []
