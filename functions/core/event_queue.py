"""Consumers of bus events delivered through an SQS queue (a rule → queue → function, each with its DLQ):
the EventBridge envelope in each message, and a batch handled message by message.

EventBridge and SQS both deliver at least once, so a consumer may see an event several times; each
consumer makes its effects idempotent. A message whose handling fails is reported as a partial batch
failure: SQS redelivers it and, after its last receive, moves it to the DLQ, whose alarm tells the
operators; the other messages of the batch are not retried.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

processor = BatchProcessor(event_type=EventType.SQS, raise_on_entire_batch_failure=False)


class NotAnEvent(ValueError):
    """The message is not an EventBridge event; it is retried, then dead-lettered."""


def envelope_of(record: SQSRecord) -> dict[str, Any]:
    """The EventBridge event a message carries (its ``id``, ``detail-type`` and ``detail``)."""
    try:
        envelope = json.loads(record.body)
    except ValueError:
        raise NotAnEvent("the message is not JSON") from None
    if not isinstance(envelope, dict) or not isinstance(envelope.get("id"), str):
        raise NotAnEvent("the message is not an EventBridge event")
    if not isinstance(envelope.get("detail"), dict):
        raise NotAnEvent("the event has no detail")
    return envelope


def consume(
    event: dict[str, Any], context: LambdaContext, handle: Callable[[dict[str, Any]], Any]
) -> PartialItemFailureResponse:
    """A consumer's handler body: each message's event through ``handle``, failures reported per message."""
    return process_partial_response(
        event=event,
        record_handler=lambda record: handle(envelope_of(record)),
        processor=processor,
        context=context,
    )
