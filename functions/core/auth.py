"""Runtime authorisation: the second layer behind API Gateway's scope check (spec §1.3).

API Gateway lets a request through when the token holds *any* scope of the route's list; each
handler then applies the narrower rule of its route with one of the checks below. A missing or
empty scope claim is 401; a scope that does not grant the action is 403.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from core.errors import AccessDenied, Unauthorized


def authorizer_claims(event: Mapping[str, Any]) -> Mapping[str, Any]:
    """The token claims the Cognito authorizer put on a request (empty when it put none)."""
    return ((event.get("requestContext") or {}).get("authorizer") or {}).get("claims") or {}


@dataclass(frozen=True)
class Principal:
    """The caller, from the claims the Cognito authorizer put on the request."""

    user_id: str
    scopes: frozenset[str]
    claims: Mapping[str, Any]

    @classmethod
    def from_event(cls, event: Mapping[str, Any]) -> Principal:
        claims = authorizer_claims(event)
        scope = claims.get("scope")
        if not claims.get("sub") or not scope:
            raise Unauthorized()
        return cls(user_id=str(claims["sub"]), scopes=frozenset(str(scope).split()), claims=claims)

    # ---- the four rule kinds of spec §1.3 ------------------------------------------------------

    def has_compact_action(self, compact: str, action: str) -> bool:
        """``{compact}/{action}``, or that action at jurisdiction level anywhere in the compact."""
        suffix = f"/{compact}.{action}"
        return f"{compact}/{action}" in self.scopes or any(scope.endswith(suffix) for scope in self.scopes)

    def has_compact_level_action(self, compact: str, action: str) -> bool:
        return f"{compact}/{action}" in self.scopes

    def has_jurisdiction_action(self, compact: str, jurisdiction: str, action: str) -> bool:
        return f"{jurisdiction}/{compact}.{action}" in self.scopes

    def jurisdictions_with(self, compact: str, action: str) -> set[str]:
        """Jurisdictions where the caller holds ``{jur}/{compact}.{action}``."""
        suffix = f"/{compact}.{action}"
        return {scope.split("/", 1)[0] for scope in self.scopes if scope.endswith(suffix)}

    def can_for_provider(self, compact: str, action: str, provider_jurisdictions: Iterable[str]) -> bool:
        """readPrivate/readSSN for one provider: compact-wide, or in a jurisdiction where the provider
        holds a license or a privilege."""
        if self.has_compact_level_action(compact, action):
            return True
        return bool(self.jurisdictions_with(compact, action) & set(provider_jurisdictions))


def require_compact_action(principal: Principal, compact: str, action: str) -> None:
    if not principal.has_compact_action(compact, action):
        raise AccessDenied()


def require_compact_level_action(principal: Principal, compact: str, action: str) -> None:
    if not principal.has_compact_level_action(compact, action):
        raise AccessDenied()


def require_jurisdiction_action(principal: Principal, compact: str, jurisdiction: str, action: str) -> None:
    """Exactly ``{jurisdiction}/{compact}.{action}``: a compact-level grant does not count."""
    if not principal.has_jurisdiction_action(compact, jurisdiction, action):
        raise AccessDenied()
