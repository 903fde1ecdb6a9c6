"""Request and response shapes of the staff configuration routes.

Field names, required fields and enums follow the reference OpenAPI document
(``PUT/GET /v1/compacts/{compact}`` and ``.../jurisdictions/{jurisdiction}``). Responses are built by
loading a record through the response model, which drops what the API does not expose (the payment
processor's public fields, ``dateOfUpdate``).
"""

from collections.abc import Iterable
from typing import Annotated, Self

from pydantic import Field, StrictBool, WithJsonSchema, field_validator

from core.fields import (
    Amount,
    Compact,
    EmailList,
    Jurisdiction,
    JurisdictionCode,
    LicenseTypeAbbreviation,
    LicenseTypeCode,
    MoneyInput,
    RequestModel,
    ResponseModel,
    free_text,
)
from core.jurisdictions import COMPACT_NAMES, jurisdiction_name
from core.models.configuration import CompactConfiguration, JurisdictionConfiguration
from core.models.enums import FeeType, TransactionFeeChargeType

# ---- requests -----------------------------------------------------------------------------------


class CompactCommissionFeeRequest(RequestModel):
    fee_type: FeeType
    fee_amount: MoneyInput


class LicenseeChargesRequest(RequestModel):
    active: StrictBool = Field(description="Whether the compact is charging licensees transaction fees")
    charge_type: TransactionFeeChargeType
    charge_amount: MoneyInput = Field(description="The amount to charge per privilege purchased")


class TransactionFeeConfigurationRequest(RequestModel):
    licensee_charges: LicenseeChargesRequest | None = None


class ConfiguredStateRequest(RequestModel):
    postal_abbreviation: JurisdictionCode
    is_live: StrictBool = Field(description="Whether the state is live and available for registrations.")


class CompactConfigurationRequest(RequestModel):
    """PUT /v1/compacts/{compact}: everything a compact admin sets (spec §2.4, §10.2)."""

    compact_commission_fee: CompactCommissionFeeRequest
    transaction_fee_configuration: TransactionFeeConfigurationRequest | None = None
    compact_operations_team_emails: EmailList
    compact_adverse_actions_notification_emails: EmailList
    compact_summary_report_notification_emails: EmailList
    licensee_registration_enabled: StrictBool
    configured_states: list[ConfiguredStateRequest]

    @field_validator("configured_states")
    @classmethod
    def _one_entry_per_state(cls, value: list[ConfiguredStateRequest]) -> list[ConfiguredStateRequest]:
        codes = [state.postal_abbreviation for state in value]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise ValueError(f"jurisdictions listed more than once: {', '.join(duplicates)}")
        return value


class PrivilegeFeeRequest(RequestModel):
    license_type_abbreviation: LicenseTypeAbbreviation
    amount: MoneyInput
    military_rate: MoneyInput | None = Field(
        default=None, description="Optional military rate for the privilege fee."
    )


class JurisprudenceRequirementsRequest(RequestModel):
    required: StrictBool = Field(description="Whether jurisprudence requirements exist")
    link_to_documentation: free_text(max_length=2048) | None = Field(
        default=None, description="Optional link to jurisprudence documentation"
    )


class JurisdictionConfigurationRequest(RequestModel):
    """PUT /v1/compacts/{compact}/jurisdictions/{jurisdiction} (spec §2.4, §10.3)."""

    privilege_fees: list[PrivilegeFeeRequest]
    jurisprudence_requirements: JurisprudenceRequirementsRequest
    jurisdiction_operations_team_emails: EmailList
    jurisdiction_adverse_actions_notification_emails: EmailList
    jurisdiction_summary_report_notification_emails: EmailList
    licensee_registration_enabled: StrictBool


# ---- responses ----------------------------------------------------------------------------------

StoredEmail = Annotated[str, WithJsonSchema({"type": "string", "format": "email"})]
CompactCode = Annotated[str, WithJsonSchema({"type": "string", "enum": list(COMPACT_NAMES)})]


