"""What the staff-user handlers share: the repository, the compact catalog, and the checks every
admin route makes before acting on a user."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from core.auth import Principal, require_compact_action
from core.errors import CCError, NotFound
from core.lookups import known_compact
from core.models.staff_user import StoredStaffUser
from core.repositories.users import UsersRepository
from core.resources import granted
from core.tables import USERS
from staff_users.permissions import ADMIN, administered_jurisdictions, can_see

T = TypeVar("T")
MAX_ATTEMPTS = 3


class ConcurrentChange(CCError):
    """The user kept changing under a read-check-write: the client may simply retry."""

    status_code = 409
    default_message = "The user was changed by another request; please retry"


def users() -> UsersRepository:
    return UsersRepository(granted().table(USERS))


def authorize_admin(principal: Principal, compact: str) -> frozenset[str] | None:
    """Any admin of the compact may call (403 otherwise); returns whom they administer, as
    :func:`staff_users.permissions.administered_jurisdictions` does."""
    require_compact_action(principal, compact, ADMIN)
    known_compact(compact)
    return administered_jurisdictions(principal, compact)


def visible_user(
    repository: UsersRepository, administered: frozenset[str] | None, compact: str, user_id: str
) -> StoredStaffUser:
    """The user, when the caller may see them; otherwise 404 (hidden users look absent)."""
    user = repository.get(compact, user_id)
    if user is None or not can_see(administered, user):
        raise NotFound("User not found")
    return user


def retry_on_conflict(attempt: Callable[[], T | None]) -> T:
    """Run a read-check-write until its conditional write lands (``attempt`` returns ``None`` when the
    record changed since it was read, so it re-reads and re-decides); 409 after a few tries."""
    for _ in range(MAX_ATTEMPTS):
        result = attempt()
        if result is not None:
            return result
    raise ConcurrentChange()
