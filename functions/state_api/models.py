"""Request and response shapes of the State API provider routes.

Compatible with the reference document (``oas30-state-public.json``): the same field names, required
fields and enums. Two deliberate differences, both supersets: timestamps in ``query`` may carry a
``±HH:MM`` offset as well as ``Z``, and ``dateOfUpdate``/``dateOfIssuance``/``dateOfRenewal`` are
documented as the full UTC timestamps the API has always returned (the reference document calls them
dates). Response models are loaded from stored record fields, which drops whatever they do not list.
"""

from datetime import UTC, datetime, timedelta
from typing import Annotated, ClassVar, Literal, Self

from pydantic import AfterValidator, Field, StrictInt, WithJsonSchema, model_validator

from core.fields import (
    MAX_PAGE,
    AccountEmail,
    BirthMonthDay,
    Compact,
    Date,
    Jurisdiction,
    LicenseTypeName,
    RecordId,
    RequestModel,
    ResponseModel,
    ResultPagination,
    SsnLastFour,
    Timestamp,
    one_value,
    served_enum,
)
from core.models.enums import ActiveInactiveStatus, CompactEligibilityStatus, MilitaryStatus
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

MAX_QUERY_WINDOW = timedelta(days=7)
DEFAULT_PAGE_SIZE = 100
# ASCII digits: pydantic's Rust engine reads \d as any Unicode digit, the document's readers do not.
_TIMESTAMP_PATTERN = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})$"
)


def parse_timestamp(value: str) -> datetime:
    """An ISO-8601 timestamp with its offset, as an aware UTC datetime. ValueError if it is no date, or no
    instant of years 1 to 9999 in UTC (``9999-12-31T23:59:59-14:00`` would overflow: a 500 otherwise)."""
    try:
        return datetime.fromisoformat(value).astimezone(UTC)
    except OverflowError:
        raise ValueError("the instant is out of range: years 1 to 9999 in UTC") from None


def _real_timestamp(value: str) -> str:
    parse_timestamp(value)  # the pattern lets 2024-13-45T... through; the calendar does not
    return value


QueryTimestamp = Annotated[
    str,
    Field(pattern=_TIMESTAMP_PATTERN),
    AfterValidator(_real_timestamp),
    WithJsonSchema({"type": "string", "format": "date-time", "pattern": _TIMESTAMP_PATTERN}),
]
"""ISO-8601 with an explicit offset (``Z`` or ``±HH:MM``); kept as sent, so the response echoes it."""

ProviderType = Annotated[Literal["provider"], one_value("provider")]
StatePrivilegeType = Annotated[Literal["statePrivilege"], one_value("statePrivilege")]


# ---- POST .../providers/query ---------------------------------------------------------------------


class StateProviderQueryWindow(RequestModel):
    """Providers whose record changed between the two instants (inclusive), at most seven days apart."""

    start_date_time: QueryTimestamp
    end_date_time: QueryTimestamp

    @property
    def start(self) -> datetime:
        return parse_timestamp(self.start_date_time)

    @property
    def end(self) -> datetime:
        return parse_timestamp(self.end_date_time)

    @model_validator(mode="after")
    def _bounded_window(self) -> Self:
        if self.end <= self.start:
            raise ValueError("endDateTime must be after startDateTime")
        if self.end - self.start > MAX_QUERY_WINDOW:
            raise ValueError(
                f"the window from startDateTime to endDateTime may be at most {MAX_QUERY_WINDOW.days} days"
            )
        return self


class StateQueryPagination(RequestModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"last_key", "page_size"})

    last_key: str | None = Field(None, min_length=1, max_length=1024, description="From the previous page")
    page_size: StrictInt | None = Field(None, ge=5, le=100, description=f"Default {DEFAULT_PAGE_SIZE}")


class StateQuerySorting(RequestModel):
    direction: Literal["ascending", "descending"] = Field(
        "ascending", description="Order of the providers by the time their record last changed"
    )


class StateProviderQueryRequest(RequestModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"pagination", "sorting"})

    query: StateProviderQueryWindow
    pagination: StateQueryPagination | None = None
    sorting: StateQuerySorting | None = None


