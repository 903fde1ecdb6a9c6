"""The history records of the changes a practitioner makes to their own records (spec §4.2.4): a provider
update (tier 2) and a privilege update (tier 1), each saying what the record was and what changed."""

from __future__ import annotations

from datetime import datetime

from core.models.enums import UpdateCategory
from core.models.history import PrivilegeUpdate, ProviderUpdate
from core.models.privilege import Privilege
from core.models.provider import Provider


def provider_update(old: Provider, new: Provider, category: UpdateCategory, at: datetime) -> ProviderUpdate:
    """``previous`` is the record as it was; ``updatedValues`` and ``removedValues`` what changed."""
    updated, removed = old.changes_to(new)
    return ProviderUpdate(
        provider_id=old.provider_id,
        compact=old.compact,
        update_type=category,
        previous=old.history_snapshot(),
        updated_values=updated,
        removed_values=removed or None,
        create_date=at,
        effective_date=at,
    )


def privilege_update(
    old: Privilege, new: Privilege, category: UpdateCategory, at: datetime
) -> PrivilegeUpdate:
    updated, removed = old.changes_to(new)
    return PrivilegeUpdate(
        provider_id=old.provider_id,
        compact=old.compact,
        jurisdiction=old.jurisdiction,
        license_type=old.license_type,
        license_type_abbreviation=old.license_type_abbreviation,
        update_type=category,
        previous=old.history_snapshot(),
        updated_values=updated,
        removed_values=removed or None,
        create_date=at,
        effective_date=at,
    )
