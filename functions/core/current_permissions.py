"""Staff tokens outlive the permission records they were issued from; the routes that matter re-read them.

An access token lists the scopes its user held when it was issued, and stays valid for its lifetime
(API Gateway's Cognito authorizer checks signature and expiry only: a global sign-out does not stop a
token already issued). A staff user deleted, or stripped of a permission, since signing in would keep
writing and reading SSNs until the token expired, as they can in the reference. So every route that
changes data or reveals SSNs (:attr:`core.api_catalog.Route.rechecks_permissions`) acts with only the
scopes that both the token and the caller's current records grant: a caller with no records left is
401, one whose records no longer grant the action is 403 from the handler's own check. The cost is one
strongly consistent query of the caller's partition per such request.
"""

from __future__ import annotations

from typing import Any

from core.catalog import Access, TableGrant
from core.errors import Unauthorized
from core.tables import USERS

CURRENT_PERMISSIONS = TableGrant(USERS.key, Access.READ)
"""The grant every function serving a re-checking route needs (a catalog test holds them to it)."""

REVOKED = "Unauthorized: the caller's access has been revoked; sign in again"


def current_scopes(user_id: str) -> frozenset[str]:
    """The scopes the user's records grant now, as the pre-token trigger would compute them; none when
    they have no records, or records that would fail a sign-in."""
    from core.repositories.users import UsersRepository
    from core.resources import granted
    from core.settings import compacts
    from core.staff_scopes import UnknownPermission, scopes_for

    records = UsersRepository(granted().table(USERS)).records_of(user_id)
    if not records:
        return frozenset()
    try:
        return frozenset(scopes_for(records, compacts()))
    except UnknownPermission:
        return frozenset()


def with_current_scopes(event: dict[str, Any]) -> dict[str, Any]:
    """The event, its claims' ``scope`` narrowed to what the caller's records still grant.

    An event without a caller is returned as it is: the handler answers it 401 as always."""
    context = event.get("requestContext") or {}
    claims = (context.get("authorizer") or {}).get("claims") or {}
    user_id, token_scopes = claims.get("sub"), str(claims.get("scope") or "").split()
    if not user_id or not token_scopes:
        return event
    current = current_scopes(str(user_id))
    if not current:
        raise Unauthorized(REVOKED)
    scope = " ".join(scope for scope in token_scopes if scope in current)
    narrowed = {**context, "authorizer": {**context["authorizer"], "claims": {**claims, "scope": scope}}}
    return {**event, "requestContext": narrowed}
