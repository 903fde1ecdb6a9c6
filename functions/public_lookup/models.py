"""Response shapes of the public provider lookup (spec §4.2 "Response schemas by access level",
payments_security §4.7 "What each audience sees").

The public audience's record models (``PublicProvider``, ``PublicPrivilege``, ``PublicAdverseAction``) are
in :mod:`providers.public_models`, which the staff ones extend; these are the two public responses.
Like every audience model they ignore every field they do not list, so a field added to a record later
never reaches the public by accident. Deliberately absent:
licenses, contact data, dates of birth, SSN digits, military data, investigations, transaction ids,
attestations, and every adverse-action detail beyond what and when (type, categories, users).

Requests reuse the staff query's models (:mod:`providers.query_models`): the same body is accepted.
"""

from pydantic import Field

from core.fields import MAX_PAGE, ResponseModel, ResultPagination
from providers.public_models import PublicPrivilege, PublicProvider
from providers.query_models import ProviderQueryFilter, ProviderQuerySorting


class PublicProviderDetail(PublicProvider):
    """The provider with its privileges; no licenses."""

    privileges: list[PublicPrivilege]


class PublicProviderQueryResponse(ResponseModel):
    providers: list[PublicProvider] = Field(json_schema_extra=MAX_PAGE)
    pagination: ResultPagination
    query: ProviderQueryFilter
    sorting: ProviderQuerySorting
