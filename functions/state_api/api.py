"""Handlers of the State API provider routes (spec §2.1).

By the time a handler runs, the RouteTable has verified the request signature (both routes require
one) and validated the body. Each handler then identifies the caller (401), validates the path (400:
unknown compact, or a jurisdiction that is not an active member), and re-checks the route's scope
rule, ``readGeneral`` in the compact (403), before reading anything.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from core.api_catalog import READ_GENERAL
from core.auth import Principal, require_compact_action
from core.errors import NotFound
from core.fields import ResultPagination
from core.http import RouteTable
from core.lookups import member_jurisdiction
from core.models.provider import Provider
from core.repositories.providers import ProviderRepository
from core.resources import granted
from core.settings import ui_base_url
from core.tables import PROVIDER
from core.unreadable_records import readable
from state_api.models import (
    DEFAULT_PAGE_SIZE,
    StateProviderQueryRequest,
    StateProviderQueryResponse,
    StateProviderResponse,
    StateQueryPagination,
    StateQuerySorting,
)
from state_api.query import Window, decode_last_key, encode_last_key, providers_with_privilege_in
from state_api.routes import ROUTES, STATE_PROVIDER_API
from state_api.views import provider_summary, state_privilege

READ_PRIVATE = "readPrivate"

routes = RouteTable.serving(STATE_PROVIDER_API, ROUTES)


def _authorize(compact: str, jurisdiction: str) -> Principal:
    principal = routes.principal()
    member_jurisdiction(compact, jurisdiction)
    require_compact_action(principal, compact, READ_GENERAL.action)
    return principal


@routes.operation("query_jurisdiction_providers")
def query_jurisdiction_providers(
    compact: str, jurisdiction: str, body: StateProviderQueryRequest
) -> dict[str, Any]:
    """One page of the providers holding a privilege in ``jurisdiction`` whose records changed in the
    window, oldest change first unless sorted descending. Page until ``lastKey`` is null."""
    _authorize(compact, jurisdiction)
    pagination = body.pagination or StateQueryPagination()
    sorting = body.sorting or StateQuerySorting()
    page_size = pagination.page_size or DEFAULT_PAGE_SIZE
    window = Window.between(body.query.start, body.query.end)
    resume_after = decode_last_key(pagination.last_key, compact, window) if pagination.last_key else None
    page = providers_with_privilege_in(
        granted().table(PROVIDER),
        compact,
        jurisdiction,
        window,
        page_size=page_size,
        descending=sorting.direction == "descending",
        resume_after=resume_after,
    )
    return StateProviderQueryResponse(
        providers=[provider_summary(provider) for provider in readable(Provider, page.items)],
        pagination=ResultPagination(
            page_size=page_size,
            last_key=encode_last_key(page.last_key) if page.last_key else None,
            prev_last_key=pagination.last_key,
        ),
        query=body.query,
        sorting=sorting,
    ).to_body()


@routes.operation("get_jurisdiction_provider")
def get_jurisdiction_provider(compact: str, jurisdiction: str, providerId: str) -> dict[str, Any]:
    """The provider's privileges in ``jurisdiction``, each flattened with its home license; private
    fields only for callers with readPrivate in the compact or in a state where the provider holds a
    license or privilege. 404 unless the provider holds a privilege in ``jurisdiction``."""
    principal = _authorize(compact, jurisdiction)
    not_found = NotFound(f"The provider holds no privilege in {jurisdiction}, or does not exist")
    try:
        provider_id = str(UUID(providerId))
    except ValueError:
        raise not_found from None
    records = ProviderRepository(granted().table(PROVIDER)).records(compact, provider_id)
    privileges = [privilege for privilege in records.privileges if privilege.jurisdiction == jurisdiction]
    if records.provider is None or not privileges:
        raise not_found
    private = principal.can_for_provider(compact, READ_PRIVATE, records.provider_jurisdictions())
    entries = [
        state_privilege(
            privilege,
            records.license_for(privilege.license_jurisdiction, privilege.license_type_abbreviation),
            records.provider,
            private=private,
        )
        for privilege in sorted(privileges, key=lambda privilege: privilege.license_type_abbreviation)
    ]
    ui_base = ui_base_url()
    return StateProviderResponse(
        privileges=entries, provider_ui_url=f"{ui_base}/{compact}/Licensing/{provider_id}"
    ).to_body()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
