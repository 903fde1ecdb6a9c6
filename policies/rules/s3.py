"""S3 buckets and their pulumi-aws v7 side-by-side configuration resources.

In v7 a bucket's settings live in separate resources (public access block, policy, ownership controls,
encryption, versioning, logging, object lock) that name the bucket through their `bucket` input. The rules
pair them through that reference (or, when the bucket has a literal name, through the name), so every
rule here is cross-resource and runs as a stack policy in CrossGuard.
"""

from __future__ import annotations

from policies.aws_types import (
    S3_BUCKET,
    S3_BUCKET_POLICY,
    S3_ENCRYPTION,
    S3_LOGGING,
    S3_OBJECT_LOCK,
    S3_OWNERSHIP_CONTROLS,
    S3_PUBLIC_ACCESS_BLOCK,
    S3_VERSIONING,
)
from policies.conventions import ACCESS_LOGS_TAG, TRANSIENT_TAG
from policies.documents import (
    InvalidDocument,
    actions,
    denies_insecure_transport,
    grants,
    is_deny,
    load_document,
    principal_is_anyone,
    statements,
)
from policies.model import ADVISORY, MANDATORY, ResourceView, Rule, StackView

BUCKET = (S3_BUCKET,)
PUBLIC_ACCESS_FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")
ACCESS_LOGS_RETENTION_DAYS = 90


def is_access_logs_bucket(bucket: ResourceView) -> bool:
    return bucket.marked(ACCESS_LOGS_TAG)


def companions(bucket: ResourceView, stack: StackView, type_token: str) -> list[ResourceView]:
    """The `type_token` resources configuring `bucket`: by reference, else by literal bucket name."""
    found = stack.referencing(bucket.urn, type_token, "bucket")
    name = bucket.get("bucket")
    if not found and isinstance(name, str) and name:
        found = [c for c in stack.by_type(type_token) if not c.refs("bucket") and c.get("bucket") == name]
    return found


def _missing(bucket: ResourceView, what: str, token: str) -> list[str]:
    short = token.rsplit(":", 1)[-1]
    return [f"bucket {bucket.label} has no {short} ({what})"]


def blocks_public_access(bucket: ResourceView, stack: StackView) -> list[str]:
    """A single missing flag is enough to let a policy or ACL expose PII."""
    blocks = companions(bucket, stack, S3_PUBLIC_ACCESS_BLOCK)
    if not blocks:
        return _missing(bucket, "all four flags true", S3_PUBLIC_ACCESS_BLOCK)
    off = sorted({flag for block in blocks for flag in PUBLIC_ACCESS_FLAGS if block.get(flag) is not True})
    return [f"public access block must set {', '.join(off)} to true"] if off else []


def enforces_tls(bucket: ResourceView, stack: StackView) -> list[str]:
    """Without a Deny on aws:SecureTransport=false, plain-HTTP requests are accepted."""
    policies = companions(bucket, stack, S3_BUCKET_POLICY)
    try:
        if any(denies_insecure_transport(load_document(p.get("policy"))) for p in policies):
            return []
    except InvalidDocument as error:
        return [f"bucket policy: {error}"]
    return [f"bucket {bucket.label} needs a BucketPolicy denying requests with aws:SecureTransport=false"]


def enforces_bucket_owner(bucket: ResourceView, stack: StackView) -> list[str]:
    """BucketOwnerEnforced disables ACLs; access-logs buckets may use BucketOwnerPreferred (log delivery)."""
    controls = companions(bucket, stack, S3_OWNERSHIP_CONTROLS)
    if not controls:
        return _missing(bucket, "object ownership BucketOwnerEnforced", S3_OWNERSHIP_CONTROLS)
    allowed = {"BucketOwnerEnforced"} | ({"BucketOwnerPreferred"} if is_access_logs_bucket(bucket) else set())
    owners = {str(c.get("rule", "objectOwnership")) for c in controls}
    wrong = sorted(owners - allowed)
    return (
        [f"objectOwnership must be {' or '.join(sorted(allowed))}, not {', '.join(wrong)}"] if wrong else []
    )


def _default_encryption(config: ResourceView) -> list[tuple[str, object]]:
    """(sseAlgorithm, kmsMasterKeyId) of each rule of an encryption configuration."""
    settings = []
    for rule in config.get("rules", default=[]):
        default = rule.get("applyServerSideEncryptionByDefault") if isinstance(rule, dict) else None
        if isinstance(default, dict):
            settings.append((str(default.get("sseAlgorithm")), default.get("kmsMasterKeyId")))
    return settings


