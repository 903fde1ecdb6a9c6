"""Records -> staff provider responses, per audience.

Each entry is the record's stored fields plus the statuses computed for today (core.status, never the
stored values), loaded through the audience's model, which keeps only the fields it lists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

from pydantic import BaseModel

from core.models.adverse_action import Investigation
from core.models.base import to_dynamo
from core.models.history import LicenseUpdate, PrivilegeUpdate, UpdateRecord
from core.models.license import License
from core.models.military import MilitaryAffiliation
from core.models.privilege import Privilege
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from core.status import license_compact_eligibility, license_status
from providers.entries import (
    adverse_actions_against,
    belongs,
    privilege_fields,
    provider_fields,
    record_entry,
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


def provider_summary(provider: Provider, *, private: bool = False) -> GeneralProvider:
    """The provider alone, as the staff query serves it (always general there)."""
    model = PrivateProvider if private else GeneralProvider
    return model.model_validate(provider_fields(provider))


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
        **record_entry(update, _SNAPSHOTS),
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
        if investigation.close_date is None and belongs(investigation, against, jurisdiction, abbreviation)
    ]
    own = [
        update
        for update in updates
        if (update.jurisdiction, update.license_type_abbreviation) == (jurisdiction, abbreviation)
    ]
    return {
        "adverseActions": adverse_actions_against(records, against, jurisdiction, abbreviation),
        "investigations": [
            record_entry(item) for item in sorted(investigations, key=lambda i: i.creation_date)
        ],
        # Sort keys stay out (the model does not list them); snapshots are cut to the audience's fields.
        "history": [
            _history_entry(update, visible)
            for update in sorted(own, key=lambda u: (u.effective_date, u.create_date))
        ],
    }


def _license(records: ProviderRecords, lic: License, visible: frozenset[str]) -> dict[str, Any]:
    return {
        **record_entry(lic),
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
    entry = record_entry(affiliation)
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
