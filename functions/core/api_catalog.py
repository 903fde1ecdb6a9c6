"""Declaration types of the APIs (DESIGN §3): routes, who may call them (auth kinds and scope rules),
typed query parameters and the stack vocabularies the documents enumerate.

A route names the function that serves it (:class:`core.catalog.FunctionSpec`); the OpenAPI renderer,
the sandbox's gateway and ``core.http.RouteTable`` all read these declarations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel

from core.catalog import FunctionSpec
from core.compacts import CompactCatalog
from core.jurisdictions import JURISDICTION_NAMES


class ApiName(StrEnum):
    LICENSE = "license"
    STATE = "state"
    SEARCH = "search"


class AuthKind(StrEnum):
    PUBLIC = "public"
    PROVIDER = "provider"  # provider user pool, any valid ID token
    STAFF = "staff"  # staff user pool, access token with scopes
    STATE = "state"  # state machine-to-machine pool, client-credentials token with scopes


@dataclass(frozen=True)
class ScopeRule:
    """Which scopes API Gateway accepts for a route (DESIGN §3, spec §1.7).

    ``compact_only`` rules accept only ``{compact}/{action}``; the others also accept every
    ``{jurisdiction}/{compact}.{action}`` for the compact's active jurisdictions.
    """

    action: str
    compact_only: bool = False

    def expand(self, compacts: CompactCatalog) -> list[str]:
        if self.action == "profile":
            return ["profile"]
        scopes = [f"{compact}/{self.action}" for compact in compacts.compacts]
        if not self.compact_only:
            for compact, definition in compacts.compacts.items():
                scopes += [f"{jur}/{compact}.{self.action}" for jur in definition.active_jurisdictions]
        return scopes


READ_GENERAL = ScopeRule("readGeneral", compact_only=True)
WRITE = ScopeRule("write")
ADMIN = ScopeRule("admin")
READ_SSN = ScopeRule("readSSN")
PROFILE = ScopeRule("profile")

RECHECKED_ACTIONS = frozenset({WRITE.action, ADMIN.action, READ_SSN.action})
"""Staff actions that change data or reveal SSNs: their routes re-read the caller's permission records
(:mod:`core.current_permissions`)."""


@dataclass(frozen=True)
class Auth:
    """Who may call a route: the authorizer in front of it, the scopes it accepts, and whether the State API
    checks a request signature."""

    kind: AuthKind
    scopes: ScopeRule | None = None
    signature: Literal["required", "optional"] | None = None

    @property
    def is_public(self) -> bool:
        return self.kind is AuthKind.PUBLIC


PUBLIC = Auth(AuthKind.PUBLIC)

_PATH_PARAM = re.compile(r"\{(\w+)\}")


class Vocabulary(StrEnum):
    """Values that are stack configuration rather than code: which compacts an environment serves and
    their license types. A schema names the vocabulary (:func:`stack_enum`) and the OpenAPI renderer fills
    in the stack's values, so one model documents every environment exactly."""

    COMPACT = "compact"
    LICENSE_TYPE_NAME = "licenseTypeName"
    LICENSE_TYPE_ABBREVIATION = "licenseTypeAbbreviation"

    def values(self, compacts: CompactCatalog) -> list[str]:
        if self is Vocabulary.COMPACT:
            return list(compacts.compacts)
        by_name = self is Vocabulary.LICENSE_TYPE_NAME
        values: dict[str, None] = {}
        for definition in compacts.compacts.values():
            for license_type in definition.license_types:
                values[license_type.name if by_name else license_type.abbreviation] = None
        return list(values)


STACK_ENUM = "x-stack-enum"
"""The schema keyword the renderer replaces with ``enum`` (OpenAPI 3.0 has no such keyword itself)."""


def stack_enum(vocabulary: Vocabulary, description: str | None = None) -> dict[str, Any]:
    """The JSON schema of a string drawn from a stack vocabulary, for ``WithJsonSchema``."""
    schema: dict[str, Any] = {"type": "string", STACK_ENUM: vocabulary.value}
    if description:
        schema["description"] = description
    return schema


