"""One provider's records, named by path parameters: the read every provider route starts with (staff,
public and the SSN read). A provider id that is not a UUID names no provider, like a missing one."""

from __future__ import annotations

from uuid import UUID

from core.errors import NotFound
from core.repositories.providers import ALL_HISTORY, ProviderRecords, ProviderRepository
from core.resources import granted
from core.tables import PROVIDER

PROVIDER_NOT_FOUND = "Provider not found"


def canonical_provider_id(provider_id: str) -> str:
    """The id as stored; one that is not a UUID cannot name a provider (404, like a missing one)."""
    try:
        return str(UUID(provider_id))
    except ValueError:
        raise NotFound(PROVIDER_NOT_FOUND) from None


def provider_records(compact: str, provider_id: str, *, history: int = ALL_HISTORY) -> ProviderRecords:
    """The provider's records with ``history`` tiers of history (see ``ProviderRepository.records``)."""
    return ProviderRepository(granted().table(PROVIDER)).records(
        compact, canonical_provider_id(provider_id), history=history
    )
