"""``provider.homeJurisdictionChange`` listener (spec §7.1): both states' operations teams learn that a
practitioner moved their home state, the one they left and the one they joined; a state that is not a
member of the compact (``other``, ``unknown``) is not written to.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from core.resources import serves
from notifications.functions import HOME_JURISDICTION_NOTIFICATIONS
from notifications.listeners import listen
from notifications.provider_records import member_states, provider_records
from providers.events import HomeJurisdictionChange

logger = Logger()


def requests_for(_detail_type: str, detail: dict[str, Any]) -> Iterator[dict[str, Any]]:
    change = HomeJurisdictionChange.model_validate(detail)
    members = member_states(change.compact)
    records = provider_records(change.compact, change.provider_id)
    assert records.provider is not None
    variables = {
        "providerFirstName": records.provider.given_name,
        "providerLastName": records.provider.family_name,
        "providerId": change.provider_id,
        "previousJurisdiction": change.previous_home_jurisdiction,
        "newJurisdiction": change.new_home_jurisdiction,
    }
    for jurisdiction, template in (
        (change.previous_home_jurisdiction, "homeJurisdictionChangeOldStateNotification"),
        (change.new_home_jurisdiction, "homeJurisdictionChangeNewStateNotification"),
    ):
        if jurisdiction in members:
            yield {
                "template": template,
                "recipientType": "JURISDICTION_OPERATIONS_TEAM",
                "compact": change.compact,
                "jurisdiction": jurisdiction,
                "templateVariables": variables,
            }


@serves(HOME_JURISDICTION_NOTIFICATIONS)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return listen(event, context, requests_for)
