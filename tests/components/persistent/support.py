"""Constants and helpers of the Persistent component tests; the component runs once per stack,
alone (tests/components/programs/persistent_only.py), so these tests do not depend on the rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from catalog import FUNCTIONS
from components.ssn_access import ssn_role_name
from core.catalog import KeyName
from offline.mocks import RecordedResource
from offline.runner import ProgramRun, run_program
from offline.stack_file import available_stacks

PROGRAM = Path(__file__).parent.parent / "programs" / "persistent_only.py"
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
    "export_results": "ExportResultsBucket",
    "user_pool_exports": "UserPoolExportBucket",
    "disaster_recovery_results": "DisasterRecoveryResultsBucket",
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
SSN_PATH_FUNCTIONS = tuple(spec.name for spec in FUNCTIONS if spec.ssn_access)
SSN_ROLE_NAMES = tuple(ssn_role_name(name) for name in SSN_PATH_FUNCTIONS)
TAGGABLE = {TABLE, KEY, ROLE, BUCKET, "aws:cloudwatch/eventBus:EventBus", "aws:sns/topic:Topic"}


def persistent_run(stack: str) -> ProgramRun:
    if stack not in _RUNS:
        _RUNS[stack] = run_program(stack, program=PROGRAM)
    return _RUNS[stack]


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
