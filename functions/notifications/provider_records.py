"""What a notification listener reads of the provider an event is about: their records (their name,
registered email and the states where they hold licenses and privileges), which states are members, and
so which states hear of a change to one of their records."""

from __future__ import annotations

from core import settings
from core.lookups import known_compact
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


def states_to_tell(records: ProviderRecords, compact: str, primary: str) -> list[str]:
    """The changed record's state first, then every other member state where the provider holds a
    license or a privilege (spec §7.2)."""
    members = member_states(compact)
    others = sorted(records.provider_jurisdictions() - {primary})
    return [state for state in (primary, *others) if state in members]


def license_type_name(compact: str, abbreviation: str) -> str:
    """The name emails use for a license type (its abbreviation if the compact no longer has it)."""
    license_type = known_compact(compact).license_type_by_abbreviation(abbreviation)
    return license_type.name if license_type else abbreviation
