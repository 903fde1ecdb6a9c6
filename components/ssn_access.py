"""Who may touch full SSNs, and how (spec/infra.md §3.3).

Each function on the SSN path (``FunctionSpec.ssn_access``: the preprocessor, the bulk-upload URL,
post-licenses and bulk-parse handlers, GET ``/providers/{id}/ssn``) runs as a role of its own, and those
roles are the only principals allowed to use the SSN key. Their ARNs feed the SSN key policy's Deny, so
the roles are created before the key (here, with the environment's data) and get their inline policies
from their functions after the table and bucket exist. The reference shared three roles among them;
one role per function means a compromised upload handler cannot read what the SSN route reads.

The SSN table's resource policy forces one-record-at-a-time access through ``ssnIndex``, so the
organisation's CloudTrail data events (keyed on the ``-DataEventsLog`` table-name suffix) never
record an SSN as a key parameter.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent
from components.trust import service_trust_policy
from core.tables import SSN, SSN_INDEX
from policies.conventions import MARKER_TRUE, SSN_ACCESS_TAG

DYNAMODB_SERVICE = "dynamodb.amazonaws.com"


@dataclass(frozen=True)
class SsnExemptions:
    """Principals beyond the SSN-path functions' roles that the SSN table and key must admit.

    ``bulk_access_role_arns``: roles that must Scan/BatchWrite the whole table (the SSN table's
    recovery steps, whose roles ``Persistent`` creates as SSN-path roles and adds here itself);
    ``backup_role_arns``: roles that must create backups of it (the SSN backup role, the SSN table's
    restore machine). Both also join the SSN key's allow list. Roles created after ``Persistent`` are
    passed as fixed-name ARN strings: their outputs would make a cycle.
    """

    bulk_access_role_arns: tuple[pulumi.Input[str], ...] = ()
    backup_role_arns: tuple[pulumi.Input[str], ...] = ()

    @property
    def key_user_arns(self) -> tuple[pulumi.Input[str], ...]:
        return (*self.bulk_access_role_arns, *self.backup_role_arns)


def ssn_role_name(function_name: str) -> str:
    """The logical name of an SSN-path function's role."""
    return f"{function_name}-SsnRole"


def ssn_role_physical_name(name_prefix: str, function_name: str) -> str:
    """Fixed, so that the SSN table's policy can exempt a role by an ARN known before the role exists,
    and the policy pack can tell which statement names which role."""
    return f"{name_prefix}-{function_name}"


def create_ssn_roles(
    owner: CompactConnectComponent[Any], environment: str, name_prefix: str, function_names: Sequence[str]
) -> dict[str, aws.iam.Role]:
    """One role per SSN-path function, by function name. They carry no permissions of their own: the
    function attaches its catalog grants to its role (``LambdaFunction``), so each role can do exactly
    what its function was granted, and write only to its log group."""
    tags = {**owner.tags, SSN_ACCESS_TAG: MARKER_TRUE}
    return {
        name: aws.iam.Role(
            ssn_role_name(name),
            name=ssn_role_physical_name(name_prefix, name),
            description=f"CompactConnect {environment}: runs the SSN-path function {name} only",
            assume_role_policy=service_trust_policy("lambda.amazonaws.com"),
            tags=tags,
            opts=owner.child_opts(),
        )
        for name in function_names
    }


def ssn_table_policy(
    table_arn: str, bulk_access_role_arns: Sequence[str], backup_role_arns: Sequence[str]
) -> dict[str, Any]:
    """The three Deny statements of spec §3.3 (policy rule 6), with the exemptions' ARNs resolved."""

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
                "Condition": unless(backup_role_arns),
            },
            {
                "Sid": "DenyBulkReadsAndWrites",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": list(SSN.denied_actions),  # one declaration for this Deny and for the grants
                "Resource": table_and_indexes,
                "Condition": unless(bulk_access_role_arns),
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
        policy=pulumi.Output.all(
            table.arn, list(exemptions.bulk_access_role_arns), list(exemptions.backup_role_arns)
        ).apply(lambda resolved: json.dumps(ssn_table_policy(resolved[0], resolved[1], resolved[2]))),
        opts=owner.data_opts(),
    )
