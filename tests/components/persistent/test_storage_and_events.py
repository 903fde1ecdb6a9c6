"""The Persistent component under mocks: buckets, event bus and alarm topic."""

from __future__ import annotations

import json

import pytest

from core.catalog import KeyName
from offline.runner import ProgramRun
from tests.components.persistent.support import BUCKET, companion, doc, key_arn, statement

# ---- buckets --------------------------------------------------------------------------------------


def test_every_bucket_is_hardened(run: ProgramRun) -> None:
    logs_bucket = run.named(BUCKET, "AccessLogsBucket")
    expected_keys = {
        "AccessLogsBucket": None,
        "BulkUploadsBucket": key_arn(run, KeyName.SSN),
        "ProviderUsersBucket": key_arn(run, KeyName.SHARED),
        "TransactionReportsBucket": key_arn(run, KeyName.SHARED),
        "ExportResultsBucket": key_arn(run, KeyName.SHARED),
        "UserPoolExportBucket": key_arn(run, KeyName.SHARED),
        "DisasterRecoveryResultsBucket": key_arn(run, KeyName.SHARED),
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
        if name in ("BulkUploadsBucket", "ExportResultsBucket"):  # short-lived objects only
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
    assert count(local) == 86
    assert count(prod) == 88