class StateProviderSummary(ResponseModel):
    """A provider at general level: no date of birth, no SSN digits."""

    omitted_when_absent: ClassVar[frozenset[str]] = frozenset(
        {"npi", "middle_name", "suffix", "compact_connect_registered_email_address"}
    )

    type: ProviderType
    provider_id: RecordId
    compact: Compact
    license_jurisdiction: Jurisdiction
    jurisdiction_uploaded_license_status: ActiveInactiveStatus
    jurisdiction_uploaded_compact_eligibility: CompactEligibilityStatus
    license_status: ActiveInactiveStatus
    compact_eligibility: CompactEligibilityStatus
    npi: Npi | None = None
    given_name: GivenName
    middle_name: MiddleName | None = None
    family_name: FamilyName
    suffix: Suffix | None = None
    date_of_expiration: Date
    birth_month_day: BirthMonthDay
    compact_connect_registered_email_address: AccountEmail | None = None
    military_status: served_enum(MilitaryStatus)  # notApplicable when the provider has none
    privilege_jurisdictions: list[Jurisdiction]
    date_of_update: Timestamp


class StateProviderQueryResponse(ResponseModel):
    providers: list[StateProviderSummary] = Field(json_schema_extra=MAX_PAGE)
    pagination: ResultPagination
    query: StateProviderQueryWindow
    sorting: StateQuerySorting


# ---- GET .../providers/{providerId} ---------------------------------------------------------------


class StatePrivilege(ResponseModel):
    """A privilege in the requesting state, flattened with the home license it was bought on.

    Only callers allowed to read private data of this provider get the fields in :data:`PRIVATE_FIELDS`.
    """

    omitted_when_absent: ClassVar[frozenset[str]] = frozenset(
        {
            "npi",
            "middle_name",
            "suffix",
            "license_number",
            "license_status_name",
            "ssn_last_four",
            "date_of_birth",
            "email_address",
            "compact_connect_registered_email_address",
            "home_address_street1",
            "home_address_street2",
            "home_address_city",
            "home_address_state",
            "home_address_postal_code",
            "phone_number",
        }
    )

    type: StatePrivilegeType
    provider_id: RecordId
    compact: Compact
    jurisdiction: Jurisdiction
    license_jurisdiction: Jurisdiction
    license_type: LicenseTypeName
    privilege_id: str
    status: ActiveInactiveStatus = Field(description="Whether the privilege lets the provider practise today")
    license_status: ActiveInactiveStatus
    compact_eligibility: CompactEligibilityStatus
    date_of_issuance: Timestamp
    date_of_renewal: Timestamp
    date_of_expiration: Date
    date_of_update: Timestamp
    given_name: GivenName
    middle_name: MiddleName | None = None
    family_name: FamilyName
    suffix: Suffix | None = None
    npi: Npi | None = None
    license_number: LicenseNumber | None = None
    license_status_name: LicenseStatusName | None = None
    ssn_last_four: SsnLastFour | None = None
    date_of_birth: Date | None = None
    email_address: EmailAddress | None = None
    compact_connect_registered_email_address: AccountEmail | None = None
    home_address_street1: HomeAddressStreet1 | None = None
    home_address_street2: HomeAddressStreet2 | None = None
    home_address_city: HomeAddressCity | None = None
    home_address_state: HomeAddressState | None = None
    home_address_postal_code: HomeAddressPostalCode | None = None
    phone_number: PhoneNumber | None = None


PRIVATE_FIELDS = frozenset(
    {
        "ssnLastFour",
        "dateOfBirth",
        "emailAddress",
        "compactConnectRegisteredEmailAddress",
        "homeAddressStreet1",
        "homeAddressStreet2",
        "homeAddressCity",
        "homeAddressState",
        "homeAddressPostalCode",
        "phoneNumber",
    }
)
"""Stored names of the fields only readPrivate callers get."""


class StateProviderResponse(ResponseModel):
    privileges: list[StatePrivilege]
    provider_ui_url: str = Field(
        alias="providerUIUrl",
        description="URL to the provider UI page",
        json_schema_extra={"format": "uri"},
    )
