"""Handler of invitation resends (function StaffUsersReinviteApi)."""

from __future__ import annotations

from typing import Any

from core.http import RouteTable
from staff_users.cognito import StaffPool
from staff_users.models import Message
from staff_users.routes import ROUTES, STAFF_USERS_REINVITE
from staff_users.service import authorize_admin, users, visible_user

routes = RouteTable.serving(STAFF_USERS_REINVITE, ROUTES)


@routes.operation("reinvite_staff_user")
def reinvite_staff_user(compact: str, userId: str) -> Message:
    """Resend the invitation of a user the caller can see (for a lost or expired temporary password)."""
    principal = routes.principal()
    administered = authorize_admin(principal, compact)
    repository = users()
    user = visible_user(repository, administered, compact, userId)
    StaffPool().reinvite(user.attributes.email)
    return Message(message="User reinvited")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
