"""Parser of uploaded license CSV files (function ParseBulkUpload, spec §5.1), run for each object
created in the bulk-upload bucket.

The object is streamed through :func:`licenses.csv_reader.read_licenses`: valid rows go to the
preprocessing queue ten at a time, and each invalid row is reported as a ``license.validation-error``
event carrying only report-safe values. A file that cannot be read (not UTF-8, not CSV, a key outside
``{compact}/{jurisdiction}/``, a header without the required columns, a file over one of the
:class:`~licenses.csv_reader.CsvLimits`) or that holds no row at all is reported once as
``license.ingest-failure``. Nothing larger than one batch of each is ever held in memory.

Every upload ends in a report. The parser watches the invocation's remaining time and, when only
:data:`SAFETY_MARGIN_MS` is left, stops between two rows and reports the file as an ingest failure
saying how far it got, instead of being killed by Lambda's timeout with the file unreported. When
reading stops early, for lack of time or at a fatal problem, the rows read before are still queued
and reported, and the failure says how many and from which line on the file was not processed.

The object is deleted in every case, because it holds full SSNs. A failure of AWS itself (the queue
or the bus refusing) is reported as an ingest failure too, so the state knows to upload again, and
re-raised; Lambda's retry of the event then finds no object and stops.

Rows with ``previousSSN`` are refused as invalid: SSN corrections sit behind a feature flag that
fails closed and does not exist here yet (:data:`licenses.schema.SSN_CORRECTIONS_ENABLED`).
"""

from __future__ import annotations

import contextlib
from typing import Any, BinaryIO, Protocol
from urllib.parse import unquote_plus

from aws_lambda_powertools import Logger

from core.aws import client_error, s3_client
from core.buckets import BULK_UPLOADS, BucketAccess
from core.clock import now_utc
from core.encoding import json_dumps
from core.errors import InvalidRequest
from core.events import publish
from core.lookups import member_jurisdiction
from core.resources import granted, serves
from ingest.events import LICENSE_INGEST_FAILURE, LICENSE_VALIDATION_ERROR
from ingest.models import LicenseIngestFailure, LicenseValidationError
from licenses.csv_reader import InvalidRow, ReadingStopped, read_licenses
from licenses.functions import PARSE_BULK_UPLOAD
from licenses.preprocessing import Batcher, send_messages
from licenses.schema import ROW, FieldErrors, RowValidator, message_body, validator_for
from licenses.uploads import InvalidUploadKey, scope_of

INTERNAL_FAILURE = "The file could not be processed because of an internal error; please upload it again."
NO_ROWS = "The file has no license rows: nothing follows the line naming the columns."

SAFETY_MARGIN_MS = 20_000
"""Time kept for finishing a file that is stopped early: one last SendMessageBatch and one PutEvents of
the pending batches (with their retries and backoff, under a second each), the ingest-failure event and
the DeleteObject. Each normally takes tens of milliseconds; 20 s covers calls slowed a hundredfold, and
is 2% of the parser's 900 s timeout."""

REPORT_BYTES = 24_000
"""The most one ``license.validation-error`` detail may take. PutEvents refuses a request whose entries
total 256 KB, and reports go ten to a request. Only a hostile file comes near it: hundreds of unknown
columns with long names, or thousands of characters in the values of a row with extra cells."""
_ENVELOPE_BYTES = 300
"""The detail's other fields (time, compact, jurisdiction, record number) and the entry's source and type."""
_NOTE_BYTES = 200

logger = Logger()


class RemainingTime(Protocol):
    """What the parser needs of the Lambda context (the sandbox's ``LocalContext`` has it too)."""

    def get_remaining_time_in_millis(self) -> int: ...


@serves(PARSE_BULK_UPLOAD)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: Any) -> None:
    uploads = granted().bucket(BULK_UPLOADS, BucketAccess.READ_DELETE)
    for record in event.get("Records", []):
        s3 = record["s3"]
        if s3["bucket"]["name"] != uploads:
            raise ValueError(f"{s3['bucket']['name']} is not the bulk-upload bucket this parser reads")
        # S3 event keys are URL-encoded, with spaces as '+'.
        process_upload(uploads, unquote_plus(s3["object"]["key"]), context)


def process_upload(bucket: str, key: str, context: RemainingTime) -> None:
    """Parse one uploaded object, report on it, and delete it (always), within ``context``'s time."""
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
        except client_error() as error:
            if error.response.get("Error", {}).get("Code") != "NoSuchKey":
                raise
            logger.info("Upload already processed", extra={"compact": compact, "jurisdiction": jurisdiction})
            return
        with contextlib.closing(body):
            _parse(body, validator, compact, jurisdiction, context)
    except Exception:
        with contextlib.suppress(Exception):
            _report_failure(compact, jurisdiction, [INTERNAL_FAILURE])
        raise
    finally:
        s3_client().delete_object(Bucket=bucket, Key=key)


