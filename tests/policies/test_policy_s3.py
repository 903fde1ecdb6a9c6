"""S3 rules: each bucket is paired with its side-by-side resources through the `bucket` reference."""

from __future__ import annotations

import dataclasses

import pytest

from policies.model import ResourceView
from tests.policies.policy_builders import (
    assert_fails,
    assert_passes,
    bucket,
    changed,
    doc,
    kms_key,
    named,
    part,
    relinked,
    replace,
    stack,
)

S3_RULES = [
    "s3-bucket-public-access-block",
    "s3-bucket-tls-only",
    "s3-bucket-owner-enforced",
    "s3-bucket-encryption",
    "s3-bucket-access-logging",
    "s3-bucket-versioning",
    "s3-access-logs-bucket-immutable",
]


def reports(resources: list[ResourceView], fragment: str) -> ResourceView:
    """The reports bucket's side-by-side resource of the given kind."""
    return next(r for r in resources if r.name.startswith("reports-") and fragment in r.type)


def swap(resources: list[ResourceView], old: ResourceView, **props: object) -> list[ResourceView]:
    return replace(resources, old, changed(old, **props))


@pytest.mark.parametrize("rule", S3_RULES)
def test_compliant_buckets_pass(compliant: list[ResourceView], rule: str) -> None:
    assert_passes(rule, stack(compliant))


@pytest.mark.parametrize(
    ("kind", "rule"),
    [
        ("PublicAccessBlock", "s3-bucket-public-access-block"),
        ("bucketPolicy", "s3-bucket-tls-only"),
        ("OwnershipControls", "s3-bucket-owner-enforced"),
        ("ServerSideEncryption", "s3-bucket-encryption"),
        ("bucketLogging", "s3-bucket-access-logging"),
        ("bucketVersioning", "s3-bucket-versioning"),
    ],
)
def test_missing_companion_fails(compliant: list[ResourceView], kind: str, rule: str) -> None:
    found = assert_fails(rule, stack(replace(compliant, reports(compliant, kind), None)))
    assert [v.urn for v in found] == [named(compliant, "reports").urn]


def test_public_access_block_needs_all_four_flags(compliant: list[ResourceView]) -> None:
    resources = swap(compliant, reports(compliant, "PublicAccessBlock"), restrictPublicBuckets=False)
    assert_fails("s3-bucket-public-access-block", stack(resources), "restrictPublicBuckets")


def test_companion_found_by_literal_bucket_name(compliant: list[ResourceView]) -> None:
    block = reports(compliant, "PublicAccessBlock")
    resources = replace(compliant, block, relinked(block, bucket=[]))
    assert_passes("s3-bucket-public-access-block", stack(resources))


def test_tls_policy_must_deny_insecure_transport(compliant: list[ResourceView]) -> None:
    allow_all = doc({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "s3:GetObject", "Resource": "*"})
    resources = swap(compliant, reports(compliant, "bucketPolicy"), policy=allow_all)
    assert_fails("s3-bucket-tls-only", stack(resources), "SecureTransport")


def test_owner_enforced_rejects_preferred_on_data_bucket(compliant: list[ResourceView]) -> None:
    controls = reports(compliant, "OwnershipControls")
    resources = swap(compliant, controls, rule={"objectOwnership": "BucketOwnerPreferred"})
    assert_fails("s3-bucket-owner-enforced", stack(resources), "BucketOwnerEnforced")


@pytest.mark.parametrize(
    ("sse", "fragment"),
    [({"sseAlgorithm": "AES256"}, "aws:kms"), ({"sseAlgorithm": "aws:kms"}, "kmsMasterKeyId")],
)
def test_data_bucket_needs_kms(compliant: list[ResourceView], sse: dict, fragment: str) -> None:
    config = reports(compliant, "ServerSideEncryption")
    resources = swap(compliant, config, rules=[{"applyServerSideEncryptionByDefault": sse}])
    assert_fails("s3-bucket-encryption", stack(resources), fragment)


def test_access_logs_bucket_must_use_aes256(compliant: list[ResourceView]) -> None:
    config = next(r for r in compliant if r.name == "access-logs-encryption")
    sse = {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": "arn:key"}
    resources = swap(compliant, config, rules=[{"applyServerSideEncryptionByDefault": sse}])
    assert_fails("s3-bucket-encryption", stack(resources), "AES256")


def test_access_logs_bucket_needs_no_logging_of_its_own(compliant: list[ResourceView]) -> None:
    assert not any(r.name == "access-logs-Logging" for r in compliant)
    assert_passes("s3-bucket-access-logging", stack(compliant))


def test_versioning_must_be_enabled(compliant: list[ResourceView]) -> None:
    resources = swap(
        compliant, reports(compliant, "bucketVersioning"), versioningConfiguration={"status": "Suspended"}
    )
    assert_fails("s3-bucket-versioning", stack(resources), "Enabled")


def test_transient_bucket_needs_no_versioning() -> None:
    resources = bucket("exports", kms_key(), transient=True)
    resources = replace(resources, part(resources, "bucketVersioning"), None)
    assert_passes("s3-bucket-versioning", stack(resources))


def test_access_logs_object_lock_required_in_prod(compliant: list[ResourceView]) -> None:
    lock = next(r for r in compliant if "ObjectLock" in r.type)
    short = changed(lock, rule={"defaultRetention": {"mode": "GOVERNANCE", "days": 90}})
    assert_fails("s3-access-logs-bucket-immutable", stack(replace(compliant, lock, short)), "COMPLIANCE")


def test_access_logs_policy_must_deny_delete(compliant: list[ResourceView]) -> None:
    policy = next(r for r in compliant if r.name == "access-logs-Policy")
    resources = swap(compliant, policy, policy=doc())
    assert_fails("s3-access-logs-bucket-immutable", stack(resources), "DeleteObject")


def test_access_logs_immutability_only_in_prod(compliant: list[ResourceView]) -> None:
    lock = next(r for r in compliant if "ObjectLock" in r.type)
    assert_passes("s3-access-logs-bucket-immutable", stack(replace(compliant, lock, None), env="beta"))


def test_marker_tags_are_case_insensitive() -> None:
    resources = bucket("exports", kms_key(), transient=True)
    main = resources[0]
    resources = replace(
        resources, main, dataclasses.replace(main, props={**main.props, "tags": {"Transient": "TRUE"}})
    )
    resources = replace(resources, part(resources, "bucketVersioning"), None)
    assert_passes("s3-bucket-versioning", stack(resources))
