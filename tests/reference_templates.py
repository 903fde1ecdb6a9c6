"""The reference's CloudFormation templates, reduced to what a cut-over touches: every resource that holds
data or identities, as its CDK app declares it (the construct paths that make its logical ids, key schemas
and GSIs of spec/infra.md §1.5, the pools' schemas and settings of §2, fixed names), and a few stateless
resources beside them that the cut-over replaces. The user pools are in tests/reference_pools.py.

Which stateful resources carry ``DeletionPolicy``/``UpdateReplacePolicy: Retain`` is the caller's choice
(:class:`Retention`): all of them, as after the operator's retain deploy, or as the reference's CDK app
leaves them (prod: its data resources only, never the bus or a pool's domain, client or resource servers;
every other environment: none), and either way with named exceptions.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

RETAIN = {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}
DELETE = {"DeletionPolicy": "Delete", "UpdateReplacePolicy": "Delete"}
SSN_TABLE_NAME = "ssn-table-DataEventsLog"


def logical_id(path: str) -> str:
    """CDK's logical id of ``A/B/Resource``: the path's letters and digits, then eight hex digits of its
    hash (the trailing ``Resource`` of an L2 construct's resource is left out of both here)."""
    human = re.sub(r"[^A-Za-z0-9]", "", path)
    return human + hashlib.md5(path.encode()).hexdigest()[:8].upper()


@dataclass(frozen=True)
class Retention:
    environment: str
    retain_all: bool = True
    not_retained: frozenset[str] = frozenset()
    """Construct paths (``ProviderTable``, ``StaffUsersGreen/UIClient``) left without Retain."""

    def policies(self, path: str, removal_policy: bool) -> dict[str, str]:
        """``removal_policy``: the CDK app gives the resource the environment's (tables, buckets, keys,
        pools, vaults); an event bus or a pool's parts get none, so their templates say nothing."""
        retained = self.retain_all or (removal_policy and self.environment == "prod")
        if retained and path not in self.not_retained:
            return dict(RETAIN)
        return dict(DELETE) if removal_policy else {}


@dataclass
class Template:
    retention: Retention
    resources: dict[str, Any] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)
    """Construct path -> logical id, for the tests' expectations."""
    outputs: dict[str, Any] = field(default_factory=dict)

    def add(
        self, path: str, resource_type: str, properties: Mapping[str, Any], *, data: bool | None = None
    ) -> str:
        """``data``: None for a stateless resource; else whether the CDK app gives it a removal policy."""
        logical = logical_id(path)
        body: dict[str, Any] = {"Type": resource_type, "Properties": dict(properties)}
        if data is not None:
            body.update(self.retention.policies(path, data))
        self.resources[logical] = body
        self.paths[path] = logical
        return logical

    def body(self, stack: str) -> dict[str, Any]:
        """The template of stack ``stack``. Buckets get the name CloudFormation would give them (stack and
        logical id cut to fit, a random tail): moto's own would break S3's 63-character limit."""
        resources = {logical: dict(resource) for logical, resource in self.resources.items()}
        for logical, resource in resources.items():
            properties = resource.get("Properties") or {}
            if resource["Type"] == "AWS::S3::Bucket" and "BucketName" not in properties:
                tail = hashlib.md5(f"{stack}/{logical}".encode()).hexdigest()[:12]
                name = f"{stack}-{logical}"[:50].lower().rstrip("-")
                resource["Properties"] = {**properties, "BucketName": f"{name}-{tail}"}
        return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources, "Outputs": self.outputs}


def kms_key(template: Template, path: str, alias: str) -> dict[str, str]:
    """A rotating key and its alias; answers the key as a CloudFormation value (its Ref)."""
    key = template.add(
        path, "AWS::KMS::Key", {"EnableKeyRotation": True, "KeyPolicy": _KEY_POLICY}, data=True
    )
    template.add(f"{path}/Alias", "AWS::KMS::Alias", {"AliasName": alias, "TargetKeyId": {"Ref": key}})
    return {"Ref": key}


def shared_key_import(persistent_stack: str) -> dict[str, str]:
    """How the other stacks use PersistentStack's shared key: CDK's cross-stack export of its ARN."""
    return {"Fn::ImportValue": f"{persistent_stack}:ExportsOutputFnGetAttSharedEncryptionKeyArn"}