def _parse(
    body: BinaryIO, validator: RowValidator, compact: str, jurisdiction: str, context: RemainingTime
) -> None:
    queued: Batcher[str] = Batcher(send_messages)
    reported: Batcher[LicenseValidationError] = Batcher(
        lambda details: publish(LICENSE_VALIDATION_ERROR, *details)
    )

    def out_of_time() -> bool:
        return context.get_remaining_time_in_millis() < SAFETY_MARGIN_MS

    stopped: ReadingStopped | None = None
    try:
        for item in read_licenses(body, validator, compact, jurisdiction, out_of_time):
            if isinstance(item, InvalidRow):
                reported.add(_validation_error(item, compact, jurisdiction))
            else:
                queued.add(message_body(item.message))
    except ReadingStopped as error:
        stopped = error
    # Rows read before reading stopped are as valid as any: they are sent, and reported, regardless.
    queued.flush()
    reported.flush()
    if stopped is not None:
        _report_failure(
            compact, jurisdiction, [str(stopped), *_progress(stopped, queued.count, reported.count)]
        )
    elif queued.count + reported.count == 0:
        _report_failure(compact, jurisdiction, [NO_ROWS])
    logger.info(
        "Upload parsed",
        extra={
            "compact": compact,
            "jurisdiction": jurisdiction,
            "queued": queued.count,
            "invalid": reported.count,
            "stopped": type(stopped).__name__ if stopped else None,
            "stopped_after_line": stopped.line if stopped else None,
        },
    )


def _progress(stopped: ReadingStopped, queued: int, reported: int) -> list[str]:
    """What a state needs to know of a file that was read only in part: which rows did count."""
    if queued + reported == 0:
        return []
    return [
        f"The rows up to line {stopped.line:,} were processed ({queued:,} queued, {reported:,} reported "
        f"as invalid); rows from line {stopped.line + 1:,} on were not. Uploading them again, or the "
        "whole file, is safe: a row already processed is not applied twice."
    ]


def _validation_error(row: InvalidRow, compact: str, jurisdiction: str) -> LicenseValidationError:
    valid_data, errors = row.valid_data, row.errors
    if _size_bound(valid_data, errors) > REPORT_BYTES:
        valid_data, errors = _within_budget(valid_data, errors)
    return LicenseValidationError(
        event_time=now_utc(),
        compact=compact,
        jurisdiction=jurisdiction,
        record_number=row.record_number,
        valid_data=valid_data,
        errors=errors,
    )


def _size_bound(valid_data: dict[str, str], errors: FieldErrors) -> int:
    """More bytes than the values and errors can take in the detail's JSON, where a character takes at
    most 12 (a surrogate pair's two ``\\uXXXX`` escapes): counting is cheaper than encoding every report."""
    chars = sum(len(name) + len(value) + 6 for name, value in valid_data.items())
    chars += sum(
        len(field) + 6 + sum(len(message) + 3 for message in messages) for field, messages in errors.items()
    )
    return 12 * chars + _ENVELOPE_BYTES


def _within_budget(valid_data: dict[str, str], errors: FieldErrors) -> tuple[dict[str, str], FieldErrors]:
    """The report of a row cut to :data:`REPORT_BYTES`: values and names cut to 100 characters (no valid
    value is longer), then as many field errors as fit, and a note of how many were left out."""
    valid_data = {_cut(name): _cut(value) for name, value in valid_data.items()}
    room = REPORT_BYTES - _ENVELOPE_BYTES - _NOTE_BYTES - len(json_dumps(valid_data))
    kept: FieldErrors = {}
    for index, (field, messages) in enumerate(errors.items()):
        entry = {_cut(field): [_cut(message) for message in messages]}
        room -= len(json_dumps(entry))
        if room < 0:
            kept.setdefault(ROW, []).append(
                f"{len(errors) - index:,} more fields have problems, not listed: the report of one row "
                f"is limited to {REPORT_BYTES // 1000} KB."
            )
            break
        kept.update(entry)
    return valid_data, kept


def _cut(text: str, most: int = 100) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _report_failure(compact: str, jurisdiction: str, errors: list[str]) -> None:
    publish(
        LICENSE_INGEST_FAILURE,
        LicenseIngestFailure(event_time=now_utc(), compact=compact, jurisdiction=jurisdiction, errors=errors),
    )
