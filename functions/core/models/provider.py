"""The provider record: one per practitioner per compact, mirroring their best license (spec §4.2.1)."""

from datetime import date
from typing import Any

from pydantic import Field

from core import keys
from core.jurisdictions import UNKNOWN_JURISDICTION
from core.models.base import Record, UtcDatetime, UuidStr
from core.models.enums import (
    ACTIVE_MILITARY_STATUSES,
    ActiveInactiveStatus,
    CompactEligibilityStatus,
    LicenseEncumberedStatus,
    MilitaryStatus,
)


class Provider(Record):
    """The practitioner's summary record.

    Identity, names, dates and uploaded statuses are copied from the best license (§6.3) whenever it
    changes; the computed licenseStatus and compactEligibility are not stored (see ``core.status``).
    """

    record_type = "provider"
    snapshot_fields = frozenset({
        "providerId", "compact", "licenseJurisdiction", "jurisdictionUploadedLicenseStatus",
        "jurisdictionUploadedCompactEligibility", "encumberedStatus", "ssnLastFour", "npi", "givenName",
        "middleName", "familyName", "suffix", "dateOfExpiration", "dateOfBirth",
        "compactConnectRegisteredEmailAddress", "militaryStatus", "militaryStatusNote",
        "currentHomeJurisdiction", "dateOfUpdate",
    })  # fmt: skip

    provider_id: UuidStr
    compact: str
    license_jurisdiction: str
    jurisdiction_uploaded_license_status: ActiveInactiveStatus
    jurisdiction_uploaded_compact_eligibility: CompactEligibilityStatus
    encumbered_status: LicenseEncumberedStatus | None = None
    ssn_last_four: str = Field(pattern=r"^\d{4}$")
    npi: str | None = Field(default=None, pattern=r"^\d{10}$")
    given_name: str
    middle_name: str | None = None
    family_name: str
    suffix: str | None = None
    date_of_expiration: date
    date_of_birth: date
    compact_connect_registered_email_address: str | None = None
    pending_email_address: str | None = None
    email_verification_code: str | None = Field(default=None, min_length=4, max_length=4)
    email_verification_expiry: UtcDatetime | None = None
    # Wrong codes entered for the pending change; not in the reference's records (its readers ignore it).
    email_verification_failures: int | None = None
    recovery_token: str | None = None
    recovery_expiry: UtcDatetime | None = None
    military_status: MilitaryStatus | None = None
    military_status_note: str | None = None
    current_home_jurisdiction: str = UNKNOWN_JURISDICTION
    privilege_jurisdictions: set[str] = Field(default_factory=set)

    @property
    def pk(self) -> str:
        return keys.provider_pk(self.compact, self.provider_id)

    @property
    def sk(self) -> str:
        return keys.provider_sk(self.compact)

    @property
    def is_active_military(self) -> bool:
        """Active military providers pay military rates and supply the military attestations."""
        return self.military_status in ACTIVE_MILITARY_STATUSES

    def derived_attributes(self) -> dict[str, Any]:
        """Name and date-of-update GSI sort keys, plus ``MM-DD`` of birth for birthday lookups."""
        return {
            "birthMonthDay": self.date_of_birth.strftime("%m-%d"),
            "providerFamGivMid": keys.provider_fam_giv_mid(
                self.family_name, self.given_name, self.middle_name
            ),
            "providerDateOfUpdate": self.date_of_update,
        }
