"""Least-privilege IAM statements for a function, from its catalog grants.

Every statement names exact resources (table and its indexes, queue, bucket objects, pool, bus,
and the KMS key that encrypts each of them). Values may be Pulumi outputs; the document is
rendered with ``Output.json_dumps``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

import pulumi
import pulumi_aws as aws

from components.search_domain import access_paths
from core.buckets import BUCKETS_BY_KEY, BucketAccess
from core.catalog import (
    BULK_TABLE_KEY_ENV_VAR,
    SEARCH_ENDPOINT_ENV_VAR,
    Access,
    BulkAccess,
    BulkTableGrant,
    FunctionSpec,
    KeyName,
    SearchAccess,
    TableGrant,
    function_name_env_var,
    restored_tables_pattern,
)
from core.queues import QueueSpec
from core.secrets import COMPACT_SECRETS_KEY_ENV_VAR, CompactSecretSpec
from core.tables import TABLES_BY_KEY
from core.user_pools import SIGN_IN_CHECK, USER_POOL_CLIENT_ENV_VARS, USER_POOL_ENV_VARS, UserPoolName

TABLE_ACTIONS: dict[Access, list[str]] = {
    Access.READ: [
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DescribeTable",
    ],
    Access.WRITE: [
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
    ],
}
TABLE_ACTIONS[Access.READ_WRITE] = TABLE_ACTIONS[Access.READ] + TABLE_ACTIONS[Access.WRITE]
KEYED_READS = frozenset(
    {"dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"}
)
DECRYPT = ["kms:Decrypt"]
SECRETS_MANAGER_SERVICE = "secretsmanager.*.amazonaws.com"
"""A secret's key may be used only by Secrets Manager on the function's behalf (``kms:ViaService``)."""
ENCRYPT_DECRYPT = ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt"]
QUEUE_ACTIONS = {
    "send": ["sqs:SendMessage", "sqs:GetQueueAttributes"],
    "consume": [
        "sqs:ReceiveMessage",
        "sqs:DeleteMessage",
        "sqs:ChangeMessageVisibility",
        "sqs:GetQueueAttributes",
    ],
}
COMPACT_SECRET_ACTIONS = {
    "read": ["secretsmanager:GetSecretValue"],
    "write": [
        "secretsmanager:DescribeSecret",
        "secretsmanager:CreateSecret",
        "secretsmanager:PutSecretValue",
    ],
}
VPC_INTERFACE_ACTIONS = [
    "ec2:DeleteNetworkInterface",
    "ec2:AssignPrivateIpAddresses",
    "ec2:UnassignPrivateIpAddresses",
]
BUCKET_ACTIONS: dict[BucketAccess, list[str]] = {
    BucketAccess.READ: ["s3:GetObject"],
    BucketAccess.WRITE: ["s3:PutObject"],
    BucketAccess.READ_DELETE: ["s3:GetObject", "s3:DeleteObject"],
}


@dataclass(frozen=True)
class Resources:
    """Everything a function may be granted, built once by the program."""

    tables: Mapping[str, aws.dynamodb.Table]
    keys: Mapping[KeyName, aws.kms.Key]
    queues: Mapping[str, aws.sqs.Queue] = field(default_factory=dict)
    queue_specs: Mapping[str, QueueSpec] = field(default_factory=dict)
    buckets: Mapping[str, aws.s3.Bucket] = field(default_factory=dict)
    user_pools: Mapping[UserPoolName, aws.cognito.UserPool] = field(default_factory=dict)
    user_pool_clients: Mapping[UserPoolName, aws.cognito.UserPoolClient] = field(default_factory=dict)
    """Each human pool's UI client, for functions that check a password as the UI signs in."""
    event_bus: aws.cloudwatch.EventBus | None = None
    functions: Mapping[str, aws.lambda_.Function] = field(default_factory=dict)
    """Functions others may invoke (the email service), by catalog name."""
    secrets: Mapping[str, aws.secretsmanager.Secret] = field(default_factory=dict)
    """Application secrets (``core.secrets``), by key; each is encrypted with the shared key."""
    compact_secret_arn: Callable[[CompactSecretSpec, str], str] | None = None
    """The ARN pattern of a per-compact secret (functions create those at run time) in one compact."""
    compacts: tuple[str, ...] = ()
    search: SearchTarget | None = None


