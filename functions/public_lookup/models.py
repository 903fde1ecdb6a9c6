"""Response shapes of the public provider lookup (spec §4.2 "Response schemas by access level",
payments_security §4.7 "What each audience sees").

One model per response, for the one audience these routes have: anyone. Like the staff models they are
loaded from the stored records' fields plus statuses computed for today and ignore every field they do
not list, so a field added to a record later never reaches the public by accident. Deliberately absent:
licenses, contact data, dates of birth, SSN digits, military data, investigations, transaction ids,
attestations, and every adverse-action detail beyond what and when (type, categories, users).

Requests reuse the staff query's models (:mod:`providers.models`): the same body is accepted.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from configuration.fields import ResponseModel
from core.models.enums import ActiveInactiveStatus, CompactEligibilityStatus
from providers.models import (
    AdverseActionType,
    Date,
    PrivilegeType,
    ProviderQueryFilter,
    ProviderQueryResultPagination,
    ProviderQuerySorting,
    ProviderType,
    Timestamp,
)


class PublicProvider(ResponseModel):
    """A provider as anyone may see it: who, where, and whether they may practise."""

    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"npi", "middle_name", "suffix"})

    type: ProviderType  # type: ignore[valid-type]
    provider_id: str
    compact: str
    license_jurisdiction: str
    current_home_jurisdiction: str
    license_status: ActiveInactiveStatus
    compact_eligibility: CompactEligibilityStatus
    npi: str | None = None
    given_name: str
    middle_name: str | None = None
    family_name: str
    suffix: str | None = None
    privilege_jurisdictions: list[str]
    date_of_update: Timestamp


class PublicAdverseAction(ResponseModel):
    """That a state acted against a privilege, and when; not why, how or by whom."""

    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"effective_lift_date"})

    type: AdverseActionType  # type: ignore[valid-type]
    adverse_action_id: str
    compact: str
    provider_id: str
    jurisdiction: str
    license_type: str
    license_type_abbreviation: str
    action_against: str
    effective_start_date: Date
    effective_lift_date: Date | None = None
    creation_date: Timestamp
    date_of_update: Timestamp


class PublicPrivilege(ResponseModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"active_since"})

    type: PrivilegeType  # type: ignore[valid-type]
    provider_id: str
    compact: str
    jurisdiction: str
    license_jurisdiction: str
    license_type: str
    license_type_abbreviation: str
    privilege_id: str
    date_of_issuance: Timestamp
    date_of_renewal: Timestamp
    date_of_expiration: Date
    administrator_set_status: ActiveInactiveStatus
    status: ActiveInactiveStatus = Field(description="Whether the privilege lets the provider practise today")
    active_since: Timestamp | None = Field(None, description="Start of the current active period")
    date_of_update: Timestamp
    adverse_actions: list[PublicAdverseAction]


class PublicProviderDetail(PublicProvider):
    """The provider with its privileges; no licenses."""

    privileges: list[PublicPrivilege]


class PublicProviderQueryResponse(ResponseModel):
    providers: list[PublicProvider]
    pagination: ProviderQueryResultPagination
    query: ProviderQueryFilter
    sorting: ProviderQuerySorting
