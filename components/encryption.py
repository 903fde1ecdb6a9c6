"""Customer-managed KMS keys (spec/infra.md §3.2-3.3).

Two keys hold the environment's data: the *shared* key encrypts everything that does not carry a
full SSN, the *SSN* key encrypts only the SSN table, the bulk-uploads bucket and the preprocessing
queue. Keeping them apart lets the SSN key policy shut out everyone but the SSN-path roles without
affecting the rest of the system.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent

DELETION_WINDOW_DAYS = 30

# Key-management actions for the account root. They deliberately leave out the cryptographic ones,
# so the root statement never hands key *use* to every IAM principal in the account.
KEY_ADMIN_ACTIONS: tuple[str, ...] = (
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
)

# AWS services that publish to or deliver from resources encrypted with the shared key: alarms, SES
# bounce and complaint events and S3/EventBridge notifications into the encrypted alarm topic and
# queues, SNS fan-out into queues.
SHARED_KEY_SERVICES: tuple[str, ...] = (
    "sns.amazonaws.com",
    "events.amazonaws.com",
    "sqs.amazonaws.com",
    "s3.amazonaws.com",
    "cloudwatch.amazonaws.com",
    "ses.amazonaws.com",
)


def account_root_arn(account_id: str) -> str:
    return f"arn:aws:iam::{account_id}:root"


def shared_key_policy(account_id: str, region: str) -> dict[str, Any]:
    """Root keeps full control (IAM policies in the account may then grant use of the key, which is
    how every Lambda role gets access); AWS services get only what delivery needs, from this account."""
    policy = service_key_policy(account_id, region)
    policy["Statement"].append(
        {
            "Sid": "ServicesDeliverToEncryptedTopicsAndQueues",
            "Effect": "Allow",
            "Principal": {"Service": list(SHARED_KEY_SERVICES)},
            "Action": ["kms:Decrypt", "kms:GenerateDataKey*"],
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
        }
    )
    return policy


SSN_CRYPTO_ACTIONS: tuple[str, ...] = ("kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*")
SSN_EXEMPT_SERVICES: tuple[str, ...] = ("dynamodb.amazonaws.com", "events.amazonaws.com")


def ssn_key_policy(
    account_id: str,
    allowed_role_arns: Sequence[pulumi.Input[str]],
    later_role_arns: Sequence[pulumi.Input[str]] = (),
) -> pulumi.Output[str]:
    """The SSN key policy (spec §3.3): root may administer but not use the key; only the allowed roles
    may use it, and an explicit Deny blocks every other principal, account admins included, unless
    the call comes from the DynamoDB or EventBridge service. ``later_role_arns`` are roles created after
    the key (AWS Backup's SSN role, the SSN table's restore machine): KMS refuses a policy whose
    ``Principal`` names a role that does not exist yet, so they are allowed through the account with a
    condition on their ARN, which KMS does not resolve."""
    later_use: list[dict[str, Any]] = (
        [
            {
                "Sid": "LaterRolesUseTheKey",
                "Effect": "Allow",
                "Principal": {"AWS": account_root_arn(account_id)},
                "Action": [*SSN_CRYPTO_ACTIONS, "kms:DescribeKey"],
                "Resource": "*",
                "Condition": {"ArnEquals": {"aws:PrincipalArn": list(later_role_arns)}},
            }
        ]
        if later_role_arns
        else []
    )
    document = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "AccountRootAdministersOnly",
                "Effect": "Allow",
                "Principal": {"AWS": account_root_arn(account_id)},
                "Action": list(KEY_ADMIN_ACTIONS),
                "Resource": "*",
            },
            {
                "Sid": "SsnRolesUseTheKey",
                "Effect": "Allow",
                "Principal": {"AWS": list(allowed_role_arns)},
                "Action": [*SSN_CRYPTO_ACTIONS, "kms:DescribeKey"],
                "Resource": "*",
            },
            *later_use,
            {
                "Sid": "DenyCryptoToEveryoneElse",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": list(SSN_CRYPTO_ACTIONS),
                "Resource": "*",
                "Condition": {
                    "ArnNotEquals": {"aws:PrincipalArn": [*allowed_role_arns, *later_role_arns]},
                    "StringNotEquals": {"aws:PrincipalServiceName": list(SSN_EXEMPT_SERVICES)},
                },
            },
        ],
    }
    return pulumi.Output.json_dumps(document)


def service_key_policy(account_id: str, region: str, services: Sequence[str] = ()) -> dict[str, Any]:
    """A key for one service's data and its logs: root administers and delegates (as with the shared
    key); CloudWatch Logs encrypts this account's log groups; each of ``services`` uses the key on
    behalf of this account only."""
    crypto = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
    statements: list[dict[str, Any]] = [
        {
            "Sid": "AccountRootAdministersAndDelegates",
            "Effect": "Allow",
            "Principal": {"AWS": account_root_arn(account_id)},
            "Action": "kms:*",
            "Resource": "*",
        },
        {
            "Sid": "CloudWatchLogsEncryptsThisAccountsLogGroups",
            "Effect": "Allow",
            "Principal": {"Service": f"logs.{region}.amazonaws.com"},
            "Action": crypto,
            "Resource": "*",
            "Condition": {
                "ArnLike": {"kms:EncryptionContext:aws:logs:arn": f"arn:aws:logs:{region}:{account_id}:*"}
            },
        },
    ]
    statements += [
        {
            "Sid": f"{service.split('.')[0].capitalize()}UsesTheKeyForThisAccount",
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": [*crypto, "kms:CreateGrant"],
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
        }
        for service in services
    ]
    return {"Version": "2012-10-17", "Statement": statements}


def create_key(
    owner: CompactConnectComponent[Any],
    name: str,
    *,
    alias: str,
    description: str,
    policy: pulumi.Input[str],
    adopted_id: str | None = None,
) -> aws.kms.Key:
    """A rotating customer-managed key plus its alias, protected and retained where data is kept.

    The alias is retained with the key so that a retained key stays findable by name. ``adopted_id``:
    the reference deployment's key taken over where it stands (its data stays readable only with it).
    """
    key = aws.kms.Key(
        name,
        description=description,
        enable_key_rotation=True,
        deletion_window_in_days=DELETION_WINDOW_DAYS,
        policy=policy,
        tags=owner.tags,
        opts=owner.data_opts(import_=adopted_id),
    )
    aws.kms.Alias(f"{name}Alias", name=alias, target_key_id=key.key_id, opts=owner.data_opts())
    return key
