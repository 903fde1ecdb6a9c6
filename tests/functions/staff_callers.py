"""Permission records behind a test token: re-checking routes act only on what the caller's records grant.

:func:`records_granting` is the inverse of :func:`core.staff_scopes.scopes_for`: the users-table records
under which every scope of a test token is still granted, so a handler test can state a caller by their
token's scopes alone, as before re-checking existed, and a revocation test can then take records away.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.models.enums import StaffUserStatus
from core.models.staff_user import StaffUser, StaffUserAttributes, StaffUserPermissions
from core.staff_scopes import PROFILE

DEFAULT_SUB = "00000000-0000-4000-8000-000000000001"
"""The caller of :func:`tests.functions.conftest.api_event` when a test names none."""

_CALLABLE_WITHOUT_RECORDS = "readGeneral"  # granted by any record of the compact, held by none


def records_granting(user_id: str, scopes: Iterable[str]) -> list[StaffUser]:
    """One active record per compact the scopes name, holding exactly the actions they grant."""
    actions: dict[str, set[str]] = {}
    jurisdictions: dict[str, dict[str, set[str]]] = {}
    for scope in scopes:
        if scope == PROFILE:
            continue
        head, _, tail = scope.partition("/")
        if "." in tail:
            compact, action = tail.split(".", 1)
            jurisdictions.setdefault(compact, {}).setdefault(head, set()).add(action)
            actions.setdefault(compact, set())
        else:
            compact_actions = actions.setdefault(head, set())
            if tail != _CALLABLE_WITHOUT_RECORDS:
                compact_actions.add(tail)
    return [
        StaffUser(
            user_id=user_id,
            compact=compact,
            attributes=StaffUserAttributes(
                email=f"caller-{user_id[-4:]}@example.org", given_name="Test", family_name="Caller"
            ),
            permissions=StaffUserPermissions(
                actions=compact_actions, jurisdictions=jurisdictions.get(compact, {})
            ),
            status=StaffUserStatus.ACTIVE,
        )
        for compact, compact_actions in actions.items()
    ]


def hold(users_table: Any, *token_scopes: Iterable[str], user_id: str = DEFAULT_SUB) -> None:
    """Write the records under which every one of these tokens is still what it says."""
    union = {scope for scopes in token_scopes for scope in scopes}
    for record in records_granting(user_id, union):
        users_table.put_item(Item=record.to_item())
