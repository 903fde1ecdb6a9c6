"""The history records of changes to a provider's records (spec §4.2.4): a provider update (tier 2), a
license update (tier 3) and a privilege update (tier 1), each saying what the record was and what
changed."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.models.enums import UpdateCategory
from core.models.history import LicenseUpdate, PrivilegeUpdate, ProviderUpdate
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider import Provider


def _change(old: Any, new: Any, category: UpdateCategory, at: datetime) -> dict[str, Any]:
    """What every history record says: ``previous`` is the record as it was; ``updatedValues`` and
    ``removedValues`` what changed."""
    updated, removed = old.changes_to(new)
    return {
        "provider_id": old.provider_id,
        "compact": old.compact,
        "update_type": category,
        "previous": old.history_snapshot(),
        "updated_values": updated,
        "removed_values": removed or None,
        "create_date": at,
        "effective_date": at,
    }


def _of_record(old: License | Privilege) -> dict[str, Any]:
    return {
        "jurisdiction": old.jurisdiction,
        "license_type": old.license_type,
        "license_type_abbreviation": old.license_type_abbreviation,
    }


def provider_update(old: Provider, new: Provider, category: UpdateCategory, at: datetime) -> ProviderUpdate:
    return ProviderUpdate(**_change(old, new, category, at))


def license_update(old: License, new: License, category: UpdateCategory, at: datetime) -> LicenseUpdate:
    return LicenseUpdate(**_change(old, new, category, at), **_of_record(old))


def privilege_update(
    old: Privilege, new: Privilege, category: UpdateCategory, at: datetime
) -> PrivilegeUpdate:
    return PrivilegeUpdate(**_change(old, new, category, at), **_of_record(old))


def record_update(
    old: License | Privilege, new: License | Privilege, category: UpdateCategory, at: datetime
) -> LicenseUpdate | PrivilegeUpdate:
    """The history record of a change to a license or a privilege, whichever ``old`` is."""
    if isinstance(old, Privilege):
        assert isinstance(new, Privilege)
        return privilege_update(old, new, category, at)
    assert isinstance(new, License)
    return license_update(old, new, category, at)
