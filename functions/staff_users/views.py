"""Stored staff-user records -> API shapes (spec §4.6). Pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from core.models.enums import StaffUserStatus
from core.models.staff_user import StaffUser, StaffUserPermissions
from staff_users.models import CompactPermissions, StaffUserResponse, UserAttributes
from staff_users.permissions import COMPACT_LEVEL_ACTIONS, JURISDICTION_LEVEL_ACTIONS, LEGACY_READ

_NEVER = datetime.min.replace(tzinfo=UTC)


def api_permissions(stored: StaffUserPermissions) -> CompactPermissions:
    """Sets of action names become ``{action: true}`` maps; unknown stored actions are not echoed."""
    compact_actions = {
        action: True for action in sorted(stored.actions & (COMPACT_LEVEL_ACTIONS | {LEGACY_READ}))
    }
    jurisdictions = {
        jurisdiction: {"actions": {action: True for action in sorted(actions & JURISDICTION_LEVEL_ACTIONS)}}
        for jurisdiction, actions in sorted(stored.jurisdictions.items())
        if actions
    }
    return CompactPermissions.model_validate({"actions": compact_actions, "jurisdictions": jurisdictions})


def _attributes(user: StaffUser) -> UserAttributes:
    return UserAttributes.model_validate(user.attributes.model_dump(by_alias=True))


def user_response(user: StaffUser) -> StaffUserResponse:
    """One user as seen in one compact."""
    return StaffUserResponse.model_validate(
        {
            "dateOfUpdate": user.date_of_update,
            "userId": user.user_id,
            "attributes": _attributes(user),
            "permissions": {user.compact: api_permissions(user.permissions)},
            "status": user.status,
        }
    )


def merged_response(records: Sequence[StaffUser]) -> StaffUserResponse:
    """``/me``: one view of a user across all their compacts.

    Names come from the most recently updated record (``PATCH /me`` keeps them equal everywhere);
    the user is ``active`` once they have signed in to any compact.
    """
    if not records:
        raise ValueError("a merged view needs at least one record")
    latest = max(records, key=lambda record: record.date_of_update or _NEVER)
    active = any(record.status is StaffUserStatus.ACTIVE for record in records)
    return StaffUserResponse.model_validate(
        {
            "dateOfUpdate": latest.date_of_update,
            "userId": latest.user_id,
            "attributes": _attributes(latest),
            "permissions": {record.compact: api_permissions(record.permissions) for record in records},
            "status": StaffUserStatus.ACTIVE if active else StaffUserStatus.INACTIVE,
        }
    )
