"""The license record: one per (jurisdiction, license type) a state uploaded for a provider (spec §4.2.2)."""

from datetime import date
from typing import Any

from pydantic import Field

from core import keys
from core.models.base import Record, UtcDatetime, UuidStr
from core.models.enums import (
    ActiveInactiveStatus,
    CompactEligibilityStatus,
    InvestigationStatus,
    LicenseEncumberedStatus,
)
from core.models.reference_shapes import with_license_type_abbreviation


class License(Record):
    """A state-issued license as last uploaded, minus the full SSN.

    The state's ``licenseStatus`` and ``compactEligibility`` are stored as the ``jurisdictionUploaded*``
    fields; the effective values are computed at read time (``core.status``). ``licenseTypeAbbreviation``
    is stored beside the full name so the record can rebuild its own keys without the compact catalog.
    """

    record_type = "license"
    reference_shapes = (with_license_type_abbreviation,)
    snapshot_fields = frozenset({
        "npi", "licenseNumber", "ssnLastFour", "givenName", "middleName", "familyName", "suffix",
        "dateOfUpdate", "dateOfIssuance", "dateOfRenewal", "dateOfExpiration", "dateOfBirth",
        "homeAddressStreet1", "homeAddressStreet2", "homeAddressCity", "homeAddressState",
        "homeAddressPostalCode", "emailAddress", "phoneNumber", "licenseStatusName",
        "jurisdictionUploadedLicenseStatus", "jurisdictionUploadedCompactEligibility",
        "encumberedStatus", "investigationStatus",
    })  # fmt: skip

    provider_id: UuidStr
    compact: str
    jurisdiction: str
    license_type: str
    license_type_abbreviation: str
    ssn_last_four: str = Field(pattern=r"^\d{4}$")
    npi: str | None = Field(default=None, pattern=r"^\d{10}$")
    license_number: str | None = None
    license_status_name: str | None = None
    jurisdiction_uploaded_license_status: ActiveInactiveStatus
    jurisdiction_uploaded_compact_eligibility: CompactEligibilityStatus
    given_name: str
    middle_name: str | None = None
    family_name: str
    suffix: str | None = None
    date_of_issuance: date
    date_of_renewal: date | None = None
    date_of_expiration: date
    date_of_birth: date
    home_address_street1: str
    home_address_street2: str | None = None
    home_address_city: str
    home_address_state: str
    home_address_postal_code: str
    email_address: str | None = None
    phone_number: str | None = Field(default=None, pattern=r"^\+\d{8,15}$")
    encumbered_status: LicenseEncumberedStatus | None = None
    investigation_status: InvestigationStatus | None = None
    # Set when the license is first uploaded; the reference began storing it in November 2025.
    first_upload_date: UtcDatetime | None = None

    @property
    def pk(self) -> str:
        return keys.provider_pk(self.compact, self.provider_id)

    @property
    def sk(self) -> str:
        return keys.license_sk(self.compact, self.jurisdiction, self.license_type_abbreviation)

    def derived_attributes(self) -> dict[str, Any]:
        """Name-match GSI keys (registration, recovery) and, once it has a first upload date, upload-month
        GSI keys (reports)."""
        attributes = {
            "licenseGSIPK": keys.license_gsi_pk(self.compact, self.jurisdiction),
            "licenseGSISK": keys.license_gsi_sk(self.family_name, self.given_name),
        }
        if self.first_upload_date is not None:
            attributes["licenseUploadDateGSIPK"] = keys.license_upload_date_gsi_pk(
                self.compact, self.jurisdiction, self.first_upload_date
            )
            attributes["licenseUploadDateGSISK"] = keys.license_upload_date_gsi_sk(
                self.first_upload_date, self.license_type_abbreviation, self.provider_id
            )
        return attributes
