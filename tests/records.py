"""Builders of valid provider-table records for the tests: the one place their fields are spelled out.

Each builder returns a model with sensible defaults, any of which a keyword overrides. The records that
belong to another (a license or privilege of a provider, an action, investigation or history entry of a
license or privilege) take their provider, compact, jurisdiction and license type from the record passed,
so a test states only what it is about. Records carry a fixed ``dateOfUpdate`` where one makes sense, so
``put`` (which writes without stamping) leaves tests in control of it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from core.models.adverse_action import AdverseAction, Investigation
from core.models.base import Record
from core.models.history import LicenseUpdate, PrivilegeUpdate
from core.models.license import License
from core.models.military import MilitaryAffiliation
from core.models.privilege import Privilege, format_privilege_id
from core.models.provider import Provider

LICENSE_TYPES = {
    "aud": "audiologist",
    "slp": "speech-language pathologist",
    "ot": "occupational therapist",
    "ota": "occupational therapy assistant",
    "lpc": "licensed professional counselor",
}
CATEGORY = "Unsafe Practice or Substandard Care"


def make_provider(**overrides: Any) -> Provider:
    """An active, eligible aslp provider (a fresh id) licensed and living in oh."""
    fields: dict[str, Any] = {
        "provider_id": str(uuid.uuid4()),
        "compact": "aslp",
        "license_jurisdiction": "oh",
        "current_home_jurisdiction": "oh",
        "jurisdiction_uploaded_license_status": "active",
        "jurisdiction_uploaded_compact_eligibility": "eligible",
        "ssn_last_four": "6789",
        "npi": "1234567890",
        "given_name": "Ada",
        "middle_name": "May",
        "family_name": "Lovelace",
        "date_of_expiration": date(2099, 1, 15),
        "date_of_birth": date(1985, 12, 10),
        "compact_connect_registered_email_address": "ada.login@example.org",
        "date_of_update": datetime(2025, 3, 1, tzinfo=UTC),
    }
    fields.update(overrides)
    return Provider(**fields)


def make_license(provider: Provider, **overrides: Any) -> License:
    """The provider's active license in its license jurisdiction (slp unless
    ``license_type_abbreviation`` says otherwise)."""
    abbreviation = overrides.pop("license_type_abbreviation", "slp")
    fields: dict[str, Any] = {
        "provider_id": provider.provider_id,
        "compact": provider.compact,
        "jurisdiction": provider.license_jurisdiction,
        "license_type": LICENSE_TYPES[abbreviation],
        "license_type_abbreviation": abbreviation,
        "ssn_last_four": "6789",
        "npi": "1234567890",
        "license_number": f"{abbreviation.upper()}-1001",
        "license_status_name": "ACTIVE IN GOOD STANDING",
        "jurisdiction_uploaded_license_status": "active",
        "jurisdiction_uploaded_compact_eligibility": "eligible",
        "given_name": "Ada",
        "middle_name": "May",
        "family_name": "Lovelace",
        "date_of_issuance": date(2020, 1, 15),
        "date_of_renewal": date(2024, 1, 15),
        "date_of_expiration": date(2099, 1, 15),
        "date_of_birth": date(1985, 12, 10),
        "home_address_street1": "1 Main St",
        "home_address_city": "Columbus",
        "home_address_state": "oh",
        "home_address_postal_code": "43004",
        "email_address": "ada@example.org",
        "phone_number": "+15555550123",
        "first_upload_date": datetime(2025, 1, 3, 14, 30, tzinfo=UTC),
    }
    fields.update(overrides)
    return License(**fields)


def make_privilege(provider: Provider, jurisdiction: str, number: int = 1, **overrides: Any) -> Privilege:
    """The provider's active privilege in ``jurisdiction``, its id built from ``number``."""
    abbreviation = overrides.pop("license_type_abbreviation", "slp")
    fields: dict[str, Any] = {
        "provider_id": provider.provider_id,
        "compact": provider.compact,
        "jurisdiction": jurisdiction,
        "license_jurisdiction": provider.license_jurisdiction,
        "license_type": LICENSE_TYPES[abbreviation],
        "license_type_abbreviation": abbreviation,
        "privilege_id": format_privilege_id(abbreviation, jurisdiction, number),
        "date_of_issuance": datetime(2024, 5, 5, 12, 59, 59, tzinfo=UTC),
        "date_of_renewal": datetime(2025, 5, 5, 12, 59, 59, tzinfo=UTC),
        "date_of_expiration": date(2099, 1, 15),
        "compact_transaction_id": "tx-1",
        "date_of_update": datetime(2025, 3, 2, tzinfo=UTC),
    }
    fields.update(overrides)
    return Privilege(**fields)


