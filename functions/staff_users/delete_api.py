"""Handler of staff-user removal (function StaffUsersDeleteApi)."""

from __future__ import annotations

from typing import Any

from core.errors import AccessDenied
from core.http import RouteTable
from staff_users.cognito import StaffPool
from staff_users.models import Message
from staff_users.permissions import can_delete
from staff_users.routes import ROUTES, STAFF_USERS_DELETE
from staff_users.service import authorize_admin, retry_on_conflict, users, visible_user

routes = RouteTable.serving(STAFF_USERS_DELETE, ROUTES)


@routes.operation("delete_staff_user")
def delete_staff_user(compact: str, userId: str) -> Message:
    """Delete the user's record in the compact and end their sessions; once they are in no compact,
    disable their sign-in.

    A jurisdiction admin may only remove a user whose every permission is theirs to revoke (403
    otherwise: another admin must revoke the rest first). A user still in another compact keeps
    their account, which that compact's permissions still need.
    """
    principal = routes.principal()
    administered = authorize_admin(principal, compact)
    repository = users()

    def attempt() -> str | None:
        user = visible_user(repository, administered, compact, userId)
        if not can_delete(administered, user):
            raise AccessDenied(
                "Access denied: the user has permissions outside your jurisdictions; a compact admin must "
                "remove them, or those permissions must be revoked first"
            )
        return user.attributes.email if repository.delete(user) else None

    email = retry_on_conflict(attempt)
    pool = StaffPool()
    if not repository.records_of(userId):
        pool.disable(email)
    pool.sign_out(email)
    return Message(message="User deleted")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
