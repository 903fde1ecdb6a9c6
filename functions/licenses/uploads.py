"""The bulk-upload bucket: object keys and presigned POSTs (spec §2.1, anchors §5).

An object's key says which compact and jurisdiction its rows belong to, ``{compact}/{jurisdiction}/
{uuid4 hex}``. The key is chosen here, when the upload is presigned for a caller allowed to write in
that jurisdiction, and the signed policy pins it: the parser can trust the first two segments.
"""

from __future__ import annotations

import uuid
from typing import Any

from core.aws import s3_client
from core.buckets import BULK_UPLOADS, BucketAccess
from core.resources import granted

CSV_CONTENT_TYPE = "text/csv"
MAX_UPLOAD_BYTES = 30_000_000
"""About 200,000 licenses: what one parser invocation reads well within its 15 minutes."""
UPLOAD_EXPIRY_SECONDS = 3600


class InvalidUploadKey(ValueError):
    """An object key that does not start with ``{compact}/{jurisdiction}/``."""


def bucket_name() -> str:
    return granted().bucket(BULK_UPLOADS, BucketAccess.WRITE)


def upload_key(compact: str, jurisdiction: str) -> str:
    return f"{compact}/{jurisdiction}/{uuid.uuid4().hex}"


def scope_of(key: str) -> tuple[str, str]:
    """The (compact, jurisdiction) of an uploaded object's (URL-decoded) key."""
    segments = key.split("/")
    if len(segments) < 3 or not segments[0] or not segments[1]:
        raise InvalidUploadKey(f"The object key {key!r} does not start with <compact>/<jurisdiction>/.")
    return segments[0], segments[1]


def presigned_upload(compact: str, jurisdiction: str) -> dict[str, Any]:
    """``{url, fields}`` of a browser-style POST of one CSV file into the jurisdiction's prefix.

    The signed policy pins the key, the content type (exactly ``text/csv``) and the size (1 byte to
    30 MB), and expires after an hour.
    """
    return s3_client().generate_presigned_post(
        Bucket=bucket_name(),
        Key=upload_key(compact, jurisdiction),
        Fields={"Content-Type": CSV_CONTENT_TYPE},
        Conditions=[{"Content-Type": CSV_CONTENT_TYPE}, ["content-length-range", 1, MAX_UPLOAD_BYTES]],
        ExpiresIn=UPLOAD_EXPIRY_SECONDS,
    )
