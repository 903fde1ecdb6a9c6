"""The functions of privilege purchases (spec/infra.md purchases rows), each with only what it needs."""

from __future__ import annotations

from core.buckets import TRANSACTION_REPORTS, BucketAccess, BucketGrant
from core.catalog import COMPACT_PLACEHOLDER, Access, FunctionSpec, TableGrant
from core.current_permissions import CURRENT_PERMISSIONS
from core.keys import (
    PENDING_EVENTS_PK,
    purchase_request_pk,
    transactions_pk_prefix,
    unsettled_transactions_pk,
)
from core.secrets import PAYMENT_PROCESSOR_CREDENTIALS, CompactSecretGrant
from core.tables import COMPACT_CONFIGURATION, PROVIDER, TRANSACTION_HISTORY, TRANSACTION_INDEX
from core.triggers import ScheduleSpec, WorkflowSpec
from notifications.functions import EMAIL_SERVICE
from purchases.events import EVENTS as PURCHASE_EVENTS

PAYMENT_CREDENTIALS_API = FunctionSpec(
    name="PaymentProcessorCredentialsApi",
    handler="purchases.credentials_api.lambda_handler",
    description="A compact admin uploads the compact's Authorize.Net credentials: checked, then stored.",
    grants=(TableGrant(COMPACT_CONFIGURATION.key, Access.READ_WRITE), CURRENT_PERMISSIONS),
    compact_secrets=(CompactSecretGrant(PAYMENT_PROCESSOR_CREDENTIALS, "write"),),
    memory_mb=512,  # the authorizenet SDK's bindings are large to import
)

PURCHASE_OPTIONS_API = FunctionSpec(
    name="PrivilegePurchaseOptionsApi",
    handler="purchases.options_api.lambda_handler",
    description="What a signed-in practitioner can buy: the compact's and live states' fees.",
    grants=(TableGrant(COMPACT_CONFIGURATION.key, Access.READ),),
)

_PURCHASE_RECORDS = TableGrant(
    TRANSACTION_HISTORY.key,
    Access.READ_WRITE,
    partitions=(purchase_request_pk("*", "*"), unsettled_transactions_pk("*"), PENDING_EVENTS_PK),
)
"""A purchase writes its claim, unsettled record and outbox there, and never touches settled records."""

PURCHASE_API = FunctionSpec(
    name="PrivilegePurchaseApi",
    handler="purchases.purchase_api.lambda_handler",
    description="A practitioner buys privileges: checked, charged once, written with its events, or voided.",
    grants=(
        TableGrant(PROVIDER.key, Access.READ_WRITE),
        TableGrant(COMPACT_CONFIGURATION.key, Access.READ),
        _PURCHASE_RECORDS,
    ),
    compact_secrets=(CompactSecretGrant(PAYMENT_PROCESSOR_CREDENTIALS, "read"),),
    publishes=PURCHASE_EVENTS,
    memory_mb=512,
)

TRANSACTION_HISTORY_COLLECTOR = FunctionSpec(
    name="TransactionHistoryCollector",
    handler="purchases.settlement_handler.lambda_handler",
    description="Stores what Authorize.Net settled for one compact, reconciled with the purchases' charges.",
    grants=(
        TableGrant(
            TRANSACTION_HISTORY.key,
            Access.READ_WRITE,
            partitions=(
                transactions_pk_prefix(COMPACT_PLACEHOLDER) + "*",
                unsettled_transactions_pk(COMPACT_PLACEHOLDER),
            ),
        ),
        TableGrant(PROVIDER.key, Access.READ, index=TRANSACTION_INDEX),
        TableGrant(COMPACT_CONFIGURATION.key, Access.READ),
    ),
    compact_secrets=(CompactSecretGrant(PAYMENT_PROCESSOR_CREDENTIALS, "read"),),
    per_compact=True,  # each compact's function reads only its own compact's credentials
    timeout_seconds=15 * 60,
    memory_mb=3008,
)

TRANSACTION_HISTORY_WORKFLOW = WorkflowSpec(
    name="TransactionHistory",
    function=TRANSACTION_HISTORY_COLLECTOR,
    cron="0 2 * * ? *",  # 18:00 Pacific: Authorize.Net settles around 16:00, sometimes an hour late
    failure_template="transactionBatchSettlementFailure",
    failure_variable="batchFailureErrorMessage",
)

WORKFLOWS: tuple[WorkflowSpec, ...] = (TRANSACTION_HISTORY_WORKFLOW,)

TRANSACTION_REPORTER = FunctionSpec(
    name="TransactionReporter",
    handler="purchases.reporting_handler.lambda_handler",
    description="Weekly and monthly ZIPs of settled purchases, for each compact and each of its live states.",
    grants=(
        TableGrant(TRANSACTION_HISTORY.key, Access.READ, partitions=(transactions_pk_prefix("*") + "*",)),
        TableGrant(PROVIDER.key, Access.READ),
        TableGrant(COMPACT_CONFIGURATION.key, Access.READ),
    ),
    bucket_grants=(BucketGrant(TRANSACTION_REPORTS.key, BucketAccess.WRITE),),
    invokes=(EMAIL_SERVICE.name,),
    timeout_seconds=15 * 60,
    memory_mb=1024,
    slow_after_seconds=10 * 60,  # the reference's alarm: a report run nearing its 15 minutes
)

SCHEDULES: tuple[ScheduleSpec, ...] = (
    ScheduleSpec(
        "TransactionReportWeekly", TRANSACTION_REPORTER, "0 4 ? * MON *", (("reportingCycle", "weekly"),)
    ),
    # The reference's day 3, not the 1st: the month's last settlements are collected by then.
    ScheduleSpec(
        "TransactionReportMonthly", TRANSACTION_REPORTER, "0 2 3 * ? *", (("reportingCycle", "monthly"),)
    ),
)
