"""Pure rules of staff-user administration (spec §8.2, payments_security §4.4). No I/O.

Two kinds of administrator act on a compact's users:

- a **compact admin** (``{compact}/admin``) acts on everyone and grants anything;
- a **jurisdiction admin** (``{jur}/{compact}.admin``) grants only within the jurisdictions they
  administer, sees only users sharing one of them (the rest look absent: 404, not 403, so that
  existence is not disclosed), and removes a user only when all of that user's permissions are
  theirs to revoke.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pydantic import BaseModel

from core.auth import Principal
from core.errors import AccessDenied, InvalidRequest
from core.models.staff_user import StaffUser, StaffUserPermissions
from staff_users.models import CompactPermissions

ADMIN = "admin"
LEGACY_READ = "read"
"""Compact action kept by old records and accepted in requests, but granting nothing: ignored."""

COMPACT_LEVEL_ACTIONS = frozenset({ADMIN, "readPrivate", "readSSN"})
JURISDICTION_LEVEL_ACTIONS = frozenset({"write", ADMIN, "readPrivate", "readSSN"})


@dataclass(frozen=True)
class PermissionChanges:
    """What a request grants and revokes in one compact (action names as stored, e.g. ``readSSN``)."""

    grant_compact: frozenset[str] = frozenset()
    revoke_compact: frozenset[str] = frozenset()
    grant_jurisdiction: Mapping[str, frozenset[str]] = field(default_factory=dict)
    revoke_jurisdiction: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not (
            self.grant_compact or self.revoke_compact or self.grant_jurisdiction or self.revoke_jurisdiction
        )

    @property
    def revokes(self) -> bool:
        return bool(self.revoke_compact or any(self.revoke_jurisdiction.values()))

    def apply(self, current: StaffUserPermissions, *, grants_only: bool = False) -> StaffUserPermissions:
        """``current`` with the changes made. ``grants_only`` (inviting an existing user) only adds.

        A jurisdiction left without actions is dropped, so it no longer makes the user visible to
        that jurisdiction's admins.
        """
        actions = set(current.actions) | self.grant_compact
        jurisdictions = {jur: set(acts) for jur, acts in current.jurisdictions.items()}
        for jurisdiction, granted in self.grant_jurisdiction.items():
            jurisdictions.setdefault(jurisdiction, set()).update(granted)
        if not grants_only:
            actions -= self.revoke_compact
            for jurisdiction, revoked in self.revoke_jurisdiction.items():
                jurisdictions.get(jurisdiction, set()).difference_update(revoked)
        return StaffUserPermissions(
            actions=actions, jurisdictions={jur: acts for jur, acts in jurisdictions.items() if acts}
        )


def administered_jurisdictions(principal: Principal, compact: str) -> frozenset[str] | None:
    """``None`` for a compact admin (no restriction), else the jurisdictions the caller administers."""
    if principal.has_compact_level_action(compact, ADMIN):
        return None
    return frozenset(principal.jurisdictions_with(compact, ADMIN))


def _flags(actions: BaseModel | None) -> dict[str, bool]:
    """Requested flags by stored action name: ``{readSSN: True, write: False}``; unset flags omitted."""
    if actions is None:
        return {}
    return {name: value for name, value in actions.model_dump(by_alias=True).items() if value is not None}


def collect_and_authorize_changes(
    principal: Principal,
    compact: str,
    requested: CompactPermissions,
    active_jurisdictions: Iterable[str],
) -> PermissionChanges:
    """The changes ``requested`` asks for in ``compact``, once the caller is known to be allowed them.

    - compact-level ``admin``/``readPrivate``/``readSSN``, granted or revoked: ``{compact}/admin`` only
      (403 otherwise); ``read`` is ignored;
    - a jurisdiction's actions: only for an active member jurisdiction of the compact (400 naming it),
      and only by ``{compact}/admin`` or ``{jur}/{compact}.admin`` (403).
    """
    administered = administered_jurisdictions(principal, compact)
    compact_flags = {name: value for name, value in _flags(requested.actions).items() if name != LEGACY_READ}
    if compact_flags and administered is not None:
        raise AccessDenied("Only compact admins can change compact-level permissions")

    active = set(active_jurisdictions)
    grants: dict[str, frozenset[str]] = {}
    revokes: dict[str, frozenset[str]] = {}
    for jurisdiction, permissions in (requested.jurisdictions or {}).items():
        if jurisdiction not in active:
            raise InvalidRequest(
                f"Invalid request: permissions.{compact}.jurisdictions.{jurisdiction}: "
                f"not an active member jurisdiction of {compact}"
            )
        flags = _flags(permissions.actions)
        if not flags:
            continue
        if administered is not None and jurisdiction not in administered:
            raise AccessDenied(
                f"Only compact admins or {jurisdiction} admins can change {jurisdiction} permissions"
            )
        granted = frozenset(name for name, value in flags.items() if value)
        revoked = frozenset(name for name, value in flags.items() if not value)
        if granted:
            grants[jurisdiction] = granted
        if revoked:
            revokes[jurisdiction] = revoked
    return PermissionChanges(
        grant_compact=frozenset(name for name, value in compact_flags.items() if value),
        revoke_compact=frozenset(name for name, value in compact_flags.items() if not value),
        grant_jurisdiction=grants,
        revoke_jurisdiction=revokes,
    )


def require_only_path_compact(compact: str, permissions: Mapping[str, object], *, required: bool) -> None:
    """Bodies name permissions by compact; a route acts on its path's compact only (400 otherwise).

    ``required``: the body must name that compact (POST: a user cannot be invited with no compact).
    """
    others = sorted(set(permissions) - {compact})
    if others:
        raise InvalidRequest(
            f"Invalid request: permissions: only compact {compact!r} (the compact in the path) "
            f"may be named, not {', '.join(others)}"
        )
    if required and compact not in permissions:
        raise InvalidRequest(f"Invalid request: permissions: permissions in compact {compact!r} are required")


def can_see(administered: frozenset[str] | None, user: StaffUser) -> bool:
    """Compact admins see every user; jurisdiction admins those sharing one of their jurisdictions."""
    return administered is None or bool(administered & user.permissions.jurisdictions.keys())


def can_delete(administered: frozenset[str] | None, user: StaffUser) -> bool:
    """Compact admins delete anyone; jurisdiction admins only users whose every permission they could
    revoke: all jurisdictions within theirs and no compact-level grant (which only a compact admin
    may revoke, so deleting the record must not be a way around that rule)."""
    if administered is None:
        return True
    compact_level = set(user.permissions.actions) - {LEGACY_READ}
    return not compact_level and set(user.permissions.jurisdictions) <= administered
