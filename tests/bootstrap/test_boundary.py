"""The permissions boundary: what it lets through, what it never does, and that the main program stays
inside it. A service or action the program starts to use fails here until the boundary is widened."""

from __future__ import annotations

import json
from typing import Any

import pytest

from bootstrap.boundary import (
    BOUNDARY_POLICY_NAME,
    DENIED_FAMILIES,
    SERVICES,
    allows,
    boundary_arn,
)
from bootstrap.state_backend import STATE_KEY_ALIAS
from tests.bootstrap.runs import bootstrap_run, document, statement
from tests.components.runs import program_run

MANAGED_POLICY_LIMIT = 6144
"""IAM's limit on a managed policy document, in characters without whitespace."""

BACKUP_DYNAMODB = (
    "dynamodb:CreateBackup",
    "dynamodb:DescribeTable",
    "dynamodb:StartAwsBackupJob",
    "dynamodb:ListTagsOfResource",
    "backup:CopyIntoBackupVault",
    "kms:Decrypt",
    "kms:GenerateDataKey",
    "kms:DescribeKey",
    "tag:GetResources",
)
AWS_MANAGED_POLICY_NEEDS: dict[str, tuple[str, ...]] = {
    "arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs": (
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:DescribeLogGroups",
        "logs:DescribeLogStreams",
        "logs:PutLogEvents",
        "logs:GetLogEvents",
        "logs:FilterLogEvents",
    ),
    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess": ("cloudwatch:Describe*", "cloudwatch:List*"),
    "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess": (
        "cloudwatch:Describe*",
        "cloudwatch:Get*",
        "cloudwatch:List*",
        "logs:Describe*",
        "logs:Get*",
        "logs:StartQuery",
    ),
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup": BACKUP_DYNAMODB,
    "arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores": (
        "dynamodb:RestoreTableFromAwsBackup",
        "dynamodb:RestoreTableFromBackup",
        "kms:CreateGrant",
        "kms:DescribeKey",
    ),
    "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup": (
        "s3:GetBucketTagging",
        "s3:GetInventoryConfiguration",
        "s3:ListBucket",
        "s3:GetObject",
        "events:PutRule",
        "events:DescribeRule",
        "cloudwatch:GetMetricData",
        "kms:Decrypt",
    ),
    "arn:aws:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore": (
        "s3:PutObject",
        "s3:CreateBucket",
        "kms:GenerateDataKey",
    ),
}
"""What the program relies on from each AWS-managed policy it attaches (AWS's documentation of what the
service needs). These policies grant far more (ViewOnlyAccess reads most of AWS, the backup policies
cover EC2, RDS, EFS...): the boundary cuts that rest off, which is the point of it."""

MODULE_SERVICES: dict[str, str] = {
    "acm": "acm",
    "apigateway": "apigateway",
    "backup": "backup",
    "chatbot": "chatbot",
    "cognito": "cognito-idp",
    "dynamodb": "dynamodb",
    "iam": "iam",
    "kms": "kms",
    "lambda": "lambda",
    "opensearch": "es",
    "pipes": "pipes",
    "route53": "route53",
    "s3": "s3",
    "secretsmanager": "secretsmanager",
    "ses": "ses",
    "sesv2": "ses",
    "sfn": "states",
    "sns": "sns",
    "sqs": "sqs",
    "wafv2": "wafv2",
}
"""pulumi-aws module -> the IAM service that manages its resources (cloudwatch and ec2 are per type)."""

CLOUDWATCH_SERVICES = {"dashboard": "cloudwatch", "metricAlarm": "cloudwatch", "compositeAlarm": "cloudwatch"}
EC2_CREATE_ACTIONS = {
    "vpc": "ec2:CreateVpc",
    "subnet": "ec2:CreateSubnet",
    "routeTable": "ec2:CreateRouteTable",
    "routeTableAssociation": "ec2:AssociateRouteTable",
    "securityGroup": "ec2:CreateSecurityGroup",
    "defaultSecurityGroup": "ec2:RevokeSecurityGroupIngress",
    "vpcEndpoint": "ec2:CreateVpcEndpoint",
    "flowLog": "ec2:CreateFlowLogs",
}
"""The EC2 part of the boundary is action by action: each network type the program declares, by the call
that creates it (the default security group is adopted by revoking its rules)."""

NOT_NAMED_BY_THE_PROGRAM = {"cloudfront", "backup-storage"}
"""Boundary services no resource type or grant of the prod preview names: Cognito's custom domains are
CloudFront distributions made in the caller's name, and AWS Backup calls backup-storage in the backup
role's name."""


