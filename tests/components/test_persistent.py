"""The Persistent component under mocks: tables from the catalog, keys, SSN guard rails, buckets,
bus and alarm topic, checked on the inputs the engine (and the policy pack) would see."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws
import pytest

from core.catalog import KeyName, TableSpec
from core.tables import ALL_TABLES, SSN
from offline.mocks import RecordedResource
from offline.runner import ProgramRun, run_program
from offline.stack_file import available_stacks
from tests.components.programs import CAPTURED

PROGRAM = Path(__file__).parent / "programs" / "persistent_only.py"
STACKS = available_stacks()
_RUNS: dict[str, ProgramRun] = {}

TABLE = "aws:dynamodb/table:Table"
KEY = "aws:kms/key:Key"
ROLE = "aws:iam/role:Role"
BUCKET = "aws:s3/bucket:Bucket"
COMPONENT = "compact-connect:components:Persistent"
SECURE_BUCKET = "compact-connect:components:SecureBucket"
BUCKET_NAMES = {
    "access_logs": "AccessLogsBucket",
    "bulk_uploads": "BulkUploadsBucket",
    "provider_users": "ProviderUsersBucket",
    "transaction_reports": "TransactionReportsBucket",
}
COMPANIONS = {
    "public_access_block": "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    "policy": "aws:s3/bucketPolicy:BucketPolicy",
    "encryption": "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "ownership": "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    "versioning": "aws:s3/bucketVersioning:BucketVersioning",
    "logging": "aws:s3/bucketLogging:BucketLogging",
    "lifecycle": "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    "tiering": "aws:s3/bucketIntelligentTieringConfiguration:BucketIntelligentTieringConfiguration",
    "object_lock": "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
    "cors": "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
}
SSN_ROLE_NAMES = ("LicenseIngestRole", "LicenseUploadRole", "ProviderQueryRole")
TAGGABLE = {TABLE, KEY, ROLE, BUCKET, "aws:cloudwatch/eventBus:EventBus", "aws:sns/topic:Topic"}


def persistent_run(stack: str) -> ProgramRun:
    if stack not in _RUNS:
        _RUNS[stack] = run_program(stack, program=PROGRAM)
    return _RUNS[stack]


@pytest.fixture(params=STACKS)
def run(request: pytest.FixtureRequest) -> ProgramRun:
    return persistent_run(request.param)


@pytest.fixture
def prod() -> ProgramRun:
    return persistent_run("prod")


@pytest.fixture
def local() -> ProgramRun:
    return persistent_run("local")


def doc(resource: RecordedResource, field: str = "policy") -> dict[str, Any]:
    return json.loads(resource.inputs[field])


def statement(document: dict[str, Any], sid: str) -> dict[str, Any]:
    return next(s for s in document["Statement"] if s.get("Sid") == sid)


def as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def key_arn(run: ProgramRun, name: KeyName) -> str:
    resource = "SsnEncryptionKey" if name is KeyName.SSN else "SharedEncryptionKey"
    return run.named(KEY, resource).outputs["arn"]


def companion(run: ProgramRun, bucket: str, kind: str) -> RecordedResource | None:
    """The bucket's companion resource of one kind (a key of COMPANIONS), if the bucket has one."""
    found = [r for r in run.children_of(run.named(SECURE_BUCKET, bucket)) if r.type == COMPANIONS[kind]]
    assert len(found) <= 1
    return found[0] if found else None


# ---- API and structure ------------------------------------------------------------------------------


def test_attribute_api(local: ProgramRun) -> None:
    persistent = CAPTURED["local"]
    assert isinstance(persistent.shared_key, aws.kms.Key) and isinstance(persistent.ssn_key, aws.kms.Key)
    assert persistent.tables.keys() == {spec.key for spec in ALL_TABLES}
    assert persistent.buckets.keys() == BUCKET_NAMES.keys()
    assert all(isinstance(bucket, aws.s3.Bucket) for bucket in persistent.buckets.values())
    assert persistent.ssn_roles.keys() == {"license_ingest", "license_upload", "provider_query"}
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
    assert len(deny["Condition"]["ArnNotEquals"]["aws:PrincipalArn"]) == 3
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
    for name in SSN_ROLE_NAMES:
        role = run.named(ROLE, name)
        assert role.inputs["tags"]["SsnAccess"] == "true"
        trust = doc(role, "assumeRolePolicy")["Statement"]
        assert [s["Principal"] for s in trust] == [{"Service": "lambda.amazonaws.com"}]
        policy = doc(run.named("aws:iam/rolePolicy:RolePolicy", f"{name}Policy"))
        for stmt in policy["Statement"]:
            assert stmt["Effect"] == "Allow"
            assert "*" not in as_list(stmt["Resource"])
            assert not any(action.endswith(":*") or action == "*" for action in as_list(stmt["Action"]))


