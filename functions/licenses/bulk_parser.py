"""Parser of uploaded license CSV files (function ParseBulkUpload, spec §5.1), run for each object
created in the bulk-upload bucket.

The object is streamed through :func:`licenses.csv_reader.read_licenses`: valid rows go to the
preprocessing queue ten at a time, and each invalid row is reported as a ``license.validation-error``
event carrying only report-safe values. A file that cannot be read (not UTF-8, not CSV, a key outside
``{compact}/{jurisdiction}/``) is reported once as ``license.ingest-failure``. Nothing larger than one
batch of each is ever held in memory.

The object is deleted in every case, because it holds full SSNs. A failure of AWS itself (the queue
or the bus refusing) is reported as an ingest failure too, so the state knows to upload again, and
re-raised; Lambda's retry of the event then finds no object and stops.

Rows with ``previousSSN`` are refused as invalid: SSN corrections sit behind a feature flag that
fails closed and does not exist here yet (:data:`licenses.schema.SSN_CORRECTIONS_ENABLED`).
"""

from __future__ import annotations

import contextlib
from typing import Any, BinaryIO
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger
from botocore.exceptions import ClientError

from core.aws import s3_client
from core.buckets import BULK_UPLOADS
from core.catalog import BucketAccess
from core.clock import now_utc
from core.errors import InvalidRequest
from core.events import publish
from core.lookups import member_jurisdiction
from core.resources import granted, serves
from ingest.events import LICENSE_INGEST_FAILURE, LICENSE_VALIDATION_ERROR
from ingest.models import LicenseIngestFailure, LicenseValidationError
from licenses.csv_reader import CsvFormatError, InvalidRow, read_licenses
from licenses.preprocessing import Batcher, send_messages
from licenses.routes import PARSE_BULK_UPLOAD
from licenses.schema import RowValidator, message_body, validator_for
from licenses.uploads import InvalidUploadKey, scope_of

INTERNAL_FAILURE = "The file could not be processed because of an internal error; please upload it again."

logger = Logger()


@serves(PARSE_BULK_UPLOAD)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> None:
    uploads = granted().bucket(BULK_UPLOADS, BucketAccess.READ_DELETE)
    for record in event.get("Records", []):
        s3 = record["s3"]
        if s3["bucket"]["name"] != uploads:
            raise ValueError(f"{s3['bucket']['name']} is not the bulk-upload bucket this parser reads")
        # S3 event keys are URL-encoded, with spaces as '+'.
        process_upload(uploads, unquote_plus(s3["object"]["key"]))


def process_upload(bucket: str, key: str) -> None:
    """Parse one uploaded object, report on it, and delete it (always)."""
    compact, jurisdiction, *_ = [*key.split("/"), "", ""]  # named in failure reports even when invalid
    try:
        try:
            compact, jurisdiction = scope_of(key)
            validator = validator_for(member_jurisdiction(compact, jurisdiction))
        except (InvalidUploadKey, InvalidRequest) as error:
            reason = error.message if isinstance(error, InvalidRequest) else str(error)
            _report_failure(compact, jurisdiction, [reason])
            return
        try:
            body = s3_client().get_object(Bucket=bucket, Key=key)["Body"]
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") != "NoSuchKey":
                raise
            logger.info("Upload already processed", extra={"compact": compact, "jurisdiction": jurisdiction})
            return
        with contextlib.closing(body):
            _parse(body, validator, compact, jurisdiction)
    except Exception:
        with contextlib.suppress(Exception):
            _report_failure(compact, jurisdiction, [INTERNAL_FAILURE])
        raise
    finally:
        s3_client().delete_object(Bucket=bucket, Key=key)


def _parse(body: BinaryIO, validator: RowValidator, compact: str, jurisdiction: str) -> None:
    queued: Batcher[str] = Batcher(send_messages)
    reported: Batcher[LicenseValidationError] = Batcher(
        lambda details: publish(LICENSE_VALIDATION_ERROR, *details)
    )
    failure = None
    try:
        for item in read_licenses(body, validator, compact, jurisdiction):
            if isinstance(item, InvalidRow):
                reported.add(_validation_error(item, compact, jurisdiction))
            else:
                queued.add(message_body(item.message))
    except CsvFormatError as error:
        failure = str(error)
    # Rows read before a format error are as valid as any: they are sent, and reported, regardless.
    queued.flush()
    reported.flush()
    if failure:
        _report_failure(compact, jurisdiction, [failure])
    logger.info(
        "Upload parsed",
        extra={
            "compact": compact,
            "jurisdiction": jurisdiction,
            "queued": queued.count,
            "invalid": reported.count,
            "unreadable": failure is not None,
        },
    )


def _validation_error(row: InvalidRow, compact: str, jurisdiction: str) -> LicenseValidationError:
    return LicenseValidationError(
        event_time=now_utc(),
        compact=compact,
        jurisdiction=jurisdiction,
        record_number=row.record_number,
        valid_data=row.valid_data,
        errors=row.errors,
    )


def _report_failure(compact: str, jurisdiction: str, errors: list[str]) -> None:
    publish(
        LICENSE_INGEST_FAILURE,
        LicenseIngestFailure(event_time=now_utc(), compact=compact, jurisdiction=jurisdiction, errors=errors),
    )
