"""The eight DynamoDB tables (spec/infra.md §1.5), declared once for AWS, the sandbox and tests."""

from __future__ import annotations

from core.catalog import IndexSpec, KeyName, TableSpec

TRANSACTION_INDEX = "compactTransactionIdGSI"
"""The provider table's privileges (and their updates) by the card transaction that bought them."""

LICENSE_UPLOAD_DATE_INDEX = "licenseUploadDateGSI"
"""The provider table's licenses and license updates by the jurisdiction and time of the upload that
created or changed them (keys: ``core.keys.license_upload_date_gsi_*``)."""

PROVIDER = TableSpec(
    key="provider",
    resource_name="ProviderTable",
    env_var="PROVIDER_TABLE_NAME",
    description="Every per-practitioner record: provider, licenses, privileges, history, counters.",
    indexes=(
        IndexSpec("providerFamGivMid", "sk", "providerFamGivMid"),
        IndexSpec("providerDateOfUpdate", "sk", "providerDateOfUpdate"),
        IndexSpec("licenseGSI", "licenseGSIPK", "licenseGSISK"),
        IndexSpec(
            TRANSACTION_INDEX,
            "compactTransactionIdGSIPK",
            None,
            "INCLUDE",
            (
                "privilegeId",
                "updatedValues",
                "previous",
                "jurisdiction",
                "type",
                "compactTransactionId",
                "providerId",
            ),
        ),
        IndexSpec(
            LICENSE_UPLOAD_DATE_INDEX,
            "licenseUploadDateGSIPK",
            "licenseUploadDateGSISK",
            "INCLUDE",
            ("providerId",),
        ),
    ),
    stream="NEW_AND_OLD_IMAGES",
    backup_category="general_data",
)

SSN_INDEX = "ssnIndex"
"""The SSN table's provider -> SSN index (pk ``providerIdGSIpk``): the only read path into the table."""

SSN = TableSpec(
    key="ssn",
    resource_name="SSNTable",
    env_var="SSN_TABLE_NAME",
    description="SSN <-> providerId mapping; the only store of full SSNs, under its own key.",
    indexes=(IndexSpec(SSN_INDEX, "providerIdGSIpk", "sk"),),
    encryption_key=KeyName.SSN,
    backup_category="general_data",
    # Fixed: the org CloudTrail data-event selector matches the `-DataEventsLog` suffix, and the
    # table's resource policy names the index ARN.
    fixed_name="ssn-table-DataEventsLog",
    denied_actions=("dynamodb:BatchGetItem", "dynamodb:BatchWriteItem", "dynamodb:PartiQL*", "dynamodb:Scan"),
    reads_only_through=SSN_INDEX,
)

DATA_EVENT = TableSpec(
    key="data_event",
    resource_name="DataEventTable",
    env_var="DATA_EVENT_TABLE_NAME",
    description="Log of bus events per jurisdiction, for ingest reports and audits.",
    # Sparse: only upload problems carry reportKey, so the reporter reads them by when they were logged.
    indexes=(IndexSpec("reportIndex", "reportKey", "loggedAt"),),
    ttl_attribute="eventExpiry",  # 90 days for upload errors, 366 for everything else
    backup_category="frequent_updates",
)

COMPACT_CONFIGURATION = TableSpec(
    key="compact_configuration",
    resource_name="CompactConfigurationTable",
    env_var="COMPACT_CONFIGURATION_TABLE_NAME",
    description="Compact and jurisdiction configuration, attestations, active members, signing keys.",
    backup_category="general_data",
)

TRANSACTION_HISTORY = TableSpec(
    key="transaction_history",
    resource_name="TransactionHistoryTable",
    env_var="TRANSACTION_HISTORY_TABLE_NAME",
    description=(
        "Settled and unsettled privilege-purchase card transactions, purchases' idempotency keys and "
        "their events until published."
    ),
    ttl_attribute="ttl",  # idempotency keys (a day); settled and unsettled records never expire
    backup_category="general_data",
)

USERS = TableSpec(
    key="users",
    resource_name="UsersTable",
    env_var="USERS_TABLE_NAME",
    description="Staff user permissions, one record per (user, compact).",
    indexes=(IndexSpec("famGiv", "sk", "famGiv"),),
    backup_category="general_data",
)

RATE_LIMITING = TableSpec(
    key="rate_limiting",
    resource_name="RateLimitingTable",
    env_var="RATE_LIMITING_TABLE_NAME",
    description="Short-lived throttling counters and request-signature nonces.",
    ttl_attribute="ttl",
    point_in_time_recovery=False,  # every item expires within a day; nothing to restore
)

EVENT_STATE = TableSpec(
    key="event_state",
    resource_name="EventStateTable",
    env_var="EVENT_STATE_TABLE_NAME",
    description="Per-recipient notification state, so retried messages skip delivered emails.",
    indexes=(IndexSpec("providerId-eventTime-index", "providerId", "eventTime"),),
    ttl_attribute="ttl",
)

ALL_TABLES: tuple[TableSpec, ...] = (
    PROVIDER,
    SSN,
    DATA_EVENT,
    COMPACT_CONFIGURATION,
    TRANSACTION_HISTORY,
    USERS,
    RATE_LIMITING,
    EVENT_STATE,
)

TABLES_BY_KEY: dict[str, TableSpec] = {table.key: table for table in ALL_TABLES}
