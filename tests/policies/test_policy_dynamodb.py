"""DynamoDB rules: CMK, PITR, billing, prod deletion protection, SSN resource policy and dedicated key."""

from __future__ import annotations

import json

import pytest

from policies.model import ResourceView
from tests.policies.policy_builders import (
    assert_fails,
    assert_passes,
    changed,
    kms_key,
    named,
    relinked,
    replace,
    ssn_table_policy,
    stack,
    table,
)


def with_table(resources: list[ResourceView], name: str, **props: object) -> list[ResourceView]:
    old = named(resources, name)
    return replace(resources, old, changed(old, **props))


def test_cmk_passes(compliant: list[ResourceView]) -> None:
    assert_passes("dynamodb-table-cmk-encryption", stack(compliant))


@pytest.mark.parametrize(
    ("sse", "fragment"),
    [
        (None, "enabled must be true"),
        ({"enabled": False}, "enabled must be true"),
        ({"enabled": True}, "kmsKeyArn"),
    ],
)
def test_cmk_fails_without_customer_key(compliant: list[ResourceView], sse: object, fragment: str) -> None:
    resources = with_table(compliant, "provider-table", serverSideEncryption=sse)
    assert_fails("dynamodb-table-cmk-encryption", stack(resources), fragment)


def test_pitr_fails_when_disabled(compliant: list[ResourceView]) -> None:
    resources = with_table(compliant, "provider-table", pointInTimeRecovery={"enabled": False})
    assert_fails("dynamodb-table-pitr", stack(resources), "pointInTimeRecovery")


def test_pitr_fails_when_absent(compliant: list[ResourceView]) -> None:
    resources = with_table(compliant, "provider-table", pointInTimeRecovery=None)
    assert_fails("dynamodb-table-pitr", stack(resources))


def test_pitr_exempts_rate_limiting_by_name_or_tag() -> None:
    key = kms_key()
    by_name = table("cc-prod-RateLimitingTable", key, pointInTimeRecovery={"enabled": False})
    by_tag = table("throttle", key, pointInTimeRecovery=None)
    by_tag = changed(by_tag, tags={**by_tag.tags, "RateLimiting": "true"})
    assert_passes("dynamodb-table-pitr", stack(key, by_name, by_tag))


def test_pay_per_request_passes(compliant: list[ResourceView]) -> None:
    assert_passes("dynamodb-table-pay-per-request", stack(compliant))


@pytest.mark.parametrize("mode", ["PROVISIONED", None])
def test_pay_per_request_fails(compliant: list[ResourceView], mode: str | None) -> None:
    resources = with_table(compliant, "provider-table", billingMode=mode)
    assert_fails("dynamodb-table-pay-per-request", stack(resources), "PAY_PER_REQUEST")


def test_deletion_protection_fails_in_prod(compliant: list[ResourceView]) -> None:
    resources = with_table(compliant, "provider-table", deletionProtectionEnabled=False)
    assert_fails("dynamodb-prod-deletion-protection", stack(resources), "deletionProtectionEnabled")


def test_deletion_protection_not_required_outside_prod(compliant: list[ResourceView]) -> None:
    resources = with_table(compliant, "provider-table", deletionProtectionEnabled=None)
    assert_passes("dynamodb-prod-deletion-protection", stack(resources, env="test"))


def test_ssn_resource_policy_passes(compliant: list[ResourceView]) -> None:
    assert_passes("dynamodb-ssn-table-resource-policy", stack(compliant))


def test_ssn_resource_policy_fails_when_missing(compliant: list[ResourceView]) -> None:
    policy = next(r for r in compliant if r.type == "aws:dynamodb/resourcePolicy:ResourcePolicy")
    assert_fails(
        "dynamodb-ssn-table-resource-policy", stack(replace(compliant, policy, None)), "ResourcePolicy"
    )


@pytest.mark.parametrize(
    ("dropped", "fragment"),
    [(0, "CreateBackup"), (1, "PartiQL"), (2, "ssnIndex")],
    ids=["backup", "bulk", "keyed"],
)
def test_ssn_resource_policy_fails_without_each_deny(
    compliant: list[ResourceView], dropped: int, fragment: str
) -> None:
    policy = next(r for r in compliant if r.type == "aws:dynamodb/resourcePolicy:ResourcePolicy")
    statements = json.loads(policy.get("policy"))["Statement"]
    kept = [s for i, s in enumerate(statements) if i != dropped]
    weaker = ssn_table_policy(named(compliant, "ssn-table-DataEventsLog"), *kept)
    assert_fails("dynamodb-ssn-table-resource-policy", stack(replace(compliant, policy, weaker)), fragment)


def test_ssn_resource_policy_rejects_invalid_json(compliant: list[ResourceView]) -> None:
    policy = next(r for r in compliant if r.type == "aws:dynamodb/resourcePolicy:ResourcePolicy")
    resources = replace(compliant, policy, changed(policy, policy="{not json"))
    assert_fails("dynamodb-ssn-table-resource-policy", stack(resources), "not valid JSON")


def test_ssn_resource_policy_ignores_other_tables() -> None:
    key = kms_key()
    assert_passes("dynamodb-ssn-table-resource-policy", stack(key, table("provider-table", key)))


def test_dedicated_key_passes(compliant: list[ResourceView]) -> None:
    assert_passes("dynamodb-data-events-log-dedicated-key", stack(compliant))


def test_dedicated_key_fails_when_another_table_shares_it(compliant: list[ResourceView]) -> None:
    provider = named(compliant, "provider-table")
    resources = replace(
        compliant, provider, relinked(provider, serverSideEncryption=[named(compliant, "ssn-key")])
    )
    assert_fails("dynamodb-data-events-log-dedicated-key", stack(resources), "provider-table")


def test_dedicated_key_compares_literal_arns_without_references() -> None:
    key = kms_key()
    ssn = relinked(table("ssn-table-DataEventsLog", key), serverSideEncryption=[])
    other = relinked(table("audit-DataEventsLog", key), serverSideEncryption=[])
    found = assert_fails("dynamodb-data-events-log-dedicated-key", stack(ssn, other), "shared")
    assert len(found) == 2


def test_dedicated_key_fails_without_any_key() -> None:
    ssn = relinked(
        table("ssn-table-DataEventsLog", kms_key(), serverSideEncryption=None), serverSideEncryption=[]
    )
    assert_fails("dynamodb-data-events-log-dedicated-key", stack(ssn), "its own")
