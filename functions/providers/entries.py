"""A provider's records as entries: each record's stored fields plus the statuses computed for today
(core.status, never the stored values). Every audience's model, staff or public, then keeps only the
fields it lists; the staff views (:mod:`providers.views`) and the public lookup's build on these.
"""

from __future__ import annotations

from typing import Any

from core import keys
from core.models.adverse_action import AdverseAction
from core.models.enums import MilitaryStatus
from core.models.privilege import Privilege
from core.models.provider import Provider
from core.models.provider_records import ProviderRecords
from core.status import license_status, privilege_active_since, privilege_status, provider_compact_eligibility


def provider_fields(provider: Provider) -> dict[str, Any]:
    """The provider record's entry: its stored fields, the birthday every staff reader may see (month and
    day), and its license status and compact eligibility today. A provider with no military status is
    ``notApplicable`` with an empty note, as the reference answers (each audience's model keeps only its
    own fields)."""
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


def record_entry(record: Any, leave_out: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The record's stored fields (those named in ``leave_out`` are not even converted) and its type."""
    return {**record.stored_fields(exclude=leave_out), "type": record.record_type}


def belongs(record: Any, against: str, jurisdiction: str, abbreviation: str) -> bool:
    """Whether an adverse action or investigation is against this license or privilege (``against``)."""
    return (
        getattr(record, "action_against", None) or getattr(record, "investigation_against", None)
    ) == against and (record.jurisdiction, record.license_type_abbreviation) == (jurisdiction, abbreviation)


def adverse_actions_against(
    records: ProviderRecords, against: str, jurisdiction: str, abbreviation: str
) -> list[dict[str, Any]]:
    """The adverse actions against one license or privilege (``against``), oldest first, as entries."""
    actions: list[AdverseAction] = [
        action for action in records.adverse_actions if belongs(action, against, jurisdiction, abbreviation)
    ]
    return [record_entry(action) for action in sorted(actions, key=lambda a: a.effective_start_date)]


def privilege_fields(records: ProviderRecords, privilege: Privilege) -> dict[str, Any]:
    """The privilege's stored fields with its status today and, when active, since when."""
    entry = {**record_entry(privilege), "status": privilege_status(privilege)}
    active_since = privilege_active_since(privilege, records.privilege_updates)
    if active_since is not None:
        entry["activeSince"] = keys.iso_utc(active_since)
    return entry
