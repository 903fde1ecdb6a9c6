"""KMS rules (rotation, prod deletion window, SSN key deny) and SQS/SNS rules."""

from __future__ import annotations

import pytest

from policies.model import ResourceView
from tests.policies.policy_builders import (
    arn,
    assert_fails,
    assert_passes,
    changed,
    doc,
    kms_key,
    named,
    relinked,
    replace,
    res,
    ssn_key_policy_statement,
    stack,
    table,
)
from tests.policies.policy_builders_app import queue, queue_policy, topic, topic_policy


def swap(resources: list[ResourceView], name: str, **props: object) -> list[ResourceView]:
    old = named(resources, name)
    return replace(resources, old, changed(old, **props))


@pytest.mark.parametrize(
    "rule",
    [
        "kms-key-rotation",
        "kms-key-prod-deletion-window",
        "kms-ssn-key-explicit-deny",
        "sqs-queue-kms-encryption",
        "sqs-queue-redrive-or-dlq",
        "sqs-queue-tls-only",
        "sns-topic-kms-encryption",
        "sns-topic-tls-only",
    ],
)
def test_compliant_stack_passes(compliant: list[ResourceView], rule: str) -> None:
    assert_passes(rule, stack(compliant))


@pytest.mark.parametrize("rotation", [False, None])
def test_key_rotation_required(compliant: list[ResourceView], rotation: bool | None) -> None:
    assert_fails("kms-key-rotation", stack(swap(compliant, "shared-key", enableKeyRotation=rotation)))


def test_deletion_window_required_in_prod_only(compliant: list[ResourceView]) -> None:
    resources = swap(compliant, "shared-key", deletionWindowInDays=None)
    assert_fails("kms-key-prod-deletion-window", stack(resources), "deletionWindowInDays")
    assert_passes("kms-key-prod-deletion-window", stack(resources, env="test"))


def test_ssn_key_without_policy_fails(compliant: list[ResourceView]) -> None:
    assert_fails("kms-ssn-key-explicit-deny", stack(swap(compliant, "ssn-key", policy=None)), "Deny")


@pytest.mark.parametrize(
    "weaken",
    [
        lambda s: {**s, "Action": ["kms:Decrypt"]},
        lambda s: {**s, "Principal": {"AWS": arn("iam", "root")}},
        lambda s: {**s, "Condition": {"StringNotEquals": s["Condition"]["StringNotEquals"]}},
        lambda s: {**s, "Condition": {"ArnNotLike": s["Condition"]["ArnNotLike"]}},
        lambda s: {**s, "Effect": "Allow"},
    ],
    ids=["partial-actions", "not-everyone", "no-principal-arn", "no-services", "allow"],
)
def test_ssn_key_deny_must_be_complete(compliant: list[ResourceView], weaken) -> None:
    policy = doc(weaken(ssn_key_policy_statement()))
    assert_fails("kms-ssn-key-explicit-deny", stack(swap(compliant, "ssn-key", policy=policy)))


def test_ssn_key_policy_may_be_a_separate_key_policy(compliant: list[ResourceView]) -> None:
    ssn = named(compliant, "ssn-key")
    key_policy = res(
        "aws:kms/keyPolicy:KeyPolicy", "ssn-key-policy", {"policy": ssn.get("policy")}, deps={"keyId": [ssn]}
    )
    resources = [*swap(compliant, "ssn-key", policy=None), key_policy]
    assert_passes("kms-ssn-key-explicit-deny", stack(resources))


def test_ssn_key_found_through_the_table_without_alias() -> None:
    key = kms_key("secret-key")
    assert_fails("kms-ssn-key-explicit-deny", stack(key, table("ssn-table-DataEventsLog", key)))


def test_other_keys_need_no_ssn_deny() -> None:
    assert_passes("kms-ssn-key-explicit-deny", stack(kms_key("plain")))


@pytest.mark.parametrize(
    ("name", "rule"), [("ingest", "sqs-queue-kms-encryption"), ("alarms", "sns-topic-kms-encryption")]
)
@pytest.mark.parametrize("key", [None, "alias/aws/sqs"])
def test_messaging_needs_customer_key(
    compliant: list[ResourceView], name: str, rule: str, key: str | None
) -> None:
    assert_fails(rule, stack(swap(compliant, name, kmsMasterKeyId=key)), "kmsMasterKeyId")


def test_queue_without_redrive_fails(compliant: list[ResourceView]) -> None:
    ingest = named(compliant, "ingest")
    resources = replace(compliant, ingest, relinked(changed(ingest, redrivePolicy=None), redrivePolicy=[]))
    found = assert_fails("sqs-queue-redrive-or-dlq", stack(resources), "redrivePolicy")
    # Nothing points at the DLQ any more either, so both queues are reported.
    assert {v.urn for v in found} == {ingest.urn, named(compliant, "ingest-dlq").urn}


def test_tagged_dead_letter_queue_passes() -> None:
    key = kms_key()
    dlq = queue("orphan-dlq", key)
    dlq = changed(dlq, tags={**dlq.tags, "DeadLetterQueue": "true"})
    assert_passes("sqs-queue-redrive-or-dlq", stack(key, dlq))


def test_separate_redrive_policy_resource_counts() -> None:
    key = kms_key()
    dlq, main = queue("dlq", key), queue("main", key)
    redrive = res(
        "aws:sqs/redrivePolicy:RedrivePolicy",
        "main-redrive",
        {"queueUrl": "https://sqs/main", "redrivePolicy": "{}"},
        deps={"queueUrl": [main], "redrivePolicy": [dlq]},
    )
    assert_passes("sqs-queue-redrive-or-dlq", stack(key, dlq, main, redrive))


@pytest.mark.parametrize(
    ("name", "rule"), [("ingest", "sqs-queue-tls-only"), ("alarms", "sns-topic-tls-only")]
)
def test_messaging_needs_tls_policy(compliant: list[ResourceView], name: str, rule: str) -> None:
    policy = named(compliant, f"{name}-policy")
    assert_fails(rule, stack(replace(compliant, policy, None)), "SecureTransport")
    weak = changed(policy, policy=doc({"Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}))
    assert_fails(rule, stack(replace(compliant, policy, weak)), "SecureTransport")


def test_inline_policy_counts_for_tls() -> None:
    key = kms_key()
    tls = queue_policy(queue("x", key)).get("policy")
    assert_passes("sqs-queue-tls-only", stack(key, queue("q", key, policy=tls)))
    assert_passes("sns-topic-tls-only", stack(key, topic("t", key, policy=tls)))


def test_invalid_topic_policy_is_reported() -> None:
    key = kms_key()
    alarms = topic("t", key)
    assert_fails(
        "sns-topic-tls-only", stack(key, alarms, topic_policy(alarms, policy="nope")), "not valid JSON"
    )