def role_grants(run: ProgramRun, name: str) -> dict[str, dict[str, Any]]:
    document = doc(run.named("aws:iam/rolePolicy:RolePolicy", f"{name}Policy"))
    return {s["Sid"]: s for s in document["Statement"]}


def test_ssn_role_grants_are_scoped(prod: ProgramRun) -> None:
    table = prod.named(TABLE, "SSNTable").outputs["arn"]
    ssn_key, shared_key = key_arn(prod, KeyName.SSN), key_arn(prod, KeyName.SHARED)
    bulk = prod.named(BUCKET, "BulkUploadsBucket").outputs["arn"]

    ingest = role_grants(prod, "LicenseIngestRole")
    assert ingest["SsnTableReadWrite"]["Resource"] == [table, f"{table}/index/*"]
    assert "dynamodb:PutItem" in ingest["SsnTableReadWrite"]["Action"]
    assert ingest["SsnKeyEncryptDecrypt"]["Resource"] == [ssn_key]

    upload = role_grants(prod, "LicenseUploadRole")
    assert upload["BulkUploadObjects"]["Resource"] == [f"{bulk}/*"]
    assert set(upload["BulkUploadObjects"]["Action"]) == {"s3:GetObject", "s3:PutObject", "s3:DeleteObject"}
    assert not any("dynamodb" in a for s in upload.values() for a in s["Action"])

    query = role_grants(prod, "ProviderQueryRole")
    assert query["SsnIndexRead"] == {
        "Sid": "SsnIndexRead",
        "Effect": "Allow",
        "Action": ["dynamodb:Query"],
        "Resource": [f"{table}/index/{SSN.indexes[0].name}"],
    }
    assert query["SsnKeyDecrypt"]["Action"] == ["kms:Decrypt", "kms:DescribeKey"]
    assert query["SharedKeyDecrypt"]["Resource"] == [shared_key]


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
    expected_services = {"sns", "events", "sqs", "s3", "cloudwatch"}
    assert {s.split(".")[0] for s in services["Principal"]["Service"]} == expected_services
    assert services["Condition"] == {"StringEquals": {"aws:SourceAccount": run.config.account_id}}


# ---- buckets --------------------------------------------------------------------------------------


