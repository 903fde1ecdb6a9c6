"""Lookups of compacts, jurisdictions and license types named in a request, shared by every domain.

A name that the environment does not serve is a malformed request (400 naming the value), not a missing
resource: configuration exists only for active members, so there is nothing to find.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core import settings
from core.compacts import CompactDefinition, LicenseType
from core.errors import InvalidRequest

if TYPE_CHECKING:
    from core.repositories.configuration import ConfigurationRepository


def known_compact(compact: str) -> CompactDefinition:
    """The definition of the compact named in a path or query, or 400 naming the unknown value."""
    known = settings.compacts().compacts
    if compact not in known:
        raise InvalidRequest(f"Invalid compact: {compact!r} is not one of {', '.join(known)}")
    return known[compact]


def member_jurisdiction(compact: str, jurisdiction: str) -> CompactDefinition:
    """Check that ``jurisdiction`` is an active member of ``compact`` (400 otherwise).

    The check uses the deploy-time ``COMPACTS`` list, the same source the uploader writes the member
    records from, so it costs no table read.
    """
    definition = known_compact(compact)
    if jurisdiction not in definition.active_jurisdictions:
        raise InvalidRequest(
            f"Invalid jurisdiction: {jurisdiction!r} is not an active member jurisdiction of {compact}"
        )
    return definition


def license_type_abbreviated(compact: str, abbreviation: str) -> LicenseType:
    """The compact's license type a path abbreviates, or 400 listing the compact's abbreviations."""
    definition = known_compact(compact)
    license_type = definition.license_type_by_abbreviation(abbreviation)
    if license_type is None:
        known = ", ".join(lt.abbreviation for lt in definition.license_types)
        raise InvalidRequest(f"Invalid licenseType: {abbreviation!r} is not one of {known} in {compact}")
    return license_type


def license_type_named(compact: str, license_type_name: str) -> LicenseType | None:
    """The license type a state named, if the environment's compact has it."""
    definition = settings.compacts().compacts.get(compact)
    return definition.license_type_by_name(license_type_name) if definition else None


def configuration_repository() -> ConfigurationRepository:
    """The compact-configuration table, with the running function's grant on it."""
    from core.repositories.configuration import ConfigurationRepository
    from core.resources import granted
    from core.tables import COMPACT_CONFIGURATION

    return ConfigurationRepository(granted().table(COMPACT_CONFIGURATION))


def live_jurisdictions(compact: str) -> list[str]:
    """Where the compact's privileges can be used yet (``configuredStates[].isLive``); a compact that
    was never configured has none."""
    configuration = configuration_repository().compact_configuration(compact)
    return configuration.live_jurisdictions if configuration else []