class CompactCommissionFeeResponse(ResponseModel):
    fee_type: FeeType
    fee_amount: Amount | None = Field(description="null until the compact admin sets it")


class LicenseeChargesResponse(ResponseModel):
    active: bool
    charge_type: TransactionFeeChargeType
    charge_amount: Amount


class TransactionFeeConfigurationResponse(ResponseModel):
    licensee_charges: LicenseeChargesResponse | None = None


class ConfiguredStateResponse(ResponseModel):
    postal_abbreviation: JurisdictionCode
    is_live: bool


class CompactConfigurationResponse(ResponseModel):
    """GET /v1/compacts/{compact}."""

    omitted_when_absent = frozenset({"transaction_fee_configuration"})

    compact_abbr: Compact
    compact_name: str
    compact_commission_fee: CompactCommissionFeeResponse
    transaction_fee_configuration: TransactionFeeConfigurationResponse | None = None
    compact_operations_team_emails: list[StoredEmail]
    compact_adverse_actions_notification_emails: list[StoredEmail]
    compact_summary_report_notification_emails: list[StoredEmail]
    licensee_registration_enabled: bool
    configured_states: list[ConfiguredStateResponse]

    @classmethod
    def from_record(cls, record: CompactConfiguration) -> Self:
        return cls.model_validate(record.model_dump(by_alias=True))

    @classmethod
    def empty(cls, compact: str) -> Self:
        """What a compact that was never configured looks like: no fee (null), no lists, nothing live."""
        return cls(
            compact_abbr=compact,
            compact_name=COMPACT_NAMES[compact],
            compact_commission_fee=CompactCommissionFeeResponse(fee_type=FeeType.FLAT_RATE, fee_amount=None),
            compact_operations_team_emails=[],
            compact_adverse_actions_notification_emails=[],
            compact_summary_report_notification_emails=[],
            licensee_registration_enabled=False,
            configured_states=[],
        )


class PrivilegeFeeResponse(ResponseModel):
    license_type_abbreviation: LicenseTypeCode
    amount: Amount | None = Field(description="null until the jurisdiction admin sets it")
    military_rate: Amount | None = Field(default=None, description="Optional military rate.")


class JurisprudenceRequirementsResponse(ResponseModel):
    required: bool
    link_to_documentation: str | None = None


class JurisdictionConfigurationResponse(ResponseModel):
    """GET /v1/compacts/{compact}/jurisdictions/{jurisdiction}."""

    compact: CompactCode
    jurisdiction_name: str
    postal_abbreviation: Jurisdiction
    privilege_fees: list[PrivilegeFeeResponse]
    jurisprudence_requirements: JurisprudenceRequirementsResponse
    jurisdiction_operations_team_emails: list[StoredEmail]
    jurisdiction_adverse_actions_notification_emails: list[StoredEmail]
    jurisdiction_summary_report_notification_emails: list[StoredEmail]
    licensee_registration_enabled: bool

    @classmethod
    def from_record(cls, record: JurisdictionConfiguration) -> Self:
        return cls.model_validate(record.model_dump(by_alias=True))

    @classmethod
    def empty(cls, compact: str, jurisdiction: str, license_types: Iterable[str]) -> Self:
        """A jurisdiction that was never configured: one unset (null) fee per license type of the compact."""
        return cls(
            compact=compact,
            jurisdiction_name=jurisdiction_name(jurisdiction),
            postal_abbreviation=jurisdiction,
            privilege_fees=[
                PrivilegeFeeResponse(license_type_abbreviation=abbreviation, amount=None)
                for abbreviation in license_types
            ],
            jurisprudence_requirements=JurisprudenceRequirementsResponse(required=False),
            jurisdiction_operations_team_emails=[],
            jurisdiction_adverse_actions_notification_emails=[],
            jurisdiction_summary_report_notification_emails=[],
            licensee_registration_enabled=False,
        )
