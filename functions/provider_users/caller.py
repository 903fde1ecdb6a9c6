"""The signed-in practitioner, from the ID token claims the provider pool's Cognito authorizer puts on
the request (spec payments_security §4.1).

The pool sets ``custom:compact`` and ``custom:providerId`` once, at registration, and refuses to change
them, so they name the one provider record the caller may read or change: a practitioner route never
takes a provider id from the request. A token without them is 400, as in the reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from core.auth import authorizer_claims
from core.errors import InvalidRequest, Unauthorized

COMPACT_CLAIM = "custom:compact"
PROVIDER_ID_CLAIM = "custom:providerId"
USERNAME_CLAIM = "cognito:username"


@dataclass(frozen=True)
class Practitioner:
    user_id: str  # the Cognito ``sub``
    compact: str
    provider_id: str
    username: str  # the account's Cognito username (admin calls act on it; the email is only an alias)

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Practitioner:
        claims = authorizer_claims(event)
        if not claims.get("sub"):
            raise Unauthorized()
        compact, provider_id = claims.get(COMPACT_CLAIM), claims.get(PROVIDER_ID_CLAIM)
        if not compact or not provider_id:
            raise InvalidRequest("Missing required user profile attribute")
        return cls(
            user_id=str(claims["sub"]),
            compact=str(compact),
            provider_id=str(provider_id),
            username=str(claims.get(USERNAME_CLAIM) or claims["sub"]),
        )
