"""Notification listeners: queue consumers (``core.event_queue``) that turn a bus event into email
requests, each recipient reached once however often the event arrives.

Every request a listener makes for an event carries the event's id as its ``deliveryId`` (unless the
request names a steadier one, such as the purchase's transaction or the encumbrance): the email service
records each recipient it reached under it (spec §4.8) and a repeat reaches only those it has not. A
request that fails (the email service refusing it, SES refusing a recipient) fails its message, which SQS
redelivers and finally dead-letters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from core.event_queue import consume
from notifications.client import send_email

logger = Logger(child=True)

EmailRequests = Callable[[str, dict[str, Any]], Iterable[dict[str, Any]]]
"""From an event's ``detail-type`` and ``detail``, the email requests it calls for."""


def notify(envelope: dict[str, Any], requests_for: EmailRequests) -> int:
    """Sends the requests an event calls for, each under the event's id; returns how many."""
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
    return consume(event, context, lambda envelope: notify(envelope, requests_for))