_KEY_POLICY = json.dumps(  # CloudFormation takes an object or its JSON; moto's KMS only the JSON
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "kms:*"}]}
)


def table(
    template: Template,
    path: str,
    key: Any,
    indexes: Sequence[tuple[str, ...]] = (),
    **extra: Any,
) -> str:
    """A pay-per-request pk/sk table under ``key`` (a CloudFormation value); ``indexes``: (name,
    partition, sort or "", the attributes it includes...), projecting ALL when it names none."""
    attributes = [
        "pk",
        "sk",
        *sorted({a for _, *keys in indexes for a in keys[:2] if a and a not in ("pk", "sk")}),
    ]
    properties: dict[str, Any] = {
        "KeySchema": [
            {"AttributeName": "pk", "KeyType": "HASH"},
            {"AttributeName": "sk", "KeyType": "RANGE"},
        ],
        "AttributeDefinitions": [{"AttributeName": a, "AttributeType": "S"} for a in attributes],
        "BillingMode": "PAY_PER_REQUEST",
        "SSESpecification": {"SSEEnabled": True, "SSEType": "KMS", "KMSMasterKeyId": key},
        "PointInTimeRecoverySpecification": {"PointInTimeRecoveryEnabled": True},
        "DeletionProtectionEnabled": template.retention.environment == "prod",
        **extra,
    }
    if indexes:
        properties["GlobalSecondaryIndexes"] = [
            {
                "IndexName": name,
                "KeySchema": [{"AttributeName": pk, "KeyType": "HASH"}]
                + ([{"AttributeName": sk, "KeyType": "RANGE"}] if sk else []),
                "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": list(include)}
                if include
                else {"ProjectionType": "ALL"},
            }
            for name, pk, sk, *include in indexes
        ]
    return template.add(path, "AWS::DynamoDB::Table", properties, data=True)


def bucket(template: Template, path: str, key: Any = None) -> str:
    encryption = {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key} if key else {"SSEAlgorithm": "AES256"}
    properties = {
        "BucketEncryption": {
            "ServerSideEncryptionConfiguration": [{"ServerSideEncryptionByDefault": encryption}]
        },
        "VersioningConfiguration": {"Status": "Enabled"},
    }
    return template.add(path, "AWS::S3::Bucket", properties, data=True)


def queue(template: Template, path: str) -> str:
    return template.add(path, "AWS::SQS::Queue", {"MessageRetentionPeriod": 43200})


PROVIDER_INDEXES = (
    ("providerFamGivMid", "sk", "providerFamGivMid"),
    ("providerDateOfUpdate", "sk", "providerDateOfUpdate"),
    ("licenseGSI", "licenseGSIPK", "licenseGSISK"),
    (
        "compactTransactionIdGSI",
        "compactTransactionIdGSIPK",
        "",
        *("privilegeId", "updatedValues", "previous", "jurisdiction", "type", "compactTransactionId"),
        "providerId",
    ),
    ("licenseUploadDateGSI", "licenseUploadDateGSIPK", "licenseUploadDateGSISK", "providerId"),
)


