"""What the states upload about a demo provider: their licenses, then corrections and status changes.

Each upload goes through ``History.upload_license``, which categorises the change as ingest does, so a
correction or a deactivation here leaves the same licenseUpdate a real upload would.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from core.compacts import LicenseType
from core.models.enums import (
    ActiveInactiveStatus,
    CompactEligibilityStatus,
    LicenseDeactivatedStatus,
    UpdateCategory,
)
from core.models.license import License
from ops.demo_data.history import History, RecordKey
from ops.demo_data.people import address, ascii_name, phone_number
from ops.generate_mock_licenses import FAMILY_NAMES

LICENSE_STATUS_NAMES = {
    "active": ("ACTIVE", "ACTIVE IN GOOD STANDING", "CLEAR"),
    "expired": ("EXPIRED", "LAPSED"),
    "deactivated": ("SUSPENDED", "INACTIVE", "RETIRED", "REVOKED"),
}
CORRECTIONS = ("address", "name", "contact")
"""What a correcting upload can change."""


def new_license(
    history: History,
    person: dict[str, Any],
    jurisdiction: str,
    license_type: LicenseType,
    *,
    issued: date,
    renewed: date | None,
    expires: date,
    birth: date,
    status: str,
    eligible: bool,
) -> License:
    """A license as a state would upload it for ``person`` (an ``identity``), at a new home address."""
    rng = history.rng
    status_kind = "active" if status == "active" else "expired"
    return License(
        provider_id=history.provider_id,
        compact=history.compact.abbreviation,
        jurisdiction=jurisdiction,
        license_type=license_type.name,
        license_type_abbreviation=license_type.abbreviation,
        ssn_last_four=history.ssn[-4:],
        license_number=f"{license_type.abbreviation.upper()}-{rng.randrange(10**7):07d}",
        license_status_name=rng.choice(LICENSE_STATUS_NAMES[status_kind]),
        jurisdiction_uploaded_license_status=status,
        jurisdiction_uploaded_compact_eligibility="eligible" if eligible else "ineligible",
        date_of_issuance=issued,
        date_of_renewal=renewed,
        date_of_expiration=expires,
        date_of_birth=birth,
        first_upload_date=datetime(2000, 1, 1, tzinfo=UTC),  # the upload sets it
        **person,
        **address(rng, jurisdiction),
    )


def correct_license(history: History, at: datetime, key: RecordKey, what: str) -> None:
    """A state upload that corrects the license (an ``other`` update); ``what`` is one of CORRECTIONS."""
    rng, old = history.rng, history.licenses[key]
    if what == "name":
        changes: dict[str, Any] = {
            "family_name": rng.choice([n for n in FAMILY_NAMES if n != old.family_name])
        }
    elif what == "contact":
        changes = {
            "phone_number": phone_number(rng),
            "email_address": f"{ascii_name(old.given_name)}.{rng.randrange(10**4)}@example.com",
        }
    else:
        changes = address(rng, old.jurisdiction)
    history.reupload(at, key, **changes)


def upload_inactive(history: History, at: datetime, key: RecordKey, status_kind: str) -> None:
    """The state uploads the license as inactive and ineligible, under a ``status_kind`` status name."""
    history.reupload(
        at,
        key,
        jurisdiction_uploaded_license_status=ActiveInactiveStatus.INACTIVE,
        jurisdiction_uploaded_compact_eligibility=CompactEligibilityStatus.INELIGIBLE,
        license_status_name=history.rng.choice(LICENSE_STATUS_NAMES[status_kind]),
    )


def deactivate_license(history: History, at: datetime, key: RecordKey) -> None:
    """The state uploads the license as inactive: the privileges bought on it are license-deactivated."""
    upload_inactive(history, at, key, "deactivated")
    for privilege in history.privileges_on(key):
        history.change_privilege(
            at,
            (privilege.jurisdiction, privilege.license_type_abbreviation),
            UpdateCategory.LICENSE_DEACTIVATION,
            license_deactivated_status=LicenseDeactivatedStatus.LICENSE_DEACTIVATED,
        )
    history.refresh_provider(at)
