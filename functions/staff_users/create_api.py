"""Handler of staff-user invitations (function StaffUsersCreateApi)."""

from __future__ import annotations

from typing import Any

from core.http import RouteTable
from core.lookups import known_compact
from core.metrics import count
from core.models.staff_user import StaffUser, StaffUserAttributes, StaffUserPermissions
from staff_users.cognito import StaffPool
from staff_users.models import NewStaffUser, StaffUserResponse
from staff_users.permissions import collect_and_authorize_changes, require_only_path_compact
from staff_users.routes import ROUTES, STAFF_USERS_CREATE
from staff_users.service import (
    authorize_admin,
    retry_on_conflict,
    users,
)
from staff_users.views import user_response

routes = RouteTable.serving(STAFF_USERS_CREATE, ROUTES)


@routes.operation("create_staff_user")
def create_staff_user(compact: str, body: NewStaffUser) -> StaffUserResponse:
    """Invite a staff user into the compact, or grant more to one who is already there.

    The Cognito account is created first (or found, by email), so its ``sub`` keys the record. A
    user new to the compact gets an ``inactive`` record (active at first sign-in); one already in
    it keeps their record and gains the requested grants: an invitation never revokes.
    """
    principal = routes.principal()
    authorize_admin(principal, compact)
    require_only_path_compact(compact, body.permissions, required=True)
    active = known_compact(compact).active_jurisdictions
    changes = collect_and_authorize_changes(principal, compact, body.permissions[compact], active)
    repository = users()

    user_id = StaffPool().invite(body.attributes.email)
    granted = changes.apply(StaffUserPermissions(), grants_only=True)
    record = StaffUser(
        user_id=user_id,
        compact=compact,
        attributes=StaffUserAttributes.model_validate(body.attributes.model_dump(by_alias=True)),
        permissions=granted,
    )

    def attempt() -> StaffUser | None:
        if repository.create(record):
            return record
        existing = repository.get(compact, user_id)
        if existing is None:  # removed again meanwhile: create afresh
            return None
        updated = changes.apply(existing.permissions, grants_only=True)
        if updated == existing.permissions:
            return existing
        return repository.replace_permissions(existing, updated)

    created = retry_on_conflict(attempt)
    # Watched for abuse: a burst of invitations is what a stolen admin session would produce.
    count(STAFF_USERS_CREATE.name, "staff-user-created")
    return user_response(created)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
