"""The Cognito user pools a function may be granted admin actions on: their names, the variables that
carry their ids, and the grant."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class UserPoolName(StrEnum):
    STAFF = "staff"
    PROVIDER = "provider"
    STATE = "state"


USER_POOL_ENV_VARS: dict[UserPoolName, str] = {
    UserPoolName.STAFF: "STAFF_USER_POOL_ID",
    UserPoolName.PROVIDER: "PROVIDER_USER_POOL_ID",
    UserPoolName.STATE: "STATE_AUTH_USER_POOL_ID",
}


SIGN_IN_CHECK = "cognito-idp:AdminInitiateAuth"
"""A pool action that needs the pool's app client too: a function granted it is also told the id of the
pool's UI client (:data:`USER_POOL_CLIENT_ENV_VARS`), to check a password the way the UI signs in."""

USER_POOL_CLIENT_ENV_VARS: dict[UserPoolName, str] = {
    UserPoolName.STAFF: "STAFF_USER_POOL_CLIENT_ID",
    UserPoolName.PROVIDER: "PROVIDER_USER_POOL_CLIENT_ID",
}


@dataclass(frozen=True)
class UserPoolGrant:
    """Cognito admin actions on one user pool, e.g. ``("cognito-idp:AdminDisableUser",)``."""

    pool: UserPoolName
    actions: tuple[str, ...]


PROVIDER_IDENTITY_ATTRIBUTES = ("compact", "providerId")
"""The provider pool's custom attributes (``custom:compact``, ``custom:providerId`` in ID tokens): the one
provider record an account belongs to, set at registration and immutable."""
