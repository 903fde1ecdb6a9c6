"""Cognito pre-token-generation trigger (V2) of the staff pool.

It reads the user's permission records, adds the scopes they grant to the access token, removes
``aws.cognito.signin.user.admin`` (staff must not change their own email through Cognito) and
marks records still ``inactive`` as ``active`` — the first token is the first sign-in.

Unlike the reference, which logs an error and issues a token without custom scopes, any problem
(no records, an unknown compact, jurisdiction or action) fails the sign-in: Cognito turns the
exception into an authentication error, so nobody holds a token that misstates their rights.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aws_lambda_powertools import Logger

from core.models.enums import StaffUserStatus
from core.models.staff_user import StaffUser
from core.repositories.users import UsersRepository
from core.resources import granted, serves
from core.settings import compacts
from core.staff_scopes import UnknownPermission, scopes_for
from core.tables import USERS
from staff_auth.functions import PRE_TOKEN

logger = Logger()
SUPPRESSED_SCOPES = ["aws.cognito.signin.user.admin"]


def activate(records: Sequence[StaffUser], users: UsersRepository) -> None:
    for record in records:
        if record.status is StaffUserStatus.INACTIVE:
            users.mark_active(record)


def scopes_for_user(user_id: str) -> list[str]:
    """The scopes a staff user's token carries; raises UnknownPermission when they cannot sign in."""
    users = UsersRepository(granted().table(USERS))
    records = users.records_of(user_id)
    if not records:
        raise UnknownPermission("the user has no permission records")
    scopes = scopes_for(records, compacts())
    activate(records, users)
    return scopes


@serves(PRE_TOKEN)
@logger.inject_lambda_context
def lambda_handler(event: dict[str, Any], _context: Any) -> dict[str, Any]:
    user_id = (event.get("request", {}).get("userAttributes") or {}).get("sub")
    if not user_id:
        raise UnknownPermission("the token request has no user sub")
    try:
        scopes = scopes_for_user(user_id)
    except UnknownPermission:
        logger.exception("refusing sign-in", extra={"user_id": user_id})
        raise
    event.setdefault("response", {})["claimsAndScopeOverrideDetails"] = {
        "accessTokenGeneration": {"scopesToAdd": scopes, "scopesToSuppress": SUPPRESSED_SCOPES}
    }
    return event
