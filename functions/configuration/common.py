"""What the public and the staff configuration functions share: the repository, the environment's
compacts, path validation and the member-jurisdiction list (both APIs serve the same list)."""

from __future__ import annotations

import os
from functools import cache
from typing import TYPE_CHECKING

from core.aws import table
from core.compacts import CompactCatalog, CompactDefinition
from core.errors import InvalidRequest
from core.tables import COMPACT_CONFIGURATION

# Most importers (the provider, state and license functions) only check paths against COMPACTS; the
# configuration records and their models are imported by the functions below on first use, so those
# handlers do not build a dozen model classes at cold start for nothing.
if TYPE_CHECKING:
    from configuration.models import JurisdictionList
    from core.repositories.configuration import ConfigurationRepository


def repository() -> ConfigurationRepository:
    from core.repositories.configuration import ConfigurationRepository

    return ConfigurationRepository(table(COMPACT_CONFIGURATION.env_var))


def live_jurisdictions(compact: str) -> list[str]:
    """Where the compact's privileges can be used yet (``configuredStates[].isLive``); a compact that
    was never configured has none."""
    configuration = repository().compact_configuration(compact)
    return configuration.live_jurisdictions if configuration else []


@cache
def _parse_compacts(value: str) -> CompactCatalog:
    return CompactCatalog.model_validate_json(value)


def compact_catalog() -> CompactCatalog:
    """The environment's compacts, parsed once per distinct ``COMPACTS`` value (warm invocations reuse it)."""
    return _parse_compacts(os.environ["COMPACTS"])


def known_compact(compact: str) -> CompactDefinition:
    """The definition of the compact named in a path or query, or 400 naming the unknown value."""
    known = compact_catalog().compacts
    if compact not in known:
        raise InvalidRequest(f"Invalid compact: {compact!r} is not one of {', '.join(known)}")
    return known[compact]


def member_jurisdiction(compact: str, jurisdiction: str) -> CompactDefinition:
    """Check that ``jurisdiction`` is an active member of ``compact`` (400 otherwise).

    Configuration exists only for active members: a jurisdiction that is not one has nothing to read or
    write, and is a malformed request rather than a missing resource, hence 400 rather than 404. The
    check uses the deploy-time ``COMPACTS`` list, the same source the uploader writes the member records
    from, so it costs no table read.
    """
    definition = known_compact(compact)
    if jurisdiction not in definition.active_jurisdictions:
        raise InvalidRequest(
            f"Invalid jurisdiction: {jurisdiction!r} is not an active member jurisdiction of {compact}"
        )
    return definition


def member_jurisdictions(compact: str) -> JurisdictionList:
    """The active member jurisdictions of a compact, from the record the deploy-time uploader writes."""
    from configuration.models import JurisdictionList, JurisdictionSummary

    known_compact(compact)
    record = repository().active_members(compact)
    members = record.active_member_jurisdictions if record else []
    return JurisdictionList(
        [
            JurisdictionSummary(
                jurisdictionName=member.jurisdiction_name,
                postalAbbreviation=member.postal_abbreviation,
                compact=member.compact,
            )
            for member in members
        ]
    )