def _boundary(stack: str = "prod") -> dict[str, Any]:
    run = bootstrap_run(stack)
    return document(run.named("aws:iam/policy:Policy", "PermissionsBoundary"), "policy")


def _service(token: str) -> str | None:
    """The IAM service of a pulumi-aws resource type token (``aws:s3/bucket:Bucket`` -> ``s3``)."""
    module, _, kind = token.removeprefix("aws:").partition(":")[0].partition("/")
    if module == "cloudwatch":
        return CLOUDWATCH_SERVICES.get(kind, "logs" if kind.startswith("log") else "events")
    return MODULE_SERVICES.get(module)


def _granted_actions(run) -> dict[str, set[str]]:
    """Every action any role of the program is allowed (of an AWS-managed policy, what it is relied on
    for), with where it comes from."""
    documents: list[tuple[str, Any]] = []
    for resource in run.of_type("aws:iam/rolePolicy:RolePolicy"):
        documents.append((resource.name, resource.inputs["policy"]))
    for resource in run.of_type("aws:iam/role:Role"):
        documents += [(resource.name, p["policy"]) for p in resource.inputs.get("inlinePolicies", [])]
    for resource in run.of_type("aws:iam/policy:Policy"):
        documents.append((resource.name, resource.inputs["policy"]))
    granted: dict[str, set[str]] = {}
    for where, raw in documents:
        assert isinstance(raw, str | dict), (
            f"{where}: policy unknown at preview, its actions cannot be checked"
        )
        policy = json.loads(raw) if isinstance(raw, str) else raw
        for item in policy["Statement"]:
            if item["Effect"] == "Allow":
                actions = item["Action"]
                for action in [actions] if isinstance(actions, str) else actions:
                    granted.setdefault(action, set()).add(where)
    managed = [
        (a.name, a.inputs["policyArn"])
        for a in run.of_type("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    ]
    for role in run.of_type("aws:iam/role:Role"):
        managed += [(role.name, arn) for arn in role.inputs.get("managedPolicyArns", [])]
    for where, arn in managed:
        if arn.startswith("arn:aws:iam::aws:"):
            assert arn in AWS_MANAGED_POLICY_NEEDS, (
                f"{arn}: say what the program needs of it in AWS_MANAGED_POLICY_NEEDS"
            )
            for action in AWS_MANAGED_POLICY_NEEDS[arn]:
                granted.setdefault(action, set()).add(where)
    return granted


def test_every_action_a_role_of_the_main_program_is_granted_falls_inside_the_boundary():
    granted = _granted_actions(program_run("prod"))
    assert len(granted) > 50
    outside = {action: sorted(where) for action, where in granted.items() if not allows(action)}
    assert not outside, f"widen bootstrap/boundary.py (SERVICES or EC2_NETWORK_ACTIONS) for: {outside}"


def test_every_aws_service_the_main_program_declares_resources_of_falls_inside_the_boundary():
    tokens = {r.type for r in program_run("prod").resources if r.custom and r.type.startswith("aws:")}
    unmapped = sorted(t for t in tokens if not t.startswith("aws:ec2/") and _service(t) is None)
    assert not unmapped, f"map these pulumi-aws modules to their IAM service in MODULE_SERVICES: {unmapped}"
    outside = sorted(t for t in tokens if not t.startswith("aws:ec2/") and _service(t) not in SERVICES)
    assert not outside, f"add their services to bootstrap/boundary.py SERVICES: {outside}"
    network = sorted(t for t in tokens if t.startswith("aws:ec2/"))
    kinds = {t.removeprefix("aws:ec2/").partition(":")[0] for t in network}
    assert kinds <= set(EC2_CREATE_ACTIONS), f"name the call that creates each of {network}"
    assert all(allows(EC2_CREATE_ACTIONS[kind]) for kind in kinds)


def test_the_boundary_lists_no_service_the_program_does_not_use():
    run = program_run("prod")
    used = {
        _service(r.type)
        for r in run.resources
        if r.type.startswith("aws:") and not r.type.startswith("aws:ec2/")
    }
    used |= {action.split(":")[0] for action in _granted_actions(run)}
    assert set(SERVICES) - used <= NOT_NAMED_BY_THE_PROGRAM


@pytest.mark.parametrize(
    ("action", "inside"),
    [
        ("dynamodb:Query", True),
        ("kms:GenerateDataKey*", True),
        ("ec2:CreateNetworkInterface", True),
        ("sts:AssumeRole", True),
        ("ec2:RunInstances", False),
        ("ec2:*", False),  # overlaps the instance and image denies
        ("ec2:CreateImage", False),
        ("organizations:LeaveOrganization", False),
        ("aws-portal:ModifyBilling", False),
        ("iam:CreateUser", False),
        ("iam:DeleteRolePermissionsBoundary", False),
        ("ssm:GetParameter", False),
        ("sts:AssumeRoleWithWebIdentity", False),
    ],
)
def test_allows_answers_whether_an_action_is_inside(action, inside):
    assert allows(action) is inside


def test_the_boundary_policy_is_named_and_sized_as_the_main_program_expects(environment_account):
    run = environment_account
    policy = run.named("aws:iam/policy:Policy", "PermissionsBoundary")
    assert policy.inputs["name"] == BOUNDARY_POLICY_NAME == "CompactConnect-PermissionsBoundary"
    assert policy.outputs["arn"] == boundary_arn(run.config.account_id) == run.outputs["boundaryArn"]
    compact = "".join(json.dumps(document(policy, "policy")).split())
    assert len(compact) < MANAGED_POLICY_LIMIT


def test_the_boundary_allows_the_programs_services_and_the_search_network_only():
    boundary = _boundary()
    assert statement(boundary, "TheProgramsServices")["Action"] == [f"{s}:*" for s in SERVICES]
    network = statement(boundary, "TheSearchNetwork")["Action"]
    assert all(a.startswith("ec2:") and "*" not in a for a in network if a != "ec2:Describe*")
    assert statement(boundary, "Sessions")["Action"] == [
        "sts:AssumeRole",
        "sts:GetCallerIdentity",
        "sts:TagSession",
    ]
    assert statement(boundary, "Lookups")["Action"] == ["tag:GetResources"]
    allows_ = [s for s in boundary["Statement"] if s["Effect"] == "Allow"]
    assert [s["Sid"] for s in allows_] == ["TheProgramsServices", "TheSearchNetwork", "Sessions", "Lookups"]


def test_the_boundary_denies_instances_images_account_billing_support_and_marketplace():
    boundary = _boundary()
    assert {"ec2:RunInstances", "ec2:CreateImage", "ec2:RegisterImage", "ec2:Import*"} <= set(
        statement(boundary, "NoInstancesOrImages")["Action"]
    )
    families = statement(boundary, "NoAccountBillingSupportOrMarketplace")["Action"]
    assert families == list(DENIED_FAMILIES)
    for family in ("organizations", "account", "aws-portal", "budgets", "ce", "support", "aws-marketplace"):
        assert f"{family}:*" in families


def test_roles_can_be_created_only_with_the_boundary_and_never_lose_it():
    boundary = _boundary()
    assert statement(boundary, "RolesOnlyWithThisBoundary") == {
        "Sid": "RolesOnlyWithThisBoundary",
        "Effect": "Deny",
        "Action": ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
        "Resource": "*",
        "Condition": {"StringNotEquals": {"iam:PermissionsBoundary": boundary_arn("444444444444")}},
    }
    assert {"iam:DeleteRolePermissionsBoundary", "iam:CreateUser", "iam:CreateAccessKey"} <= set(
        statement(boundary, "NoBoundaryRemovalNoUsers")["Action"]
    )


def test_nobody_bounded_by_it_can_change_the_bootstrap():
    boundary = _boundary()
    tamper = statement(boundary, "NoTamperingWithTheBootstrap")
    assert tamper["Resource"] == [
        boundary_arn("444444444444"),
        "arn:aws:iam::444444444444:oidc-provider/token.actions.githubusercontent.com",
        "arn:aws:iam::444444444444:role/CompactConnect-prod-PulumiDeployRole",
        "arn:aws:iam::444444444444:role/CompactConnect-prod-PulumiPreviewRole",
    ]
    assert {"iam:Create*", "iam:Delete*", "iam:Put*", "iam:Attach*", "iam:Update*", "iam:PassRole"} <= set(
        tamper["Action"]
    )
    bucket = "arn:aws:s3:::cc-prod-bootstrap-pulumi-state-444444444444"
    settings = statement(boundary, "StateBucketKeepsItsSettings")
    assert settings["Resource"] == bucket
    assert {"s3:DeleteBucket", "s3:PutBucketPolicy", "s3:PutBucketVersioning"} <= set(settings["Action"])
    assert statement(boundary, "StateHistoryIsKept")["Resource"] == f"{bucket}/*"
    key = statement(boundary, "StateKeyStaysUsable")
    assert key["Condition"] == {"ForAnyValue:StringEquals": {"kms:ResourceAliases": STATE_KEY_ALIAS}}
    assert {"kms:ScheduleKeyDeletion", "kms:DisableKey", "kms:PutKeyPolicy"} <= set(key["Action"])
