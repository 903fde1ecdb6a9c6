"""Notification listeners: queue consumers that turn a bus event into email requests, each recipient
reached once however often the event arrives.

EventBridge delivers an event at least once, and SQS a message at least once, so a listener may see one
event several times. Every request a listener makes for an event carries the event's id as its
``deliveryId`` (unless the request names a steadier one, such as the purchase's transaction): the email
service records each recipient it reached under it (spec §4.8) and a repeat reaches only those it has not.
A request that fails (the email service refusing it, SES refusing a recipient) fails its message, which
SQS redelivers and, after its last receive, moves to the DLQ, whose alarm tells the operators; the other
messages of the batch are not retried.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from notifications.client import send_email

logger = Logger(child=True)
processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)

EmailRequests = Callable[[str, dict[str, Any]], Iterable[dict[str, Any]]]
"""From an event's ``detail-type`` and ``detail``, the email requests it calls for."""


class NotAnEvent(ValueError):
    """The message is not an EventBridge event; it is retried, then dead-lettered."""


def _envelope(record: SQSRecord) -> dict[str, Any]:
    try:
        envelope = json.loads(record.body)
    except ValueError:
        raise NotAnEvent("the message is not JSON") from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("id"), str):
        raise NotAnEvent("the message is not an EventBridge event")
    if not isinstance(envelope.get("detail"), dict):
        raise NotAnEvent("the event has no detail")
    return envelope


def notify(record: SQSRecord, requests_for: EmailRequests) -> int:
    """Sends the requests an event calls for, each under the event's id; returns how many."""
    envelope = _envelope(record)
    sent = 0
    for request in requests_for(str(envelope.get("detail-type")), envelope["detail"]):
        send_email({"deliveryId": f"event.{envelope['id']}", **request})
        sent += 1
    logger.info("Notified", extra={"event_id": envelope["id"], "requests": sent})
    return sent


def listen(
    event: dict[str, Any], context: LambdaContext, requests_for: EmailRequests
) -> PartialItemFailureResponse:
    """A listener's handler body: every message through :func:`notify`, failures reported per message."""
    return process_partial_response(
        event=event,
        record_handler=lambda record: notify(record, requests_for),
        processor=processor,
        context=context,
    )