def _against(record: License | Privilege) -> dict[str, Any]:
    """The fields naming the license or privilege an action, investigation or update is about."""
    return {
        "compact": record.compact,
        "provider_id": record.provider_id,
        "jurisdiction": record.jurisdiction,
        "license_type": record.license_type,
        "license_type_abbreviation": record.license_type_abbreviation,
    }


def _kind(record: License | Privilege) -> str:
    return "license" if isinstance(record, License) else "privilege"


def make_adverse_action(record: License | Privilege, **overrides: Any) -> AdverseAction:
    """An unlifted suspension (one NPDB category) against the license or privilege."""
    fields: dict[str, Any] = {
        "adverse_action_id": str(uuid.uuid4()),
        **_against(record),
        "action_against": _kind(record),
        "encumbrance_type": "suspension",
        "clinical_privilege_action_categories": [CATEGORY],
        "effective_start_date": date(2025, 1, 1),
        "submitting_user": "staff-1",
        "date_of_update": datetime(2025, 2, 1, tzinfo=UTC),
    }
    fields.update(overrides)
    return AdverseAction(**fields)


def make_investigation(record: License | Privilege, **overrides: Any) -> Investigation:
    """An open investigation of the license or privilege."""
    fields: dict[str, Any] = {
        "investigation_id": str(uuid.uuid4()),
        **_against(record),
        "investigation_against": _kind(record),
        "submitting_user": "staff-1",
        "date_of_update": datetime(2025, 3, 1, tzinfo=UTC),
    }
    fields.update(overrides)
    return Investigation(**fields)


def _update(
    model: type[PrivilegeUpdate] | type[LicenseUpdate],
    record: License | Privilege,
    update_type: str,
    when: datetime,
    overrides: dict[str, Any],
) -> Any:
    fields: dict[str, Any] = {
        **_against(record),
        "update_type": update_type,
        "updated_values": {},
        "effective_date": when,
        "create_date": when,
        "date_of_update": when,
    }
    if "previous" not in overrides:
        fields["previous"] = record.history_snapshot()
    fields.update(overrides)
    return model(**fields)


def make_privilege_update(
    privilege: Privilege, update_type: str, when: datetime, **overrides: Any
) -> PrivilegeUpdate:
    """A history entry of the privilege, made and effective ``when``: ``previous`` is the privilege as
    passed, nothing updated unless ``updated_values`` says."""
    return _update(PrivilegeUpdate, privilege, update_type, when, overrides)


def make_license_update(
    license: License, update_type: str, when: datetime, **overrides: Any
) -> LicenseUpdate:
    """A history entry of the license, made and effective ``when``: ``previous`` is the license as passed,
    nothing updated unless ``updated_values`` says."""
    return _update(LicenseUpdate, license, update_type, when, overrides)


def military_document_key(provider: Provider, file_name: str) -> str:
    """Where the provider-users bucket keeps a military proof document of the provider."""
    return (
        f"compact/{provider.compact}/provider/{provider.provider_id}"
        f"/document-type/military-affiliations/{file_name}"
    )


