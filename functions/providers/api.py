"""Handlers of the staff provider routes (spec §2.2).

Each handler identifies the caller (401), validates the compact (400), and re-checks ``readGeneral`` in
the compact (403: compact- or jurisdiction-level) before reading anything. The query always answers
with the general schema; the detail adds private fields only for callers with ``readPrivate`` in the
compact or in a jurisdiction where the provider holds a license or privilege (§1.3), and for compact
admins, who also get links to download military documents (payments_security §4.7).
"""

from __future__ import annotations

from typing import Any

from core.api_catalog import ADMIN, READ_GENERAL
from core.auth import Principal, require_compact_action
from core.errors import NotFound
from core.http import RouteTable
from core.lookups import known_compact
from core.resources import granted
from core.tables import PROVIDER
from providers.documents import military_download_links
from providers.models import ProviderQueryResponse
from providers.privilege_lookup import history_of_privilege
from providers.query import find_providers
from providers.query_models import ProviderQueryRequest
from providers.records import PROVIDER_NOT_FOUND, provider_records
from providers.routes import ROUTES, STAFF_PROVIDER_API
from providers.views import provider_detail, provider_summary

READ_PRIVATE = "readPrivate"

routes = RouteTable.serving(STAFF_PROVIDER_API, ROUTES)


def _authorize(compact: str) -> Principal:
    principal = routes.principal()
    known_compact(compact)
    require_compact_action(principal, compact, READ_GENERAL.action)
    return principal


@routes.operation("query_providers")
def query_providers(compact: str, body: ProviderQueryRequest) -> dict[str, Any]:
    """One page of the compact's providers matching the query, in the general schema. A ``providerId``
    query answers that single provider; otherwise page until ``lastKey`` is null."""
    _authorize(compact)
    found = find_providers(granted().table(PROVIDER), compact, body)
    return ProviderQueryResponse(
        providers=[provider_summary(provider) for provider in found.providers],
        pagination=found.pagination,
        query=body.query,
        sorting=found.sorting,
    ).to_body()


@routes.operation("get_provider")
def get_provider(compact: str, providerId: str) -> dict[str, Any]:
    """The provider with licenses, privileges and military affiliations, read with one query of the
    provider's partition; 404 when the partition holds no provider record."""
    principal = _authorize(compact)
    records = provider_records(compact, providerId)
    if records.provider is None:
        raise NotFound(PROVIDER_NOT_FOUND)
    compact_admin = principal.has_compact_level_action(compact, ADMIN.action)
    private = compact_admin or principal.can_for_provider(
        compact, READ_PRIVATE, records.provider_jurisdictions()
    )
    links = military_download_links if compact_admin else None
    return provider_detail(records, private=private, download_links=links).to_body()


@routes.operation("get_privilege_history")
def get_privilege_history(
    compact: str, providerId: str, jurisdiction: str, licenseType: str
) -> dict[str, Any]:
    """The privilege's timeline, encumbrances with their NPDB categories (staff see those)."""
    _authorize(compact)
    return history_of_privilege(
        compact, providerId, jurisdiction, licenseType, include_npdb_categories=True
    ).to_body()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
