"""Names and marker tags the program must use so the policy rules can recognise a resource's role.

A rule cannot tell an access-logs bucket from a data bucket, or an SSN-designated role from any other
role, by looking at its settings alone. The components therefore mark such resources with the tags
below (value ``"true"``, case-insensitive), and the rules read the same constants. Components may import
this module; it has no dependencies.
"""

from __future__ import annotations

# Tags every taggable resource carries (rule `required-tags`).
PROJECT_TAG = "Project"
SERVICE_TAG = "Service"
ENVIRONMENT_TAG = "Environment"
REQUIRED_TAGS: tuple[str, ...] = (PROJECT_TAG, SERVICE_TAG, ENVIRONMENT_TAG)

# Marker tags (value "true").
ACCESS_LOGS_TAG = "AccessLogs"
"""An S3 server-access-logs destination bucket: SSE-S3 (AES256), no logging of its own."""
TRANSIENT_TAG = "Transient"
"""A bucket whose objects are short-lived (bulk uploads, exports): versioning not required."""
SSN_ACCESS_TAG = "SsnAccess"
"""An IAM role allowed by the SSN key policy (ingest, upload, query, DR); may be shared by functions."""
RATE_LIMITING_TAG = "RateLimiting"
"""The rate-limiting DynamoDB table (TTL counters only): no PITR, no deletion protection required."""
DEAD_LETTER_QUEUE_TAG = "DeadLetterQueue"
"""An SQS queue used as a dead-letter queue that no redrive policy in the stack points at."""
INFINITE_RETENTION_TAG = "InfiniteRetention"
"""A log group that deliberately never expires (e.g. Python Lambda logs kept for audit)."""
NO_BACKUP_TAG = "NoBackup"
"""A table or bucket deliberately left out of AWS Backup (nothing in it is worth restoring: rate-limiting
counters, notification state); set from the declaration (``TableSpec.backup_category`` None)."""

MARKER_TRUE = "true"

# Names that IAM policies, CloudTrail selectors and the rules depend on.
SSN_TABLE_NAME = "ssn-table-DataEventsLog"
DATA_EVENTS_LOG_SUFFIX = "-DataEventsLog"
SSN_INDEX_NAME = "ssnIndex"
SSN_KEY_ALIAS = "alias/ssn-key"
RATE_LIMITING_NAME_FRAGMENT = "ratelimiting"
"""Matched case-insensitively against a table's `name` property and its Pulumi resource name."""

SECRET_NAME_ROOT = "compact-connect/env"
"""Secrets Manager names are ``compact-connect/env/<environment>/...`` (IAM grants and runbooks use it)."""

PROD_ENVIRONMENT = "prod"
DEPLOYED_ENVIRONMENTS: frozenset[str] = frozenset({"test", "beta", "prod"})
"""Environments behind a custom domain, where the default execute-api endpoint must be disabled."""
