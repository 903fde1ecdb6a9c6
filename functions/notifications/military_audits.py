"""Military audit notifications (spec §7.5): when a compact admin approves or declines a provider's
military documents, the provider is told at their registered email (a provider without one is not:
nobody else is). Each ``deliveryId`` is the audit (provider and time), so an event delivered or relayed
twice sends one email."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from adverse_actions.events import MilitaryAuditEvent
from core.models.enums import MilitaryAuditStatus
from core.resources import serves
from notifications.functions import MILITARY_AUDIT_NOTIFICATIONS
from notifications.listeners import listen
from notifications.provider_records import provider_records

logger = Logger()


def requests_for(detail_type: str, detail: dict[str, Any]) -> Iterator[dict[str, Any]]:
    event = MilitaryAuditEvent.model_validate(detail)
    provider = provider_records(event.compact, event.provider_id).provider
    assert provider is not None
    email = provider.compact_connect_registered_email_address
    if email is None:
        logger.info("The provider has no registered email: nobody to tell of the audit")
        return
    approved = event.audit_result is MilitaryAuditStatus.APPROVED
    yield {
        "template": "militaryAuditApprovedNotification" if approved else "militaryAuditDeclinedNotification",
        "recipientType": "SPECIFIC",
        "compact": event.compact,
        "specificEmails": [email],
        "templateVariables": {} if approved else {"auditNote": event.audit_note or ""},
        "deliveryId": f"{detail_type}.{event.compact}.{event.provider_id}.{event.event_time.timestamp():.0f}",
    }


@serves(MILITARY_AUDIT_NOTIFICATIONS)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return listen(event, context, requests_for)
