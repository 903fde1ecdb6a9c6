"""Request and response shapes of the purchase routes (payments_security §1.3, §1.4, §1.6-1.7).

Field names, limits and enums follow the reference's published document; where we answer more (the
charged line items), it is an addition listed in ``docs/api-compatibility.md``.
"""

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, WithJsonSchema, field_validator

from configuration.admin_models import (
    CompactCommissionFeeResponse,
    JurisprudenceRequirementsResponse,
    LicenseeChargesResponse,
    PrivilegeFeeResponse,
)
from core.fields import (
    Compact,
    Jurisdiction,
    JurisdictionCode,
    LicenseTypeNameInput,
    RequestModel,
    ResponseModel,
    ResultPagination,
    one_value,
)

AUTHORIZE_NET_LIMITS = {"api_login_id": 25, "transaction_key": 16}
"""The lengths Authorize.Net's XML schema allows (``merchantAuthenticationType``'s name and key)."""

MAX_JURISDICTIONS = 20
"""Authorize.Net takes 30 line items; a purchase has one per state and up to two more (8 kept spare)."""


def _bounded(minimum: int, maximum: int, description: str) -> Any:
    return Annotated[
        str,
        StringConstraints(min_length=minimum, max_length=maximum),
        WithJsonSchema(
            {"type": "string", "minLength": minimum, "maxLength": maximum, "description": description}
        ),
    ]


class PaymentProcessorCredentialsRequest(RequestModel):
    processor: Annotated[Literal["authorize.net"], one_value("authorize.net")] = Field(
        description="The type of payment processor"
    )
    api_login_id: _bounded(1, 100, "The api login id for the payment processor")
    transaction_key: _bounded(1, 100, "The transaction key for the payment processor")

    @field_validator("api_login_id", "transaction_key")
    @classmethod
    def _as_authorize_net_takes_them(cls, value: str, info: Any) -> str:
        """Authorize.Net's schema allows a login id of 25 characters and a key of 16, printable ASCII: a
        longer or odd value could never authenticate, and the SDK refuses to send it at all."""
        limit = AUTHORIZE_NET_LIMITS[info.field_name]
        if len(value) > limit:
            raise ValueError(f"Authorize.Net takes at most {limit} characters")
        if not all(" " < character <= "~" for character in value):
            raise ValueError("Authorize.Net takes printable ASCII characters only, without spaces")
        return value


class OpaqueData(RequestModel):
    """The payment nonce Accept.js gives the browser: no card number ever reaches the backend."""

    data_descriptor: _bounded(1, 100, "The opaque data descriptor returned by Authorize.Net Accept UI")
    data_value: _bounded(1, 1000, "The opaque data value token returned by Authorize.Net Accept UI")


class OrderInformation(RequestModel):
    opaque_data: OpaqueData


class AttestationAccepted(RequestModel):
    attestation_id: _bounded(1, 100, "The ID of the attestation")
    version: Annotated[
        str,
        StringConstraints(pattern=r"^\d+$", max_length=10),
        WithJsonSchema({"type": "string", "pattern": r"^\d+$", "maxLength": 10}),
    ]


class PrivilegePurchaseRequest(RequestModel):
    license_type: LicenseTypeNameInput = Field(
        description="The type of license the provider is purchasing a privilege for."
    )
    selected_jurisdictions: list[JurisdictionCode] = Field(
        min_length=1,
        max_length=MAX_JURISDICTIONS,
        description="Jurisdictions a provider has selected to purchase privileges in.",
        json_schema_extra={"uniqueItems": True},
    )
    order_information: OrderInformation
    attestations: list[AttestationAccepted] = Field(
        max_length=20, description="List of attestations that the user has agreed to"
    )

    @field_validator("selected_jurisdictions")
    @classmethod
    def _each_once(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a jurisdiction is selected more than once")
        return value


class ChargedLineItem(ResponseModel):
    """A line item as charged: every value a string, as the processor took it."""

    item_id: str
    name: str
    description: str
    quantity: str
    unit_price: str
    taxable: str


class PrivilegePurchaseResponse(ResponseModel):
    transaction_id: str = Field(description="The transaction id for the purchase")
    message: str = Field(description="A message about the transaction")
    line_items: list[ChargedLineItem] = Field(description="What was charged (an addition to the reference)")


# ---- purchase options --------------------------------------------------------------------------------


class PaymentProcessorPublicFieldsResponse(ResponseModel):
    public_client_key: str = Field(description="The public client key for the payment processor")
    api_login_id: str = Field(description="The API login ID for the payment processor")


class TransactionFeeResponse(ResponseModel):
    licensee_charges: LicenseeChargesResponse


class CompactOption(ResponseModel):
    """The compact's fees and the public half of its payment credentials, for the browser's card form."""

    type: Annotated[Literal["compact"], one_value("compact")]
    compact_abbr: Compact = Field(description="The abbreviation of the compact")
    compact_name: str = Field(description="The full name of the compact")
    compact_commission_fee: CompactCommissionFeeResponse
    transaction_fee_configuration: TransactionFeeResponse
    payment_processor_public_fields: PaymentProcessorPublicFieldsResponse
    is_sandbox: bool = Field(description="Whether the compact is in sandbox mode")


class JurisdictionOption(ResponseModel):
    """A live jurisdiction: its fees and jurisprudence requirement (contact lists are not shown)."""

    type: Annotated[Literal["jurisdiction"], one_value("jurisdiction")]
    jurisdiction_name: str = Field(description="The name of the jurisdiction")
    postal_abbreviation: Jurisdiction = Field(description="The postal abbreviation of the jurisdiction")
    compact: Compact
    privilege_fees: list[PrivilegeFeeResponse] = Field(description="The fees for the privileges")
    jurisprudence_requirements: JurisprudenceRequirementsResponse


class PurchaseOptions(ResponseModel):
    items: list[CompactOption | JurisdictionOption] = Field(max_length=100)
    pagination: ResultPagination
