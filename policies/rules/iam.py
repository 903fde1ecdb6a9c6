"""IAM: least privilege in every identity policy document, and no long-lived IAM users."""

from __future__ import annotations

import re
from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from bootstrap.boundary import BOUNDARY_POLICY_NAME
from policies.aws_types import (
    DYNAMODB_RESOURCE_POLICY,
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
    as_list,
    grants,
    is_allow,
    is_deny,
    load_document,
    principal_is_anyone,
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
    # Functions in a VPC list their network interfaces (creating and deleting them is scoped).
    "ec2:DescribeNetworkInterfaces",
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


def _allows(resource: ResourceView) -> Iterator[tuple[str, dict[str, Any]]]:
    """(document label, Allow statement) of every permission policy the resource carries."""
    documents, _ = _parsed(resource)
    for label, document in documents:
        for statement in statements(document):
            if is_allow(statement):
                yield label, statement


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


def _is_the_boundary(resource: ResourceView) -> bool:
    """The account's permissions boundary (bootstrap/boundary.py) is a ceiling over whole services, which
    cannot be written as named resources; the two workload least-privilege rules do not apply to it
    (every other rule does)."""
    return resource.type == IAM_POLICY and resource.get("name") == BOUNDARY_POLICY_NAME


def scopes_wildcard_resources(resource: ResourceView, stack: StackView) -> list[str]:
    """Grants on every resource must be limited to actions AWS cannot scope to a resource ARN."""
    if _is_the_boundary(resource):
        return []
    problems = []
    for label, statement in _allows(resource):
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


LOG_WRITES = ("logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents")
_OWN_LOG_GROUP = re.compile(r"^arn:aws[\w-]*:logs:[^:]+:\d+:log-group:([^*:]+)(:\*|:log-stream:.*)?$")


def writes_only_named_log_groups(resource: ResourceView, stack: StackView) -> list[str]:
    """A role writes only to the log groups of its own functions: each named, never a pattern such as
    ``/aws/lambda/*`` that would let one function write into another's logs."""
    if _is_the_boundary(resource):
        return []
    problems = []
    for label, statement in _allows(resource):
        if not any(grants(actions(statement), a) for a in LOG_WRITES):
            continue
        unnamed = [arn for arn in resources(statement) if not _OWN_LOG_GROUP.match(arn)]
        if unnamed:
            problems.append(f"{label}: log writes on {', '.join(unnamed)} (name each log group)")
    return problems


def _table_denies(stack: StackView) -> list[tuple[str, dict[str, Any]]]:
    """(table ARN, Deny statement for everyone) of every DynamoDB resource policy in the stack."""
    found = []
    for policy in stack.by_type(DYNAMODB_RESOURCE_POLICY):
        table_arn = policy.get("resourceArn", default="")
        try:
            document = load_document(policy.get("policy"))
        except InvalidDocument:
            continue  # the DynamoDB rules report a malformed resource policy
        found += [(str(table_arn), s) for s in statements(document) if is_deny(s) and principal_is_anyone(s)]
    return found


def _denied(deny: dict[str, Any], table_arn: str, action: str, resource: str) -> bool:
    """Whether a table policy's Deny refuses ``action`` on ``resource`` (the table or one of its indexes)."""
    if not (resource == table_arn or resource.startswith(f"{table_arn}/")):
        return False
    if not grants(actions(deny), action):
        return False
    if "NotResource" in deny:
        return not any(fnmatchcase(resource, str(pattern)) for pattern in as_list(deny["NotResource"]))
    return any(fnmatchcase(resource, pattern) for pattern in resources(deny) or ["*"])


def within_table_resource_policies(resource: ResourceView, stack: StackView) -> list[str]:
    """No role is granted what a table's resource policy refuses everyone (e.g. batch reads of the SSN
    table): such a grant only hides from a reader what the role can really do. A role the Deny itself
    exempts by ARN (``ArnNotEquals aws:PrincipalArn``: the SSN table's recovery steps and backups) may
    hold the grant."""
    role = _role_of(resource, stack)
    denies = [(arn, deny) for arn, deny in _table_denies(stack) if not _exempts(deny, role)]
    if not denies:
        return []
    problems = {
        f"{label}: allows {action} on {arn}, which its table denies"
        for label, statement in _allows(resource)
        for action in actions(statement)
        for arn in resources(statement)
        if any(_denied(deny, table_arn, action, arn) for table_arn, deny in denies)
    }
    return sorted(problems)


def _role_of(resource: ResourceView, stack: StackView) -> ResourceView | None:
    """The role a policy holder gives its permissions to (itself, or the role of an inline policy)."""
    if resource.type == IAM_ROLE:
        return resource
    if resource.type == IAM_ROLE_POLICY:
        roles = [stack.get(urn) for urn in resource.refs("role")]
        return next((r for r in roles if r is not None), None)
    return None


def _exempts(deny: dict[str, Any], role: ResourceView | None) -> bool:
    """Whether this Deny statement names ``role`` (by its fixed name) among the principals it does not
    apply to. Only a named role can be told apart: an ARN flowing into the policy says nothing about
    which of its statements exempts it."""
    if role is None:
        return False
    condition = deny.get("Condition", {})
    exempt = [
        str(arn)
        for operator in ("ArnNotEquals", "ArnNotLike")
        for arn in as_list(condition.get(operator, {}).get("aws:PrincipalArn", []))
    ]
    if not exempt:
        return False
    name = role.get("name")
    return bool(name) and any(arn.endswith(f":role/{name}") for arn in exempt)


_BOUNDARY = re.compile(rf"^arn:aws[\w-]*:iam::\d{{12}}:policy/{re.escape(BOUNDARY_POLICY_NAME)}$")


def carries_the_boundary(role: ResourceView, stack: StackView) -> list[str]:
    """The deploy role may only create roles that carry the account's boundary (bootstrap/boundary.py):
    one without it fails in the account mid-deploy, so the pack refuses it at preview."""
    boundary = role.get("permissionsBoundary")
    if isinstance(boundary, str) and _BOUNDARY.match(boundary):
        return []
    return [f"permissionsBoundary must be the account's {BOUNDARY_POLICY_NAME} policy, not {boundary!r}"]


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
    Rule(
        "iam-role-permissions-boundary",
        f"Every role carries the account's permissions boundary ({BOUNDARY_POLICY_NAME}).",
        MANDATORY,
        (IAM_ROLE,),
        carries_the_boundary,
    ),
    Rule(
        "iam-log-writes-named-groups",
        "Roles write only to named log groups (their own functions'), never to a pattern of groups.",
        MANDATORY,
        POLICY_HOLDERS,
        writes_only_named_log_groups,
    ),
    Rule(
        "iam-within-table-resource-policies",
        "No role is granted an action a DynamoDB table's resource policy denies to everyone.",
        MANDATORY,
        POLICY_HOLDERS,
        within_table_resource_policies,
    ),
)