def test_every_bucket_is_hardened(run: ProgramRun) -> None:
    logs_bucket = run.named(BUCKET, "AccessLogsBucket")
    expected_keys = {
        "AccessLogsBucket": None,
        "BulkUploadsBucket": key_arn(run, KeyName.SSN),
        "ProviderUsersBucket": key_arn(run, KeyName.SHARED),
        "TransactionReportsBucket": key_arn(run, KeyName.SHARED),
    }
    assert {b.name for b in run.of_type(BUCKET)} == expected_keys.keys()
    for name, kms_arn in expected_keys.items():
        bucket = run.named(BUCKET, name)
        name_of = bucket.inputs["bucket"]
        pab = companion(run, name, "public_access_block")
        assert pab.inputs["bucket"] == name_of
        flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
        assert all(pab.inputs[flag] is True for flag in flags)
        tls = statement(doc(companion(run, name, "policy")), "DenyInsecureTransport")
        assert tls["Effect"] == "Deny" and tls["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
        assert set(tls["Resource"]) == {bucket.outputs["arn"], f"{bucket.outputs['arn']}/*"}
        (rule,) = companion(run, name, "encryption").inputs["rules"]
        default = rule["applyServerSideEncryptionByDefault"]
        if kms_arn is None:
            assert default == {"sseAlgorithm": "AES256"}
        else:
            assert default == {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": kms_arn}
            assert rule["bucketKeyEnabled"] is True
        ownership = companion(run, name, "ownership")
        expected_ownership = "BucketOwnerPreferred" if kms_arn is None else "BucketOwnerEnforced"
        assert ownership.inputs["rule"] == {"objectOwnership": expected_ownership}
        versioning = companion(run, name, "versioning")
        if name == "BulkUploadsBucket":
            assert versioning is None and bucket.inputs["tags"]["Transient"] == "true"
        else:
            assert versioning.inputs["versioningConfiguration"] == {"status": "Enabled"}
        logging = companion(run, name, "logging")
        if name == "AccessLogsBucket":
            assert logging is None
        else:
            assert logging.inputs["targetBucket"] == logs_bucket.inputs["bucket"]
            config = run.config
            assert logging.inputs["targetPrefix"] == f"_logs/{config.account_id}/{config.region}/{name}/"


def test_access_logs_bucket(run: ProgramRun) -> None:
    bucket = run.named(BUCKET, "AccessLogsBucket")
    arn = bucket.outputs["arn"]
    assert bucket.inputs["tags"]["AccessLogs"] == "true"
    document = doc(companion(run, "AccessLogsBucket", "policy"))
    delivery = statement(document, "S3ServerAccessLogDelivery")
    assert delivery["Principal"] == {"Service": "logging.s3.amazonaws.com"}
    assert delivery["Condition"] == {"StringEquals": {"aws:SourceAccount": run.config.account_id}}
    no_delete = statement(document, "DenyDeletingAccessLogs")
    assert no_delete["Effect"] == "Deny" and "s3:DeleteObject" in no_delete["Action"]
    assert no_delete["Resource"] == f"{arn}/*"
    lifecycle = companion(run, "AccessLogsBucket", "lifecycle")
    assert lifecycle.inputs["rules"][0]["transitions"] == [{"days": 0, "storageClass": "INTELLIGENT_TIERING"}]
    tiering = companion(run, "AccessLogsBucket", "tiering")
    assert tiering.inputs["tierings"] == [{"accessTier": "ARCHIVE_ACCESS", "days": 180}]
    lock = companion(run, "AccessLogsBucket", "object_lock")
    if run.config.is_prod:
        assert bucket.inputs["objectLockEnabled"] is True
        assert lock.inputs["rule"] == {"defaultRetention": {"mode": "COMPLIANCE", "days": 90}}
    else:
        assert lock is None and not bucket.inputs.get("objectLockEnabled")


@pytest.mark.parametrize("name", ["BulkUploadsBucket", "ProviderUsersBucket"])
def test_ui_buckets_allow_cors_from_ui_origins_only(run: ProgramRun, name: str) -> None:
    cors = companion(run, name, "cors")
    (rule,) = cors.inputs["corsRules"]
    assert rule["allowedOrigins"] == run.config.allowed_origins and "*" not in rule["allowedOrigins"]
    assert rule["allowedMethods"] == ["GET", "POST"]
    assert companion(run, "TransactionReportsBucket", "cors") is None


def test_bulk_uploads_expire(run: ProgramRun) -> None:
    (rule,) = companion(run, "BulkUploadsBucket", "lifecycle").inputs["rules"]
    assert rule["expiration"] == {"days": 1} and rule["status"] == "Enabled"


# ---- bus and alarm topic --------------------------------------------------------------------------


def test_event_bus_and_archive(run: ProgramRun) -> None:
    bus = run.named("aws:cloudwatch/eventBus:EventBus", "DataEventBus")
    assert bus.inputs["name"] == f"{run.config.environment_name}-dataEventBus"
    archive = run.named("aws:cloudwatch/eventArchive:EventArchive", "DataEventBusArchive")
    assert archive.inputs["eventSourceArn"] == bus.outputs["arn"]
    assert archive.inputs["retentionDays"] == 180
    assert json.loads(archive.inputs["eventPattern"]) == {"account": [run.config.account_id]}


def test_alarm_topic(run: ProgramRun) -> None:
    topic = run.named("aws:sns/topic:Topic", "AlarmTopic")
    assert topic.inputs["kmsMasterKeyId"] == key_arn(run, KeyName.SHARED)
    document = doc(run.named("aws:sns/topicPolicy:TopicPolicy", "AlarmTopicPolicy"))
    tls = statement(document, "DenyInsecureTransport")
    assert tls["Effect"] == "Deny" and tls["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    alarms = statement(document, "CloudWatchAlarmsInThisAccount")
    config = run.config
    expected_source = f"arn:aws:cloudwatch:{config.region}:{config.account_id}:alarm:*"
    assert alarms["Condition"]["ArnLike"] == {"aws:SourceArn": expected_source}
    s3 = statement(document, "S3NotificationsFromThisAccount")
    assert s3["Condition"] == {"StringEquals": {"aws:SourceAccount": config.account_id}}
    subscriptions = run.of_type("aws:sns/topicSubscription:TopicSubscription")
    assert sorted(s.inputs["endpoint"] for s in subscriptions) == sorted(config.notifications.email)
    assert all(s.inputs["protocol"] == "email" for s in subscriptions)


def test_resource_counts(local: ProgramRun, prod: ProgramRun) -> None:
    """Smoke check (spec §3.7 rule 50): prod adds object lock and an e-mail subscription."""
    count = lambda run: sum(1 for r in run.resources if not r.type.startswith("pulumi:providers:"))  # noqa: E731
    assert count(local) == 59
    assert count(prod) == 61
