"""Handlers of the read-only staff-user routes (function StaffUsersReadApi)."""

from __future__ import annotations

from typing import Annotated, Any

from core.errors import NotFound
from core.http import RouteTable
from core.request_binding import Query
from staff_users.models import LastKey, PageSize, Pagination, StaffUserList, StaffUserResponse
from staff_users.pagination import decode_last_key, encode_last_key
from staff_users.permissions import can_see
from staff_users.routes import ROUTES, STAFF_USERS_READ
from staff_users.service import authorize_admin, users, visible_user
from staff_users.views import merged_response, user_response

routes = RouteTable.serving(STAFF_USERS_READ, ROUTES)

DEFAULT_PAGE_SIZE = 100


@routes.operation("list_staff_users")
def list_staff_users(
    compact: str,
    page_size: Annotated[PageSize, Query("pageSize")] = DEFAULT_PAGE_SIZE,
    last_key: Annotated[LastKey | None, Query("lastKey")] = None,
) -> StaffUserList:
    """A page of the compact's users the caller may see, by family then given name."""
    administered = authorize_admin(routes.principal(), compact)
    start_key = decode_last_key(last_key, compact) if last_key else None
    page, next_key = users().page_by_family_name(
        compact, page_size, start_key, accept=lambda user: can_see(administered, user)
    )
    return StaffUserList(
        users=[user_response(user) for user in page],
        pagination=Pagination(
            pageSize=page_size,
            lastKey=encode_last_key(next_key) if next_key else None,
            prevLastKey=last_key,
        ),
    )


@routes.operation("get_staff_user")
def get_staff_user(compact: str, userId: str) -> StaffUserResponse:
    administered = authorize_admin(routes.principal(), compact)
    return user_response(visible_user(users(), administered, compact, userId))


@routes.operation("get_me")
def get_me() -> StaffUserResponse:
    """The caller across every compact they belong to (404 once removed from all of them)."""
    records = users().records_of(routes.principal().user_id)
    if not records:
        raise NotFound("User not found")
    return merged_response(records)


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return routes(event, context)
