"""What the public and the staff configuration functions share: the repository and the
member-jurisdiction list (both APIs serve the same list)."""

from __future__ import annotations

from configuration.models import JurisdictionList, JurisdictionSummary
from core.lookups import known_compact
from core.repositories.configuration import ConfigurationRepository
from core.resources import granted
from core.tables import COMPACT_CONFIGURATION


def repository() -> ConfigurationRepository:
    return ConfigurationRepository(granted().table(COMPACT_CONFIGURATION))


def member_jurisdictions(compact: str) -> JurisdictionList:
    """The active member jurisdictions of a compact, from the record the deploy-time uploader writes."""
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
