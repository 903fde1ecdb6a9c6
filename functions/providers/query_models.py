"""The request of the staff provider query (``POST /v1/compacts/{compact}/providers/query``), which the
public lookup accepts too; each audience's response is declared with its records (``ProviderQueryResponse``
in :mod:`providers.models`, the public one in :mod:`public_lookup.models`)."""

from typing import ClassVar, Literal, Self

from pydantic import Field, StrictInt, model_validator

from core.fields import UUID_PATTERN, JurisdictionCode, RequestModel, free_text

DEFAULT_PAGE_SIZE = 100

Name = free_text(max_length=100)


class ProviderQueryFilter(RequestModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset(
        {"provider_id", "jurisdiction", "given_name", "family_name"}
    )

    provider_id: str | None = Field(None, pattern=UUID_PATTERN, description="Only this provider")
    jurisdiction: JurisdictionCode | None = Field(None, description="Licensed or privileged in this state")
    given_name: Name | None = Field(None, description="Requires familyName")
    family_name: Name | None = None

    @model_validator(mode="after")
    def _given_needs_family(self) -> Self:
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
    def _date_sort_has_no_names(self) -> Self:
        named = self.query.family_name is not None or self.query.given_name is not None
        if named and self.sorting is not None and self.sorting.key == "dateOfUpdate":
            raise ValueError("sorting.key dateOfUpdate cannot be combined with query.familyName or givenName")
        return self
