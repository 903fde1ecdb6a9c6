"""What a notification listener reads of the provider an event is about: their records (their name,
registered email and the states where they hold licenses and privileges), and which states are members."""

from __future__ import annotations

from core import settings
from core.models.provider_records import ProviderRecords
from core.repositories.providers import ProviderRepository
from core.resources import granted
from core.tables import PROVIDER


class UnknownProvider(LookupError):
    """The event names a provider the table does not have: nobody can be told about them (the message is
    retried, then dead-lettered)."""


def provider_records(compact: str, provider_id: str) -> ProviderRecords:
    records = ProviderRepository(granted().table(PROVIDER)).records(compact, provider_id, history=0)
    if records.provider is None:
        raise UnknownProvider(f"no provider {provider_id} in {compact}")
    return records


def member_states(compact: str) -> frozenset[str]:
    """The compact's active member jurisdictions: ``other`` and ``unknown`` are never written to."""
    return frozenset(settings.compacts().compacts[compact].active_jurisdictions)