@dataclass(frozen=True)
class SearchTarget:
    """The search domain, and the network the functions that reach it run in."""

    domain_arn: pulumi.Input[str]
    endpoint: pulumi.Input[str]
    subnet_ids: Sequence[pulumi.Input[str]]
    security_group_id: pulumi.Input[str]
    region: str
    account_id: str

    def statements(self, access: SearchAccess, compacts: Sequence[str]) -> list[dict[str, Any]]:
        """The access level's verbs on its paths of the domain, and the network interfaces a function in
        the VPC needs (created only in the network's subnets with its group; listing them cannot be
        scoped)."""
        verbs, paths = access_paths(access, compacts)
        eni = f"arn:aws:ec2:{self.region}:{self.account_id}:network-interface/*"
        subnets = [
            pulumi.Output.concat(f"arn:aws:ec2:{self.region}:{self.account_id}:subnet/", subnet)
            for subnet in self.subnet_ids
        ]
        group = pulumi.Output.concat(
            f"arn:aws:ec2:{self.region}:{self.account_id}:security-group/", self.security_group_id
        )
        return [
            _allow(
                "SearchDomain",
                [f"es:ESHttp{verb.capitalize()}" for verb in verbs],
                [pulumi.Output.concat(self.domain_arn, "/", path) for path in paths],
            ),
            _allow("NetworkInterfaceCreate", ["ec2:CreateNetworkInterface"], [eni, *subnets, group]),
            _allow("NetworkInterfaceUse", VPC_INTERFACE_ACTIONS, [eni]),
            _allow("NetworkInterfaceList", ["ec2:DescribeNetworkInterfaces"], ["*"]),
        ]


def _index_arn(table_arn: pulumi.Output[str], index: str) -> pulumi.Output[str]:
    return table_arn.apply(lambda arn: f"{arn}/index/{index}")


def _allow(sid: str, actions: list[str], resources: list[Any]) -> dict[str, Any]:
    return {"Sid": sid, "Effect": "Allow", "Action": actions, "Resource": resources}


def _table_statements(sid: str, grant: TableGrant, table: aws.dynamodb.Table) -> list[dict[str, Any]]:
    """A table grant, less what the table's resource policy refuses everyone: nothing it denies, and on
    a table read only through an index, keyed reads on that index alone."""
    if grant.index is not None:
        return [_allow(sid, ["dynamodb:Query"], [_index_arn(table.arn, grant.index)])]
    declared = TABLES_BY_KEY[grant.table]
    allowed = [
        a for a in TABLE_ACTIONS[grant.access] if not any(fnmatchcase(a, d) for d in declared.denied_actions)
    ]
    if declared.reads_only_through is None:
        found = [_allow(sid, allowed, [table.arn, table.arn.apply(lambda a: f"{a}/index/*")])]
    else:
        found = [_allow(sid, [a for a in allowed if a not in KEYED_READS], [table.arn])]
        if grant.access is not Access.WRITE:
            found.append(
                _allow(
                    f"{sid}Index", ["dynamodb:Query"], [_index_arn(table.arn, declared.reads_only_through)]
                )
            )
    if grant.partitions:
        operator = (
            "ForAllValues:StringLike"
            if any("*" in p for p in grant.partitions)
            else "ForAllValues:StringEquals"
        )
        for statement in found:
            statement["Condition"] = {operator: {"dynamodb:LeadingKeys": list(grant.partitions)}}
    return found


BULK_ACTIONS: dict[BulkAccess, list[str]] = {
    BulkAccess.CLEAR: ["dynamodb:Scan", "dynamodb:BatchWriteItem", "dynamodb:DeleteItem"],
    BulkAccess.COPY_RESTORED: ["dynamodb:BatchWriteItem", "dynamodb:PutItem"],
}


def _restored_tables_arn(table_arn: str) -> str:
    """``arn:...:table/<name>`` → ``arn:...:table/DR-TEMP-*-<name>``: every restored copy of the table."""
    prefix, name = table_arn.split(":table/", 1)
    return f"{prefix}:table/{restored_tables_pattern(name)}"


def _bulk_statements(grant: BulkTableGrant, res: Resources) -> list[dict[str, Any]]:
    """A recovery step's whole-table access: clearing scans and deletes the live table; copying writes
    it and scans only the table's restored copies (``DR-TEMP-<incident>-<table>``), never another
    table. Both use the table's key, which also seals the copy's cursor."""
    table = res.tables[grant.table]
    found = [_allow("BulkTable", BULK_ACTIONS[grant.access], [table.arn])]
    if grant.access is BulkAccess.COPY_RESTORED:
        restored = table.arn.apply(_restored_tables_arn)
        found.append(_allow("RestoredTables", ["dynamodb:Scan", "dynamodb:DescribeTable"], [restored]))
    key = res.keys[TABLES_BY_KEY[grant.table].encryption_key]
    found.append(_allow("BulkTableKey", ENCRYPT_DECRYPT, [key.arn]))
    return found


