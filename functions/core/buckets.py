"""The S3 buckets (spec/infra.md §1.4), declared once for AWS, the sandbox and the functions, and the grant
to use one."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from core.catalog import KeyName


class BucketAccess(StrEnum):
    READ = "read"
    WRITE = "write"  # put objects (and presign uploads)
    READ_DELETE = "read_delete"  # read and delete (consumers of uploads)

    def covers(self, wanted: BucketAccess) -> bool:
        """Whether holding this access allows ``wanted``: reading and deleting includes reading."""
        return wanted is self or (self is BucketAccess.READ_DELETE and wanted is BucketAccess.READ)


@dataclass(frozen=True)
class BucketGrant:
    """Access to a bucket's objects."""

    bucket: str  # BucketSpec.key
    access: BucketAccess


@dataclass(frozen=True)
class BucketSpec:
    """One S3 bucket: its grant key, names and the key that encrypts it."""

    key: str
    resource_name: str  # Pulumi logical name
    name_suffix: str  # lower-case part of the physical name
    env_var: str
    description: str
    encryption_key: KeyName | None = KeyName.SHARED  # None: SSE-S3 (only the access-logs bucket)
    backed_up: bool = False  # in the environment's AWS Backup plan for buckets (where backups are on)

    def physical_name(self, name_prefix: str, account_id: str) -> str:
        """Bucket names are global: the account id keeps environments and accounts apart."""
        return f"{name_prefix}-{self.name_suffix}-{account_id}"


ACCESS_LOGS = BucketSpec(
    "access_logs",
    "AccessLogsBucket",
    "access-logs",
    "ACCESS_LOGS_BUCKET_NAME",
    "S3 server access logs",
    encryption_key=None,  # S3 log delivery cannot write with a customer-managed key
)
BULK_UPLOADS = BucketSpec(
    "bulk_uploads",
    "BulkUploadsBucket",
    "bulk-uploads",
    "BULK_UPLOAD_BUCKET_NAME",
    "License CSV files from states (full SSNs, deleted after parsing)",
    encryption_key=KeyName.SSN,
)
PROVIDER_USERS = BucketSpec(
    "provider_users",
    "ProviderUsersBucket",
    "provider-users",
    "PROVIDER_USER_BUCKET_NAME",
    "Practitioners' documents (military affiliation proofs)",
    backed_up=True,
)
TRANSACTION_REPORTS = BucketSpec(
    "transaction_reports",
    "TransactionReportsBucket",
    "transaction-reports",
    "TRANSACTION_REPORTS_BUCKET_NAME",
    "Zipped weekly and monthly transaction reports",
    backed_up=True,
)

EXPORT_RESULTS = BucketSpec(
    "export_results",
    "ExportResultsBucket",
    "export-results",
    "EXPORT_RESULTS_BUCKET_NAME",
    "Privilege exports staff download through a one-minute link (deleted after a day)",
)

DISASTER_RECOVERY_RESULTS = BucketSpec(
    "disaster_recovery_results",
    "DisasterRecoveryResultsBucket",
    "disaster-recovery-results",
    "DISASTER_RECOVERY_RESULTS_BUCKET_NAME",
    "What each license upload rollback reverted, skipped and failed (versioned: the audit of a recovery)",
    backed_up=True,
)

USER_POOL_EXPORTS = BucketSpec(
    "user_pool_exports",
    "UserPoolExportBucket",
    "user-pool-exports",
    "USER_POOL_EXPORT_BUCKET_NAME",
    "The staff and practitioner pools' users, exported daily (names, emails, provider links)",
    backed_up=True,
)

ALL_BUCKETS: tuple[BucketSpec, ...] = (
    ACCESS_LOGS,
    BULK_UPLOADS,
    PROVIDER_USERS,
    TRANSACTION_REPORTS,
    EXPORT_RESULTS,
    USER_POOL_EXPORTS,
    DISASTER_RECOVERY_RESULTS,
)

BUCKETS_BY_KEY: dict[str, BucketSpec] = {bucket.key: bucket for bucket in ALL_BUCKETS}
