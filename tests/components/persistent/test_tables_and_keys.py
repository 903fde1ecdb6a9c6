"""The Persistent component under mocks: structure, tables, SSN guard rails and keys."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws
import pytest

from core.catalog import KeyName, TableSpec
from core.tables import ALL_TABLES
from offline.runner import ProgramRun
from tests.components.persistent.support import (
    BUCKET,
    BUCKET_NAMES,
    COMPONENT,
    KEY,
    ROLE,
    SECURE_BUCKET,
    SSN_PATH_FUNCTIONS,
    SSN_ROLE_NAMES,
    STACKS,
    TABLE,
    TAGGABLE,
    doc,
    key_arn,
    persistent_run,
    statement,
)
from tests.components.programs import CAPTURED

# ---- API and structure ------------------------------------------------------------------------------


def test_attribute_api(local: ProgramRun) -> None:
    persistent = CAPTURED["local"]
    assert isinstance(persistent.shared_key, aws.kms.Key) and isinstance(persistent.ssn_key, aws.kms.Key)
    assert persistent.tables.keys() == {spec.key for spec in ALL_TABLES}
    assert persistent.buckets.keys() == BUCKET_NAMES.keys()
    assert all(isinstance(bucket, aws.s3.Bucket) for bucket in persistent.buckets.values())
    assert persistent.ssn_roles.keys() == set(SSN_PATH_FUNCTIONS)
    assert isinstance(persistent.event_bus, aws.cloudwatch.EventBus)
    assert isinstance(persistent.alarm_topic, aws.sns.Topic)
    assert isinstance(persistent, pulumi.ComponentResource)


def test_everything_is_parented_under_persistent(run: ProgramRun) -> None:
    (root,) = run.of_type(COMPONENT)
    by_urn = {r.urn: r for r in run.resources}
    for resource in run.resources:
        if resource.type.startswith("pulumi:providers:") or resource is root:
            continue
        parent = by_urn[resource.parent_urn]
        while parent is not root:
            parent = by_urn[parent.parent_urn]
    for secure_bucket in run.of_type(SECURE_BUCKET):
        assert secure_bucket.parent_urn == root.urn


def test_taggable_resources_carry_standard_tags(run: ProgramRun) -> None:
    for resource in run.resources:
        if resource.type in TAGGABLE:
            assert resource.inputs["tags"].items() >= run.config.tags.items(), resource.name


# ---- tables ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("stack", ["local", "prod"])
@pytest.mark.parametrize("spec", ALL_TABLES, ids=lambda spec: spec.key)
def test_table_matches_its_declaration(stack: str, spec: TableSpec) -> None:
    run = persistent_run(stack)
    inputs = run.named(TABLE, spec.resource_name).inputs
    assert inputs["name"] == spec.fixed_name or inputs["name"] == f"cc-{stack}-{spec.resource_name}"
    assert (inputs["hashKey"], inputs["rangeKey"], inputs["billingMode"]) == ("pk", "sk", "PAY_PER_REQUEST")
    assert inputs["attributes"] == [{"name": name, "type": "S"} for name in spec.attribute_names]
    indexes = {gsi["name"]: gsi for gsi in inputs.get("globalSecondaryIndexes", [])}
    assert indexes.keys() == {index.name for index in spec.indexes}
    for index in spec.indexes:
        gsi = indexes[index.name]
        expected_keys = [{"attributeName": index.partition_key, "keyType": "HASH"}]
        if index.sort_key:
            expected_keys.append({"attributeName": index.sort_key, "keyType": "RANGE"})
        assert gsi["keySchemas"] == expected_keys
        assert gsi["projectionType"] == index.projection
        assert gsi.get("nonKeyAttributes", []) == list(index.non_key_attributes)
    assert inputs["streamEnabled"] is (spec.stream is not None)
    assert inputs.get("streamViewType") == spec.stream
    expected_ttl = {"attributeName": spec.ttl_attribute, "enabled": True} if spec.ttl_attribute else None
    assert inputs.get("ttl") == expected_ttl
    assert inputs["pointInTimeRecovery"] == {"enabled": spec.point_in_time_recovery}
    assert inputs["serverSideEncryption"] == {"enabled": True, "kmsKeyArn": key_arn(run, spec.encryption_key)}
    # Tables backed up in no plan say so, for the policy pack's backup-tables-selected.
    assert inputs["tags"].get("NoBackup") == ("true" if spec.backup_category is None else None)


def test_tables_follow_the_spec_table(prod: ProgramRun) -> None:
    """Literal spot checks against spec/infra.md §1.5, independent of the declarations."""
    ssn = prod.named(TABLE, "SSNTable").inputs
    assert ssn["name"] == "ssn-table-DataEventsLog"
    assert ssn["serverSideEncryption"]["kmsKeyArn"] == key_arn(prod, KeyName.SSN)
    assert [gsi["name"] for gsi in ssn["globalSecondaryIndexes"]] == ["ssnIndex"]
    assert prod.named(TABLE, "ProviderTable").inputs["streamViewType"] == "NEW_AND_OLD_IMAGES"
    rate = prod.named(TABLE, "RateLimitingTable").inputs
    assert rate["pointInTimeRecovery"] == {"enabled": False} and rate["ttl"]["attributeName"] == "ttl"
    others = [t for t in prod.of_type(TABLE) if t.name != "SSNTable"]
    assert {t.inputs["serverSideEncryption"]["kmsKeyArn"] for t in others} == {key_arn(prod, KeyName.SHARED)}
    assert len(prod.of_type(TABLE)) == 8


def test_prod_protects_and_retains_data(prod: ProgramRun) -> None:
    for table in prod.of_type(TABLE):
        assert table.inputs["deletionProtectionEnabled"] is True
        assert table.protect and table.retain_on_delete, table.name
    data = [*prod.of_type(KEY), *prod.of_type(BUCKET), *prod.of_type("aws:cloudwatch/eventBus:EventBus")]
    assert all(r.protect and r.retain_on_delete for r in data)
    assert all(not b.inputs["forceDestroy"] for b in prod.of_type(BUCKET))


@pytest.mark.parametrize("stack", [s for s in STACKS if s != "prod"])
def test_other_environments_can_be_destroyed(stack: str) -> None:
    run = persistent_run(stack)
    for table in run.of_type(TABLE):
        assert table.inputs["deletionProtectionEnabled"] is False
    assert not any(r.protect or r.retain_on_delete for r in run.resources)
    assert all(b.inputs["forceDestroy"] for b in run.of_type(BUCKET))


# ---- SSN guard rails ------------------------------------------------------------------------------


def ssn_role_arns(run: ProgramRun) -> set[str]:
    return {run.named(ROLE, name).outputs["arn"] for name in SSN_ROLE_NAMES}


def test_ssn_table_resource_policy(run: ProgramRun) -> None:
    table = run.named(TABLE, "SSNTable")
    policy = run.named("aws:dynamodb/resourcePolicy:ResourcePolicy", "SSNTableResourcePolicy")
    arn = table.outputs["arn"]
    assert policy.inputs["resourceArn"] == arn
    document = doc(policy)
    assert all(s["Effect"] == "Deny" for s in document["Statement"])
    dynamodb_only = {"StringNotEquals": {"aws:PrincipalServiceName": "dynamodb.amazonaws.com"}}
    backup = statement(document, "DenyBackupsExceptDynamoDB")
    assert backup["Action"] == "dynamodb:CreateBackup" and backup["Condition"] == dynamodb_only
    bulk = statement(document, "DenyBulkReadsAndWrites")
    assert set(bulk["Action"]) == {
        "dynamodb:BatchGetItem",
        "dynamodb:BatchWriteItem",
        "dynamodb:PartiQL*",
        "dynamodb:Scan",
    }
    assert bulk["Condition"] == dynamodb_only and set(bulk["Resource"]) == {arn, f"{arn}/index/*"}
    reads = statement(document, "DenyReadsExceptThroughSsnIndex")
    assert set(reads["Action"]) == {"dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"}
    assert reads["NotResource"] == f"{arn}/index/ssnIndex" and "Condition" not in reads


def test_ssn_key_policy_denies_everyone_but_the_ssn_roles(run: ProgramRun) -> None:
    document = doc(run.named(KEY, "SsnEncryptionKey"))
    deny = next(s for s in document["Statement"] if s["Effect"] == "Deny")
    assert set(deny["Action"]) == {"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}
    assert set(deny["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]) == ssn_role_arns(run)
    assert len(deny["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]) == len(SSN_PATH_FUNCTIONS) == 8
    assert set(deny["Condition"]["StringNotEquals"]["aws:PrincipalServiceName"]) == {
        "dynamodb.amazonaws.com",
        "events.amazonaws.com",
    }
    root = statement(document, "AccountRootAdministersOnly")
    assert root["Principal"] == {"AWS": f"arn:aws:iam::{run.config.account_id}:root"}
    assert not any(a in ("kms:*", "kms:Decrypt", "kms:Encrypt") for a in root["Action"])
    assert not any(a.startswith(("kms:GenerateDataKey", "kms:ReEncrypt")) for a in root["Action"])
    assert {"kms:ScheduleKeyDeletion", "kms:Put*", "kms:Create*"} <= set(root["Action"])
    assert set(statement(document, "SsnRolesUseTheKey")["Principal"]["AWS"]) == ssn_role_arns(run)


def test_ssn_key_policy_is_wired_to_the_roles(prod: ProgramRun) -> None:
    key = prod.named(KEY, "SsnEncryptionKey")
    assert {prod.named(ROLE, name).urn for name in SSN_ROLE_NAMES} <= set(key.dependencies["policy"])


def test_ssn_roles(run: ProgramRun) -> None:
    """One role per SSN-path function, with no permissions of its own: the function that runs as it
    attaches its catalog grants (tested with the whole program in test_functions_and_api)."""
    for name in SSN_ROLE_NAMES:
        role = run.named(ROLE, name)
        assert role.inputs["tags"]["SsnAccess"] == "true"
        trust = doc(role, "assumeRolePolicy")["Statement"]
        assert [s["Principal"] for s in trust] == [{"Service": "lambda.amazonaws.com"}]
        assert not role.inputs.get("inlinePolicies")
    assert not run.of_type("aws:iam/rolePolicy:RolePolicy")


# ---- keys -----------------------------------------------------------------------------------------


def test_keys_rotate_and_have_aliases(run: ProgramRun) -> None:
    for key in run.of_type(KEY):
        assert key.inputs["enableKeyRotation"] is True
        assert key.inputs["deletionWindowInDays"] == 30
    aliases = {a.inputs["name"] for a in run.of_type("aws:kms/alias:Alias")}
    prefix = run.config.name_prefix
    assert aliases == {f"alias/{prefix}-shared-encryption-key", f"alias/{prefix}-ssn-key"}


def test_shared_key_policy(run: ProgramRun) -> None:
    document = doc(run.named(KEY, "SharedEncryptionKey"))
    root = statement(document, "AccountRootAdministersAndDelegates")
    assert root["Principal"] == {"AWS": f"arn:aws:iam::{run.config.account_id}:root"}
    logs = statement(document, "CloudWatchLogsEncryptsThisAccountsLogGroups")
    assert logs["Principal"] == {"Service": f"logs.{run.config.region}.amazonaws.com"}
    services = statement(document, "ServicesDeliverToEncryptedTopicsAndQueues")
    expected_services = {"sns", "events", "sqs", "s3", "cloudwatch", "ses"}
    assert {s.split(".")[0] for s in services["Principal"]["Service"]} == expected_services
    assert services["Condition"] == {"StringEquals": {"aws:SourceAccount": run.config.account_id}}