def make_military_affiliation(provider: Provider, **overrides: Any) -> MilitaryAffiliation:
    """An active military-member affiliation whose documents (``orders.pdf`` unless ``file_names`` says)
    are keyed as uploads are."""
    file_names = overrides.pop("file_names", ["orders.pdf"])
    fields: dict[str, Any] = {
        "provider_id": provider.provider_id,
        "compact": provider.compact,
        "affiliation_type": "militaryMember",
        "file_names": file_names,
        "document_keys": [military_document_key(provider, name) for name in file_names],
        "date_of_upload": datetime(2025, 1, 2, tzinfo=UTC),
        "status": "active",
        "date_of_update": datetime(2025, 1, 2, tzinfo=UTC),
    }
    fields.update(overrides)
    return MilitaryAffiliation(**fields)


def put(table: Any, *records: Record) -> None:
    """Write records with their dates as built (``stamp=False``), so tests control dateOfUpdate."""
    for record in records:
        table.put_item(Item=record.to_item(stamp=False))


def put_people(
    table: Any, rows: Iterable[tuple[str, str, str, set[str]]], since: datetime, step: timedelta
) -> dict[str, Provider]:
    """Write a provider per ``(family name, given name, home, privilege jurisdictions)`` row, licensed and
    living at home, without a middle name, the n-th updated ``n * step`` after ``since``; returns them by
    "given family", in row order."""
    people: dict[str, Provider] = {}
    for index, (family, given, home, privileges) in enumerate(rows):
        provider = make_provider(
            family_name=family,
            given_name=given,
            middle_name=None,
            license_jurisdiction=home,
            current_home_jurisdiction=home,
            privilege_jurisdictions=privileges,
            date_of_update=since + index * step,
        )
        put(table, provider)
        people[f"{given} {family}"] = provider
    return people


# ---- one fixed provider, for tests that compare whole items, keys or ids -----------------------------

PROVIDER_ID = "0b8f1a9e-6a55-4f64-9d43-2a4c8d0c7b11"
ISSUED = datetime(2024, 2, 1, 15, 0, tzinfo=UTC)
FIXED_EXPIRATION = date(2027, 1, 15)


def fixed_provider(**overrides: Any) -> Provider:
    """The provider ``PROVIDER_ID`` with only the fields whole-item checks name; no date of update (the
    write stamps one)."""
    fields: dict[str, Any] = {
        "provider_id": PROVIDER_ID,
        "npi": None,
        "middle_name": None,
        "compact_connect_registered_email_address": None,
        "date_of_expiration": FIXED_EXPIRATION,
        "date_of_update": None,
    }
    return make_provider(**{**fields, **overrides})


def fixed_license(**overrides: Any) -> License:
    """The fixed provider's slp license in oh."""
    fields: dict[str, Any] = {
        "license_status_name": None,
        "date_of_expiration": FIXED_EXPIRATION,
        "first_upload_date": datetime(2025, 6, 3, 14, 30, tzinfo=UTC),
    }
    return make_license(fixed_provider(), **{**fields, **overrides})


def fixed_privilege(**overrides: Any) -> Privilege:
    """The fixed provider's privilege SLP-NE-12 (or number 12 in another ``jurisdiction``), issued at
    ``ISSUED``, bought in transaction 120034567."""
    fields: dict[str, Any] = {
        "date_of_issuance": ISSUED,
        "date_of_renewal": ISSUED,
        "date_of_expiration": FIXED_EXPIRATION,
        "compact_transaction_id": "120034567",
        "attestations": [{"attestationId": "jurisprudence-confirmation", "version": "1"}],
        "date_of_update": None,
    }
    jurisdiction = overrides.pop("jurisdiction", "ne")
    return make_privilege(fixed_provider(), jurisdiction, 12, **{**fields, **overrides})


def fixed_privilege_update(**overrides: Any) -> PrivilegeUpdate:
    """A renewal of ``fixed_privilege()`` on 2025-01-10 (``update_type`` and any field as overrides), its
    previous state a bare expiration and transaction; no date of update."""
    fields: dict[str, Any] = {
        "previous": {"dateOfExpiration": "2025-01-15", "compactTransactionId": "120034567"},
        "date_of_update": None,
        **overrides,
    }
    update_type = fields.pop("update_type", "renewal")
    when = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)
    return make_privilege_update(fixed_privilege(), update_type, when, **fields)
