"""The permissions boundary of every role in an environment account: its name, its ARN and its document.

A boundary is a ceiling, not a grant: a role can do what its own policies allow *and* the boundary allows.
The deploy role carries it (and holds it as its permissions, so the two cannot drift apart), the preview
role carries it, and the main program puts it on every role it creates (``boundary_arn``). So a deploy,
or anything a deployed function is tricked into, can reach only the services listed here, never the
dangerous families denied here, and never the bootstrap itself (this boundary, the bootstrap's roles and
identity provider, the state bucket and key).

Adding an AWS service to the program means widening :data:`SERVICES`; ``tests/bootstrap`` fails until it is.
This module imports nothing from the program, so ``components`` can import it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

BOUNDARY_POLICY_NAME = "CompactConnect-PermissionsBoundary"

SERVICES: dict[str, str] = {
    "acm": "certificates of the APIs' and sign-in pages' custom domains",
    "apigateway": "the license, state and search APIs, their stages and custom domains",
    "backup": "backup plans, selections and the local vaults that copy to the backup account",
    "backup-storage": "what AWS Backup calls in the caller's name when it writes to a vault",
    "chatbot": "the Slack channels the alarm topic posts to",
    "cloudfront": "Cognito's custom sign-in domains are CloudFront distributions made in the caller's name",
    "cloudwatch": "alarms, anomaly detectors and the dashboard",
    "cognito-idp": "the staff, practitioner and state-auth user pools (and functions managing users)",
    "dynamodb": "the tables, their streams and resource policies",
    "es": "the OpenSearch search domain and the functions that index and query it",
    "events": "the data event bus, its archive, rules and schedules",
    "iam": "roles of functions and services (only with this boundary) and service-linked roles",
    "kms": "the customer-managed keys of the environment's data",
    "lambda": "functions, the dependency layer, permissions, event source mappings, deploy-time calls",
    "logs": "log groups, metric filters, vended log delivery (WAF, Step Functions, API access logs)",
    "pipes": "the provider-table pipe that feeds the search indexer",
    "route53": "DNS records of the custom domains and certificate validation",
    "s3": "the data buckets and the Pulumi state bucket",
    "secretsmanager": "the application secrets and the payment-processor credentials",
    "ses": "the sending domain, its configuration set and the email the functions send",
    "sns": "the alarm topic",
    "sqs": "the event and ingest queues and their dead-letter queues",
    "states": "the Step Functions workflows",
    "wafv2": "the web ACLs in front of the APIs",
    "xray": "traces of the functions and API stages",
}
"""IAM service prefix -> why the program needs it. Every action of these services is inside the boundary."""

EC2_NETWORK_ACTIONS: tuple[str, ...] = (
    "ec2:Describe*",
    "ec2:CreateVpc",
    "ec2:DeleteVpc",
    "ec2:ModifyVpcAttribute",
    "ec2:CreateSubnet",
    "ec2:DeleteSubnet",
    "ec2:ModifySubnetAttribute",
    "ec2:CreateRouteTable",
    "ec2:DeleteRouteTable",
    "ec2:AssociateRouteTable",
    "ec2:DisassociateRouteTable",
    "ec2:CreateRoute",
    "ec2:DeleteRoute",
    "ec2:ReplaceRoute",
    "ec2:CreateSecurityGroup",
    "ec2:DeleteSecurityGroup",
    "ec2:AuthorizeSecurityGroupIngress",
    "ec2:AuthorizeSecurityGroupEgress",
    "ec2:RevokeSecurityGroupIngress",
    "ec2:RevokeSecurityGroupEgress",
    "ec2:UpdateSecurityGroupRuleDescriptionsIngress",
    "ec2:UpdateSecurityGroupRuleDescriptionsEgress",
    "ec2:CreateVpcEndpoint",
    "ec2:DeleteVpcEndpoints",
    "ec2:ModifyVpcEndpoint",
    "ec2:CreateFlowLogs",
    "ec2:DeleteFlowLogs",
    "ec2:CreateTags",
    "ec2:DeleteTags",
    # Functions in the VPC: Lambda creates and removes their network interfaces with the function's role.
    "ec2:CreateNetworkInterface",
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
)
"""EC2 is allowed only for the network the search domain and its functions live in."""

SESSION_ACTIONS: tuple[str, ...] = ("sts:AssumeRole", "sts:GetCallerIdentity", "sts:TagSession")
"""The program's provider assumes the deploy role and checks the account it landed in."""