def is_encrypted(bucket: ResourceView, stack: StackView) -> list[str]:
    """Data buckets use KMS (auditable, revocable); log delivery only writes to SSE-S3 (AES256) buckets."""
    configs = companions(bucket, stack, S3_ENCRYPTION)
    settings = [setting for config in configs for setting in _default_encryption(config)]
    if not settings:
        return _missing(bucket, "default encryption", S3_ENCRYPTION)
    if is_access_logs_bucket(bucket):
        bad = [algorithm for algorithm, _ in settings if algorithm != "AES256"]
        return [f"access-logs bucket must use sseAlgorithm AES256, not {', '.join(bad)}"] if bad else []
    problems = []
    for algorithm, key in settings:
        if algorithm not in KMS_ALGORITHMS:
            problems.append(
                f"sseAlgorithm must be aws:kms (AES256 is only for access-logs buckets), not {algorithm}"
            )
        elif not key:
            problems.append("kmsMasterKeyId must name a customer-managed KMS key")
    return problems


def logs_access(bucket: ResourceView, stack: StackView) -> list[str]:
    """Server access logs are the audit trail for object reads; the logs bucket itself is exempt."""
    if is_access_logs_bucket(bucket):
        return []
    loggings = companions(bucket, stack, S3_LOGGING)
    if any(logging.get("targetBucket") for logging in loggings):
        return []
    return _missing(bucket, "server access logging to the access-logs bucket", S3_LOGGING)


def is_versioned(bucket: ResourceView, stack: StackView) -> list[str]:
    """Versioning recovers overwritten or deleted objects; transient upload/export buckets are exempt."""
    if bucket.marked(TRANSIENT_TAG):
        return []
    statuses = [v.get("versioningConfiguration", "status") for v in companions(bucket, stack, S3_VERSIONING)]
    if "Enabled" in statuses:
        return []
    return [f"bucket {bucket.label} needs BucketVersioning status Enabled (or the {TRANSIENT_TAG}=true tag)"]


def _denies_object_delete(policies: list[ResourceView]) -> bool:
    for policy in policies:
        try:
            document = load_document(policy.get("policy"))
        except InvalidDocument:
            continue
        for statement in statements(document):
            if (
                is_deny(statement)
                and principal_is_anyone(statement)
                and grants(actions(statement), "s3:DeleteObject")
            ):
                return True
    return False


def _locked_days(lock: ResourceView, mode: str) -> int:
    retention = lock.get("rule", "defaultRetention", default={})
    if not isinstance(retention, dict) or retention.get("mode") != mode:
        return 0
    return int(retention.get("days") or 0) + 365 * int(retention.get("years") or 0)


def access_logs_are_immutable(bucket: ResourceView, stack: StackView) -> list[str]:
    """In prod the access logs are evidence: COMPLIANCE object lock for 90 days and no DeleteObject."""
    if not (stack.is_prod and is_access_logs_bucket(bucket)):
        return []
    problems = []
    locks = companions(bucket, stack, S3_OBJECT_LOCK)
    if not any(_locked_days(lock, "COMPLIANCE") >= ACCESS_LOGS_RETENTION_DAYS for lock in locks):
        problems.append(f"needs object lock COMPLIANCE for at least {ACCESS_LOGS_RETENTION_DAYS} days")
    if not _denies_object_delete(companions(bucket, stack, S3_BUCKET_POLICY)):
        problems.append("bucket policy must deny s3:DeleteObject to everyone")
    return problems


RULES: tuple[Rule, ...] = tuple(
    Rule(name, description, level, BUCKET, check, cross_resource=True)
    for name, description, level, check in (
        (
            "s3-bucket-public-access-block",
            "S3 buckets block all public access (all four flags).",
            MANDATORY,
            blocks_public_access,
        ),
        (
            "s3-bucket-tls-only",
            "S3 bucket policies deny requests without TLS (aws:SecureTransport=false).",
            MANDATORY,
            enforces_tls,
        ),
        (
            "s3-bucket-owner-enforced",
            "S3 buckets disable ACLs (BucketOwnerEnforced), except access-logs buckets.",
            MANDATORY,
            enforces_bucket_owner,
        ),
        (
            "s3-bucket-encryption",
            "S3 buckets use SSE-KMS; SSE-S3 (AES256) only for access-logs buckets.",
            MANDATORY,
            is_encrypted,
        ),
        (
            "s3-bucket-access-logging",
            "S3 buckets log server access, except the access-logs bucket itself.",
            MANDATORY,
            logs_access,
        ),
        (
            "s3-bucket-versioning",
            "S3 buckets are versioned unless tagged Transient=true.",
            MANDATORY,
            is_versioned,
        ),
        (
            "s3-access-logs-bucket-immutable",
            "In prod, access-logs buckets have 90-day COMPLIANCE object lock and deny s3:DeleteObject.",
            ADVISORY,
            access_logs_are_immutable,
        ),
    )
)
