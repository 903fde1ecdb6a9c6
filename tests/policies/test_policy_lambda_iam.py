"""Lambda, CloudWatch Logs and IAM rules."""

from __future__ import annotations

import pytest
from pulumi.runtime.rpc import _special_secret_sig as SECRET_MARKER
from pulumi.runtime.rpc import _special_sig_key as SECRET_SIGNATURE

from policies.model import ResourceView
from tests.policies.policy_builders import (
    assert_fails,
    assert_passes,
    changed,
    doc,
    named,
    relinked,
    replace,
    res,
    stack,
)
from tests.policies.policy_builders_app import function, lambda_set, log_group, rest_api, role

RULES = [
    "lambda-environment-holds-no-secrets",
    "lambda-runtime-allowed",
    "lambda-role-not-shared",
    "lambda-log-group-defined",
    "lambda-api-timeout",
    "log-group-retention",
    "log-group-infinite-retention",
    "iam-no-admin-statement",
    "iam-wildcard-resource-allow-list",
    "iam-no-users",
]


def swap(resources: list[ResourceView], name: str, **props: object) -> list[ResourceView]:
    old = named(resources, name)
    return replace(resources, old, changed(old, **props))


@pytest.mark.parametrize("rule", RULES)
def test_compliant_stack_passes(compliant: list[ResourceView], rule: str) -> None:
    assert_passes(rule, stack(compliant))


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"STATSIG_SERVER_KEY": "secret-abc"}, "STATSIG_SERVER_KEY"),
        ({"DB_PASSWORD": "hunter2"}, "DB_PASSWORD"),
        (
            {
                "ANYTHING": {
                    SECRET_SIGNATURE: SECRET_MARKER,
                    "value": "x",
                }
            },
            "ANYTHING",
        ),
    ],
)
def test_a_secret_in_a_function_environment_fails(
    compliant: list[ResourceView], variables, named: str
) -> None:
    changed_stack = stack(swap(compliant, "worker", environment={"variables": variables}))
    assert_fails("lambda-environment-holds-no-secrets", changed_stack, named)


def test_a_secrets_arn_in_a_function_environment_passes(compliant: list[ResourceView]) -> None:
    variables = {"STATSIG_SERVER_KEY_ARN": "arn:aws:secretsmanager:us-east-1:1:secret:x", "TABLE_NAME": "t"}
    assert_passes(
        "lambda-environment-holds-no-secrets",
        stack(swap(compliant, "worker", environment={"variables": variables})),
    )


@pytest.mark.parametrize("runtime", ["python3.9", "nodejs18.x", None])
def test_runtime_must_be_allowed(compliant: list[ResourceView], runtime: str | None) -> None:
    assert_fails("lambda-runtime-allowed", stack(swap(compliant, "worker", runtime=runtime)), "runtime")


@pytest.mark.parametrize("runtime", ["python3.12", "python3.13", "python3.14", "nodejs24.x"])
def test_allowed_runtimes_pass(runtime: str) -> None:
    assert_passes("lambda-runtime-allowed", stack(lambda_set("fn", runtime=runtime)))


def test_container_images_have_no_runtime() -> None:
    assert_passes("lambda-runtime-allowed", stack(lambda_set("fn", runtime=None, packageType="Image")))


def test_shared_role_fails_for_every_function(compliant: list[ResourceView]) -> None:
    worker_role = named(compliant, "worker-role")
    handler = named(compliant, "get-provider")
    resources = replace(compliant, handler, relinked(handler, role=[worker_role]))
    found = assert_fails("lambda-role-not-shared", stack(resources), "shared")
    assert {v.urn for v in found} == {handler.urn, named(compliant, "worker").urn}


def test_shared_literal_role_arn_fails() -> None:
    a, b = function("a", role("r")), function("b", role("r"))
    resources = [relinked(a, role=[]), relinked(b, role=[])]
    assert_fails("lambda-role-not-shared", stack(resources), "shared")


def test_ssn_path_functions_may_not_share_a_role(compliant: list[ResourceView]) -> None:
    """The reference shared three SSN roles among six functions; here not even a role tagged SsnAccess
    may serve two."""
    get, disable = named(compliant, "ssn-get"), named(compliant, "ssn-disable")
    resources = replace(compliant, disable, relinked(disable, role=[named(compliant, "ssn-get-role")]))
    found = assert_fails("lambda-role-not-shared", stack(resources), "shared")
    assert {v.urn for v in found} == {get.urn, disable.urn}