LOOKUP_ACTIONS: tuple[str, ...] = ("tag:GetResources",)
"""AWS Backup finds the resources of a plan's selections with the backup role."""

DENIED_EC2_ACTIONS: tuple[str, ...] = (
    "ec2:RunInstances",
    "ec2:StartInstances",
    "ec2:StopInstances",
    "ec2:TerminateInstances",
    "ec2:RebootInstances",
    "ec2:ModifyInstanceAttribute",
    "ec2:CreateImage",
    "ec2:RegisterImage",
    "ec2:CopyImage",
    "ec2:Import*",
    "ec2:RequestSpotInstances",
    "ec2:RequestSpotFleet",
    "ec2:ModifySpotFleetRequest",
    "ec2:CreateFleet",
    "ec2:CreateLaunchTemplate",
    "ec2:CreateLaunchTemplateVersion",
    "ec2:ModifyLaunchTemplate",
)
"""Compute the program never runs: instances, images, fleets and launch templates."""

DENIED_FAMILIES: tuple[str, ...] = (
    "organizations:*",
    "account:*",
    "aws-portal:*",
    "billing:*",
    "budgets:*",
    "ce:*",
    "cur:*",
    "payments:*",
    "tax:*",
    "support:*",
    "aws-marketplace:*",
)
"""The organization, the account, billing, support cases and marketplace subscriptions."""

DENIED_IAM_ACTIONS: tuple[str, ...] = (
    "iam:DeleteRolePermissionsBoundary",
    "iam:CreateUser",
    "iam:CreateAccessKey",
    "iam:CreateLoginProfile",
)
"""A role keeps its boundary; nobody gets long-lived credentials (people use Identity Center)."""

IAM_WRITES: tuple[str, ...] = (
    "iam:Create*",
    "iam:Delete*",
    "iam:Update*",
    "iam:Put*",
    "iam:Attach*",
    "iam:Detach*",
    "iam:Tag*",
    "iam:Untag*",
    "iam:Add*",
    "iam:Remove*",
    "iam:Set*",
    "iam:PassRole",
)
"""Every IAM action that changes (or hands over) a policy, role or identity provider."""

STATE_BUCKET_WRITES: tuple[str, ...] = (
    "s3:DeleteBucket",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketPolicy",
    "s3:PutBucketVersioning",
    "s3:PutLifecycleConfiguration",
    "s3:PutEncryptionConfiguration",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutBucketOwnershipControls",
    "s3:PutBucketLogging",
    "s3:PutBucketAcl",
)
"""Settings of the state bucket that keep every state version, encrypted and private."""

STATE_KEY_ADMIN: tuple[str, ...] = (
    "kms:ScheduleKeyDeletion",
    "kms:DisableKey",
    "kms:PutKeyPolicy",
    "kms:CreateGrant",
    "kms:DeleteAlias",
    "kms:UpdateAlias",
)
"""What would make the state (and the stacks' secrets) unreadable, or readable by someone else."""


@dataclass(frozen=True)
class BoundaryScope:
    """What the boundary protects in one account: the bootstrap's roles and its state backend."""

    account_id: str
    protected_role_names: Sequence[str]
    oidc_provider_arn: str
    state_bucket: str
    state_key_alias: str


def boundary_arn(account_id: str) -> str:
    """The boundary's ARN in an account: every role the program creates must carry it."""
    return f"arn:aws:iam::{account_id}:policy/{BOUNDARY_POLICY_NAME}"


