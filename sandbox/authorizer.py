"""The sandbox's stand-in for API Gateway's Cognito authorizers.

Public routes pass. Routes that need a user pool are refused with API Gateway's own 401 until
the sandbox provisions that pool (staff, provider and state pools arrive with their issues), so
the sandbox never serves a protected route without checking a token.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from werkzeug.wrappers import Request

from core.catalog import Route


@dataclass(frozen=True)
class Decision:
    status: int = 200
    message: str = ""
    claims: dict[str, Any] | None = None

    @property
    def denied(self) -> bool:
        return self.status != 200


def authorize(route: Route, request: Request) -> Decision:
    if route.auth.is_public:
        return Decision()
    if not request.headers.get("Authorization"):
        return Decision(401, "Unauthorized")
    return Decision(401, f"Unauthorized: the sandbox has no {route.auth.kind} user pool yet")
