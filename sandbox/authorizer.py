"""The sandbox's stand-in for API Gateway's Cognito authorizers.

For each protected route it does what API Gateway and the pool do together: verify the token
(signature, expiry, issuer, client, ``token_use``: access tokens for staff and state clients, ID tokens
for practitioners), learn its scopes, then require one of the route's scopes, if it declares any. 401
without or with a bad token, 403 without a matching scope. Pools the sandbox does not emulate yet refuse
their routes with 401.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Protocol

import jwt
from werkzeug.wrappers import Request

from core.api_catalog import AuthKind, Route
from core.compacts import CompactCatalog
from sandbox.invoke import LocalContext, handler_for
from staff_auth.functions import PRE_TOKEN


@dataclass(frozen=True)
class Decision:
    status: int = 200
    message: str = ""
    claims: dict[str, Any] | None = None

    @property
    def denied(self) -> bool:
        return self.status != 200


UNAUTHORIZED = Decision(401, "Unauthorized")


class TokenVerifier(Protocol):
    """One user pool, as API Gateway's authorizer sees it: is the token genuine, which scopes."""

    def verify(self, token: str) -> dict[str, Any] | None: ...

    def scopes(self, claims: dict[str, Any]) -> list[str] | None: ...


class _PoolTokens:
    """Tokens of one emulated pool, checked as API Gateway's Cognito authorizer checks them: signature
    against the pool's JWKS, expiry, issuer, ``token_use`` and the app client."""

    token_use = ""
    client_claim = ""

    def __init__(self, issuer: str, jwks_url: str, client_ids: frozenset[str]) -> None:
        self.issuer = issuer
        self.client_ids = client_ids
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True)

    def verify(self, token: str) -> dict[str, Any] | None:
        try:
            key = self._jwks.get_signing_key_from_jwt(token)
            claims = jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                issuer=self.issuer,
                options={"require": ["exp", "sub"], "verify_aud": False},
            )
        except jwt.PyJWTError:
            return None
        if claims.get("token_use") != self.token_use or claims.get(self.client_claim) not in self.client_ids:
            return None
        return claims


class StaffPoolVerifier(_PoolTokens):
    """Access tokens of the emulated staff pool; scopes from the real pre-token trigger, once per
    token."""

    token_use = "access"
    client_claim = "client_id"

    def __init__(self, issuer: str, jwks_url: str, client_ids: frozenset[str]) -> None:
        super().__init__(issuer, jwks_url, client_ids)
        self._scopes_by_token: dict[str, list[str] | None] = {}
        self._lock = threading.Lock()

    def scopes(self, claims: dict[str, Any]) -> list[str] | None:
        """The scopes Cognito would have put in this token (a failed trigger is a failed sign-in)."""
        token_id = str(claims.get("jti") or claims.get("origin_jti"))
        with self._lock:
            if token_id not in self._scopes_by_token:
                self._scopes_by_token[token_id] = _run_pre_token(claims["sub"])
            return self._scopes_by_token[token_id]


class ProviderPoolVerifier(_PoolTokens):
    """ID tokens of the emulated provider pool, as the provider routes' authorizer takes them: no scopes
    (the routes declare none), the token's claims (``custom:compact``, ``custom:providerId``) passed on."""

    token_use = "id"
    client_claim = "aud"

    def scopes(self, claims: dict[str, Any]) -> list[str]:
        return []


class Authorizer:
    def __init__(self, compacts: CompactCatalog) -> None:
        self.compacts = compacts
        self.verifiers: dict[AuthKind, TokenVerifier] = {}

    def add_pool(self, kind: AuthKind, verifier: TokenVerifier) -> None:
        self.verifiers[kind] = verifier

    def authorize(self, route: Route, request: Request) -> Decision:
        if route.auth.is_public:
            return Decision()
        verifier = self.verifiers.get(route.auth.kind)
        token = (request.headers.get("Authorization") or "").removeprefix("Bearer ").strip()
        if verifier is None or not token:
            return UNAUTHORIZED
        claims = verifier.verify(token)
        scopes = verifier.scopes(claims) if claims is not None else None
        if claims is None or scopes is None:
            return UNAUTHORIZED
        allowed = set(route.auth.scopes.expand(self.compacts)) if route.auth.scopes else set()
        if allowed and not allowed & set(scopes):
            return Decision(403, "Access denied")
        return Decision(claims={**claims, "scope": " ".join(scopes)})


def _run_pre_token(user_id: str) -> list[str] | None:
    event = {
        "version": "2",
        "triggerSource": "TokenGeneration_Authentication",
        "request": {"userAttributes": {"sub": user_id}},
        "response": {},
    }
    context = LocalContext(PRE_TOKEN.name, PRE_TOKEN.memory_mb, PRE_TOKEN.timeout_seconds)
    try:
        result = handler_for(PRE_TOKEN)(event, context)
    except Exception:
        return None
    return list(result["response"]["claimsAndScopeOverrideDetails"]["accessTokenGeneration"]["scopesToAdd"])
