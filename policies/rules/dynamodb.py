"""DynamoDB tables: customer-managed encryption, recovery, billing, retention and SSN isolation."""

from __future__ import annotations

from policies.aws_types import DYNAMODB_RESOURCE_POLICY, DYNAMODB_TABLE
from policies.conventions import (
    DATA_EVENTS_LOG_SUFFIX,
    RATE_LIMITING_NAME_FRAGMENT,
    RATE_LIMITING_TAG,
    SSN_INDEX_NAME,
    SSN_TABLE_NAME,
)
from policies.documents import (
    InvalidDocument,
    as_list,
    covers_all,
    is_deny,
    load_document,
    principal_is_anyone,
    statements,
)
from policies.model import MANDATORY, ResourceView, Rule, StackView

TABLE = (DYNAMODB_TABLE,)

# The three statements of the SSN table's resource policy (spec infra.md §3.3).
SSN_BACKUP_ACTIONS = ("dynamodb:CreateBackup",)
SSN_BULK_ACTIONS = (
    "dynamodb:BatchGetItem",
    "dynamodb:BatchWriteItem",
    "dynamodb:Scan",
    "dynamodb:PartiQLSelect",
    "dynamodb:PartiQLInsert",
    "dynamodb:PartiQLUpdate",
    "dynamodb:PartiQLDelete",
)
SSN_KEYED_READ_ACTIONS = ("dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem")


def table_name(table: ResourceView) -> str:
    return str(table.get("name", default=""))


def is_rate_limiting(table: ResourceView) -> bool:
    """The rate-limiting table holds only TTL counters, so it is exempt from PITR and deletion protection."""
    names = (table_name(table), table.name)
    return table.marked(RATE_LIMITING_TAG) or any(RATE_LIMITING_NAME_FRAGMENT in n.lower() for n in names)


def key_identity(table: ResourceView) -> frozenset[str]:
    """What identifies the table's KMS key: the referenced key resources, else the literal key ARN."""
    referenced = table.refs("serverSideEncryption")
    if referenced:
        return frozenset(referenced)
    arn = table.get("serverSideEncryption", "kmsKeyArn")
    return frozenset({str(arn)}) if arn else frozenset()


def uses_customer_managed_key(table: ResourceView, stack: StackView) -> list[str]:
    """Without a CMK the table is encrypted with an AWS-owned key nobody can scope or audit."""
    if table.get("serverSideEncryption", "enabled") is not True:
        return ["serverSideEncryption.enabled must be true (customer-managed KMS key)"]
    if not table.get("serverSideEncryption", "kmsKeyArn"):
        return ["serverSideEncryption.kmsKeyArn must name a customer-managed KMS key"]
    return []


def has_point_in_time_recovery(table: ResourceView, stack: StackView) -> list[str]:
    """PITR is the only way back from a bad write; the rate-limiting table is exempt."""
    if is_rate_limiting(table) or table.get("pointInTimeRecovery", "enabled") is True:
        return []
    return ["pointInTimeRecovery.enabled must be true (only the rate-limiting table may skip it)"]


def is_pay_per_request(table: ResourceView, stack: StackView) -> list[str]:
    """Provisioned capacity throttles bursts (bulk uploads) and pulumi-aws defaults to PROVISIONED."""
    mode = table.get("billingMode")
    return [] if mode == "PAY_PER_REQUEST" else [f"billingMode must be PAY_PER_REQUEST, not {mode!r}"]


def has_prod_deletion_protection(table: ResourceView, stack: StackView) -> list[str]:
    """In prod a table delete must be impossible from the API as well as from Pulumi."""
    if not stack.is_prod or is_rate_limiting(table):
        return []
    if table.get("deletionProtectionEnabled") is True:
        return []
    return ["deletionProtectionEnabled must be true in prod"]


