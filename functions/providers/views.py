"""Records -> staff provider responses, per audience.

Each entry is the record's stored fields plus the statuses computed for today (core.status, never the
stored values), loaded through the audience's model, which keeps only the fields it lists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel

from core import keys
from core.models.adverse_action import AdverseAction, Investigation
from core.models.base import to_dynamo
from core.models.enums import MilitaryStatus
from core.models.history import LicenseUpdate, PrivilegeUpdate, UpdateRecord
from core.models.license import License
from core.models.military import MilitaryAffiliation
from core.models.privilege import Privilege
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from core.status import (
    license_compact_eligibility,
    license_status,
    privilege_active_since,
    privilege_status,
    provider_compact_eligibility,
)
from providers.models import (
    GeneralLicense,
    GeneralProvider,
    GeneralProviderDetail,
    PrivateLicense,
    PrivateProvider,
    PrivateProviderDetail,
    PrivilegeView,
)


def provider_fields(provider: Provider) -> dict[str, Any]:
    """The provider as every audience's model reads it (each keeps only its own fields). A provider with
    no military status is ``notApplicable`` with an empty note, as the reference answers."""
    return {
        **provider.stored_fields(),
        "militaryStatus": provider.military_status or MilitaryStatus.NOT_APPLICABLE,
        "militaryStatusNote": provider.military_status_note or "",
        "type": "provider",
        "birthMonthDay": provider.date_of_birth.strftime("%m-%d"),
        "privilegeJurisdictions": sorted(provider.privilege_jurisdictions),
        "licenseStatus": license_status(provider),
        "compactEligibility": provider_compact_eligibility(provider),
    }


def provider_summary(provider: Provider, *, private: bool = False) -> GeneralProvider:
    """The provider alone, as the staff query serves it (always general there)."""
    model = PrivateProvider if private else GeneralProvider
    return model.model_validate(provider_fields(provider))


def _record(record: Any, leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The record's stored fields (those named in ``leave_out`` are not even converted) and its type."""
    return {**record.stored_fields(exclude=leave_out), "type": record.record_type}


def _belongs(record: Any, against: str, jurisdiction: str, abbreviation: str) -> bool:
    return (
        getattr(record, "action_against", None) or getattr(record, "investigation_against", None)
    ) == against and (record.jurisdiction, record.license_type_abbreviation) == (jurisdiction, abbreviation)


def adverse_actions_against(
    records: ProviderRecords, against: str, jurisdiction: str, abbreviation: str
) -> list[dict[str, Any]]:
    """The adverse actions against one license or privilege (``against``), oldest first, as entries."""
    actions: list[AdverseAction] = [
        action for action in records.adverse_actions if _belongs(action, against, jurisdiction, abbreviation)
    ]
    return [_record(action) for action in sorted(actions, key=lambda a: a.effective_start_date)]


_NOT_SNAPSHOT_FIELDS = frozenset({"type", "adverseActions", "investigations", "history"})
_SNAPSHOTS = frozenset({"previous", "updated_values", "removed_values"})
"""An update record's snapshot fields: large, and served only after cutting them to the reader's view."""


@cache
def snapshot_fields(model: type[BaseModel]) -> frozenset[str]:
    """The stored fields of a record that ``model`` (an audience's license or privilege) shows."""
    aliases = {field.alias or name for name, field in model.model_fields.items()}
    return frozenset(aliases - _NOT_SNAPSHOT_FIELDS)


def _history_entry(update: UpdateRecord, visible: frozenset[str]) -> dict[str, Any]:
    """A change with its before and after values cut down to what the audience may see of the record
    itself: a general reader never learns a birth date from a snapshot of the previous license."""
    return {
        **_record(update, _SNAPSHOTS),
        "previous": {key: to_dynamo(value) for key, value in update.previous.items() if key in visible},
        "updatedValues": {
            key: to_dynamo(value) for key, value in update.updated_values.items() if key in visible
        },
    }


def _attachments(
    records: ProviderRecords,
    against: str,
    jurisdiction: str,
    abbreviation: str,
    updates: Sequence[LicenseUpdate] | Sequence[PrivilegeUpdate],
    visible: frozenset[str],
) -> dict[str, Any]:
    investigations: list[Investigation] = [
        investigation
        for investigation in records.investigations
        if investigation.close_date is None and _belongs(investigation, against, jurisdiction, abbreviation)
    ]
    own = [
        update
        for update in updates
        if (update.jurisdiction, update.license_type_abbreviation) == (jurisdiction, abbreviation)
    ]
    return {
        "adverseActions": adverse_actions_against(records, against, jurisdiction, abbreviation),
        "investigations": [_record(item) for item in sorted(investigations, key=lambda i: i.creation_date)],
        # Sort keys stay out (the model does not list them); snapshots are cut to the audience's fields.
        "history": [
            _history_entry(update, visible)
            for update in sorted(own, key=lambda u: (u.effective_date, u.create_date))
        ],
    }


def _license(records: ProviderRecords, lic: License, visible: frozenset[str]) -> dict[str, Any]:
    return {
        **_record(lic),
        "licenseStatus": license_status(lic),
        "compactEligibility": license_compact_eligibility(lic),
        **_attachments(
            records,
            "license",
            lic.jurisdiction,
            lic.license_type_abbreviation,
            list(records.license_updates),
            visible,
        ),
    }


def privilege_fields(records: ProviderRecords, privilege: Privilege) -> dict[str, Any]:
    """The privilege's stored fields with its status today and, when active, since when."""
    entry = {**_record(privilege), "status": privilege_status(privilege)}
    active_since = privilege_active_since(privilege, records.privilege_updates)
    if active_since is not None:
        entry["activeSince"] = keys.iso_utc(active_since)
    return entry


def _privilege(records: ProviderRecords, privilege: Privilege) -> dict[str, Any]:
    return {
        **privilege_fields(records, privilege),
        **_attachments(
            records,
            "privilege",
            privilege.jurisdiction,
            privilege.license_type_abbreviation,
            list(records.privilege_updates),
            snapshot_fields(PrivilegeView),
        ),
    }


DownloadLinks = Callable[[MilitaryAffiliation], list[dict[str, str]]]
"""Presigned links to an affiliation's documents (``fileName``, ``url``), for callers allowed them."""


def _military(affiliation: MilitaryAffiliation, download_links: DownloadLinks | None) -> dict[str, Any]:
    entry = _record(affiliation)
    if download_links is not None:
        entry["downloadLinks"] = download_links(affiliation)
    return entry


def provider_detail(
    records: ProviderRecords, *, private: bool, download_links: DownloadLinks | None = None
) -> GeneralProviderDetail | PrivateProviderDetail:
    """The provider with its licenses, privileges and military affiliations, for one audience.

    ``download_links`` (compact admins only) adds links to military documents; only the private model
    lists them, so they never reach a general reader."""
    assert records.provider is not None
    licenses = sorted(records.licenses, key=lambda lic: (lic.jurisdiction, lic.license_type_abbreviation))
    privileges = sorted(records.privileges, key=lambda p: (p.jurisdiction, p.license_type_abbreviation))
    military = sorted(records.military_affiliations, key=lambda m: m.date_of_upload)
    model = PrivateProviderDetail if private else GeneralProviderDetail
    license_fields = snapshot_fields(PrivateLicense if private else GeneralLicense)
    entry = {
        **provider_fields(records.provider),
        "licenses": [_license(records, lic, license_fields) for lic in licenses],
        "privileges": [_privilege(records, privilege) for privilege in privileges],
        "militaryAffiliations": [_military(affiliation, download_links) for affiliation in military],
    }
    return model.model_validate(entry)
