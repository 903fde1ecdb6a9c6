"""Response shapes of the staff provider routes (spec §2.2, §4.2 "Response schemas by access
level", payments_security §4.7); the query's request is in :mod:`providers.query_models`.

One response model per audience, each only *adding* to the one before: **public** (anyone; the public
lookup, :mod:`providers.public_models`), **general** (any staff user with readGeneral) and **private**
(callers with readPrivate for this provider, and compact admins). Responses are built from the stored
records' fields plus statuses computed for today, then loaded through these models, which ignore every
field they do not list: a field added to a record later never reaches an audience by accident.
"""

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from core.fields import (
    MAX_PAGE,
    AccountEmail,
    BirthMonthDay,
    Compact,
    Date,
    Jurisdiction,
    LicenseTypeCode,
    LicenseTypeName,
    RecordId,
    ResponseModel,
    ResultPagination,
    SsnLastFour,
    Timestamp,
    one_value,
    served,
    served_enum,
)
from core.models.enums import (
    ActiveInactiveStatus,
    ClinicalPrivilegeActionCategory,
    CompactEligibilityStatus,
    EncumbranceType,
    HomeJurisdictionChangeStatus,
    InvestigationStatus,
    LicenseDeactivatedStatus,
    LicenseEncumberedStatus,
    MilitaryAffiliationStatus,
    MilitaryAffiliationType,
    MilitaryStatus,
    PrivilegeEncumberedStatus,
    UpdateCategory,
)
from licenses.fields import (
    EmailAddress,
    FamilyName,
    GivenName,
    HomeAddressCity,
    HomeAddressPostalCode,
    HomeAddressState,
    HomeAddressStreet1,
    HomeAddressStreet2,
    LicenseNumber,
    LicenseStatusName,
    MiddleName,
    Npi,
    PhoneNumber,
    Suffix,
)
from providers.public_models import PublicAdverseAction, PublicPrivilege, PublicProvider
from providers.query_models import ProviderQueryFilter, ProviderQuerySorting

LicenseType = Annotated[Literal["license"], one_value("license")]
InvestigationType = Annotated[Literal["investigation"], one_value("investigation")]
MilitaryType = Annotated[Literal["militaryAffiliation"], one_value("militaryAffiliation")]
UnderInvestigation = served({"enum": [InvestigationStatus.UNDER_INVESTIGATION.value]})
"""The only stored investigation status: closing an investigation removes the attribute."""
LicenseUpdateType = Annotated[Literal["licenseUpdate"], one_value("licenseUpdate")]
PrivilegeUpdateType = Annotated[Literal["privilegeUpdate"], one_value("privilegeUpdate")]


# ---- provider, general and private ----------------------------------------------------------------


class GeneralProvider(PublicProvider):
    """A provider at general level (any staff reader): adds the uploaded statuses, expiry, birthday
    (month and day only), login email and military status; no date of birth, SSN digits or notes."""

    omitted_when_absent: ClassVar[frozenset[str]] = PublicProvider.omitted_when_absent | {
        "encumbered_status",
        "compact_connect_registered_email_address",
    }

    jurisdiction_uploaded_license_status: ActiveInactiveStatus
    jurisdiction_uploaded_compact_eligibility: CompactEligibilityStatus
    encumbered_status: served_enum(LicenseEncumberedStatus) | None = None
    date_of_expiration: Date
    birth_month_day: BirthMonthDay
    compact_connect_registered_email_address: AccountEmail | None = None
    military_status: served_enum(MilitaryStatus)  # notApplicable when the provider has none


class PrivateProvider(GeneralProvider):
    """Adds the private fields. They are optional in the schema (as in the reference), so this model also
    documents the GET response of either audience; every stored provider has them."""

    omitted_when_absent: ClassVar[frozenset[str]] = GeneralProvider.omitted_when_absent | {
        "date_of_birth",
        "ssn_last_four",
        "military_status_note",
    }

    date_of_birth: Date | None = None
    ssn_last_four: SsnLastFour | None = None
    military_status_note: served({"maxLength": 5000}) | None = None


# ---- nested records ----------------------------------------------------------------------------------


class AdverseActionView(PublicAdverseAction):
    """Staff also see the kind of action, its NPDB categories and who recorded and lifted it."""

    omitted_when_absent: ClassVar[frozenset[str]] = PublicAdverseAction.omitted_when_absent | {
        "lifting_user",
        "encumbrance_type",
    }

    # Absent only from actions the reference recorded before August 2025, when it began asking for it.
    encumbrance_type: served_enum(EncumbranceType) | None = None
    clinical_privilege_action_categories: list[served_enum(ClinicalPrivilegeActionCategory)]
    submitting_user: str
    lifting_user: str | None = None


class InvestigationView(ResponseModel):
    """An open investigation (closed ones are not served)."""

    type: InvestigationType
    investigation_id: RecordId
    compact: Compact
    provider_id: RecordId
    jurisdiction: Jurisdiction
    license_type: LicenseTypeName
    submitting_user: str
    creation_date: Timestamp
    date_of_update: Timestamp


