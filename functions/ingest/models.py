"""Message contracts of the license ingest pipeline (spec §5.2), validated again by each consumer.

The upload side validates rows before queueing them, but a queue consumer must not trust its input: a
message from an older producer, or a hand-made redrive, is checked here and a bad one becomes a reported
permanent failure instead of a half-written provider.

Validation errors are turned into plain ``{field: [messages]}`` maps without the offending *values*
(:func:`core.errors.field_errors`): pydantic echoes input values in its messages, and an input may be an SSN.
"""

from datetime import date
from typing import Annotated, Any, Self

from pydantic import Field, StringConstraints, model_validator

from core.lookups import license_type_named
from core.models.base import CamelModel, UtcDatetime, UuidStr, to_dynamo
from core.models.enums import ActiveInactiveStatus, CompactEligibilityStatus

SSN_PATTERN = r"^\d{3}-\d{2}-\d{4}$"

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
AddressLine = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=100)]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,6}$")]


class LicenseData(CamelModel):
    """A license row as the state sent it (minus the SSN), with where and when it was uploaded."""

    compact: Code
    jurisdiction: Code
    license_type: Name
    license_status: ActiveInactiveStatus
    compact_eligibility: CompactEligibilityStatus
    given_name: Name
    middle_name: Name | None = None
    family_name: Name
    suffix: Name | None = None
    date_of_issuance: date
    date_of_renewal: date | None = None
    date_of_expiration: date
    date_of_birth: date
    home_address_street1: AddressLine
    home_address_street2: Name | None = None
    home_address_city: AddressLine
    home_address_state: AddressLine
    home_address_postal_code: Annotated[str, StringConstraints(min_length=5, max_length=7)]
    npi: Annotated[str, StringConstraints(pattern=r"^\d{10}$")] | None = None
    license_number: Name | None = None
    license_status_name: Name | None = None
    email_address: Annotated[str, StringConstraints(max_length=100, pattern=r"^[^@\s]+@[^@\s]+$")] | None = (
        None
    )
    phone_number: Annotated[str, StringConstraints(pattern=r"^\+\d{8,15}$")] | None = None
    event_time: UtcDatetime

    @model_validator(mode="after")
    def _inactive_cannot_be_eligible(self) -> Self:
        """A license the state reports inactive cannot be compact-eligible (§5.1)."""
        if (
            self.license_status == ActiveInactiveStatus.INACTIVE
            and self.compact_eligibility == CompactEligibilityStatus.ELIGIBLE
        ):
            raise ValueError("compactEligibility cannot be eligible when licenseStatus is inactive")
        return self

    def license_fields(self) -> dict[str, Any]:
        """The row as events carry it: camelCase, ISO dates and ``+00:00`` timestamps like stored records."""
        return to_dynamo(self.model_dump(by_alias=True, exclude_none=True))


class PreprocessMessage(LicenseData):
    """A preprocessing-queue message: the row with the full SSN (and an optional previous SSN)."""

    ssn: str = Field(pattern=SSN_PATTERN, repr=False)
    previous_ssn: str | None = Field(default=None, alias="previousSSN", pattern=SSN_PATTERN, repr=False)

    def license_fields(self) -> dict[str, Any]:
        """Everything but the SSNs: what may leave the SSN boundary."""
        return to_dynamo(self.model_dump(by_alias=True, exclude_none=True, exclude={"ssn", "previous_ssn"}))


class IngestDetail(LicenseData):
    """The detail of a ``license.ingest`` event: the row with its provider id and only the SSN's last four."""

    provider_id: UuidStr
    ssn_last_four: Annotated[str, StringConstraints(pattern=r"^\d{4}$")]
    previous_provider_id: UuidStr | None = None


class LicenseIngestFailure(CamelModel):
    """Detail of ``license.ingest-failure``: what the 15-minute report tells the state's operations team."""

    event_time: UtcDatetime
    compact: str
    jurisdiction: str
    errors: list[str]


class LicenseValidationError(CamelModel):
    """Detail of ``license.validation-error``: one CSV row the parser refused, with only report-safe
    values (never the SSN, birth date or address) and the problems by field."""

    event_time: UtcDatetime
    compact: str
    jurisdiction: str
    record_number: int = Field(ge=1, description="1-based row number in the file, header excluded")
    valid_data: dict[str, str]
    errors: dict[str, list[str]]


class LicenseDeactivation(CamelModel):
    """Detail of ``license.deactivation``: an unexpired license was deactivated by its state, so the
    privileges bought on it must be deactivated too."""

    event_time: UtcDatetime
    compact: str
    jurisdiction: str
    provider_id: UuidStr
    license_type: str
    license_type_abbreviation: str


def unknown_license_type(data: LicenseData) -> dict[str, list[str]] | None:
    """An error summary when the compact does not have the row's license type (else None)."""
    if license_type_named(data.compact, data.license_type) is None:
        return {"licenseType": [f"{data.license_type!r} is not a license type of compact {data.compact!r}"]}
    return None
