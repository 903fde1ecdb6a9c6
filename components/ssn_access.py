"""Who may touch full SSNs, and how (spec/infra.md §3.3).

Three shared roles are the only principals allowed to use the SSN key: the license ingest role
(preprocessor), the license upload role (bulk-upload URL, post-licenses and bulk-parse handlers) and
the provider query role (GET ``/providers/{id}/ssn``). Their ARNs feed the SSN key policy's Deny, so
the roles are created before the key and get their inline policies after the table and bucket exist.

The SSN table's resource policy forces one-record-at-a-time access through ``ssnIndex``, so the
organisation's CloudTrail data events (keyed on the ``-DataEventsLog`` table-name suffix) never
record an SSN as a key parameter.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent
from core.tables import SSN_INDEX
from policies.conventions import MARKER_TRUE, SSN_ACCESS_TAG

SSN_ROLES: dict[str, str] = {
    "license_ingest": "LicenseIngestRole",
    "license_upload": "LicenseUploadRole",
    "provider_query": "ProviderQueryRole",
}

TABLE_READ = ("dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable")
TABLE_WRITE = ("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem")
KEY_ENCRYPT_DECRYPT = (
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncrypt*",
    "kms:GenerateDataKey*",
    "kms:DescribeKey",
)
KEY_DECRYPT = ("kms:Decrypt", "kms:DescribeKey")
DYNAMODB_SERVICE = "dynamodb.amazonaws.com"


@dataclass(frozen=True)
class SsnExemptions:
    """Extension point for principals beyond the three SSN roles (none exist yet).

    ``bulk_access_role_arns``: the disaster-recovery Lambda role, which must Scan/BatchWrite the table
    during a restore; ``backup_role_arns``: the SSN backup role, which must create backups. Both
    also join the SSN key's allow list. Pass fixed-name ARN strings: those roles are created by
    components that depend on ``Persistent``, so their outputs would make a cycle.
    """

    bulk_access_role_arns: tuple[str, ...] = ()
    backup_role_arns: tuple[str, ...] = ()

    @property
    def key_user_arns(self) -> tuple[str, ...]:
        return (*self.bulk_access_role_arns, *self.backup_role_arns)


def _lambda_trust_policy() -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )


def create_ssn_roles(owner: CompactConnectComponent[Any], environment: str) -> dict[str, aws.iam.Role]:
    """The three SSN roles, permissions-free until :func:`grant_ssn_access` runs."""
    tags = {**owner.tags, SSN_ACCESS_TAG: MARKER_TRUE}
    return {
        key: aws.iam.Role(
            name,
            description=f"CompactConnect {environment}: SSN-designated role {name}",
            assume_role_policy=_lambda_trust_policy(),
            tags=tags,
            opts=owner.child_opts(),
        )
        for key, name in SSN_ROLES.items()
    }


def ssn_table_policy(table_arn: str, exemptions: SsnExemptions) -> dict[str, Any]:
    """The three Deny statements of spec §3.3 (policy rule 6)."""

    def unless(extra_roles: Sequence[str]) -> dict[str, Any]:
        # Negated operators AND together: the Deny applies only when *neither* exemption matches.
        condition: dict[str, Any] = {"StringNotEquals": {"aws:PrincipalServiceName": DYNAMODB_SERVICE}}
        if extra_roles:
            condition["ArnNotEquals"] = {"aws:PrincipalArn": list(extra_roles)}
        return condition

    table_and_indexes = [table_arn, f"{table_arn}/index/*"]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyBackupsExceptDynamoDB",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": "dynamodb:CreateBackup",
                "Resource": table_and_indexes,
                "Condition": unless(exemptions.backup_role_arns),
            },
            {
                "Sid": "DenyBulkReadsAndWrites",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": [
                    "dynamodb:BatchGetItem",
                    "dynamodb:BatchWriteItem",
                    "dynamodb:PartiQL*",
                    "dynamodb:Scan",
                ],
                "Resource": table_and_indexes,
                "Condition": unless(exemptions.bulk_access_role_arns),
            },
            {
                # Reads must name `.../index/ssnIndex` (keyed by provider id), so CloudTrail data
                # events never carry an SSN in a key parameter.
                "Sid": "DenyReadsExceptThroughSsnIndex",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"],
                "NotResource": f"{table_arn}/index/{SSN_INDEX}",
            },
        ],
    }


def create_ssn_table_policy(
    owner: CompactConnectComponent[Any], table: aws.dynamodb.Table, exemptions: SsnExemptions
) -> aws.dynamodb.ResourcePolicy:
    return aws.dynamodb.ResourcePolicy(
        "SSNTableResourcePolicy",
        resource_arn=table.arn,
        policy=table.arn.apply(lambda arn: json.dumps(ssn_table_policy(arn, exemptions))),
        opts=owner.data_opts(),
    )


def _allow(sid: str, actions: Sequence[str], resources: Sequence[str]) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Action": list(actions), "Resource": list(resources)}


def _lambda_logs(region: str, account_id: str) -> dict[str, Any]:
    group = f"arn:aws:logs:{region}:{account_id}:log-group:/aws/lambda/*"
    return _allow(
        "WriteLambdaLogs",
        ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
        [group, f"{group}:log-stream:*"],
    )


def role_statements(arns: Mapping[str, str], region: str, account_id: str) -> dict[str, list[dict[str, Any]]]:
    """Inline statements per SSN role, from resolved ARNs (``ssn_table``, ``ssn_key``, ``shared_key``,
    ``provider_table``, ``bulk_uploads``, ``event_bus``). Exact resources only, no wildcard actions."""
    ssn_table, provider_table = arns["ssn_table"], arns["provider_table"]
    logs = _lambda_logs(region, account_id)
    put_events = _allow("PutDataEvents", ["events:PutEvents"], [arns["event_bus"]])
    return {
        "license_ingest": [
            _allow("SsnTableReadWrite", [*TABLE_READ, *TABLE_WRITE], [ssn_table, f"{ssn_table}/index/*"]),
            _allow("SsnKeyEncryptDecrypt", KEY_ENCRYPT_DECRYPT, [arns["ssn_key"]]),
            put_events,
            logs,
        ],
        "license_upload": [
            _allow("SsnKeyEncryptDecrypt", KEY_ENCRYPT_DECRYPT, [arns["ssn_key"]]),
            _allow(
                "BulkUploadObjects",
                ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
                [f"{arns['bulk_uploads']}/*"],
            ),
            _allow("BulkUploadList", ["s3:ListBucket"], [arns["bulk_uploads"]]),
            put_events,
            logs,
        ],
        "provider_query": [
            _allow("SsnIndexRead", ["dynamodb:Query"], [f"{ssn_table}/index/{SSN_INDEX}"]),
            _allow("SsnKeyDecrypt", KEY_DECRYPT, [arns["ssn_key"]]),
            _allow(
                "ProviderTableRead",
                ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:DescribeTable"],
                [provider_table, f"{provider_table}/index/*"],
            ),
            _allow("SharedKeyDecrypt", KEY_DECRYPT, [arns["shared_key"]]),
            logs,
        ],
    }


def grant_ssn_access(
    owner: CompactConnectComponent[Any],
    roles: Mapping[str, aws.iam.Role],
    resource_arns: Mapping[str, pulumi.Input[str]],
    *,
    region: str,
    account_id: str,
) -> dict[str, aws.iam.RolePolicy]:
    """One inline policy per SSN role (see :func:`role_statements` for the ``resource_arns`` keys)."""
    resolved = pulumi.Output.all(**resource_arns)
    policies = {}

    def document_of(key: str) -> pulumi.Output[str]:
        return resolved.apply(
            lambda arns: json.dumps(
                {"Version": "2012-10-17", "Statement": role_statements(arns, region, account_id)[key]}
            )
        )

    for key, role in roles.items():
        document = document_of(key)
        policies[key] = aws.iam.RolePolicy(
            f"{SSN_ROLES[key]}Policy", role=role.id, policy=document, opts=owner.child_opts()
        )
    return policies
