"""Done when (issue #19 item 4): a real bad upload, reverted. Ohio's licenses go through the real pipeline —
POST to the State API's handler, the preprocessor, the bus, ingest and the deactivation cascade — once in
good order, then again with a bad file that deactivates, changes and creates licenses; afterwards an Ohio
admin encumbers one of the providers the bad file touched and Kentucky uploads a license of another. The
rollback runs through its handler as its state machine would (again while ``IN_PROGRESS``), with time
always running short; then everything the bad file did is undone, the two providers changed since are left
alone and reported, the revert events are published and logged, and running it again changes nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from adverse_actions import cascade_listeners
from core.clock import frozen_time
from core.repositories.providers import ProviderRepository
from core.repositories.ssn import SsnRepository
from disaster_recovery import rollback_handler
from ingest import data_events, ingest, preprocess
from licenses import post_api
from tests.functions.adverse_actions.board import LICENSE, OHIO_ADMIN, call
from tests.functions.conftest import api_event
from tests.functions.disaster_recovery.conftest import RESULTS_BUCKET, HurriedContext
from tests.functions.ingest.conftest import PublishedEvents, sqs_event
from tests.functions.licenses.conftest import Queue
from tests.functions.moto_clients import moto_client
from tests.functions.staff_callers import hold
from tests.records import make_privilege, put

FIRST_UPLOAD = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
PURCHASE = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
BAD_UPLOAD = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
AFTERWARDS = datetime(2026, 3, 11, 9, 0, tzinfo=UTC)
ROLLBACK = datetime(2026, 3, 12, 8, 0, tzinfo=UTC)
WINDOW = {"startDateTime": "2026-03-10T00:00:00+00:00", "endDateTime": "2026-03-10T23:59:59+00:00"}
PEOPLE = ("deactivated", "moved", "renewed", "encumbered", "crossed", "new-1", "new-2")
SSNS = {name: f"500-00-{number:04d}" for number, name in enumerate(PEOPLE, start=1)}


def row(who: str, **changes: Any) -> dict[str, Any]:
    fields = {
        "ssn": SSNS[who],
        "licenseType": "speech-language pathologist",
        "licenseStatus": "active",
        "compactEligibility": "eligible",
        "givenName": who.title().replace("-", ""),
        "familyName": "Tester",
        "dateOfIssuance": "2020-02-01",
        "dateOfExpiration": "2030-01-31",
        "dateOfBirth": "1985-12-10",
        "homeAddressStreet1": "1 Main St",
        "homeAddressCity": "Columbus",
        "homeAddressState": "OH",
        "homeAddressPostalCode": "43004",
        "licenseNumber": f"SLP-{SSNS[who][-4:]}",
    }
    return {**fields, **changes}


class Pipeline:
    """The license pipeline on moto, driven as Lambda and EventBridge drive it."""

    def __init__(self, aws: dict[str, Any], events: PublishedEvents, queue: Queue, context: Any) -> None:
        self.aws, self.events, self.queue, self.context = aws, events, queue, context
        self.seen = 0

    def upload(self, jurisdiction: str, rows: list[dict[str, Any]]) -> None:
        params = {"compact": "aslp", "jurisdiction": jurisdiction}
        path = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses"
        event = api_event("POST", path, params, body=rows, scopes=[f"{jurisdiction}/aslp.write"])
        assert post_api.lambda_handler(event, self.context)["statusCode"] == 200
        messages = self.queue.messages()
        assert preprocess.lambda_handler(sqs_event(*messages), self.context)["batchItemFailures"] == []
        self._deliver(ingest.lambda_handler, "license.ingest")
        self._deliver(cascade_listeners.on_license_deactivation, "license.deactivation")
        self.log_events()

    def _deliver(self, handler: Any, detail_type: str) -> None:
        published = [e for e in self.events.all()[self.seen :] if e["detail-type"] == detail_type]
        if published:
            assert handler(sqs_event(*published), self.context)["batchItemFailures"] == []

    def log_events(self) -> list[dict[str, Any]]:
        """Every event published since the last call, as the data-event log receives it."""
        new = self.events.all()[self.seen :]
        self.seen += len(new)
        if new:
            assert data_events.lambda_handler(sqs_event(*new), self.context)["batchItemFailures"] == []
        return new

    def provider_id(self, who: str) -> str:
        return SsnRepository(self.aws["ssn"]).get_or_create_provider_id("aslp", SSNS[who])

    def partition(self, who: str) -> dict[str, dict[str, Any]]:
        """Every item of the provider's partition, by sort key."""
        pk = f"aslp#PROVIDER#{self.provider_id(who)}"
        items = self.aws["provider"].query(
            KeyConditionExpression="pk = :pk", ExpressionAttributeValues={":pk": pk}
        )
        return {item["sk"]: item for item in items["Items"]}


