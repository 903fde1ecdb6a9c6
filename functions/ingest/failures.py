"""How the ingest consumers fail: reported to the state once, logged without PII, retried by SQS.

A failing message is received up to ``max_receive_count`` times before it moves to the DLQ. Reporting on
every receive would tell the state three times about one row, and would report transient errors (a
throttled write) that the next attempt fixes. So a *permanent* failure (the message itself is bad) is
reported (``license.ingest-failure``, spec §5.3) on its first receive, and a *transient* one only on the
last receive, when the row is about to be given up to the DLQ.

Error texts are a PII risk: pydantic and botocore quote input values, and a preprocessing message holds a
full SSN. So nothing leaves :func:`reporting_failures` but exceptions with texts written here, and logged
tracebacks are masked.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import ValidationError

from core.clock import now_utc
from core.errors import field_errors
from core.events import publish
from core.redaction import redacted
from ingest.events import LICENSE_INGEST_FAILURE
from ingest.models import (
    LicenseData,
    LicenseIngestFailure,
    unknown_license_type,
)

logger = Logger(child=True)

Errors = Mapping[str, list[str]] | list[str]
Message = TypeVar("Message", bound=LicenseData)


def redacted_traceback(error: BaseException) -> str:
    """The error's traceback for the log, SSN-like values masked."""
    return redacted("".join(traceback.format_exception(error)))


class PermanentFailure(Exception):
    """The message can never be processed as it is. Its errors name fields, never input values."""

    def __init__(self, errors: Errors) -> None:
        self.errors = errors
        super().__init__(f"invalid message: {errors}")


class TransientFailure(Exception):
    """Processing failed for a reason that may pass (throttling, a conflict): the message is retried.

    Raised in place of the original error, whose text might quote a value, because the batch processor
    logs the exceptions of failed records.
    """


def json_object(body: str, field: str | None = None) -> dict[str, Any]:
    """The message body (or one field of it, such as an event's ``detail``) as a JSON object.

    Read before validation, so that a failure can still be reported to the state the object names.
    """
    try:
        value = json.loads(body)
        if field is not None:
            value = value[field]
    except (ValueError, TypeError, KeyError):
        raise PermanentFailure([f"the message is not JSON{f' with a {field!r}' if field else ''}"]) from None
    if not isinstance(value, dict):
        raise PermanentFailure(["the message is not a JSON object"])
    return value


def validated(model: type[Message], raw: Mapping[str, Any]) -> Message:
    """The license validated by ``model``, with a license type the compact has.

    ``from None``: a pydantic error's text quotes input values, which may be an SSN.
    """
    try:
        message = model.model_validate(raw)
    except ValidationError as error:
        raise PermanentFailure(field_errors(error)) from None
    unknown = unknown_license_type(message)
    if unknown:
        raise PermanentFailure(unknown)
    return message


def error_lines(errors: Errors) -> list[str]:
    """Errors as the report lists them: ``field: message`` lines."""
    if isinstance(errors, Mapping):
        return [f"{field}: {message}" for field, messages in errors.items() for message in messages]
    return list(errors)


def should_report(record: SQSRecord, permanent: bool, max_receive_count: int) -> bool:
    """Report a permanent failure once (first receive), a transient one only when it is final."""
    count = int(record.attributes.approximate_receive_count or 1)
    return count <= 1 if permanent else count >= max_receive_count


def report_failure(compact: Any, jurisdiction: Any, errors: Errors) -> bool:
    """Publish ``license.ingest-failure`` for the state, when the message says which state it came from.

    Returns whether it was published: a message naming no compact and jurisdiction cannot be reported to
    anyone, and is left to the DLQ alarm.
    """
    if not (isinstance(compact, str) and compact and isinstance(jurisdiction, str) and jurisdiction):
        return False
    detail = LicenseIngestFailure(
        event_time=now_utc(), compact=compact, jurisdiction=jurisdiction, errors=error_lines(errors)
    )
    publish(LICENSE_INGEST_FAILURE, detail)
    return True


@contextmanager
def reporting_failures(record: SQSRecord, max_receive_count: int, action: str) -> Iterator[dict[str, Any]]:
    """Run the processing of one message; on failure log it, report it to the state when due, and re-raise.

    Yields a dict that the caller fills with the message's ``compact`` and ``jurisdiction`` as soon as it
    knows them, so a failure can be reported to that state.
    """
    origin: dict[str, Any] = {}
    try:
        yield origin
    except PermanentFailure as failure:
        logger.error(
            f"Rejected a malformed message: could not {action}",
            extra={"message_id": record.message_id, "errors": failure.errors},
        )
        if should_report(record, True, max_receive_count):
            report_failure(origin.get("compact"), origin.get("jurisdiction"), failure.errors)
        raise
    except Exception as error:
        logger.error(
            f"Could not {action}",
            extra={"message_id": record.message_id, "error": redacted_traceback(error)},
        )
        if should_report(record, False, max_receive_count):
            reason = f"The license could not be processed ({type(error).__name__}); please upload it again."
            report_failure(origin.get("compact"), origin.get("jurisdiction"), [reason])
        raise TransientFailure(type(error).__name__) from None
