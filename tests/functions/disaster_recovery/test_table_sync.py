"""A table's recovery steps through their handlers on moto, looped as the sync state machine loops them:
the live table cleared, the incident's restored copy copied into it over several runs, each run's cursor
sealed with the table's key — and nothing touched unless the input names the live table."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from core.catalog import BULK_TABLE_KEY_ENV_VAR, FunctionSpec, restored_table_name
from core.resources import MissingGrant, running_as
from core.tables import PROVIDER, SSN, TABLES_BY_KEY
from disaster_recovery import sync_handler, table_sync
from disaster_recovery.functions import RECOVERED_TABLES, TABLE_CLEANUP, TABLE_COPY
from sandbox.invoke import LocalContext
from sandbox.provision import table_definition
from tests.functions.moto_clients import moto_client, moto_dynamodb

INCIDENT = "inc-2026-03-12"


@dataclass
class DeployedContext(LocalContext):
    """The context of a function deployed as ``cc-test-<name>``, whose time always runs short."""

    memory_limit_in_mb: int = 2048
    timeout_seconds: int = 1

    def get_remaining_time_in_millis(self) -> int:
        return 1000


@pytest.fixture
def recovery(aws, monkeypatch):
    """Small pages, so a few hundred items take several runs; each table's key on moto."""
    monkeypatch.setattr(table_sync, "PAGE_ITEMS", 40)
    key = moto_client("kms").create_key(Description="the table's key")["KeyMetadata"]["Arn"]
    monkeypatch.setenv(BULK_TABLE_KEY_ENV_VAR, key)
    return aws


def recovery_key() -> str:
    return os.environ[BULK_TABLE_KEY_ENV_VAR]


def restored_copy(table_key: str, items: list[dict[str, Any]]) -> str:
    spec = TABLES_BY_KEY[table_key]
    name = restored_table_name(INCIDENT, spec.physical_name("cc-test"))
    moto_client("dynamodb").create_table(**table_definition(spec, name))
    with moto_dynamodb().Table(name).batch_writer() as batch:
        for item in items:
            batch.put_item(Item=item)
    return name


def request(live: str, source: str | None = None, **changes: Any) -> dict[str, Any]:
    return {
        "incidentId": INCIDENT,
        "sourceTableName": source or restored_table_name(INCIDENT, live),
        "destinationTableName": live,
        "tableNameRecoveryConfirmation": live,
        **changes,
    }


def loop(
    step: Callable[..., dict[str, Any]], spec: FunctionSpec, state: dict[str, Any]
) -> list[dict[str, Any]]:
    answers = []
    while True:
        state = step(state, DeployedContext(function_name=f"cc-test-{spec.name}"))
        answers.append(state)
        if state["status"] != "IN_PROGRESS":
            return answers


def provider_items(count: int) -> list[dict[str, Any]]:
    return [
        {
            "pk": f"aslp#PROVIDER#{n:04d}",
            "sk": "aslp#PROVIDER",
            "type": "provider",
            "givenName": f"Ada {n}",
            "n": n,
        }
        for n in range(count)
    ]


def everything(table: Any) -> list[dict[str, Any]]:
    items, page = [], table.scan()
    items += page["Items"]
    while "LastEvaluatedKey" in page:
        page = table.scan(ExclusiveStartKey=page["LastEvaluatedKey"])
        items += page["Items"]
    return sorted(items, key=lambda item: (item["pk"], item["sk"]))


def test_the_provider_table_is_cleared_then_refilled_from_its_restored_copy(recovery):
    live = recovery["provider"]
    restored = provider_items(300)
    source = restored_copy(PROVIDER.key, restored)
    with live.batch_writer() as batch:
        for n in range(130):  # what the incident left: some of the same keys, changed, and some new ones
            batch.put_item(
                Item={"pk": f"aslp#PROVIDER#{2 * n:04d}", "sk": "aslp#PROVIDER", "givenName": "wrong"}
            )

    cleared = loop(sync_handler.cleanup, TABLE_CLEANUP[PROVIDER.key], request(live.name, source))
    assert everything(live) == []
    assert [a["status"] for a in cleared] == ["IN_PROGRESS"] * (len(cleared) - 1) + ["COMPLETE"]
    assert len(cleared) > 2 and cleared[-1]["deletedCount"] == 130

    copied = loop(sync_handler.copy_restored, TABLE_COPY[PROVIDER.key], request(live.name, source))
    assert everything(live) == everything(moto_dynamodb().Table(source))
    assert len(copied) == 8 and copied[-1] | {"cursor": None} == {
        "status": "COMPLETE",
        **request(live.name, source),
        "copiedCount": 300,
        "deletedCount": 0,
        "cursor": None,
    }
    cursors = [a["cursor"] for a in copied[:-1]]
    assert len(set(cursors)) == len(cursors) and not any("PROVIDER" in c for c in cursors)