def run_rollback(execution: str, **extra: Any) -> list[dict[str, Any]]:
    """The state machine's loop: the function again with its answer while it answers IN_PROGRESS."""
    answers = []
    state: dict[str, Any] = {
        "compact": "aslp",
        "jurisdiction": "oh",
        **WINDOW,
        "rollbackReason": "The file of 10 March held last year's licensees",
        "executionName": execution,
        **extra,
    }
    while True:
        state = rollback_handler.handler(state, HurriedContext())
        answers.append(state)
        if state["status"] != "IN_PROGRESS":
            return answers


def results(execution: str) -> dict[str, Any]:
    body = moto_client("s3").get_object(Bucket=RESULTS_BUCKET, Key=f"{execution}/results.json")["Body"]
    return json.loads(body.read())


def without_stamps(items: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    stamps = {"dateOfUpdate", "providerDateOfUpdate"}
    return {sk: {k: v for k, v in item.items() if k not in stamps} for sk, item in items.items()}


@pytest.fixture
def history(aws, events, queue, results_bucket, lambda_context):
    """The uploads and changes of March, and the provider partitions as they were before the bad file and
    as they were when the rollback started."""
    pipeline = Pipeline(aws, events, queue, lambda_context)
    hold(aws["users"], OHIO_ADMIN)
    first = ["deactivated", "moved", "renewed", "encumbered", "crossed"]
    with frozen_time(FIRST_UPLOAD):
        pipeline.upload("oh", [row(who) for who in first])
    with frozen_time(PURCHASE):  # the privileges of the provider the bad file deactivates
        records = ProviderRepository(aws["provider"]).records("aslp", pipeline.provider_id("deactivated"))
        assert records.provider is not None
        holder = records.provider.model_copy(update={"privilege_jurisdictions": {"ky", "ne"}})
        bought = {"date_of_issuance": PURCHASE, "date_of_renewal": PURCHASE, "date_of_update": PURCHASE}
        put(
            aws["provider"],
            holder.model_copy(update={"date_of_update": PURCHASE}),
            make_privilege(holder, "ky", 1, **bought),
            make_privilege(holder, "ne", 2, **bought),
        )
    before = {who: pipeline.partition(who) for who in first}
    with frozen_time(BAD_UPLOAD):
        pipeline.upload(
            "oh",
            [
                row("deactivated", licenseStatus="inactive", compactEligibility="ineligible"),
                row("moved", homeAddressCity="Dayton", homeAddressPostalCode="45402"),
                row("renewed", dateOfExpiration="2032-01-31"),
                row("encumbered", familyName="Testerman"),
                row("crossed", homeAddressStreet1="2 Main St"),
                row("new-1"),
                row("new-2"),
            ],
        )
    with frozen_time(AFTERWARDS):
        encumbered = ProviderRepository(aws["provider"]).records("aslp", pipeline.provider_id("encumbered"))
        assert encumbered.provider is not None
        assert call(LICENSE, encumbered.provider, "oh", OHIO_ADMIN)[0] == 200
        pipeline.upload("ky", [row("crossed", homeAddressState="KY")])
    pipeline.log_events()
    at_rollback = {who: pipeline.partition(who) for who in [*first, "new-1", "new-2"]}
    return pipeline, before, at_rollback


def test_a_bad_upload_is_reverted_and_what_changed_since_is_left_alone(aws, history):
    pipeline, before, at_rollback = history
    deactivated = at_rollback["deactivated"]
    assert sum(item["type"] == "privilegeUpdate" for item in deactivated.values()) == 2  # the cascade ran
    assert all(at_rollback[who] != before[who] for who in before)  # the bad file changed every one

    with frozen_time(ROLLBACK):
        answers = run_rollback("oh-2026-03-10")

    assert len(answers) > 3 and {a["status"] for a in answers[:-1]} == {"IN_PROGRESS"}
    assert answers[-1]["status"] == "COMPLETE"
    assert (
        answers[-1]["providersReverted"],
        answers[-1]["providersSkipped"],
        answers[-1]["providersFailed"],
    ) == (5, 2, 0)
    assert answers[-1]["results"] == f"s3://{RESULTS_BUCKET}/oh-2026-03-10/results.json"

    for who in ("deactivated", "moved", "renewed"):  # licenses, privileges, history: as before the bad file
        after = pipeline.partition(who)
        assert without_stamps(after) == without_stamps(before[who]), who
        provider_sk = "aslp#PROVIDER"
        assert {sk: item for sk, item in after.items() if sk != provider_sk} == {
            sk: item for sk, item in before[who].items() if sk != provider_sk
        }
    for who in ("new-1", "new-2"):  # created by the bad file: gone
        assert pipeline.partition(who) == {}
    for who in ("encumbered", "crossed"):  # changed since by someone else: untouched
        assert pipeline.partition(who) == at_rollback[who]

    report = results("oh-2026-03-10")
    skipped = {detail["providerId"]: detail for detail in report["skippedProviderDetails"]}
    assert set(skipped) == {pipeline.provider_id("encumbered"), pipeline.provider_id("crossed")}
    encumbrance = skipped[pipeline.provider_id("encumbered")]["ineligibleUpdates"]
    assert ("licenseUpdate", "encumbrance") in {(u["recordType"], u["typeOfUpdate"]) for u in encumbrance}
    crossing = skipped[pipeline.provider_id("crossed")]["ineligibleUpdates"]
    assert [(u["recordType"], u["typeOfUpdate"]) for u in crossing] == [("license", "Created")]
    reverted = {summary["providerId"]: summary for summary in report["revertedProviderSummaries"]}
    assert reverted[pipeline.provider_id("deactivated")]["privilegesReverted"] == [
        {"jurisdiction": "ky", "licenseType": "speech-language pathologist", "action": "REACTIVATED"},
        {"jurisdiction": "ne", "licenseType": "speech-language pathologist", "action": "REACTIVATED"},
    ]
    assert reverted[pipeline.provider_id("new-1")]["providerRecord"] == "DELETED"
    assert report["failedProviderDetails"] == []

    published = pipeline.log_events()  # the revert events, handed to the data-event log
    reverts = [(e["detail-type"], e["detail"]["providerId"], e["detail"]["jurisdiction"]) for e in published]
    assert sorted(reverts) == sorted(
        [
            ("license.revert", pipeline.provider_id(who), "oh")
            for who in ("deactivated", "moved", "renewed", "new-1", "new-2")
        ]
        + [("privilege.revert", pipeline.provider_id("deactivated"), state) for state in ("ky", "ne")]
    )
    detail = published[0]["detail"]
    assert (
        detail["rollbackExecutionName"] == "oh-2026-03-10" and detail["startTime"] == WINDOW["startDateTime"]
    )
    assert detail["rollbackReason"] == "The file of 10 March held last year's licensees"
    logged = [item["eventType"] for item in aws["data_event"].scan()["Items"]]
    assert logged.count("license.revert") == 5 and logged.count("privilege.revert") == 2
    assert not [i for i in aws["transaction_history"].scan()["Items"] if i["pk"] == "PENDING_EVENTS"]


def test_running_it_again_changes_nothing(aws, history):
    pipeline, _, _ = history
    with frozen_time(ROLLBACK):
        run_rollback("oh-2026-03-10")
    reverted = aws["provider"].scan()["Items"]
    pipeline.log_events()

    with frozen_time(ROLLBACK):
        again = run_rollback("oh-2026-03-10")  # the same execution, retried from its start
        other = run_rollback("oh-2026-03-10-again")  # a new execution of the same window

    assert aws["provider"].scan()["Items"] == reverted
    assert pipeline.log_events() == []  # nothing announced twice
    assert (again[-1]["providersReverted"], again[-1]["providersSkipped"]) == (5, 2)  # the report is kept
    assert (other[-1]["providersReverted"], other[-1]["providersSkipped"]) == (0, 2)
    assert len(results("oh-2026-03-10")["revertedProviderSummaries"]) == 5
