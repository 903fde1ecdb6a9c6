"""The history record of a change a practitioner makes to their own provider record (spec §4.2.4 tier 2)."""

from __future__ import annotations

from datetime import datetime

from core.models.enums import UpdateCategory
from core.models.history import ProviderUpdate
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
