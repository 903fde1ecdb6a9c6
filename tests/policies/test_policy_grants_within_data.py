"""Grants as tight as the data (issue #10): roles write only to named log groups, and no role is
granted what a table's resource policy denies to everyone."""

from __future__ import annotations

import pytest

from tests.policies.policy_builders import (
    arn,
    assert_fails,
    assert_passes,
    changed,
    doc,
    kms_key,
    res,
    ssn_table_policy,
    stack,
    table,
)
from tests.policies.policy_builders_app import role

SSN_TABLE = arn("dynamodb", "table/ssn-table-DataEventsLog")
LOG_RULE = "iam-log-writes-named-groups"
TABLE_RULE = "iam-within-table-resource-policies"


def _allow(actions: list[str], resources: list[str]) -> dict[str, object]:
    return {"Effect": "Allow", "Action": actions, "Resource": resources}


def _ssn_stack(*statements: dict[str, object]):
    key = kms_key("ssn-key")
    ssn_table = table("ssn-table-DataEventsLog", key)
    return stack(key, ssn_table, ssn_table_policy(ssn_table), role("ingest-role", *statements))


def test_writing_to_an_own_named_log_group_passes() -> None:
    group = arn("logs", "log-group:/aws/lambda/cc-prod-PreprocessLicenses")
    assert_passes(
        LOG_RULE, stack(role("r", _allow(["logs:CreateLogStream", "logs:PutLogEvents"], [f"{group}:*"])))
    )


@pytest.mark.parametrize(
    "resource",
    [
        arn("logs", "log-group:/aws/lambda/*"),
        arn("logs", "log-group:/aws/lambda/*:log-stream:*"),
        arn("logs", "log-group:*"),
        "*",
    ],
)
def test_writing_to_a_pattern_of_log_groups_fails(resource: str) -> None:
    assert_fails(LOG_RULE, stack(role("r", _allow(["logs:PutLogEvents"], [resource]))), "name each log group")


def test_writes_and_index_queries_the_ssn_table_allows_pass() -> None:
    assert_passes(
        TABLE_RULE,
        _ssn_stack(
            _allow(["dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DescribeTable"], [SSN_TABLE]),
            _allow(["dynamodb:Query"], [f"{SSN_TABLE}/index/ssnIndex"]),
        ),
    )


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("dynamodb:BatchWriteItem", SSN_TABLE),
        ("dynamodb:BatchGetItem", f"{SSN_TABLE}/index/*"),
        ("dynamodb:Scan", SSN_TABLE),
        ("dynamodb:PartiQLSelect", SSN_TABLE),
        ("dynamodb:GetItem", SSN_TABLE),  # keyed reads only through ssnIndex
        ("dynamodb:Query", SSN_TABLE),
    ],
)
def test_grants_the_ssn_table_policy_denies_fail(action: str, resource: str) -> None:
    assert_fails(TABLE_RULE, _ssn_stack(_allow([action], [resource])), "which its table denies")


def test_other_tables_are_not_limited_by_the_ssn_tables_policy() -> None:
    other = arn("dynamodb", "table/cc-prod-ProviderTable")
    assert_passes(TABLE_RULE, _ssn_stack(_allow(["dynamodb:BatchGetItem", "dynamodb:Scan"], [other])))


# ---- roles the table's Deny exempts by ARN (the SSN table's recovery steps and backups) ------------

_BULK = ["dynamodb:Scan", "dynamodb:BatchWriteItem"]
RECOVERY_ROLE = "cc-prod-SSNTableRecoveryCopy"


def _exempting_stack(exempt_role, holder):
    """The SSN table whose bulk Deny exempts ``exempt_role`` (by its fixed name's ARN) and whose backup
    Deny exempts another role, and a role ``holder``."""
    key = kms_key("ssn-key")
    ssn_table = table("ssn-table-DataEventsLog", key)

    def deny(actions: list[str], exempt: str) -> dict[str, object]:
        return {
            "Effect": "Deny",
            "Principal": "*",
            "Action": actions,
            "Resource": "*",
            "Condition": {"ArnNotEquals": {"aws:PrincipalArn": [arn("iam", f"role/{exempt}")]}},
        }

    policy = ssn_table_policy(
        ssn_table, deny(_BULK, exempt_role.get("name")), deny(["dynamodb:CreateBackup"], "backup-role")
    )
    return stack(key, ssn_table, policy, *{exempt_role, holder})


def test_a_role_the_deny_exempts_may_hold_the_grant() -> None:
    recovery = changed(role("recovery-role", _allow(_BULK, [SSN_TABLE])), name=RECOVERY_ROLE)
    assert_passes(TABLE_RULE, _exempting_stack(recovery, recovery))


def test_another_role_may_not() -> None:
    recovery = changed(role("recovery-role"), name=RECOVERY_ROLE)
    other = role("ingest-role", _allow(_BULK, [SSN_TABLE]))
    assert_fails(TABLE_RULE, _exempting_stack(recovery, other), "which its table denies")


def test_an_exemption_from_one_deny_is_not_one_from_another() -> None:
    """The recovery role may scan the table, not back it up: only the backup Deny's own list counts."""
    recovery = changed(
        role("recovery-role", _allow([*_BULK, "dynamodb:CreateBackup"], [SSN_TABLE])), name=RECOVERY_ROLE
    )
    found = assert_fails(TABLE_RULE, _exempting_stack(recovery, recovery), "dynamodb:CreateBackup")
    assert not any("dynamodb:Scan" in v.message for v in found)


# ---- the account's permissions boundary on every role ----------------------------------------------

BOUNDARY_RULE = "iam-role-permissions-boundary"


def test_a_role_with_the_accounts_boundary_passes() -> None:
    assert_passes(BOUNDARY_RULE, stack(role("r")))


@pytest.mark.parametrize(
    "boundary",
    [None, arn("iam", "policy/SomeOtherBoundary"), "arn:aws:iam::aws:policy/AdministratorAccess"],
    ids=["missing", "another-policy", "aws-managed"],
)
def test_a_role_without_it_fails(boundary: str | None) -> None:
    assert_fails(
        BOUNDARY_RULE, stack(changed(role("r"), permissionsBoundary=boundary)), "permissionsBoundary"
    )


@pytest.mark.parametrize("rule", ["iam-wildcard-resource-allow-list", "iam-log-writes-named-groups"])
def test_only_the_boundary_policy_may_span_whole_services(rule: str) -> None:
    ceiling = doc({"Effect": "Allow", "Action": ["logs:*", "dynamodb:*"], "Resource": "*"})
    boundary = res(
        "aws:iam/policy:Policy", "boundary", {"name": "CompactConnect-PermissionsBoundary", "policy": ceiling}
    )
    assert_passes(rule, stack(boundary))
    assert_fails(rule, stack(changed(boundary, name="SomeOtherPolicy")), "")
