"""Handlers of the public provider lookup (spec §2.2, payments_security §4.7).

Anyone may call these routes, so they answer only about providers who hold privileges (the query
filters the others out; the detail answers 404 for them exactly as for an unknown or malformed id), in
the public schema, and never faster than :data:`RESPONSE_FLOOR` (anti-enumeration: a miss must not be
distinguishable from a hit by timing). The query takes the staff query's request; a ``jurisdiction``
that is not live in the compact answers an empty page without reading the provider table.
"""

from __future__ import annotations

from typing import Any

from core.errors import NotFound
from core.http import RouteTable
from core.lookups import known_compact, live_jurisdictions
from core.repositories.providers import PRIVILEGE_HISTORY
from core.resources import granted
from core.response_floor import ResponseFloor
from core.tables import PROVIDER
from providers.privilege_lookup import history_of_privilege
from providers.query import find_providers, no_providers
from providers.query_models import ProviderQueryRequest
from providers.records import PROVIDER_NOT_FOUND, provider_records
from public_lookup.models import PublicProviderQueryResponse
from public_lookup.routes import PUBLIC_LOOKUP_API, ROUTES
from public_lookup.views import public_provider, public_provider_detail

RESPONSE_FLOOR = ResponseFloor(seconds=1.0)
"""Every response of this function (including errors) takes at least this long."""

routes = RouteTable.serving(PUBLIC_LOOKUP_API, ROUTES)


@routes.operation("public_query_providers")
def public_query_providers(compact: str, body: ProviderQueryRequest) -> dict[str, Any]:
    """One page of the compact's providers holding privileges that match the query, in the public
    schema. A ``providerId`` query answers that single provider; otherwise page until ``lastKey`` is
    null. A jurisdiction that is not live answers an empty page without reading the provider table."""
    known_compact(compact)
    jurisdiction = body.query.jurisdiction
    if jurisdiction is not None and jurisdiction not in live_jurisdictions(compact):
        found = no_providers(body)  # nobody practises there through the compact yet
    else:
        found = find_providers(granted().table(PROVIDER), compact, body, only_with_privileges=True)
    return PublicProviderQueryResponse(
        providers=[public_provider(provider) for provider in found.providers],
        pagination=found.pagination,
        query=body.query,
        sorting=found.sorting,
    ).to_body()


@routes.operation("public_get_provider")
def public_get_provider(compact: str, providerId: str) -> dict[str, Any]:
    """The provider with its privileges, read with one query of the provider's partition. 404, with the
    same message, for a malformed id, an unknown provider and a provider without privileges."""
    known_compact(compact)
    records = provider_records(compact, providerId, history=PRIVILEGE_HISTORY)
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
