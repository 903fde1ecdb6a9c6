"""Privilege deactivation notifications: when a compact admin deactivates a privilege, the provider (at
their registered email, if any) and the privilege's state (its summary-report list) are told, once each.

The reference sent both from the request and only logged a failure; here a failure is retried by the
queue and dead-lettered. Each ``deliveryId`` is the deactivation (privilege and time) and its audience,
so an event delivered or relayed twice reaches nobody twice, while a privilege bought again and
deactivated again is announced again.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from adverse_actions.events import PrivilegeDeactivationEvent
from core.resources import serves
from notifications.functions import DEACTIVATION_NOTIFICATIONS
from notifications.listeners import listen
from notifications.provider_records import provider_records

logger = Logger()


def requests_for(detail_type: str, detail: dict[str, Any]) -> Iterator[dict[str, Any]]:
    event = PrivilegeDeactivationEvent.model_validate(detail)
    if event.privilege_id is None:
        logger.warning("A deactivation without its privilege (published by the reference): nobody told")
        return
    provider = provider_records(event.compact, event.provider_id).provider
    assert provider is not None
    delivery = f"{detail_type}.{event.compact}.{event.privilege_id}.{event.event_time.timestamp():.0f}"
    email = provider.compact_connect_registered_email_address
    if email is not None:
        yield {
            "template": "privilegeDeactivationProviderNotification",
            "recipientType": "SPECIFIC",
            "compact": event.compact,
            "specificEmails": [email],
            "templateVariables": {"privilegeId": event.privilege_id},
            "deliveryId": f"{delivery}.provider",
        }
    yield {
        "template": "privilegeDeactivationJurisdictionNotification",
        "recipientType": "JURISDICTION_SUMMARY_REPORT",
        "compact": event.compact,
        "jurisdiction": event.jurisdiction,
        "templateVariables": {
            "privilegeId": event.privilege_id,
            "providerFirstName": provider.given_name,
            "providerLastName": provider.family_name,
        },
        "deliveryId": f"{delivery}.{event.jurisdiction}",
    }


@serves(DEACTIVATION_NOTIFICATIONS)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return listen(event, context, requests_for)