PARAMETER_SCHEMAS: dict[str, dict[str, Any]] = {
    "compact": stack_enum(Vocabulary.COMPACT, "A compact of this environment (400 otherwise)"),
    "jurisdiction": {
        "type": "string",
        "enum": sorted(JURISDICTION_NAMES),
        "description": (
            "Lower-case postal abbreviation; the route may require an active member of the compact (400)"
        ),
    },
    "licenseType": stack_enum(
        Vocabulary.LICENSE_TYPE_ABBREVIATION, "A license type abbreviation of the compact (400 otherwise)"
    ),
    "providerId": {
        "type": "string",
        "format": "uuid",
        "description": "A provider id; one that is not a UUID names no provider (404)",
    },
    "attestationId": {
        "type": "string",
        "minLength": 1,
        "maxLength": 100,
        "description": "An attestation of the compact (config/attestations.yml); an unknown one is 404",
    },
    "encumbranceId": {
        "type": "string",
        "format": "uuid",
        "description": "An encumbrance (adverse action) of the record; an unknown one is 404",
    },
    "investigationId": {
        "type": "string",
        "format": "uuid",
        "description": "An investigation of the record; an unknown one is 404",
    },
    "userId": {
        "type": "string",
        "format": "uuid",
        "description": "A staff user id (the user's Cognito sub); an unknown one is 404",
    },
    "flagId": {
        "type": "string",
        "pattern": "^[A-Za-z0-9_.-]{1,100}$",
        "description": "A feature flag's name; a flag nobody declared is off",
    },
}
"""Schemas of the parameters routes share by name: every path parameter is one of these, so a path
segment means the same thing (and is checked the same way) on every route."""


@dataclass(frozen=True)
class QueryParam:
    """A query-string parameter. ``annotation`` is the type the handler declares for it (rendered with
    pydantic, so the document states the handler's own limits); without one, the parameter is one of
    :data:`PARAMETER_SCHEMAS`."""

    name: str
    annotation: Any = None
    description: str | None = None


@dataclass(frozen=True)
class HeaderParam:
    """An optional request header a route reads (beyond the authorizer's and the signature's)."""

    name: str
    schema: dict[str, Any]
    description: str


CORS_ALLOW_HEADERS = (
    "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token,cache-control,"
    "X-Algorithm,X-Timestamp,X-Nonce,X-Key-Id,X-Signature,Idempotency-Key"
)
"""The request headers browsers may send: AWS's defaults, the State API's signature headers and the
purchase's idempotency key. One list for the gateway's preflight answers, the handlers and the sandbox."""


@dataclass(frozen=True)
class Route:
    """One API method. ``operation`` names the handler function that serves it."""

    api: ApiName
    method: Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
    path: str
    function: FunctionSpec
    operation: str
    auth: Auth
    summary: str
    response_model: type[BaseModel] | None = None
    request_model: type[BaseModel] | None = None
    query_params: tuple[QueryParam, ...] = ()
    header_params: tuple[HeaderParam, ...] = ()
    tags: tuple[str, ...] = field(default=())
    # Errors beyond those every route of its kind can answer, which the renderer adds itself: 400 for a
    # route with parameters or a body, 401 and 403 behind an authorizer, 415 with a body.
    errors: tuple[Literal[403, 404, 409, 429, 503], ...] = ()
    # The 400 body, when it says more than ``{"message"}`` (the license upload's per-row errors).
    invalid_request_model: type[BaseModel] | None = None
    # False where the handler reports request-body problems itself in a richer shape than the
    # gateway's single message (see the license upload); the body is still documented in full.
    gateway_validates_body: bool = True
    # Environments can switch a route family off (beta serves no public lookup).
    feature: Literal["public_lookup"] | None = None

    @property
    def path_params(self) -> list[str]:
        return _PATH_PARAM.findall(self.path)

    @property
    def rechecks_permissions(self) -> bool:
        """A staff route needing write, admin or readSSN acts on the caller's current records, not only
        on what their token said when it was issued."""
        rule = self.auth.scopes
        return self.auth.kind is AuthKind.STAFF and rule is not None and rule.action in RECHECKED_ACTIONS

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def error_statuses(self) -> list[int]:
        """Every error status the route can answer: the ones of its kind, and its own ``errors``."""
        statuses: set[int] = set(self.errors)
        if self.path_params or self.query_params or self.request_model is not None:
            statuses.add(400)
        if not self.auth.is_public:
            statuses |= {401, 403}
        if self.request_model is not None:
            statuses |= {413, 415}  # core.request_limits: bodies over 1 MiB
        return sorted(statuses)
