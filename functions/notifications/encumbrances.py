"""Encumbrance notifications (spec §7.2): when a license or privilege is encumbered, or freed of its last
encumbrance, the provider (at their registered email, if any), the record's state and every other state
where the provider holds a license or privilege (each at its adverse-actions list) are told, once each.

A privilege that merely follows its home license (the cascade's events carry ``licenseJurisdiction``) is
not announced again: the license's own emails went to the same provider and the same states. The
reference sent them all a second email for each such privilege; here each is told once per action.

Each request's ``deliveryId`` is the action and its audience, not the event: an event relayed twice (the
outbox's rare repeat has a new event id) still reaches nobody twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from adverse_actions.events import EncumbranceEvent
from core.resources import serves
from notifications.functions import ENCUMBRANCE_NOTIFICATIONS
from notifications.listeners import listen
from notifications.provider_records import license_type_name, provider_records, states_to_tell

logger = Logger()


def requests_for(detail_type: str, detail: dict[str, Any]) -> Iterator[dict[str, Any]]:
    event = EncumbranceEvent.model_validate(detail)
    if event.license_jurisdiction is not None:
        return  # follows its home license, whose own emails told everyone
    kind, _, change = detail_type.partition(".")  # license|privilege . encumbrance|encumbranceLifted
    lifted = change == "encumbranceLifted"
    records = provider_records(event.compact, event.provider_id)
    provider = records.provider
    assert provider is not None
    variables: dict[str, Any] = {
        "providerFirstName": provider.given_name,
        "providerLastName": provider.family_name,
        "licenseType": license_type_name(event.compact, event.license_type_abbreviation),
        **(
            {"liftedJurisdiction": event.jurisdiction, "effectiveLiftDate": event.effective_date}
            if lifted
            else {"encumberedJurisdiction": event.jurisdiction, "effectiveStartDate": event.effective_date}
        ),
    }
    template = f"{kind}Encumbrance{'Lifting' if lifted else ''}"
    delivery = f"{detail_type}.{event.compact}.{event.adverse_action_id}" if event.adverse_action_id else None

    def steady(audience: str) -> dict[str, str]:
        return {"deliveryId": f"{delivery}.{audience}"} if delivery else {}

    email = provider.compact_connect_registered_email_address
    if email is None:
        logger.info("The provider has no registered email: only the states are told")
    else:
        yield {
            "template": f"{template}ProviderNotification",
            "recipientType": "SPECIFIC",
            "compact": event.compact,
            "specificEmails": [email],
            "templateVariables": variables,
            **steady("provider"),
        }
    for state in states_to_tell(records, event.compact, event.jurisdiction):
        yield {
            "template": f"{template}StateNotification",
            "recipientType": "JURISDICTION_ADVERSE_ACTIONS",
            "compact": event.compact,
            "jurisdiction": state,
            "templateVariables": {**variables, "providerId": event.provider_id},
            **steady(state),
        }


@serves(ENCUMBRANCE_NOTIFICATIONS)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return listen(event, context, requests_for)
