"""Handlers of the practitioner routes (spec §9): each acts on the caller's own provider record, named
by the claims of their ID token (:mod:`provider_users.caller`), never by the request."""

from __future__ import annotations

from typing import Any

from core.errors import NotFound
from core.http import RouteTable
from provider_users.caller import Practitioner
from provider_users.functions import PROVIDER_USERS_API
from provider_users.routes import ROUTES
from providers.privilege_lookup import history_of_privilege
from providers.records import PROVIDER_NOT_FOUND, provider_records
from providers.views import provider_detail

routes = RouteTable.serving(PROVIDER_USERS_API, ROUTES)


def practitioner() -> Practitioner:
    return Practitioner.from_event(routes.app.current_event.raw_event)


@routes.operation("get_own_provider")
def get_own_provider() -> dict[str, Any]:
    """The caller's provider record; 404 if it is gone (an account whose record was removed)."""
    caller = practitioner()
    records = provider_records(caller.compact, caller.provider_id)
    if records.provider is None:
        raise NotFound(PROVIDER_NOT_FOUND)
    return provider_detail(records, private=True).to_body()  # the shape OwnProviderDetail documents


@routes.operation("get_own_privilege_history")
def get_own_privilege_history(jurisdiction: str, licenseType: str) -> dict[str, Any]:
    """The timeline of the caller's own privilege, as staff see it (NPDB categories included)."""
    caller = practitioner()
    return history_of_privilege(
        caller.compact, caller.provider_id, jurisdiction, licenseType, include_npdb_categories=True
    ).to_body()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
