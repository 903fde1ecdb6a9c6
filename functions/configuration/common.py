"""What the public and the staff configuration functions share: the member-jurisdiction list (both APIs
serve the same list)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.lookups import configuration_repository, known_compact

# The configuration records and their models are imported on first use, so a handler that imports
# this module builds those model classes only when it reads configuration.
if TYPE_CHECKING:
    from configuration.models import JurisdictionList


def member_jurisdictions(compact: str) -> JurisdictionList:
    """The active member jurisdictions of a compact, from the record the deploy-time uploader writes."""
    from configuration.models import JurisdictionList, JurisdictionSummary

    known_compact(compact)
    record = configuration_repository().active_members(compact)
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
