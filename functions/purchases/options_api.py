"""Handler of the purchase options (payments_security §1.4): the compact's fees and the public half of its
payment credentials, and each live jurisdiction's fees, for the signed-in practitioner's compact.
(:mod:`purchases.offer` answers 503 when there is nothing to sell).
"""

from __future__ import annotations

from typing import Any

from configuration.admin_models import JurisprudenceRequirementsResponse, PrivilegeFeeResponse
from core.fields import ResultPagination
from core.http import RouteTable
from core.lookups import configuration_repository
from core.models.configuration import CompactConfiguration, JurisdictionConfiguration
from core.models.enums import TransactionFeeChargeType
from provider_users.caller import Practitioner
from purchases.credentials import is_sandbox
from purchases.functions import PURCHASE_OPTIONS_API
from purchases.models import CompactOption, JurisdictionOption, PurchaseOptions
from purchases.offer import live_offer
from purchases.routes import ROUTES

routes = RouteTable.serving(PURCHASE_OPTIONS_API, ROUTES)


def compact_option(record: CompactConfiguration) -> CompactOption:
    """The compact item. A compact that passes no card fee on is shown with an inactive zero fee, so the
    field the document requires is always there."""
    charges = record.transaction_fee_configuration
    fee = (
        charges.model_dump(by_alias=True)
        if charges is not None
        else {
            "licenseeCharges": {
                "active": False,
                "chargeType": TransactionFeeChargeType.FLAT_FEE_PER_PRIVILEGE,
                "chargeAmount": 0,
            }
        }
    )
    assert record.payment_processor_public_fields is not None
    return CompactOption.model_validate(
        {
            "type": "compact",
            "compactAbbr": record.compact_abbr,
            "compactName": record.compact_name,
            "compactCommissionFee": record.compact_commission_fee.model_dump(by_alias=True),
            "transactionFeeConfiguration": fee,
            "paymentProcessorPublicFields": record.payment_processor_public_fields.model_dump(by_alias=True),
            "isSandbox": is_sandbox(),
        }
    )


def jurisdiction_option(record: JurisdictionConfiguration) -> JurisdictionOption:
    return JurisdictionOption(
        type="jurisdiction",
        jurisdiction_name=record.jurisdiction_name,
        postal_abbreviation=record.postal_abbreviation,
        compact=record.compact,
        privilege_fees=[
            PrivilegeFeeResponse.model_validate(f.model_dump(by_alias=True)) for f in record.privilege_fees
        ],
        jurisprudence_requirements=JurisprudenceRequirementsResponse.model_validate(
            record.jurisprudence_requirements.model_dump(by_alias=True)
        ),
    )


@routes.operation("get_purchase_privilege_options")
def get_purchase_privilege_options() -> dict[str, Any]:
    caller = Practitioner.from_event(routes.app.current_event.raw_event)
    offer = live_offer(caller.compact, configuration_repository())
    items: list[CompactOption | JurisdictionOption] = [compact_option(offer.compact)]
    items += [jurisdiction_option(record) for record in offer.live.values()]
    return PurchaseOptions(items=items, pagination=ResultPagination(page_size=100)).to_body()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
