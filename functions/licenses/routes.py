"""Catalog entries of license uploads (spec §2.1, §5.1).

Every function here handles full SSNs, so each runs as the ``license_upload`` SSN role: it may send
to the SSN-key-encrypted preprocessing queue and write or read the bulk-upload bucket, and nothing
else of the SSN boundary.

The bulk-upload URL is served on two APIs: the State API (machine clients, optional request
signature) and the License API (staff in the browser). Two functions serve them, from one module: a
function cannot tell which API invoked it (both routes have the same method and path), and the
signature check must apply to the state route only. The state function alone can read the signing
keys and write nonces.
"""

from __future__ import annotations

from core.api_catalog import WRITE, ApiName, Auth, AuthKind, Route
from core.buckets import BULK_UPLOADS, BucketAccess, BucketGrant
from core.catalog import FunctionSpec
from core.current_permissions import CURRENT_PERMISSIONS
from core.fields import MessageResponse
from core.queues import QueueGrant, QueueSpec
from core.signature import SIGNATURE_GRANTS
from ingest.queues import LICENSE_PREPROCESSING_QUEUE
from licenses.models import BulkUploadResponse, LicensePostBody, LicenseUploadErrors

SEND_TO_PREPROCESSING = QueueGrant(LICENSE_PREPROCESSING_QUEUE.key, "send")
_PRESIGN_UPLOADS = BucketGrant(BULK_UPLOADS.key, BucketAccess.WRITE)

POST_LICENSES = FunctionSpec(
    name="PostLicenses",
    handler="licenses.post_api.lambda_handler",
    description="Validates up to 100 licenses posted by a state and queues them for ingest, all or none.",
    grants=SIGNATURE_GRANTS,
    queue_grants=(SEND_TO_PREPROCESSING,),
    ssn_access=True,
)

STATE_BULK_UPLOAD_URL = FunctionSpec(
    name="StateBulkUploadUrl",
    handler="licenses.bulk_upload_url.state_lambda_handler",
    description="State API: presigns the upload of one license CSV file into the state's prefix.",
    grants=SIGNATURE_GRANTS,
    bucket_grants=(_PRESIGN_UPLOADS,),
    ssn_access=True,
)

BULK_UPLOAD_URL = FunctionSpec(
    name="BulkUploadUrl",
    handler="licenses.bulk_upload_url.lambda_handler",
    description="Presigns the upload of one license CSV file into a jurisdiction's prefix, for staff.",
    grants=(CURRENT_PERMISSIONS,),
    bucket_grants=(_PRESIGN_UPLOADS,),
    ssn_access=True,
)

QUEUES: tuple[QueueSpec, ...] = (LICENSE_PREPROCESSING_QUEUE,)
"""The preprocessing queue is declared with the pipeline's queues (``ingest.queues``) and listed here, by
the side that sends to it."""

_LICENSES = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}/licenses"
_STATE_WRITE = Auth(AuthKind.STATE, WRITE, signature="optional")
_TAGS = ("licenses",)

ROUTES = (
    Route(
        api=ApiName.STATE,
        method="POST",
        path=_LICENSES,
        function=POST_LICENSES,
        operation="post_licenses",
        auth=_STATE_WRITE,
        summary="Upload up to 100 licenses; if any is invalid, none is accepted and each error is returned",
        request_model=LicensePostBody,
        response_model=MessageResponse,
        tags=_TAGS,
        errors=(503,),
        invalid_request_model=LicenseUploadErrors,
        gateway_validates_body=False,  # the function answers per row (licenses.models)
    ),
    Route(
        api=ApiName.STATE,
        method="GET",
        path=f"{_LICENSES}/bulk-upload",
        function=STATE_BULK_UPLOAD_URL,
        operation="get_state_bulk_upload_url",
        auth=_STATE_WRITE,
        summary="A presigned POST to upload a license CSV file (text/csv, up to 30 MB, valid for an hour)",
        response_model=BulkUploadResponse,
        tags=_TAGS,
    ),
    Route(
        api=ApiName.LICENSE,
        method="GET",
        path=f"{_LICENSES}/bulk-upload",
        function=BULK_UPLOAD_URL,
        operation="get_bulk_upload_url",
        auth=Auth(AuthKind.STAFF, WRITE),
        summary="A presigned POST to upload a license CSV file (text/csv, up to 30 MB, valid for an hour)",
        response_model=BulkUploadResponse,
        tags=_TAGS,
    ),
)
