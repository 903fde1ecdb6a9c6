"""Investigation notifications (spec §7.2, §7.5): when a state opens or closes an investigation of a
license or privilege, that state and every other member state where the provider holds a license or
privilege hear of it at their adverse-actions lists, once each. The provider is never told.

Each request's ``deliveryId`` is the investigation, the change and the state, not the event: an event
delivered or relayed twice reaches nobody twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from adverse_actions.events import InvestigationEvent
from core.resources import serves
from notifications.functions import INVESTIGATION_NOTIFICATIONS
from notifications.listeners import listen
from notifications.provider_records import license_type_name, provider_records, states_to_tell

logger = Logger()


def requests_for(detail_type: str, detail: dict[str, Any]) -> Iterator[dict[str, Any]]:
    event = InvestigationEvent.model_validate(detail)
    closed = detail_type.endswith("Closed")  # license|privilege . investigation|investigationClosed
    records = provider_records(event.compact, event.provider_id)
    provider = records.provider
    assert provider is not None
    variables = {
        "providerFirstName": provider.given_name,
        "providerLastName": provider.family_name,
        "providerId": event.provider_id,
        "investigationJurisdiction": event.jurisdiction,
        "licenseType": license_type_name(event.compact, event.license_type_abbreviation),
    }
    template = (
        f"{event.investigation_against.value}Investigation{'Closed' if closed else ''}StateNotification"
    )
    for state in states_to_tell(records, event.compact, event.jurisdiction):
        yield {
            "template": template,
            "recipientType": "JURISDICTION_ADVERSE_ACTIONS",
            "compact": event.compact,
            "jurisdiction": state,
            "templateVariables": variables,
            "deliveryId": f"{detail_type}.{event.compact}.{event.investigation_id}.{state}",
        }


@serves(INVESTIGATION_NOTIFICATIONS)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return listen(event, context, requests_for)
