"""Which OAuth scopes a staff user's permission records grant (spec §1.2, payments_security §4.2).

The pre-token trigger adds these to every access token; the sandbox applies the same function, so
local tokens carry exactly what Cognito would issue.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.compacts import CompactCatalog
from core.models.staff_user import StaffUser

# `read` is a legacy compact action: accepted and ignored, because every member reads generally.
COMPACT_ACTIONS = frozenset({"read", "admin", "readPrivate", "readSSN"})
JURISDICTION_ACTIONS = frozenset({"write", "admin", "readPrivate", "readSSN"})
PROFILE = "profile"


class UnknownPermission(ValueError):
    """A record names a compact, jurisdiction or action this environment does not have: the
    sign-in must fail rather than issue a token that silently drops a grant."""


def scopes_for(records: Iterable[StaffUser], catalog: CompactCatalog) -> list[str]:
    scopes = {PROFILE}
    for record in records:
        definition = catalog.compacts.get(record.compact)
        if definition is None:
            raise UnknownPermission(f"unknown compact {record.compact!r}")
        scopes.add(f"{record.compact}/readGeneral")
        for action in record.permissions.actions:
            if action not in COMPACT_ACTIONS:
                raise UnknownPermission(f"unknown compact action {action!r} in {record.compact}")
            if action != "read":
                scopes.add(f"{record.compact}/{action}")
        for jurisdiction, actions in record.permissions.jurisdictions.items():
            if jurisdiction not in definition.active_jurisdictions:
                raise UnknownPermission(f"{jurisdiction!r} is not an active jurisdiction of {record.compact}")
            for action in actions:
                if action not in JURISDICTION_ACTIONS:
                    raise UnknownPermission(f"unknown jurisdiction action {action!r} in {jurisdiction}")
                scopes.add(f"{jurisdiction}/{record.compact}.{action}")
    return sorted(scopes, key=lambda scope: (scope != PROFILE, scope))