def allowed_actions() -> tuple[str, ...]:
    """Every action pattern the boundary allows (before its denies)."""
    return (
        *(f"{service}:*" for service in SERVICES),
        *EC2_NETWORK_ACTIONS,
        *SESSION_ACTIONS,
        *LOOKUP_ACTIONS,
    )


def denied_everywhere() -> tuple[str, ...]:
    """Action patterns the boundary denies on every resource, whatever the request."""
    return (*DENIED_EC2_ACTIONS, *DENIED_FAMILIES, *DENIED_IAM_ACTIONS)


def _matches(pattern: str, action: str) -> bool:
    return fnmatchcase(action.lower(), pattern.lower())


def allows(action: str) -> bool:
    """Whether an action (or an action pattern such as ``kms:GenerateDataKey*``) falls inside the boundary:
    an allowed pattern covers it and no unconditional deny overlaps it."""
    if not any(_matches(pattern, action) for pattern in allowed_actions()):
        return False
    return not any(_matches(deny, action) or _matches(action, deny) for deny in denied_everywhere())


def boundary_document(scope: BoundaryScope) -> dict[str, Any]:
    """The boundary policy document for one account."""
    account = scope.account_id
    bootstrap_identities = [
        boundary_arn(account),
        scope.oidc_provider_arn,
        *(f"arn:aws:iam::{account}:role/{name}" for name in scope.protected_role_names),
    ]
    state_bucket_arn = f"arn:aws:s3:::{scope.state_bucket}"
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "TheProgramsServices",
                "Effect": "Allow",
                "Action": [f"{service}:*" for service in SERVICES],
                "Resource": "*",
            },
            {
                "Sid": "TheSearchNetwork",
                "Effect": "Allow",
                "Action": list(EC2_NETWORK_ACTIONS),
                "Resource": "*",
            },
            {"Sid": "Sessions", "Effect": "Allow", "Action": list(SESSION_ACTIONS), "Resource": "*"},
            {"Sid": "Lookups", "Effect": "Allow", "Action": list(LOOKUP_ACTIONS), "Resource": "*"},
            {
                "Sid": "NoInstancesOrImages",
                "Effect": "Deny",
                "Action": list(DENIED_EC2_ACTIONS),
                "Resource": "*",
            },
            {
                "Sid": "NoAccountBillingSupportOrMarketplace",
                "Effect": "Deny",
                "Action": list(DENIED_FAMILIES),
                "Resource": "*",
            },
            {
                "Sid": "RolesOnlyWithThisBoundary",
                "Effect": "Deny",
                "Action": ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
                "Resource": "*",
                "Condition": {"StringNotEquals": {"iam:PermissionsBoundary": boundary_arn(account)}},
            },
            {
                "Sid": "NoBoundaryRemovalNoUsers",
                "Effect": "Deny",
                "Action": list(DENIED_IAM_ACTIONS),
                "Resource": "*",
            },
            {
                "Sid": "NoTamperingWithTheBootstrap",
                "Effect": "Deny",
                "Action": list(IAM_WRITES),
                "Resource": bootstrap_identities,
            },
            {
                "Sid": "StateBucketKeepsItsSettings",
                "Effect": "Deny",
                "Action": list(STATE_BUCKET_WRITES),
                "Resource": state_bucket_arn,
            },
            {
                "Sid": "StateHistoryIsKept",
                "Effect": "Deny",
                "Action": "s3:DeleteObjectVersion",
                "Resource": f"{state_bucket_arn}/*",
            },
            {
                "Sid": "StateKeyStaysUsable",
                "Effect": "Deny",
                "Action": list(STATE_KEY_ADMIN),
                "Resource": "*",
                "Condition": {"ForAnyValue:StringEquals": {"kms:ResourceAliases": scope.state_key_alias}},
            },
        ],
    }