def persistent(env: str, stack: str, retention: Retention, *, backup_stack_url: str | None) -> Template:
    t = Template(retention)
    shared = kms_key(t, "SharedEncryptionKey", f"alias/{stack}-shared-encryption-key")
    ssn = kms_key(t, "SSNKey", "alias/ssn-key")
    export = shared_key_import(stack)["Fn::ImportValue"]
    arn = {"Fn::GetAtt": [shared["Ref"], "Arn"]}
    t.outputs["ExportsOutputFnGetAttSharedEncryptionKeyArn"] = {"Value": arn, "Export": {"Name": export}}
    bus = t.add("DataEventBus", "AWS::Events::EventBus", {"Name": f"{env}-dataEventBus"}, data=False)
    # CloudFormation names the archive (the app does not); moto's generated names are too long for one
    archive = {
        "SourceArn": {"Fn::GetAtt": [bus, "Arn"]},
        "RetentionDays": 180,
        "ArchiveName": f"{env}-archive",
    }
    t.add("DataEventBus/DataEventBusArchive", "AWS::Events::Archive", archive, data=False)
    bucket(t, "AccessLogsBucket")
    table(t, "SSNTable", ssn, [("ssnIndex", "providerIdGSIpk", "sk")], TableName=SSN_TABLE_NAME)
    queue(t, "SSNTable/LicensePreprocessorQueue")
    bucket(t, "BulkUploadsBucket", ssn)
    bucket(t, "TransactionReportsBucket", shared)
    ttl = {"AttributeName": "ttl", "Enabled": True}
    no_recovery = {"PointInTimeRecoveryEnabled": False}
    table(
        t,
        "RateLimitingTable",
        shared,
        TimeToLiveSpecification=ttl,
        PointInTimeRecoverySpecification=no_recovery,
    )
    stream = {"StreamViewType": "NEW_AND_OLD_IMAGES"}
    table(t, "ProviderTable", shared, PROVIDER_INDEXES, StreamSpecification=stream)
    table(t, "DataEventTable", shared)
    queue(t, "DataEventTable/DataSourceQueue")
    table(t, "CompactConfigurationTable", shared)
    table(t, "TransactionHistoryTable", shared)
    bucket(t, "ProviderUsersBucket", shared)
    if backup_stack_url:
        t.add(
            "BackupInfrastructureStack.NestedStack/BackupInfrastructureStack.NestedStackResource",
            "AWS::CloudFormation::Stack",
            {"TemplateURL": backup_stack_url},
        )
    return t


def backup_infrastructure(env: str, retention: Retention) -> Template:
    t = Template(retention)
    for kind, alias in (("Backup", "backup"), ("SSNBackup", "ssn-backup")):
        key = kms_key(t, f"Local{kind}EncryptionKey", f"alias/compactconnect-{env}-{alias}-key")
        vault = {
            "BackupVaultName": f"CompactConnect-{env}-{kind}Vault",
            "EncryptionKeyArn": {"Fn::GetAtt": [key["Ref"], "Arn"]},
        }
        t.add(f"Local{kind}Vault", "AWS::Backup::BackupVault", vault, data=True)
    t.add("BackupServiceRole", "AWS::IAM::Role", {"AssumeRolePolicyDocument": _TRUST_BACKUP})
    return t


_TRUST_BACKUP = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "backup.amazonaws.com"}, "Action": "sts:AssumeRole"}
    ],
}


def event_state(retention: Retention, persistent_stack: str) -> Template:
    t = Template(retention)
    indexes = [("providerId-eventTime-index", "providerId", "eventTime")]
    ttl = {"AttributeName": "ttl", "Enabled": True}
    table(t, "EventStateTable", shared_key_import(persistent_stack), indexes, TimeToLiveSpecification=ttl)
    return t


def search_persistent(retention: Retention, persistent_stack: str) -> Template:
    """The search domain's key (kept) and the export bucket, under the shared key (the domain itself is a
    type moto's CloudFormation lacks; ops/adoption_rules.py rebuilds it)."""
    t = Template(retention)
    kms_key(t, "ProviderSearchDomain/EncryptionKey", "alias/opensearch-encryption-key")
    bucket(t, "ExportResultsBucket", shared_key_import(persistent_stack))
    queue(t, "ProviderUpdateIngestQueue")
    return t


def disaster_recovery(retention: Retention) -> Template:
    t = Template(retention)
    key = kms_key(t, "DisasterRecoverySharedEncryptionKey", "alias/disaster-recovery-shared-encryption-key")
    bucket(t, "DisasterRecoveryResultsBucket", key)
    return t


def vpc(retention: Retention) -> Template:
    t = Template(retention)
    kms_key(t, "VpcEncryptionKey", "alias/vpc-encryption-key")
    return t


def state_api(retention: Retention) -> Template:
    """A stateless stack with an API to freeze: the State API and its stage."""
    t = Template(retention)
    api = t.add("StateApi", "AWS::ApiGateway::RestApi", {"Name": "StateApi"})
    t.add(
        "StateApi/DeploymentStage.prod",
        "AWS::ApiGateway::Stage",
        {"RestApiId": {"Ref": api}, "StageName": "prod"},
    )
    return t
