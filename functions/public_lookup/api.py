"""Handlers of the public provider lookup (spec §2.2, payments_security §4.7).

Anyone may call these routes, so they answer only about providers who hold privileges (the query
filters the others out; the detail answers 404 for them exactly as for an unknown or malformed id), in
the public schema, and never faster than :data:`RESPONSE_FLOOR` (anti-enumeration: a miss must not be
distinguishable from a hit by timing). The query takes the staff query's request; a ``jurisdiction``
that is not live in the compact answers an empty page without reading the provider table.
"""

from __future__ import annotations

from typing import Any

from boto3.dynamodb.conditions import Attr

from configuration.common import known_compact, repository
from core import keys
from core.aws import table
from core.errors import NotFound
from core.http import RouteTable
from core.models.provider import Provider
from core.pagination import encode_last_key
from core.response_floor import ResponseFloor
from core.tables import PROVIDER
from providers.models import (
    DEFAULT_PAGE_SIZE,
    ProviderQueryPagination,
    ProviderQueryRequest,
    ProviderQueryResultPagination,
    ProviderQuerySorting,
)
from providers.privilege_lookup import PROVIDER_NOT_FOUND, history_of_privilege, provider_records
from providers.query import SORT_INDEXES, resume_key
from providers.query import query_providers as query_page
from public_lookup.models import PublicProviderQueryResponse
from public_lookup.routes import PUBLIC_LOOKUP_API, ROUTES
from public_lookup.views import public_provider, public_provider_detail

RESPONSE_FLOOR = ResponseFloor(seconds=1.0)
"""Every response of this function (including errors) takes at least this long."""

HOLDS_PRIVILEGES = Attr("privilegeJurisdictions").exists()
"""Providers with privileges: an empty set is never stored, so the attribute exists iff one is held."""

routes = RouteTable.serving(PUBLIC_LOOKUP_API, ROUTES)


def live_jurisdictions(compact: str) -> list[str]:
    """The compact's live jurisdictions, read as ``GET /v1/public/jurisdictions/live`` reads them; a
    compact that was never configured has none."""
    configuration = repository().compact_configuration(compact)
    return configuration.live_jurisdictions if configuration else []


def _provider_with_privileges(compact: str, provider_id: str) -> list[Provider]:
    key = {"pk": keys.provider_pk(compact, provider_id), "sk": keys.provider_sk(compact)}
    item = table(PROVIDER.env_var).get_item(Key=key).get("Item")
    return [Provider.from_item(item)] if item and item.get("privilegeJurisdictions") else []


def _matches(
    compact: str, body: ProviderQueryRequest, sorting: ProviderQuerySorting, page_size: int
) -> tuple[list[Provider], str | None]:
    """The page's providers and the ``lastKey`` token to continue from (None on the last page)."""
    jurisdiction = body.query.jurisdiction
    if jurisdiction is not None and jurisdiction not in live_jurisdictions(compact):
        return [], None  # nobody practises there through the compact yet: no provider read
    if body.query.provider_id is not None:
        return _provider_with_privileges(compact, body.query.provider_id), None
    last_key = body.pagination.last_key if body.pagination else None
    index = SORT_INDEXES[sorting.key]
    page = query_page(
        table(PROVIDER.env_var),
        compact,
        body.query,
        sort_key=sorting.key,
        descending=sorting.direction == "descending",
        page_size=page_size,
        resume_after=resume_key(last_key, compact, index) if last_key else None,
        extra_filter=HOLDS_PRIVILEGES,
    )
    found = [Provider.from_item(item) for item in page.items]
    return found, encode_last_key(page.last_key) if page.last_key else None


@routes.operation("public_query_providers")
def public_query_providers(compact: str, body: ProviderQueryRequest) -> dict[str, Any]:
    """One page of the compact's providers holding privileges that match the query, in the public
    schema. A ``providerId`` query answers that single provider; otherwise page until ``lastKey`` is null."""
    known_compact(compact)
    pagination = body.pagination or ProviderQueryPagination()
    sorting = body.sorting or ProviderQuerySorting(key="familyName")
    page_size = pagination.page_size or DEFAULT_PAGE_SIZE
    found, last_key = _matches(compact, body, sorting, page_size)
    return PublicProviderQueryResponse(
        providers=[public_provider(provider) for provider in found],
        pagination=ProviderQueryResultPagination(
            page_size=page_size, last_key=last_key, prev_last_key=pagination.last_key
        ),
        query=body.query,
        sorting=sorting,
    ).to_body()


@routes.operation("public_get_provider")
def public_get_provider(compact: str, providerId: str) -> dict[str, Any]:
    """The provider with its privileges, read with one query of the provider's partition. 404, with the
    same message, for a malformed id, an unknown provider and a provider without privileges."""
    known_compact(compact)
    records = provider_records(compact, providerId)
    if records.provider is None or not records.provider.privilege_jurisdictions or not records.privileges:
        raise NotFound(PROVIDER_NOT_FOUND)
    return public_provider_detail(records).to_body()


@routes.operation("public_get_privilege_history")
def public_get_privilege_history(
    compact: str, providerId: str, jurisdiction: str, licenseType: str
) -> dict[str, Any]:
    """The privilege's timeline; encumbrances appear without their NPDB categories."""
    return history_of_privilege(
        compact, providerId, jurisdiction, licenseType, include_npdb_categories=False
    ).to_body()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    with RESPONSE_FLOOR.hold():
        return routes(event, context)