def _ssn_policy_problems(document: dict) -> list[str]:
    denies = [s for s in statements(document) if is_deny(s) and principal_is_anyone(s)]
    problems = []
    if not any(covers_all(s, SSN_BACKUP_ACTIONS) for s in denies):
        problems.append("no Deny of dynamodb:CreateBackup for all principals")
    if not any(covers_all(s, SSN_BULK_ACTIONS) for s in denies):
        problems.append("no Deny of BatchGetItem/BatchWriteItem/PartiQL*/Scan for all principals")
    index_suffix = f"/index/{SSN_INDEX_NAME}"
    keyed = [s for s in denies if covers_all(s, SSN_KEYED_READ_ACTIONS)]
    if not any(any(str(r).endswith(index_suffix) for r in as_list(s.get("NotResource"))) for s in keyed):
        problems.append(
            f"no Deny of GetItem/Query/ConditionCheckItem with NotResource ending in {index_suffix!r}"
        )
    return problems


def ssn_table_has_resource_policy(table: ResourceView, stack: StackView) -> list[str]:
    """The SSN table's resource policy forces one-record access through the GSI, even for admins."""
    if table_name(table) != SSN_TABLE_NAME:
        return []
    policies = stack.referencing(table.urn, DYNAMODB_RESOURCE_POLICY, "resourceArn")
    if not policies:
        return [f"{SSN_TABLE_NAME} needs an aws.dynamodb.ResourcePolicy whose resourceArn is the table"]
    problems: list[str] = []
    for policy in policies:
        try:
            document = load_document(policy.get("policy"))
        except InvalidDocument as error:
            problems.append(f"resource policy {policy.label}: {error}")
            continue
        problems.extend(f"resource policy {policy.label}: {p}" for p in _ssn_policy_problems(document or {}))
    return problems


def data_events_log_table_has_dedicated_key(table: ResourceView, stack: StackView) -> list[str]:
    """`-DataEventsLog` tables (SSN) hold PII; their key policy is their last line of defence, so no
    other table may share the key."""
    if not table_name(table).endswith(DATA_EVENTS_LOG_SUFFIX):
        return []
    key = key_identity(table)
    if not key:
        return [f"{table_name(table)} must be encrypted with its own customer-managed KMS key"]
    tables = stack.by_type(DYNAMODB_TABLE)
    sharing = [other.label for other in tables if other is not table and key_identity(other) & key]
    return [f"KMS key is shared with table(s) {', '.join(sorted(sharing))}"] if sharing else []


RULES: tuple[Rule, ...] = (
    Rule(
        "dynamodb-table-cmk-encryption",
        "DynamoDB tables are encrypted with a customer-managed KMS key (serverSideEncryption.kmsKeyArn).",
        MANDATORY,
        TABLE,
        uses_customer_managed_key,
    ),
    Rule(
        "dynamodb-table-pitr",
        "DynamoDB tables have point-in-time recovery, except the rate-limiting table.",
        MANDATORY,
        TABLE,
        has_point_in_time_recovery,
    ),
    Rule(
        "dynamodb-table-pay-per-request",
        "DynamoDB tables use on-demand (PAY_PER_REQUEST) billing.",
        MANDATORY,
        TABLE,
        is_pay_per_request,
    ),
    Rule(
        "dynamodb-prod-deletion-protection",
        "In prod, DynamoDB tables (except rate limiting) have deletionProtectionEnabled=true.",
        MANDATORY,
        TABLE,
        has_prod_deletion_protection,
    ),
    Rule(
        "dynamodb-ssn-table-resource-policy",
        f"{SSN_TABLE_NAME} has a resource policy denying backups, bulk reads and keyed reads off the GSI.",
        MANDATORY,
        TABLE,
        ssn_table_has_resource_policy,
        cross_resource=True,
    ),
    Rule(
        "dynamodb-data-events-log-dedicated-key",
        f"Tables named *{DATA_EVENTS_LOG_SUFFIX} (the SSN table) use a KMS key no other table uses.",
        MANDATORY,
        TABLE,
        data_events_log_table_has_dedicated_key,
        cross_resource=True,
    ),
)
