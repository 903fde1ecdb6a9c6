"""Records of the compact configuration table (spec §4.4).

Fees are Decimals with at most two decimal places: they are money, DynamoDB stores them exactly, and
floats would drift when summed into a charge.
"""

from collections.abc import Iterable
from decimal import Decimal
from typing import Annotated, Self

from pydantic import Field, field_validator

from core import keys
from core.jurisdictions import jurisdiction_name
from core.models.base import CamelModel, Record, UtcDatetime
from core.models.enums import FeeType, TransactionFeeChargeType
from core.models.reference_shapes import with_compact_from_member_key

Money = Annotated[Decimal, Field(ge=0, decimal_places=2)]


class CompactCommissionFee(CamelModel):
    """The compact's own fee, charged once per privilege bought."""

    fee_type: FeeType = FeeType.FLAT_RATE
    fee_amount: Money


class LicenseeCharges(CamelModel):
    """A card-processing fee passed on to the practitioner, per privilege."""

    active: bool
    charge_type: TransactionFeeChargeType = TransactionFeeChargeType.FLAT_FEE_PER_PRIVILEGE
    charge_amount: Money


class TransactionFeeConfiguration(CamelModel):
    licensee_charges: LicenseeCharges


class ConfiguredState(CamelModel):
    """A jurisdiction that enabled registration; ``isLive`` (set by compact admins) opens it to the public."""

    postal_abbreviation: str
    is_live: bool = False


class PaymentProcessorPublicFields(CamelModel):
    """The non-secret half of the payment credentials, given to the browser's card form."""

    public_client_key: str
    api_login_id: str


class CompactConfiguration(Record):
    """A compact's fees, notification lists and registration switches, entered by compact admins."""

    record_type = "compact"

    compact_abbr: str
    compact_name: str
    compact_commission_fee: CompactCommissionFee
    transaction_fee_configuration: TransactionFeeConfiguration | None = None
    compact_operations_team_emails: list[str] = Field(default_factory=list)
    compact_adverse_actions_notification_emails: list[str] = Field(default_factory=list)
    compact_summary_report_notification_emails: list[str] = Field(default_factory=list)
    licensee_registration_enabled: bool = False
    configured_states: list[ConfiguredState] = Field(default_factory=list)
    payment_processor_public_fields: PaymentProcessorPublicFields | None = None

    @field_validator("configured_states")
    @classmethod
    def _one_entry_per_state(cls, value: list[ConfiguredState]) -> list[ConfiguredState]:
        codes = [state.postal_abbreviation for state in value]
        if len(set(codes)) != len(codes):
            raise ValueError("a jurisdiction is listed more than once in configuredStates")
        return value

    @property
    def pk(self) -> str:
        return keys.compact_configuration_pk(self.compact_abbr)

    @property
    def sk(self) -> str:
        return keys.compact_configuration_sk(self.compact_abbr)

    @property
    def live_jurisdictions(self) -> list[str]:
        """Postal codes open to registration and purchase, in configuration order."""
        return [state.postal_abbreviation for state in self.configured_states if state.is_live]


class PrivilegeFee(CamelModel):
    """What a jurisdiction charges for a privilege of one license type; ``militaryRate`` replaces
    ``amount`` for active-military practitioners when set."""

    license_type_abbreviation: str
    amount: Money
    military_rate: Money | None = None


class JurisprudenceRequirements(CamelModel):
    required: bool
    link_to_documentation: str | None = None


class JurisdictionConfiguration(Record):
    """One member jurisdiction's fees, notification lists and registration switch within a compact."""

    record_type = "jurisdiction"

    compact: str
    postal_abbreviation: str
    jurisdiction_name: str
    privilege_fees: list[PrivilegeFee] = Field(default_factory=list)
    jurisdiction_operations_team_emails: list[str] = Field(default_factory=list)
    jurisdiction_adverse_actions_notification_emails: list[str] = Field(default_factory=list)
    jurisdiction_summary_report_notification_emails: list[str] = Field(default_factory=list)
    licensee_registration_enabled: bool = False
    jurisprudence_requirements: JurisprudenceRequirements

    @property
    def pk(self) -> str:
        return keys.compact_configuration_pk(self.compact)

    @property
    def sk(self) -> str:
        return keys.jurisdiction_configuration_sk(self.compact, self.postal_abbreviation)


class Attestation(Record):
    """One version of an attestation text that practitioners accept when buying privileges.

    Versions are immutable: changed wording is written as a new version, and a purchase must cite the
    latest one.
    """

    record_type = "attestation"

    attestation_id: str
    compact: str
    version: str = Field(pattern=r"^\d+$")
    date_created: UtcDatetime
    text: str
    required: bool
    display_name: str
    description: str
    locale: str = "en"

    @property
    def pk(self) -> str:
        return keys.attestations_pk(self.compact)

    @property
    def sk(self) -> str:
        return keys.attestation_sk(self.compact, self.locale, self.attestation_id, self.version)

    @property
    def version_number(self) -> int:
        """The version as a number; compare these, not the strings ("10" < "9")."""
        return int(self.version)


class MemberJurisdiction(CamelModel):
    jurisdiction_name: str
    postal_abbreviation: str
    compact: str


class ActiveMemberJurisdictions(Record):
    """The compact's active member jurisdictions, rewritten from the stack configuration on each deploy.

    The list attribute is stored under the snake_case name ``active_member_jurisdictions``.
    """

    record_type = "activeMemberJurisdictions"
    reference_shapes = (with_compact_from_member_key,)

    compact: str
    active_member_jurisdictions: list[MemberJurisdiction] = Field(
        default_factory=list, alias="active_member_jurisdictions"
    )

    @classmethod
    def from_postal_codes(cls, compact: str, postal_codes: Iterable[str]) -> Self:
        """Build the record from postal codes, naming each jurisdiction (unknown codes raise KeyError)."""
        members = [
            MemberJurisdiction(
                jurisdiction_name=jurisdiction_name(code), postal_abbreviation=code, compact=compact
            )
            for code in postal_codes
        ]
        return cls(compact=compact, active_member_jurisdictions=members)

    @property
    def pk(self) -> str:
        return keys.active_member_jurisdictions_key(self.compact)

    @property
    def sk(self) -> str:
        return keys.active_member_jurisdictions_key(self.compact)


class SigningKey(Record):
    """A state's public key (PEM, ECDSA P-256) for verifying signed State API requests."""

    record_type = "signingKey"

    compact: str
    jurisdiction: str
    key_id: str
    public_key: str
    created_at: UtcDatetime

    @property
    def pk(self) -> str:
        return keys.signing_keys_pk(self.compact, self.jurisdiction)

    @property
    def sk(self) -> str:
        return keys.signing_key_sk(self.compact, self.jurisdiction, self.key_id)
