"""Catalog entries of disaster recovery (spec/infra.md DisasterRecoveryStack): the license upload rollback,
and each protected table's two recovery steps. Their state machines (in ``components``) loop each function
while it answers ``IN_PROGRESS``.

Each table's steps are functions of their own, so each role reaches exactly one live table and, for the
copy, that table's restored copies (``DR-TEMP-<incident>-<table>``); the SSN table's run on the SSN path,
with roles the SSN key and the table's resource policy admit.
"""

from __future__ import annotations

from core.buckets import DISASTER_RECOVERY_RESULTS, BucketAccess, BucketGrant
from core.catalog import (
    Access,
    BulkAccess,
    BulkTableGrant,
    FunctionSpec,
    KeyName,
    TableGrant,
    TableSpec,
)
from core.outbox import OUTBOX_GRANT
from core.tables import COMPACT_CONFIGURATION, DATA_EVENT, PROVIDER, SSN, TRANSACTION_HISTORY, USERS
from disaster_recovery.events import EVENTS

LONG_JOB_SECONDS = 15 * 60

LICENSE_UPLOAD_ROLLBACK = FunctionSpec(
    name="LicenseUploadRollback",
    handler="disaster_recovery.rollback_handler.handler",
    description=(
        "Reverts one jurisdiction's license uploads of a time window, provider by provider; providers "
        "changed otherwise since are left alone and reported."
    ),
    grants=(TableGrant(PROVIDER.key, Access.READ_WRITE), OUTBOX_GRANT),
    bucket_grants=(
        BucketGrant(DISASTER_RECOVERY_RESULTS.key, BucketAccess.READ),
        BucketGrant(DISASTER_RECOVERY_RESULTS.key, BucketAccess.WRITE),
    ),
    publishes=EVENTS,
    timeout_seconds=LONG_JOB_SECONDS,
    memory_mb=1024,  # reads, plans and writes one provider at a time: DynamoDB's latency sets the pace
)

RECOVERED_TABLES: tuple[TableSpec, ...] = (
    TRANSACTION_HISTORY,
    PROVIDER,
    COMPACT_CONFIGURATION,
    DATA_EVENT,
    USERS,
    SSN,
)
"""The tables a point-in-time recovery can bring back (the reference's six)."""

_STEPS = {
    BulkAccess.CLEAR: (
        "Cleanup",
        "cleanup",
        "Deletes every item of {table}, the first step of its recovery.",
    ),
    BulkAccess.COPY_RESTORED: (
        "Copy",
        "copy_restored",
        "Copies every item of a point-in-time restore of {table} into it, the last step of its recovery.",
    ),
}


def _recovery_step(table: TableSpec, access: BulkAccess) -> FunctionSpec:
    suffix, handler, description = _STEPS[access]
    return FunctionSpec(
        name=f"{table.resource_name}Recovery{suffix}",
        handler=f"disaster_recovery.sync_handler.{handler}",
        description=description.format(table=table.resource_name),
        bulk=BulkTableGrant(table.key, access),
        ssn_access=table.encryption_key is KeyName.SSN,
        timeout_seconds=LONG_JOB_SECONDS,
        memory_mb=2048,  # scans and batch writes of 1 MB pages: more memory is more CPU and network
    )


TABLE_CLEANUP: dict[str, FunctionSpec] = {
    table.key: _recovery_step(table, BulkAccess.CLEAR) for table in RECOVERED_TABLES
}
TABLE_COPY: dict[str, FunctionSpec] = {
    table.key: _recovery_step(table, BulkAccess.COPY_RESTORED) for table in RECOVERED_TABLES
}

STANDALONE: tuple[FunctionSpec, ...] = (
    LICENSE_UPLOAD_ROLLBACK,
    *TABLE_CLEANUP.values(),
    *TABLE_COPY.values(),
)
"""Every disaster-recovery function: started by state machines only, never by a route or a queue."""
