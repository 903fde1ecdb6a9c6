"""Catalog entries of the bulk-upload parser, the function an uploaded license CSV starts.

Declared apart from the upload routes because it publishes ingest events: the API functions of
:mod:`licenses.routes` do not load those events' detail models. Like them it runs as the
``license_upload`` SSN role.
"""

from __future__ import annotations

from core.buckets import BULK_UPLOADS, BucketAccess, BucketGrant
from core.catalog import FunctionSpec
from core.triggers import BucketTrigger
from ingest.events import LICENSE_INGEST_FAILURE, LICENSE_VALIDATION_ERROR
from licenses.routes import SEND_TO_PREPROCESSING

PARSE_BULK_UPLOAD = FunctionSpec(
    name="ParseBulkUpload",
    handler="licenses.bulk_parser.lambda_handler",
    description="Validates an uploaded license CSV, queues its valid rows and reports the others.",
    bucket_grants=(BucketGrant(BULK_UPLOADS.key, BucketAccess.READ_DELETE),),
    queue_grants=(SEND_TO_PREPROCESSING,),
    publishes=(LICENSE_VALIDATION_ERROR, LICENSE_INGEST_FAILURE),
    ssn_access=True,
    timeout_seconds=900,
    memory_mb=1024,
)

BULK_UPLOAD_TRIGGER = BucketTrigger(BULK_UPLOADS.key, PARSE_BULK_UPLOAD)
