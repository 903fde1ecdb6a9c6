"""Handlers of the public configuration routes (jurisdiction lists, no caller identity).

The staff routes live in :mod:`configuration.admin_api`, a separate function with write access to the
configuration table; this one keeps read-only access.
"""

from __future__ import annotations

from typing import Annotated, Any

from configuration.common import member_jurisdictions
from configuration.models import JurisdictionList, LiveJurisdictions
from configuration.routes import CONFIGURATION_API, ROUTES
from core.http import RouteTable
from core.lookups import known_compact, live_jurisdictions
from core.request_binding import Query
from core.settings import compacts as served_compacts

routes = RouteTable.serving(CONFIGURATION_API, ROUTES)


@routes.operation("get_live_jurisdictions")
def get_live_jurisdictions(compact: Annotated[str | None, Query()] = None) -> LiveJurisdictions:
    """Live jurisdictions per compact; a compact that was never configured has none. An empty
    ``compact=`` names no compact (400), rather than asking for all of them."""
    if compact is not None:
        known_compact(compact)
    names = [compact] if compact is not None else list(served_compacts().compacts)
    return LiveJurisdictions({name: live_jurisdictions(name) for name in names})


@routes.operation("get_public_compact_jurisdictions")
def get_public_compact_jurisdictions(compact: str) -> JurisdictionList:
    return member_jurisdictions(compact)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
