"""Data-event log consumer: stores every bus event, except home-state changes, per jurisdiction (spec §4.1,
§7.1). The ingest reporter reads these items to email states about their uploads.

Deliberate differences from the reference:

- events without a jurisdiction (``militaryAffiliation.audit``) are stored under jurisdiction ``NONE``
  instead of failing every time and filling the DLQ;
- the expiry is counted from the event's own time, not from when it was logged, so a redelivered event
  writes an identical item (the key already carries the event id);
- upload problems (validation errors, ingest failures) also carry when they were first logged
  (``reportKey``/``loggedAt``, the table's ``reportIndex``) and are written only if new, so the ingest
  reporter reads each exactly once, by the time it was logged, not by when it happened (spec §5.3).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext
from pydantic import ConfigDict, TypeAdapter, ValidationError

from core import keys, operational_keys
from core.clock import now_utc_precise
from core.models.base import UtcDatetime
from core.repositories.data_events import DataEventRepository
from core.resources import granted, serves
from core.tables import DATA_EVENT
from ingest.batches import process_then_finish
from ingest.events import LICENSE_INGEST, LICENSE_INGEST_FAILURE, LICENSE_VALIDATION_ERROR
from ingest.routes import LOG_DATA_EVENTS

NO_JURISDICTION = "NONE"
EMPTY_KEY = "<EMPTY>"

SHORT_RETENTION = timedelta(days=90)
DEFAULT_RETENTION = timedelta(days=366)
SHORT_LIVED_TYPES = frozenset({LICENSE_VALIDATION_ERROR.detail_type, LICENSE_INGEST_FAILURE.detail_type})
"""Upload problems matter for the next reports only; other events are kept for a year of audits."""
REPORTED_TYPES = SHORT_LIVED_TYPES
"""What the ingest reporter reads by the time it was logged (``reportIndex``)."""

LICENSE_INGEST_LOGGED_FIELDS = (
    "compact",
    "jurisdiction",
    "licenseType",
    "licenseStatus",
    "compactEligibility",
    "dateOfIssuance",
    "dateOfRenewal",
    "dateOfExpiration",
    "eventTime",
)
"""What a ``license.ingest`` detail keeps in the log: enough to count and describe uploads, no PII."""

logger = Logger()
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)
_timestamp = TypeAdapter(UtcDatetime, config=ConfigDict(defer_build=True))  # built on first use


class MalformedEvent(Exception):
    """The message is not an event this log can store (it goes to the DLQ after its retries)."""


def _without_empty_keys(value: Any) -> Any:
    """Empty map keys renamed ``<EMPTY>`` at every depth (CSV rows can have an unnamed column)."""
    if isinstance(value, dict):
        return {(key or EMPTY_KEY): _without_empty_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_empty_keys(item) for item in value]
    return value


def _event_time(detail: dict[str, Any], envelope: dict[str, Any]) -> datetime:
    """The detail's ``eventTime`` (when it happened), else the time EventBridge received the event."""
    for candidate in (detail.get("eventTime"), envelope.get("time")):
        if candidate:
            try:
                return _timestamp.validate_python(candidate)
            except ValidationError:
                continue
    raise MalformedEvent("the event has no valid eventTime or time")


def data_event_item(envelope: dict[str, Any]) -> dict[str, Any]:
    """The data-event table item of one EventBridge event."""
    detail_type, event_id, detail = envelope.get("detail-type"), envelope.get("id"), envelope.get("detail")
    if not (isinstance(detail_type, str) and isinstance(event_id, str) and isinstance(detail, dict)):
        raise MalformedEvent("the message is not an EventBridge event")
    compact = detail.get("compact")
    if not isinstance(compact, str) or not compact:
        raise MalformedEvent(f"a {detail_type} event without a compact")
    if detail_type == LICENSE_INGEST.detail_type:
        detail = {name: detail[name] for name in LICENSE_INGEST_LOGGED_FIELDS if name in detail}
    jurisdiction = detail.get("jurisdiction") or NO_JURISDICTION
    event_time = _event_time(detail, envelope)
    retention = SHORT_RETENTION if detail_type in SHORT_LIVED_TYPES else DEFAULT_RETENTION
    item = {
        **_without_empty_keys(detail),
        "pk": operational_keys.data_event_pk(compact, str(jurisdiction)),
        "sk": operational_keys.data_event_sk(detail_type, event_time, event_id),
        "eventType": detail_type,
        "eventExpiry": keys.epoch_seconds(event_time + retention),
    }
    if detail_type in REPORTED_TYPES:
        item["reportKey"] = operational_keys.data_event_report_key(compact, str(jurisdiction))
        item["loggedAt"] = operational_keys.logged_at_key(now_utc_precise(), event_id)
    return item


class _Batch:
    """The items of one invocation's events, written together at its end: 25 per BatchWriteItem call
    instead of one PutItem per event (issue #12: round trips per ingested row)."""

    def __init__(self) -> None:
        self.items: list[tuple[str, dict[str, Any]]] = []

    def log(self, record: SQSRecord) -> None:
        try:
            envelope = json.loads(record.body, parse_float=Decimal)  # boto3 stores Decimals, not floats
        except ValueError:
            raise MalformedEvent("the message body is not JSON") from None
        if not isinstance(envelope, dict):
            raise MalformedEvent("the message is not an EventBridge event")
        try:
            self.items.append((record.message_id, data_event_item(envelope)))
        except MalformedEvent as error:
            # Never log the detail: a license.ingest detail carries PII until it is stripped.
            logger.error(
                "Could not log a data event", extra={"message_id": record.message_id, "error": str(error)}
            )
            raise

    def write(self) -> list[str]:
        """Stores every item; returns the message ids to retry (all of them when the write failed: their
        keys carry the event ids, so writing them again is harmless)."""
        if not self.items:
            return []
        repository = DataEventRepository(granted().table(DATA_EVENT))
        problems = [(message_id, item) for message_id, item in self.items if "reportKey" in item]
        others = [item for _id, item in self.items if "reportKey" not in item]
        failed: list[str] = []
        for message_id, item in problems:  # one by one: the first write's loggedAt must stay
            try:
                repository.put_first(item)
            except Exception:
                logger.exception("Could not store an upload problem", extra={"message_id": message_id})
                failed.append(message_id)
        try:
            repository.put_all(others)
        except Exception:
            logger.exception("Could not store a batch of data events", extra={"events": len(others)})
            failed += [message_id for message_id, item in self.items if "reportKey" not in item]
        return failed


@serves(LOG_DATA_EVENTS)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    """Each failed message is reported back (``batchItemFailures``) and retried, then dead-lettered: a
    malformed one at once, every stored one when the batch's write fails."""
    batch = _Batch()
    return process_then_finish(event, context, processor, batch.log, batch.write)
