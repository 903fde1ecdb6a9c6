"""The two steps that bring a live table back to a point in time, once the restore state machine has
restored it into ``DR-TEMP-<incident>-<table>`` (spec §5.2 "Full-table point-in-time restore"): clear the
live table, then copy the restored one into it — a hard reset, run with the other functions stopped
(recovery mode, docs/runbooks/restore-table.md).

Each runs until its time nearly runs out, answers ``IN_PROGRESS`` and is run again by the state machine
with its answer, until ``COMPLETE``. Both refuse (``FAILED``) unless ``tableNameRecoveryConfirmation``
repeats the live table's name: the guard rail against emptying a table nobody named.

The copy's cursor is the restored table's last key read, handed to the state machine between runs. Keys
of the SSN table are SSNs, and Step Functions logs its states, so the cursor is always sealed with the
table's own key (KMS, bound to the incident and the table) and opened only by the next run. The clear
needs no cursor: what it deleted is gone, so each run scans from the start, and it is complete only when
a whole scan finds nothing left.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.catalog import restored_table_name
from disaster_recovery.models import SyncRequest

SPARE_MILLISECONDS = 60_000
"""Left for the page in hand (a scan of at most 1 MB and its batch writes) and the answer."""

PAGE_ITEMS = 1000
KEY_NAMES = {"#pk": "pk", "#sk": "sk"}
"""Every table's key: the clear reads only that."""


class BadCursor(ValueError):
    """A cursor this function did not issue for this incident and table."""


@dataclass(frozen=True)
class CursorSeal:
    """KMS encryption of a cursor under the table's key, bound to the incident and the table."""

    kms: Any
    key_arn: str
    context: dict[str, str]

    def seal(self, key: dict[str, Any]) -> str:
        answer = self.kms.encrypt(
            KeyId=self.key_arn, Plaintext=json.dumps(key).encode(), EncryptionContext=self.context
        )
        return base64.b64encode(answer["CiphertextBlob"]).decode()

    def open(self, cursor: str) -> dict[str, Any]:
        try:
            blob = base64.b64decode(cursor, validate=True)
            plain = self.kms.decrypt(CiphertextBlob=blob, KeyId=self.key_arn, EncryptionContext=self.context)
        except Exception as error:  # malformed, tampered, another table's or incident's: all the same
            raise BadCursor(
                "cursor: not a cursor this function issued for this incident and table"
            ) from error
        key = json.loads(plain["Plaintext"])
        if not isinstance(key, dict):
            raise BadCursor("cursor: not a cursor this function issued for this incident and table")
        return key


def check_target(request: SyncRequest, live_table: str) -> None:
    """The guard rail: the request names this function's table, and confirms it by name."""
    if request.destination_table_name != live_table:
        raise ValueError(f"destinationTableName: this function recovers {live_table} only")
    if request.table_name_recovery_confirmation != live_table:
        raise ValueError(
            f"tableNameRecoveryConfirmation: must be set to {live_table}, the table being recovered"
        )


def check_source(request: SyncRequest) -> None:
    expected = restored_table_name(request.incident_id, request.destination_table_name)
    if request.source_table_name != expected:
        raise ValueError(f"sourceTableName: the incident's restored table is {expected}")


def _page(table: Any, start: dict[str, Any] | None, **extra: Any) -> tuple[list[dict[str, Any]], Any]:
    scan: dict[str, Any] = {"Limit": PAGE_ITEMS, "ConsistentRead": True, **extra}
    if start is not None:
        scan["ExclusiveStartKey"] = start
    page = table.scan(**scan)
    return page.get("Items", []), page.get("LastEvaluatedKey")


def clear(request: SyncRequest, table: Any, remaining_ms: Callable[[], int]) -> dict[str, Any]:
    """Delete every item of the live table, until a whole scan finds none."""
    deleted = request.deleted_count
    start: dict[str, Any] | None = None
    deleted_this_scan = 0
    while True:
        items, start = _page(
            table, start, ProjectionExpression="#pk, #sk", ExpressionAttributeNames=KEY_NAMES
        )
        with table.batch_writer() as batch:
            for item in items:
                batch.delete_item(Key={"pk": item["pk"], "sk": item["sk"]})
        deleted += len(items)
        deleted_this_scan += len(items)
        if start is None:
            if not deleted_this_scan:
                return request.answer("COMPLETE", deletedCount=deleted)
            deleted_this_scan = 0  # scan once more: nothing may be left behind
        if remaining_ms() < SPARE_MILLISECONDS:
            return request.answer("IN_PROGRESS", deletedCount=deleted)


def copy(
    request: SyncRequest,
    source: Any,
    destination: Any,
    seal: CursorSeal,
    remaining_ms: Callable[[], int],
) -> dict[str, Any]:
    """Copy every item of the restored table into the live one, from the request's cursor (opened by the
    caller before anything is touched: :meth:`CursorSeal.open`)."""
    copied = request.copied_count
    start = seal.open(request.cursor) if request.cursor else None
    while True:
        items, start = _page(source, start)
        with destination.batch_writer() as batch:
            for item in items:
                batch.put_item(Item=item)
        copied += len(items)
        if start is None:
            return request.answer("COMPLETE", copiedCount=copied)
        if remaining_ms() < SPARE_MILLISECONDS:
            return request.answer("IN_PROGRESS", copiedCount=copied, cursor=seal.seal(start))