def statements(spec: FunctionSpec, res: Resources) -> list[dict[str, Any]]:
    """The grant statements of one function (logging and tracing are added by the caller)."""
    found: list[dict[str, Any]] = []
    for index, grant in enumerate(spec.grants):
        key = res.keys[TABLES_BY_KEY[grant.table].encryption_key]
        key_actions = DECRYPT if grant.access is Access.READ else ENCRYPT_DECRYPT
        found.extend(_table_statements(f"Table{index}", grant, res.tables[grant.table]))
        found.append(_allow(f"TableKey{index}", key_actions, [key.arn]))
    for index, pool_grant in enumerate(spec.pool_grants):
        found.append(
            _allow(f"UserPool{index}", list(pool_grant.actions), [res.user_pools[pool_grant.pool].arn])
        )
    for index, queue_grant in enumerate(spec.queue_grants):
        queue_key = res.keys[res.queue_specs[queue_grant.queue].encryption_key]
        found.append(
            _allow(f"Queue{index}", QUEUE_ACTIONS[queue_grant.action], [res.queues[queue_grant.queue].arn])
        )
        key_actions = ENCRYPT_DECRYPT if queue_grant.action == "send" else DECRYPT
        found.append(_allow(f"QueueKey{index}", key_actions, [queue_key.arn]))
    for index, bucket_grant in enumerate(spec.bucket_grants):
        bucket_spec = BUCKETS_BY_KEY[bucket_grant.bucket]
        bucket = res.buckets[bucket_grant.bucket]
        objects = bucket.arn.apply(lambda a: f"{a}/*")
        found.append(_allow(f"Bucket{index}", BUCKET_ACTIONS[bucket_grant.access], [objects]))
        if bucket_grant.access is BucketAccess.READ_DELETE:
            # Consumers of uploads must tell an object already gone (404) from a refusal (403).
            found.append(_allow(f"BucketList{index}", ["s3:ListBucket"], [bucket.arn]))
        if bucket_spec.encryption_key is not None:
            key_actions = DECRYPT if bucket_grant.access is not BucketAccess.WRITE else ENCRYPT_DECRYPT
            found.append(_allow(f"BucketKey{index}", key_actions, [res.keys[bucket_spec.encryption_key].arn]))
    if spec.publishes_events:
        assert res.event_bus is not None, f"{spec.name} publishes events but there is no bus"
        found.append(_allow("PublishEvents", ["events:PutEvents"], [res.event_bus.arn]))
    if spec.invokes:
        found.append(
            _allow("Invoke", ["lambda:InvokeFunction"], [res.functions[name].arn for name in spec.invokes])
        )
    for index, compact_grant in enumerate(spec.compact_secrets):
        assert res.compact_secret_arn is not None, f"{spec.name} is granted per-compact secrets"
        arns = [res.compact_secret_arn(compact_grant.secret, compact) for compact in res.compacts]
        found.append(_allow(f"CompactSecret{index}", COMPACT_SECRET_ACTIONS[compact_grant.access], arns))
        key_use = _allow(
            f"CompactSecretKey{index}",
            DECRYPT if compact_grant.access == "read" else ENCRYPT_DECRYPT,
            [res.keys[KeyName.SHARED].arn],
        )
        key_use["Condition"] = {"StringLike": {"kms:ViaService": SECRETS_MANAGER_SERVICE}}
        found.append(key_use)
    for index, secret in enumerate(spec.secrets):
        found.append(
            _allow(f"Secret{index}", ["secretsmanager:GetSecretValue"], [res.secrets[secret.key].arn])
        )
        through_secrets_manager = _allow(f"SecretKey{index}", DECRYPT, [res.keys[KeyName.SHARED].arn])
        through_secrets_manager["Condition"] = {"StringLike": {"kms:ViaService": SECRETS_MANAGER_SERVICE}}
        found.append(through_secrets_manager)
    if spec.search is not None:
        assert res.search is not None, f"{spec.name} reaches the search domain but there is none"
        found.extend(res.search.statements(spec.search, res.compacts))
    if spec.bulk is not None:
        found.extend(_bulk_statements(spec.bulk, res))
    return found


def environment(spec: FunctionSpec, res: Resources) -> dict[str, pulumi.Input[str]]:
    """The variables that tell a function the names of what it was granted."""
    variables: dict[str, pulumi.Input[str]] = {
        TABLES_BY_KEY[grant.table].env_var: res.tables[grant.table].name for grant in spec.grants
    }
    variables |= {USER_POOL_ENV_VARS[g.pool]: res.user_pools[g.pool].id for g in spec.pool_grants}
    variables |= {
        USER_POOL_CLIENT_ENV_VARS[g.pool]: res.user_pool_clients[g.pool].id
        for g in spec.pool_grants
        if SIGN_IN_CHECK in g.actions
    }
    variables |= {
        res.queue_specs[g.queue].env_var: res.queues[g.queue].url
        for g in spec.queue_grants
        if g.action == "send"
    }
    variables |= {BUCKETS_BY_KEY[g.bucket].env_var: res.buckets[g.bucket].bucket for g in spec.bucket_grants}
    if spec.publishes_events and res.event_bus is not None:
        variables["EVENT_BUS_NAME"] = res.event_bus.name
    variables |= {function_name_env_var(name): res.functions[name].name for name in spec.invokes}
    variables |= {secret.env_var: res.secrets[secret.key].arn for secret in spec.secrets}
    if any(grant.access == "write" for grant in spec.compact_secrets):
        variables[COMPACT_SECRETS_KEY_ENV_VAR] = res.keys[KeyName.SHARED].arn
    if spec.search is not None and res.search is not None:
        variables[SEARCH_ENDPOINT_ENV_VAR] = res.search.endpoint
    if spec.bulk is not None:
        bulk_table = TABLES_BY_KEY[spec.bulk.table]
        variables[bulk_table.env_var] = res.tables[bulk_table.key].name
        variables[BULK_TABLE_KEY_ENV_VAR] = res.keys[bulk_table.encryption_key].arn
    return variables