def test_function_without_log_group_fails(compliant: list[ResourceView]) -> None:
    resources = replace(compliant, named(compliant, "/aws/lambda/worker"), None)
    assert_fails("lambda-log-group-defined", stack(resources), "LogGroup")


def test_log_group_found_by_loggingconfig_name_without_reference(compliant: list[ResourceView]) -> None:
    handler = named(compliant, "get-provider")
    resources = replace(compliant, handler, relinked(handler, loggingConfig=[]))
    assert_passes("lambda-log-group-defined", stack(resources))


def test_log_group_found_by_reference_to_function_name() -> None:
    fn_role = role("r")
    fn = changed(function("generated", fn_role), name=None)
    group = res("aws:cloudwatch/logGroup:LogGroup", "fn-logs", {"retentionInDays": 30}, deps={"name": [fn]})
    assert_passes("lambda-log-group-defined", stack(fn_role, fn, group))


def test_api_function_timeout_at_most_29_seconds(compliant: list[ResourceView]) -> None:
    assert_fails("lambda-api-timeout", stack(swap(compliant, "get-provider", timeout=30)), "29")


def test_timeout_only_matters_behind_the_api() -> None:
    fn = lambda_set("batch", timeout=900)
    assert_passes("lambda-api-timeout", stack(*fn, rest_api(handlers=[])))
    assert_fails("lambda-api-timeout", stack(*fn, rest_api(handlers=[fn[2]])))


@pytest.mark.parametrize("retention", [None, 0])
def test_log_group_needs_retention(retention: int | None) -> None:
    assert_fails("log-group-retention", stack(log_group("g", retentionInDays=retention)), "retentionInDays")


def test_infinite_retention_allowed_when_tagged_and_reported() -> None:
    group = log_group("g", retentionInDays=None)
    group = changed(group, tags={**group.tags, "InfiniteRetention": "true"})
    assert_passes("log-group-retention", stack(group))
    assert_fails("log-group-infinite-retention", stack(group), "never expires")


ADMIN = {"Effect": "Allow", "Action": "*", "Resource": "*"}


@pytest.mark.parametrize(
    "holder",
    [
        lambda s: role("admin", s),
        lambda s: res("aws:iam/rolePolicy:RolePolicy", "p", {"role": "r", "policy": doc(s)}),
        lambda s: res("aws:iam/policy:Policy", "p", {"policy": doc(s)}),
    ],
    ids=["role-inline", "role-policy", "managed-policy"],
)
def test_admin_statement_fails(holder) -> None:
    assert_fails("iam-no-admin-statement", stack(holder(ADMIN)), "Action '*'")
    assert_passes("iam-no-admin-statement", stack(holder({**ADMIN, "Resource": "arn:aws:s3:::b/*"})))


def test_administrator_access_attachment_fails() -> None:
    attachment = res(
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "admin",
        {"role": "r", "policyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
    )
    assert_fails("iam-no-admin-statement", stack(attachment), "AdministratorAccess")
    managed = role("r", managedPolicyArns=["arn:aws:iam::aws:policy/AdministratorAccess"])
    assert_fails("iam-no-admin-statement", stack(managed), "AdministratorAccess")


def test_invalid_policy_document_is_reported() -> None:
    broken = res("aws:iam/policy:Policy", "p", {"policy": "{"})
    assert_fails("iam-no-admin-statement", stack(broken), "not valid JSON")


@pytest.mark.parametrize(
    "statement",
    [
        {"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "*"},
        {"Effect": "Allow", "Action": "xray:*", "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::private/*"},
        {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"},
    ],
    ids=["scoped-action", "service-wildcard", "not-resource", "not-action"],
)
def test_wildcard_resource_outside_allow_list_fails(statement: dict) -> None:
    assert_fails("iam-wildcard-resource-allow-list", stack(role("r", statement)))


def test_wildcard_resource_allow_list_passes() -> None:
    statement = {
        "Effect": "Allow",
        "Action": [
            "ses:GetIdentityVerificationAttributes",
            "xray:PutTraceSegments",
            "logs:CreateLogDelivery",
        ],
        "Resource": "*",
    }
    deny = {"Effect": "Deny", "Action": "*", "Resource": "*"}
    assert_passes("iam-wildcard-resource-allow-list", stack(role("r", statement, deny)))


def test_iam_users_are_rejected() -> None:
    assert_fails("iam-no-users", stack(res("aws:iam/user:User", "ci", {"name": "ci"})), "IAM users")
