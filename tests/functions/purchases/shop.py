"""A compact open for purchases on moto, with the real authorizenet SDK charging the Authorize.Net
stand-in: aslp with Ohio, Kentucky and Nebraska live (Ohio the buyer's home), fees, attestations, a
merchant uploaded through the credentials flow, and a registered practitioner licensed in Ohio."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from core.models.configuration import (
    Attestation,
    CompactCommissionFee,
    CompactConfiguration,
    ConfiguredState,
    JurisdictionConfiguration,
    JurisprudenceRequirements,
    LicenseeCharges,
    PrivilegeFee,
    TransactionFeeConfiguration,
)
from core.models.license import License
from core.models.provider import Provider
from core.repositories.configuration import ConfigurationRepository
from core.repositories.providers import ProviderRepository
from core.resources import running_as
from purchases import credentials, purchase_api
from purchases.eligibility import ALWAYS_REQUIRED, CIVILIAN_ONLY, MILITARY_ONLY
from purchases.functions import PAYMENT_CREDENTIALS_API
from purchases.processor import Credentials
from sandbox.invoke import LocalContext
from sandbox.payment_processor import PaymentProcessorStandIn
from tests.functions.conftest import api_event
from tests.records import make_license, make_provider, put

CONTEXT = LocalContext(function_name="purchase", memory_limit_in_mb=512, timeout_seconds=28)
VISA = {"cardNumber": "4111111111111111", "expirationDate": "2038-12", "cardCode": "123", "zip": "44101"}
FEES = {"oh": Decimal("50"), "ky": Decimal("75"), "ne": Decimal("100")}
MILITARY_RATE = Decimal("40")  # Kentucky only
COMMISSION = Decimal("3.50")
CARD_FEE = Decimal("1.75")
EMAIL = "ada.buyer@example.org"
ATTESTATION_VERSION = "2"  # version 1 exists too, and is no longer accepted


def civilian_attestations() -> list[dict[str, str]]:
    ids = sorted(ALWAYS_REQUIRED | CIVILIAN_ONLY | {"not-under-investigation-attestation"})
    return [{"attestationId": i, "version": ATTESTATION_VERSION} for i in ids]


def military_attestations() -> list[dict[str, str]]:
    ids = sorted(ALWAYS_REQUIRED | MILITARY_ONLY | {"under-investigation-attestation"})
    return [{"attestationId": i, "version": ATTESTATION_VERSION} for i in ids]


@dataclass
class Shop:
    tables: dict[str, Any]
    processor: PaymentProcessorStandIn
    provider: Provider
    license: License
    published: list[Any] = field(default_factory=list)

    def nonce(self, **card: str) -> dict[str, str]:
        opaque = self.processor.tokenize({**VISA, **card})
        assert opaque is not None
        return opaque

    def body(self, states: list[str], **changes: Any) -> dict[str, Any]:
        return {
            "licenseType": "speech-language pathologist",
            "selectedJurisdictions": states,
            "orderInformation": {"opaqueData": self.nonce()},
            "attestations": civilian_attestations(),
            **changes,
        }

    def buy(self, body: dict[str, Any], key: str | None = None, provider: Provider | None = None) -> Any:
        who = provider or self.provider
        claims = {"sub": "s-1", "custom:compact": who.compact, "custom:providerId": who.provider_id}
        headers = {"Idempotency-Key": key} if key else None
        event = api_event("POST", "/v1/purchases/privileges", body=body, claims=claims, headers=headers)
        response = purchase_api.lambda_handler(event, CONTEXT)
        return response["statusCode"], json.loads(response["body"])

    def records(self, provider: Provider | None = None) -> Any:
        who = provider or self.provider
        with running_as(purchase_api.PURCHASE_API):
            return ProviderRepository(self.tables["provider"]).records(who.compact, who.provider_id)

    def transaction_items(self) -> list[dict[str, Any]]:
        return self.tables["transaction_history"].scan()["Items"]

    def ledger(self) -> list[dict[str, Any]]:
        return [vars(entry) for entry in self.processor.ledger]


def configure(tables: dict[str, Any], processor: PaymentProcessorStandIn) -> None:
    compact = CompactConfiguration(
        compact_abbr="aslp",
        compact_name="Audiology and Speech Language Pathology",
        compact_commission_fee=CompactCommissionFee(fee_amount=COMMISSION),
        transaction_fee_configuration=TransactionFeeConfiguration(
            licensee_charges=LicenseeCharges(active=True, charge_amount=CARD_FEE)
        ),
        licensee_registration_enabled=True,
        compact_summary_report_notification_emails=["finance@aslp.example.org"],
        configured_states=[
            ConfiguredState(postal_abbreviation=code, is_live=code != "md")
            for code in ("oh", "ky", "ne", "md")
        ],
    )
    table = tables["compact_configuration"]
    table.put_item(Item=compact.to_item())
    for code, name in (("oh", "Ohio"), ("ky", "Kentucky"), ("ne", "Nebraska"), ("md", "Maryland")):
        fees = [
            PrivilegeFee(
                license_type_abbreviation=abbreviation,
                amount=FEES.get(code, Decimal("60")),
                military_rate=MILITARY_RATE if code == "ky" else None,
            )
            for abbreviation in ("aud", "slp")
        ]
        record = JurisdictionConfiguration(
            compact="aslp",
            postal_abbreviation=code,
            jurisdiction_name=name,
            privilege_fees=fees,
            licensee_registration_enabled=True,
            jurisdiction_summary_report_notification_emails=[f"reports@{code}.example.gov"],
            jurisprudence_requirements=JurisprudenceRequirements(required=False),
        )
        table.put_item(Item=record.to_item())
    repository = ConfigurationRepository(table)
    every_id = ALWAYS_REQUIRED | CIVILIAN_ONLY | MILITARY_ONLY
    every_id |= {"not-under-investigation-attestation", "under-investigation-attestation"}
    for attestation_id in every_id:
        for version in ("1", ATTESTATION_VERSION):
            repository.put_attestation(
                Attestation(
                    attestation_id=attestation_id,
                    compact="aslp",
                    version=version,
                    date_created=datetime(2025, 1, 1, tzinfo=UTC),
                    text="I attest.",
                    required=True,
                    display_name=attestation_id,
                    description=attestation_id,
                )
            )
    processor.add_merchant("shop-login", "shop-key")
    with running_as(PAYMENT_CREDENTIALS_API):
        credentials.upload("aslp", Credentials("shop-login", "shop-key"), repository)


def open_shop(tables: dict[str, Any], processor: PaymentProcessorStandIn) -> Shop:
    """The processor's endpoint and the secrets' key are in the environment already (the fixture)."""
    configure(tables, processor)
    provider = make_provider(compact_connect_registered_email_address=EMAIL)
    license = make_license(provider)
    put(tables["provider"], provider, license)
    return Shop(tables, processor, provider, license)