class HistoryEntry(ResponseModel):
    """One change of a license or privilege: what kind, when, and the values before and after, limited
    to the fields the reader may see of that record. Sort keys of history records are never served."""

    type: str
    update_type: served_enum(UpdateCategory)
    compact: Compact
    jurisdiction: Jurisdiction
    license_type: LicenseTypeName
    create_date: Timestamp
    effective_date: Timestamp
    date_of_update: Timestamp
    previous: dict[str, Any] = Field(description="The record before the change (the reader's fields)")
    updated_values: dict[str, Any] = Field(description="The fields the change set")


class LicenseHistoryEntry(HistoryEntry):
    type: LicenseUpdateType


class PrivilegeHistoryEntry(HistoryEntry):
    type: PrivilegeUpdateType


class LicenseRecordView(ResponseModel):
    """A license as general readers see it, without its timeline (a search document's license)."""

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

    type: LicenseType
    provider_id: RecordId
    compact: Compact
    jurisdiction: Jurisdiction
    license_type: LicenseTypeName
    license_type_abbreviation: LicenseTypeCode
    npi: Npi | None = None
    license_number: LicenseNumber | None = None
    license_status_name: LicenseStatusName | None = None
    jurisdiction_uploaded_license_status: ActiveInactiveStatus
    jurisdiction_uploaded_compact_eligibility: CompactEligibilityStatus
    license_status: ActiveInactiveStatus
    compact_eligibility: CompactEligibilityStatus
    given_name: GivenName
    middle_name: MiddleName | None = None
    family_name: FamilyName
    suffix: Suffix | None = None
    date_of_issuance: Date
    date_of_renewal: Date | None = None
    date_of_expiration: Date
    home_address_street1: HomeAddressStreet1
    home_address_street2: HomeAddressStreet2 | None = None
    home_address_city: HomeAddressCity
    home_address_state: HomeAddressState
    home_address_postal_code: HomeAddressPostalCode
    email_address: EmailAddress | None = None
    phone_number: PhoneNumber | None = None
    encumbered_status: served_enum(LicenseEncumberedStatus) | None = None
    investigation_status: UnderInvestigation | None = None
    date_of_update: Timestamp
    adverse_actions: list[AdverseActionView]
    investigations: list[InvestigationView]


class GeneralLicense(LicenseRecordView):
    history: list[LicenseHistoryEntry]


class PrivateLicense(GeneralLicense):
    omitted_when_absent: ClassVar[frozenset[str]] = GeneralLicense.omitted_when_absent | {
        "date_of_birth",
        "ssn_last_four",
    }

    date_of_birth: Date | None = None
    ssn_last_four: SsnLastFour | None = None


class AttestationView(ResponseModel):
    attestation_id: served({"maxLength": 100})
    version: served({"maxLength": 100})


class PrivilegeRecordView(PublicPrivilege):
    """A privilege for staff (the same for both staff audiences: it stores no personal data): adds the
    purchase, the status flags and open investigations; without its timeline (a search document's
    privilege)."""

    omitted_when_absent: ClassVar[frozenset[str]] = PublicPrivilege.omitted_when_absent | {
        "compact_transaction_id",
        "encumbered_status",
        "investigation_status",
        "home_jurisdiction_change_status",
        "license_deactivated_status",
    }

    compact_transaction_id: str | None = None
    attestations: list[AttestationView]
    encumbered_status: served_enum(PrivilegeEncumberedStatus) | None = None
    investigation_status: UnderInvestigation | None = None
    home_jurisdiction_change_status: served_enum(HomeJurisdictionChangeStatus) | None = None
    license_deactivated_status: served_enum(LicenseDeactivatedStatus) | None = None
    # Narrower than the public field it overrides (pydantic validates it anew); lists are invariant.
    adverse_actions: list[AdverseActionView]  # type: ignore[assignment]
    investigations: list[InvestigationView]


class PrivilegeView(PrivilegeRecordView):
    """A privilege for staff (the same for both staff audiences: it stores no personal data): its
    purchase, status flags, open investigations and history, as the provider detail serves it."""

    history: list[PrivilegeHistoryEntry]


class DownloadLink(ResponseModel):
    file_name: str
    url: str


class GeneralMilitaryAffiliation(ResponseModel):
    type: MilitaryType
    provider_id: RecordId
    compact: Compact
    affiliation_type: served_enum(MilitaryAffiliationType)
    file_names: list[str]
    date_of_upload: Timestamp
    status: served_enum(MilitaryAffiliationStatus)
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


class ProviderQueryResponse(ResponseModel):
    providers: list[GeneralProvider] = Field(json_schema_extra=MAX_PAGE)
    pagination: ResultPagination
    query: ProviderQueryFilter
    sorting: ProviderQuerySorting