def test_the_ssn_tables_steps_run_on_the_ssn_path_and_never_hand_out_an_ssn(recovery):
    live = recovery["ssn"]
    ssns = [f"123-45-{n:04d}" for n in range(90)]
    source = restored_copy(
        SSN.key,
        [
            {"pk": f"aslp#SSN#{s}", "sk": f"aslp#SSN#{s}", "providerIdGSIpk": f"aslp#PROVIDER#{n}"}
            for n, s in enumerate(ssns)
        ],
    )
    assert TABLE_CLEANUP[SSN.key].ssn_access and TABLE_COPY[SSN.key].ssn_access

    loop(sync_handler.cleanup, TABLE_CLEANUP[SSN.key], request(live.name, source))
    copied = loop(sync_handler.copy_restored, TABLE_COPY[SSN.key], request(live.name, source))

    assert len(everything(live)) == 90 and len(copied) == 3
    assert not any(s in json.dumps(copied) for s in ssns)


BOTH = (sync_handler.cleanup, sync_handler.copy_restored)
COPY = (sync_handler.copy_restored,)


@pytest.mark.parametrize(
    "changes, steps, problem",
    [
        (
            {"tableNameRecoveryConfirmation": "cc-test-UsersTable"},
            BOTH,
            "tableNameRecoveryConfirmation: must be",
        ),
        ({"tableNameRecoveryConfirmation": None}, BOTH, "tableNameRecoveryConfirmation: Field required"),
        (
            {"destinationTableName": "cc-test-UsersTable"},
            BOTH,
            "destinationTableName: this function recovers",
        ),
        ({"incidentId": "a b"}, BOTH, "incidentId: String should match pattern"),
        (
            {"sourceTableName": "cc-test-UsersTable"},
            COPY,
            "sourceTableName: the incident's restored table is",
        ),
        ({"cursor": "bm90IGEgY3Vyc29y"}, COPY, "cursor: not a cursor this function issued"),
    ],
)
def test_nothing_is_touched_unless_the_input_names_the_live_table(recovery, changes, steps, problem):
    live = recovery["provider"]
    source = restored_copy(PROVIDER.key, provider_items(5))
    live.put_item(Item={"pk": "aslp#PROVIDER#x", "sk": "aslp#PROVIDER"})
    state = {k: v for k, v in {**request(live.name, source), **changes}.items() if v is not None}

    for step in steps:
        spec = (TABLE_CLEANUP if step is sync_handler.cleanup else TABLE_COPY)[PROVIDER.key]
        answer = step(state, DeployedContext(function_name=f"cc-test-{spec.name}"))
        assert answer == {"status": "FAILED", "error": answer["error"]} and problem in answer["error"]

    assert everything(live) == [{"pk": "aslp#PROVIDER#x", "sk": "aslp#PROVIDER"}]


def test_a_cursor_from_another_incident_or_table_does_not_open(recovery):
    seal = table_sync.CursorSeal(moto_client("kms"), recovery_key(), {"incidentId": "a", "table": "t"})
    cursor = seal.seal({"pk": "aslp#SSN#123-45-6789", "sk": "aslp#SSN#123-45-6789"})

    assert seal.open(cursor) == {"pk": "aslp#SSN#123-45-6789", "sk": "aslp#SSN#123-45-6789"}
    for other in ({"incidentId": "b", "table": "t"}, {"incidentId": "a", "table": "u"}):
        with pytest.raises(table_sync.BadCursor):
            table_sync.CursorSeal(moto_client("kms"), recovery_key(), other).open(cursor)


def test_each_tables_steps_reach_that_table_alone(recovery):
    assert {spec.bulk.table for spec in TABLE_COPY.values() if spec.bulk} == {t.key for t in RECOVERED_TABLES}
    with running_as(TABLE_COPY[PROVIDER.key]) as resources:
        with pytest.raises(MissingGrant, match="clear access to all of table 'provider'"):
            resources.bulk_table(PROVIDER, TABLE_CLEANUP[PROVIDER.key].bulk.access)  # type: ignore[union-attr]
        with pytest.raises(MissingGrant, match="all of table 'ssn'"):
            resources.bulk_table(SSN, TABLE_COPY[SSN.key].bulk.access)  # type: ignore[union-attr]
        with pytest.raises(MissingGrant, match="only DR-TEMP-\\*-cc-test-ProviderTable"):
            resources.restored_table(PROVIDER, "DR-TEMP-x-cc-test-UsersTable")
        with pytest.raises(MissingGrant):
            resources.table(PROVIDER)
    with pytest.raises(LookupError):
        sync_handler.deployed_as(TABLE_COPY, "cc-test-LicenseUploadRollback")
