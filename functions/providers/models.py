"""Request and response shapes of the provider routes (spec §2.2, §4.2 "Response schemas by access
level", payments_security §4.7).

One response model per audience, each only *adding* to the one before: **public** (anyone; the public
lookup), **general** (any staff user with readGeneral) and **private** (callers with readPrivate for this
provider, and compact admins). Responses are built from the stored records' fields plus statuses
computed for today, then loaded through these models, which ignore every field they do not list: a field
added to a record later never reaches an audience by accident.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field, StrictInt, model_validator

from configuration.fields import (
    Date,
    JurisdictionCode,
    RequestModel,
    ResponseModel,
    ResultPagination,
    Timestamp,
    free_text,
    one_value,
)
from core.models.enums import ActiveInactiveStatus, CompactEligibilityStatus

DEFAULT_PAGE_SIZE = 100
Name = free_text(max_length=100)
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"

ProviderType = one_value("provider")
LicenseType = one_value("license")
PrivilegeType = one_value("privilege")
AdverseActionType = one_value("adverseAction")
InvestigationType = one_value("investigation")
MilitaryType = one_value("militaryAffiliation")


# ---- POST /v1/compacts/{compact}/providers/query --------------------------------------------------


class ProviderQueryFilter(RequestModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset(
        {"provider_id", "jurisdiction", "given_name", "family_name"}
    )

    provider_id: str | None = Field(None, pattern=UUID_PATTERN, description="Only this provider")
    jurisdiction: JurisdictionCode | None = Field(None, description="Licensed or privileged in this state")
    given_name: Name | None = Field(None, description="Requires familyName")
    family_name: Name | None = None

    @model_validator(mode="after")
    def _given_needs_family(self) -> ProviderQueryFilter:
        if self.given_name is not None and self.family_name is None:
            raise ValueError("givenName requires familyName")
        return self


class ProviderQuerySorting(RequestModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset()

    key: Literal["familyName", "dateOfUpdate"] = Field(description="familyName: by family, given, middle")
    direction: Literal["ascending", "descending"] = "ascending"


class ProviderQueryPagination(RequestModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"last_key", "page_size"})

    last_key: str | None = Field(None, min_length=1, max_length=1024, description="From the previous page")
    page_size: StrictInt | None = Field(None, ge=5, le=100, description=f"Default {DEFAULT_PAGE_SIZE}")


class ProviderQueryRequest(RequestModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"pagination", "sorting"})

    query: ProviderQueryFilter
    sorting: ProviderQuerySorting | None = None
    pagination: ProviderQueryPagination | None = None

    @model_validator(mode="after")
    def _date_sort_has_no_names(self) -> ProviderQueryRequest:
        named = self.query.family_name is not None or self.query.given_name is not None
        if named and self.sorting is not None and self.sorting.key == "dateOfUpdate":
            raise ValueError("sorting.key dateOfUpdate cannot be combined with query.familyName or givenName")
        return self


# ---- provider, general and private ----------------------------------------------------------------


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


class GeneralProvider(PublicProvider):
    """A provider at general level (any staff reader): adds the uploaded statuses, expiry, birthday
    (month and day only), login email and military status; no date of birth, SSN digits or notes."""

    omitted_when_absent: ClassVar[frozenset[str]] = PublicProvider.omitted_when_absent | {
        "encumbered_status",
        "compact_connect_registered_email_address",
        "military_status",
    }

    jurisdiction_uploaded_license_status: ActiveInactiveStatus
    jurisdiction_uploaded_compact_eligibility: CompactEligibilityStatus
    encumbered_status: str | None = None
    date_of_expiration: Date
    birth_month_day: str = Field(description="MM-DD")
    compact_connect_registered_email_address: str | None = None
    military_status: str | None = None


class PrivateProvider(GeneralProvider):
    """Adds the private fields. They are optional in the schema (as in the reference), so this model also
    documents the GET response of either audience; every stored provider has them."""

    omitted_when_absent: ClassVar[frozenset[str]] = GeneralProvider.omitted_when_absent | {
        "date_of_birth",
        "ssn_last_four",
        "military_status_note",
    }

    date_of_birth: Date | None = None
    ssn_last_four: str | None = None
    military_status_note: str | None = None


# ---- nested records ----------------------------------------------------------------------------------


class PublicAdverseAction(ResponseModel):
    """That a state acted against a license or privilege, and when; not why, how or by whom."""

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


class AdverseActionView(PublicAdverseAction):
    """Staff also see the kind of action, its NPDB categories and who recorded and lifted it."""

    omitted_when_absent: ClassVar[frozenset[str]] = PublicAdverseAction.omitted_when_absent | {"lifting_user"}

    encumbrance_type: str
    clinical_privilege_action_categories: list[str]
    submitting_user: str
    lifting_user: str | None = None


class InvestigationView(ResponseModel):
    """An open investigation (closed ones are not served)."""

    type: InvestigationType  # type: ignore[valid-type]
    investigation_id: str
    compact: str
    provider_id: str
    jurisdiction: str
    license_type: str
    submitting_user: str
    creation_date: Timestamp
    date_of_update: Timestamp


class HistoryEntry(ResponseModel):
    """One change of a license or privilege: what kind, when, and the values before and after, limited
    to the fields the reader may see of that record. Sort keys of history records are never served."""

    type: str
    update_type: str
    compact: str
    jurisdiction: str
    license_type: str
    create_date: Timestamp
    effective_date: Timestamp
    date_of_update: Timestamp
    previous: dict[str, Any] = Field(description="The record before the change (the reader's fields)")
    updated_values: dict[str, Any] = Field(description="The fields the change set")


class GeneralLicense(ResponseModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset(
        {
            "npi",
            "license_number",
            "license_status_name",
            "middle_name",
            "suffix",
            "date_of_renewal",
            "home_address_street2",
            "email_address",
            "phone_number",
            "encumbered_status",
            "investigation_status",
        }
    )

    type: LicenseType  # type: ignore[valid-type]
    provider_id: str
    compact: str
    jurisdiction: str
    license_type: str
    license_type_abbreviation: str
    npi: str | None = None
    license_number: str | None = None
    license_status_name: str | None = None
    jurisdiction_uploaded_license_status: ActiveInactiveStatus
    jurisdiction_uploaded_compact_eligibility: CompactEligibilityStatus
    license_status: ActiveInactiveStatus
    compact_eligibility: CompactEligibilityStatus
    given_name: str
    middle_name: str | None = None
    family_name: str
    suffix: str | None = None
    date_of_issuance: Date
    date_of_renewal: Date | None = None
    date_of_expiration: Date
    home_address_street1: str
    home_address_street2: str | None = None
    home_address_city: str
    home_address_state: str
    home_address_postal_code: str
    email_address: str | None = None
    phone_number: str | None = None
    encumbered_status: str | None = None
    investigation_status: str | None = None
    date_of_update: Timestamp
    adverse_actions: list[AdverseActionView]
    investigations: list[InvestigationView]
    history: list[HistoryEntry]


class PrivateLicense(GeneralLicense):
    omitted_when_absent: ClassVar[frozenset[str]] = GeneralLicense.omitted_when_absent | {
        "date_of_birth",
        "ssn_last_four",
    }

    date_of_birth: Date | None = None
    ssn_last_four: str | None = None


class AttestationView(ResponseModel):
    attestation_id: str
    version: str


class PublicPrivilege(ResponseModel):
    """A privilege as anyone may see it: where, for what, valid when, and any action against it."""

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


class PrivilegeView(PublicPrivilege):
    """A privilege for staff (the same for both staff audiences: it stores no personal data): adds the
    purchase, the status flags, open investigations and the history."""

    omitted_when_absent: ClassVar[frozenset[str]] = PublicPrivilege.omitted_when_absent | {
        "compact_transaction_id",
        "encumbered_status",
        "investigation_status",
        "home_jurisdiction_change_status",
        "license_deactivated_status",
    }

    compact_transaction_id: str | None = None
    attestations: list[AttestationView]
    encumbered_status: str | None = None
    investigation_status: str | None = None
    home_jurisdiction_change_status: str | None = None
    license_deactivated_status: str | None = None
    adverse_actions: list[AdverseActionView]
    investigations: list[InvestigationView]
    history: list[HistoryEntry]


class DownloadLink(ResponseModel):
    file_name: str
    url: str


class GeneralMilitaryAffiliation(ResponseModel):
    type: MilitaryType  # type: ignore[valid-type]
    provider_id: str
    compact: str
    affiliation_type: str
    file_names: list[str]
    date_of_upload: Timestamp
    status: str
    date_of_update: Timestamp


class PrivateMilitaryAffiliation(GeneralMilitaryAffiliation):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"document_keys", "download_links"})

    document_keys: list[str] | None = None
    download_links: list[DownloadLink] | None = None


class GeneralProviderDetail(GeneralProvider):
    licenses: list[GeneralLicense]
    privileges: list[PrivilegeView]
    military_affiliations: list[GeneralMilitaryAffiliation]


class PrivateProviderDetail(PrivateProvider):
    licenses: list[PrivateLicense]
    privileges: list[PrivilegeView]
    military_affiliations: list[PrivateMilitaryAffiliation]


# ---- query response ------------------------------------------------------------------------------------


class ProviderQueryResponse(ResponseModel):
    providers: list[GeneralProvider]
    pagination: ResultPagination
    query: ProviderQueryFilter
    sorting: ProviderQuerySorting


class ProviderSsn(ResponseModel):
    """The one response that carries a full SSN (payments_security §4.6). A malformed stored value fails
    validation without being quoted in the error (which would end up in the function's log)."""

    model_config = ConfigDict(**ResponseModel.model_config, hide_input_in_errors=True)

    ssn: str = Field(pattern=r"^\d{3}-\d{2}-\d{4}$")
