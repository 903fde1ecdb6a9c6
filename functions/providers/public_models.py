"""The public audience's provider records (spec §4.2 "Response schemas by access level",
payments_security §4.7): a provider, a privilege and an adverse action as anyone may see them.

The staff audiences' models (:mod:`providers.models`) extend these, each only adding fields; the public
lookup loads only these. Like every audience model they ignore every field they do not list, so a field
added to a record later never reaches the public by accident.
"""

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from core.fields import (
    Compact,
    Date,
    HomeJurisdiction,
    Jurisdiction,
    LicenseTypeCode,
    LicenseTypeName,
    RecordId,
    ResponseModel,
    Timestamp,
    one_value,
    served_enum,
)
from core.models.enums import ActiveInactiveStatus, AdverseActionAgainst, CompactEligibilityStatus
from licenses.fields import FamilyName, GivenName, MiddleName, Npi, Suffix

ProviderType = Annotated[Literal["provider"], one_value("provider")]
PrivilegeType = Annotated[Literal["privilege"], one_value("privilege")]
AdverseActionType = Annotated[Literal["adverseAction"], one_value("adverseAction")]


class PublicProvider(ResponseModel):
    """A provider as anyone may see it: who, where, and whether they may practise."""

    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"npi", "middle_name", "suffix"})

    type: ProviderType
    provider_id: RecordId
    compact: Compact
    license_jurisdiction: Jurisdiction
    current_home_jurisdiction: HomeJurisdiction
    license_status: ActiveInactiveStatus
    compact_eligibility: CompactEligibilityStatus
    npi: Npi | None = None
    given_name: GivenName
    middle_name: MiddleName | None = None
    family_name: FamilyName
    suffix: Suffix | None = None
    privilege_jurisdictions: list[Jurisdiction]
    date_of_update: Timestamp


class PublicAdverseAction(ResponseModel):
    """That a state acted against a license or privilege, and when; not why, how or by whom."""

    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"effective_lift_date"})

    type: AdverseActionType
    adverse_action_id: RecordId
    compact: Compact
    provider_id: RecordId
    jurisdiction: Jurisdiction
    license_type: LicenseTypeName
    license_type_abbreviation: LicenseTypeCode
    action_against: served_enum(AdverseActionAgainst)
    effective_start_date: Date
    effective_lift_date: Date | None = None
    creation_date: Timestamp
    date_of_update: Timestamp


class PublicPrivilege(ResponseModel):
    """A privilege as anyone may see it: where, for what, valid when, and any action against it."""

    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"active_since"})

    type: PrivilegeType
    provider_id: RecordId
    compact: Compact
    jurisdiction: Jurisdiction
    license_jurisdiction: Jurisdiction
    license_type: LicenseTypeName
    license_type_abbreviation: LicenseTypeCode
    privilege_id: str
    date_of_issuance: Timestamp
    date_of_renewal: Timestamp
    date_of_expiration: Date
    administrator_set_status: ActiveInactiveStatus
    status: ActiveInactiveStatus = Field(description="Whether the privilege lets the provider practise today")
    active_since: Timestamp | None = Field(None, description="Start of the current active period")
    date_of_update: Timestamp
    adverse_actions: list[PublicAdverseAction]
