"""One hardened S3 bucket shape for every bucket in the stack (spec/infra.md §3.2, policy rules 8-14).

A ``SecureBucket`` always blocks public access, enforces TLS in its policy, encrypts by default and
(apart from the access-logs bucket itself) ships server access logs to the access-logs bucket. The
few real differences between buckets are constructor arguments, so a new bucket cannot silently
miss one of the guard rails. ``access_logs_bucket`` builds the one bucket that receives the logs.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Literal

import pulumi
import pulumi_aws as aws
from pydantic import Field

from components.args import AccountId, ComponentArgs, NamePrefix, Region
from components.base import CompactConnectComponent
from core.buckets import ACCESS_LOGS, BucketSpec
from policies.conventions import ACCESS_LOGS_TAG, MARKER_TRUE, TRANSIENT_TAG

Statements = Callable[[str], list[dict[str, Any]]]
Ownership = Literal["BucketOwnerEnforced", "BucketOwnerPreferred"]

ACCESS_LOG_PREFIX = "_logs"
ACCESS_LOG_LOCK_DAYS = 90
ACCESS_LOG_ARCHIVE_DAYS = 180


def _no_statements(_arn: str) -> list[dict[str, Any]]:
    return []


class BucketArgs(ComponentArgs):
    """What a bucket takes from its environment: the parts of its globally unique name, where its
    access logs go, and (``retain_data``) whether it is protected or may be emptied on destroy."""

    name_prefix: NamePrefix
    account_id: AccountId
    region: Region
    adopted_names: dict[str, str] = Field(
        default={}, description="Reference buckets taken over where they stand, by BucketSpec.key."
    )


class SecureBucket(CompactConnectComponent[BucketArgs]):
    """A bucket plus the companion resources that make it compliant.

    Every companion is retained with the bucket in prod, so a retained bucket keeps its public
    access block, TLS policy and encryption when the stack that created it is gone.
    """

    def __init__(
        self,
        spec: BucketSpec,
        args: BucketArgs,
        *,
        kms_key: aws.kms.Key | None,
        log_to: SecureBucket | None,
        transient: bool = False,
        ownership: Ownership = "BucketOwnerEnforced",
        cors_origins: Sequence[str] = (),
        lifecycle_rules: Sequence[aws.s3.BucketLifecycleConfigurationRuleArgs] = (),
        extra_statements: Statements = _no_statements,
        object_lock_days: int | None = None,
        extra_tags: dict[str, str] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """``kms_key=None`` means SSE-S3, which only the access-logs bucket may use; ``log_to=None``
        means the bucket *is* the log target; ``transient`` buckets hold short-lived objects only,
        so they are not versioned (and are tagged so the policy pack knows why)."""
        name = spec.resource_name
        super().__init__("SecureBucket", name, args, opts)
        tags = {**self.tags, **(extra_tags or {})}
        if transient:
            tags[TRANSIENT_TAG] = MARKER_TRUE

        adopted = args.adopted_names.get(spec.key)
        self.bucket = aws.s3.Bucket(
            name,
            bucket=adopted or spec.physical_name(args.name_prefix, args.account_id),
            force_destroy=not args.retain_data,
            object_lock_enabled=True if object_lock_days else None,  # only settable at creation
            tags=tags,
            opts=self.data_opts(import_=adopted),
        )
        # The bucket's name (equal to its id in AWS) ties every companion resource to it.
        bucket_id = self.bucket.bucket
        aws.s3.BucketPublicAccessBlock(
            f"{name}-public-access-block",
            bucket=bucket_id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=self.data_opts(),
        )
        aws.s3.BucketOwnershipControls(
            f"{name}-ownership",
            bucket=bucket_id,
            rule=aws.s3.BucketOwnershipControlsRuleArgs(object_ownership=ownership),
            opts=self.data_opts(),
        )
        aws.s3.BucketServerSideEncryptionConfiguration(
            f"{name}-encryption",
            bucket=bucket_id,
            rules=[_encryption_rule(kms_key)],
            opts=self.data_opts(),
        )
        self.versioning: aws.s3.BucketVersioning | None = None
        if not transient:
            self.versioning = aws.s3.BucketVersioning(
                f"{name}-versioning",
                bucket=bucket_id,
                versioning_configuration=aws.s3.BucketVersioningVersioningConfigurationArgs(status="Enabled"),
                opts=self.data_opts(),
            )
        self.policy = aws.s3.BucketPolicy(
            f"{name}-policy",
            bucket=bucket_id,
            policy=self.bucket.arn.apply(lambda arn: _policy_document(arn, extra_statements)),
            opts=self.data_opts(),
        )
        if log_to is not None:
            aws.s3.BucketLogging(
                f"{name}-access-logging",
                bucket=bucket_id,
                target_bucket=log_to.bucket.bucket,
                target_prefix=f"{ACCESS_LOG_PREFIX}/{args.account_id}/{args.region}/{name}/",
                # Log delivery needs the target's policy (which lets the logging service write) first.
                opts=self.data_opts(depends_on=[log_to.policy]),
            )
        if object_lock_days is not None:
            aws.s3.BucketObjectLockConfiguration(
                f"{name}-object-lock",
                bucket=bucket_id,
                rule=aws.s3.BucketObjectLockConfigurationRuleArgs(
                    default_retention=aws.s3.BucketObjectLockConfigurationRuleDefaultRetentionArgs(
                        mode="COMPLIANCE", days=object_lock_days
                    )
                ),
                opts=self.data_opts(depends_on=[self.versioning] if self.versioning else None),
            )
        if cors_origins:
            aws.s3.BucketCorsConfiguration(
                f"{name}-cors",
                bucket=bucket_id,
                cors_rules=[
                    aws.s3.BucketCorsConfigurationCorsRuleArgs(
                        allowed_methods=["GET", "POST"],
                        allowed_origins=list(cors_origins),
                        allowed_headers=["*"],
                        max_age_seconds=3000,
                    )
                ],
                opts=self.data_opts(),
            )
        if lifecycle_rules:
            aws.s3.BucketLifecycleConfiguration(
                f"{name}-lifecycle",
                bucket=bucket_id,
                rules=list(lifecycle_rules),
                opts=self.data_opts(),
            )
        self.register_outputs({"bucket": self.bucket.bucket, "arn": self.bucket.arn})


def access_logs_bucket(
    args: BucketArgs, opts: pulumi.ResourceOptions, *, lock_days: int | None
) -> SecureBucket:
    """The bucket every other bucket logs into (spec §1.4 AccessLogsBucket, policy rules 10-14).

    SSE-S3 because the S3 log delivery service cannot write with a customer key; the logging service
    may write only under ``_logs/`` and only for this account; nobody may delete a log object, and
    with ``lock_days`` (prod: 90) object lock (COMPLIANCE) keeps every version that long.
    """

    def statements(arn: str) -> list[dict[str, Any]]:
        delete_actions = ["s3:DeleteObject"]
        if args.retain_data:
            # Where force_destroy is off, also forbid permanent version deletes (force_destroy needs them).
            delete_actions.append("s3:DeleteObjectVersion")
        return [
            {
                "Sid": "S3ServerAccessLogDelivery",
                "Effect": "Allow",
                "Principal": {"Service": "logging.s3.amazonaws.com"},
                "Action": "s3:PutObject",
                "Resource": f"{arn}/{ACCESS_LOG_PREFIX}/*",
                "Condition": {"StringEquals": {"aws:SourceAccount": args.account_id}},
            },
            {
                "Sid": "DenyDeletingAccessLogs",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": delete_actions,
                "Resource": f"{arn}/*",
            },
        ]

    bucket = SecureBucket(
        ACCESS_LOGS,
        args,
        kms_key=None,
        log_to=None,
        ownership="BucketOwnerPreferred",
        lifecycle_rules=[
            aws.s3.BucketLifecycleConfigurationRuleArgs(
                id="intelligent-tiering-from-day-0",
                status="Enabled",
                filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
                transitions=[
                    aws.s3.BucketLifecycleConfigurationRuleTransitionArgs(
                        days=0, storage_class="INTELLIGENT_TIERING"
                    )
                ],
            )
        ],
        extra_statements=statements,
        object_lock_days=lock_days,
        extra_tags={ACCESS_LOGS_TAG: MARKER_TRUE},
        opts=opts,
    )
    aws.s3.BucketIntelligentTieringConfiguration(
        f"{ACCESS_LOGS.resource_name}-archive-tiering",
        bucket=bucket.bucket.bucket,
        name="archive-after-180-days",
        status="Enabled",
        tierings=[
            aws.s3.BucketIntelligentTieringConfigurationTieringArgs(
                access_tier="ARCHIVE_ACCESS", days=ACCESS_LOG_ARCHIVE_DAYS
            )
        ],
        opts=bucket.data_opts(),
    )
    return bucket


def expire_after_days(days: int) -> aws.s3.BucketLifecycleConfigurationRuleArgs:
    """Lifecycle rule for transient buckets: leftovers (and stalled multipart uploads) go away."""
    return aws.s3.BucketLifecycleConfigurationRuleArgs(
        id=f"expire-after-{days}-days",
        status="Enabled",
        filter=aws.s3.BucketLifecycleConfigurationRuleFilterArgs(prefix=""),
        expiration=aws.s3.BucketLifecycleConfigurationRuleExpirationArgs(days=days),
        abort_incomplete_multipart_upload=(
            aws.s3.BucketLifecycleConfigurationRuleAbortIncompleteMultipartUploadArgs(
                days_after_initiation=days
            )
        ),
    )


def _encryption_rule(kms_key: aws.kms.Key | None) -> aws.s3.BucketServerSideEncryptionConfigurationRuleArgs:
    if kms_key is None:
        default = aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
            sse_algorithm="AES256"
        )
        return aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
            apply_server_side_encryption_by_default=default
        )
    default = aws.s3.BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefaultArgs(
        sse_algorithm="aws:kms", kms_master_key_id=kms_key.arn
    )
    # Bucket keys cut KMS request volume (and cost) by orders of magnitude for busy buckets.
    return aws.s3.BucketServerSideEncryptionConfigurationRuleArgs(
        apply_server_side_encryption_by_default=default, bucket_key_enabled=True
    )


def _policy_document(arn: str, extra_statements: Statements) -> str:
    tls_only = {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "s3:*",
        "Resource": [arn, f"{arn}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    return json.dumps({"Version": "2012-10-17", "Statement": [tls_only, *extra_statements(arn)]})
