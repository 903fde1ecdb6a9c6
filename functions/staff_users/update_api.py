"""Handlers that change staff-user records (function StaffUsersUpdateApi); revoking a permission also
ends the user's sessions."""

from __future__ import annotations

from typing import Any

from core.errors import NotFound
from core.http import RouteTable
from core.lookups import known_compact
from core.models.staff_user import StoredStaffUser
from staff_users.cognito import StaffPool
from staff_users.models import StaffUserMePatch, StaffUserPermissionsPatch, StaffUserResponse
from staff_users.permissions import collect_and_authorize_changes, require_only_path_compact
from staff_users.routes import ROUTES, STAFF_USERS_UPDATE
from staff_users.service import (
    authorize_admin,
    retry_on_conflict,
    users,
    visible_user,
)
from staff_users.views import merged_response, user_response

routes = RouteTable.serving(STAFF_USERS_UPDATE, ROUTES)


@routes.operation("patch_staff_user")
def patch_staff_user(compact: str, userId: str, body: StaffUserPermissionsPatch) -> StaffUserResponse:
    """Grant (``true``) and revoke (``false``) permissions in the path's compact.

    A request that revokes anything also signs the user out everywhere, so no session carries the
    revoked scopes on; it does so on every such request (not only when the record changed), so a
    client retrying after a failed sign-out gets it done."""
    principal = routes.principal()
    administered = authorize_admin(principal, compact)
    require_only_path_compact(compact, body.permissions, required=False)
    requested = body.permissions.get(compact)
    changes = None
    if requested is not None:
        active = known_compact(compact).active_jurisdictions
        changes = collect_and_authorize_changes(principal, compact, requested, active)
    repository = users()

    def attempt() -> StoredStaffUser | None:
        user = visible_user(repository, administered, compact, userId)
        if changes is None or changes.is_empty:
            return user
        updated = changes.apply(user.permissions)
        return user if updated == user.permissions else repository.replace_permissions(user, updated)

    user = retry_on_conflict(attempt)
    if changes is not None and changes.revokes:
        StaffPool().sign_out(user.attributes.email)
    return user_response(user)


@routes.operation("patch_me")
def patch_me(body: StaffUserMePatch) -> StaffUserResponse:
    """Rename the caller in every compact at once (the name index key follows)."""
    repository = users()
    user_id = routes.principal().user_id
    names = body.attributes

    def attempt() -> list[StoredStaffUser] | None:
        records = repository.records_of(user_id)
        if not records:
            raise NotFound("User not found")
        if names.given_name is None and names.family_name is None:
            return records
        latest = merged_response(records).attributes
        given = names.given_name or latest.given_name
        family = names.family_name or latest.family_name
        if not repository.rename(records, given, family):
            return None
        return repository.records_of(user_id) or None  # removed meanwhile: the retry answers 404

    return merged_response(retry_on_conflict(attempt))


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
