"""What the search API answers: providers as ``readGeneral`` readers see them, without the records'
timelines (a search document is exactly this), the engine's count and the cursor of the next page."""

from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from core.fields import ResponseModel
from providers.models import (
    GeneralMilitaryAffiliation,
    GeneralProvider,
    LicenseRecordView,
    PrivilegeRecordView,
)


class SearchedProvider(GeneralProvider):
    """A provider document of the search index."""

    licenses: list[LicenseRecordView]
    privileges: list[PrivilegeRecordView]
    military_affiliations: list[GeneralMilitaryAffiliation]


class SearchTotal(ResponseModel):
    """How many providers matched: exact up to 10,000 (``eq``), else at least that many (``gte``)."""

    value: int = Field(ge=0)
    relation: Literal["eq", "gte"]


class SearchResponse(ResponseModel):
    omitted_when_absent: ClassVar[frozenset[str]] = frozenset({"last_sort"})

    providers: Annotated[list[SearchedProvider], Field(max_length=100)]
    total: SearchTotal
    last_sort: list[Any] | None = Field(
        default=None, description="The last provider's sort values: the next page's ``search_after``"
    )


class ExportResponse(ResponseModel):
    file_url: str = Field(description="A link to the CSV, valid for 60 seconds")
