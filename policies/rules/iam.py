"""IAM: least privilege in every identity policy document, and no long-lived IAM users."""

from __future__ import annotations

from typing import Any

from policies.aws_types import (
    IAM_GROUP_POLICY,
    IAM_POLICY,
    IAM_ROLE,
    IAM_ROLE_POLICY,
    IAM_ROLE_POLICY_ATTACHMENT,
    IAM_USER,
    IAM_USER_POLICY,
)
from policies.documents import (
    InvalidDocument,
    actions,
    grants,
    is_allow,
    load_document,
    resources,
    statements,
)
from policies.model import MANDATORY, ResourceView, Rule, StackView

POLICY_HOLDERS = (
    IAM_ROLE,
    IAM_ROLE_POLICY,
    IAM_POLICY,
    IAM_USER_POLICY,
    IAM_GROUP_POLICY,
    IAM_ROLE_POLICY_ATTACHMENT,
)
ADMIN_POLICY_SUFFIX = ":policy/AdministratorAccess"
FULL_WILDCARDS = frozenset({"*", "*:*"})

WILDCARD_RESOURCE_ACTIONS = (
    # SES identity verification status is not resource-scoped.
    "ses:GetIdentityVerificationAttributes",
    # X-Ray tracing from Lambda and API Gateway.
    "xray:PutTraceSegments",
    "xray:PutTelemetryRecords",
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:GetSamplingStatisticSummaries",
    # CloudWatch Logs vended-log delivery (WAF, Step Functions, API Gateway access logs).
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
)
"""Actions that may be allowed on ``Resource: "*"`` because AWS offers no resource-level scoping for them."""


def permission_documents(resource: ResourceView) -> list[tuple[str, Any]]:
    """(label, raw document) for each permission policy the resource carries (trust policies excluded)."""
    if resource.type == IAM_ROLE:
        inline = resource.get("inlinePolicies", default=[])
        return [
            (f"inline policy {p.get('name') or index}", p.get("policy"))
            for index, p in enumerate(inline)
            if isinstance(p, dict) and p.get("policy")
        ]
    policy = resource.get("policy")
    return [("policy", policy)] if policy else []


def _parsed(resource: ResourceView) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    documents, problems = [], []
    for label, raw in permission_documents(resource):
        try:
            documents.append((label, load_document(raw) or {}))
        except InvalidDocument as error:
            problems.append(f"{label}: {error}")
    return documents, problems


def _managed_policy_arns(resource: ResourceView) -> list[str]:
    if resource.type == IAM_ROLE_POLICY_ATTACHMENT:
        return [str(resource.get("policyArn", default=""))]
    return [str(arn) for arn in resource.get("managedPolicyArns", default=[])]


def has_no_admin_statement(resource: ResourceView, stack: StackView) -> list[str]:
    """`Action: *` on `Resource: *` is account administration; no workload needs it."""
    documents, problems = _parsed(resource)
    for label, document in documents:
        for statement in statements(document):
            if (
                is_allow(statement)
                and FULL_WILDCARDS & set(actions(statement))
                and "*" in resources(statement)
            ):
                problems.append(f"{label}: allows Action '*' on Resource '*'")
    if any(arn.endswith(ADMIN_POLICY_SUFFIX) for arn in _managed_policy_arns(resource)):
        problems.append("attaches the AdministratorAccess managed policy")
    return problems


def scopes_wildcard_resources(resource: ResourceView, stack: StackView) -> list[str]:
    """Grants on every resource must be limited to actions AWS cannot scope to a resource ARN."""
    documents, _ = _parsed(resource)
    problems = []
    for label, document in documents:
        for statement in statements(document):
            if not is_allow(statement):
                continue
            if "NotAction" in statement:
                problems.append(f"{label}: Allow with NotAction grants everything not listed")
                continue
            if "*" not in resources(statement) and "NotResource" not in statement:
                continue
            extra = [
                a
                for a in actions(statement)
                if not any(grants([allowed], a) for allowed in WILDCARD_RESOURCE_ACTIONS)
            ]
            if extra:
                problems.append(f"{label}: {', '.join(sorted(extra))} on Resource '*' (scope to ARNs)")
    return problems


def is_not_user(user: ResourceView, stack: StackView) -> list[str]:
    """Humans sign in through IAM Identity Center and workloads use roles; users mean long-lived keys."""
    return ["IAM users are not allowed; use roles (workloads) or Identity Center (people)"]


RULES: tuple[Rule, ...] = (
    Rule(
        "iam-no-admin-statement",
        "No IAM policy allows Action '*' on Resource '*' or attaches AdministratorAccess.",
        MANDATORY,
        POLICY_HOLDERS,
        has_no_admin_statement,
    ),
    Rule(
        "iam-wildcard-resource-allow-list",
        "IAM statements on Resource '*' only allow actions from the allow-list (SES verification, X-Ray, "
        "log delivery).",
        MANDATORY,
        POLICY_HOLDERS,
        scopes_wildcard_resources,
    ),
    Rule("iam-no-users", "The program creates no IAM users.", MANDATORY, (IAM_USER,), is_not_user),
)
