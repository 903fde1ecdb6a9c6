"""``privilege.purchase`` listener (spec §7.1, §7.5): the practitioner's receipt — the privileges bought,
each line item and the total — sent to their registered email.

The delivery is keyed by the purchase's transaction, not the event: an event published twice (the relay
after a failed delete) still sends one receipt.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.typing import LambdaContext

from core.resources import serves
from notifications.functions import PURCHASE_RECEIPTS
from notifications.listeners import listen
from purchases.events import PrivilegePurchaseDetail

logger = Logger()


def requests_for(_detail_type: str, detail: dict[str, Any]) -> Iterator[dict[str, Any]]:
    purchase = PrivilegePurchaseDetail.model_validate(detail)
    if purchase.provider_email is None:
        logger.warning("No registered email for a purchase receipt", extra={"compact": purchase.compact})
        return
    request: dict[str, Any] = {
        "template": "privilegePurchaseProviderNotification",
        "recipientType": "SPECIFIC",
        "compact": purchase.compact,
        "specificEmails": [purchase.provider_email],
        "templateVariables": {
            "transactionDate": purchase.event_time.date().isoformat(),
            "privileges": [
                {
                    "jurisdiction": p.jurisdiction,
                    "licenseTypeAbbrev": p.license_type_abbrev,
                    "privilegeId": p.privilege_id,
                }
                for p in purchase.privileges
            ],
            "totalCost": purchase.total_cost,
            "costLineItems": [
                {"name": item.name, "quantity": int(item.quantity), "unitPrice": item.unit_price}
                for item in purchase.cost_line_items
            ],
        },
    }
    if purchase.transaction_id is not None:
        request["deliveryId"] = f"purchase.{purchase.compact}.{purchase.transaction_id}"
    yield request


@serves(PURCHASE_RECEIPTS)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return listen(event, context, requests_for)
