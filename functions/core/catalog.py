"""Declaration types for the catalog (DESIGN §3).

Tables, functions and routes are declared once as plain, frozen data next to the code that
serves them. The Pulumi components, the local sandbox, the OpenAPI renderer and the tests all
walk the same declarations, so a route cannot exist in one place and be missing in another.
Nothing here imports boto3, Pulumi or a handler: declarations are cheap to import anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel

from core.compacts import CompactCatalog
from core.jurisdictions import JURISDICTION_NAMES

# ---- tables ---------------------------------------------------------------------------------------


class KeyName(StrEnum):
    """Which customer-managed key encrypts a resource."""

    SHARED = "shared"
    SSN = "ssn"


@dataclass(frozen=True)
class IndexSpec:
    name: str
    partition_key: str
    sort_key: str | None = None
    projection: Literal["ALL", "INCLUDE", "KEYS_ONLY"] = "ALL"
    non_key_attributes: tuple[str, ...] = ()


@dataclass(frozen=True)
class TableSpec:
    """One DynamoDB table: string ``pk``/``sk``, on-demand billing."""

    key: str  # logical key used by grants, e.g. "provider"
    resource_name: str  # Pulumi logical name, e.g. "ProviderTable"
    env_var: str  # environment variable that carries the physical name
    description: str
    indexes: tuple[IndexSpec, ...] = ()
    stream: Literal["NEW_AND_OLD_IMAGES"] | None = None
    ttl_attribute: str | None = None
    point_in_time_recovery: bool = True
    encryption_key: KeyName = KeyName.SHARED
    backup_category: Literal["general_data", "frequent_updates"] | None = None
    fixed_name: str | None = None  # only where IAM policies or CloudTrail selectors depend on it
    # What the table's resource policy refuses to everyone (the SSN table, spec §3.3): grants leave these
    # actions out, and keyed reads go only through ``reads_only_through`` (an index).
    denied_actions: tuple[str, ...] = ()
    reads_only_through: str | None = None

    def physical_name(self, name_prefix: str) -> str:
        """The table's name in an environment: fixed where policies depend on it, else prefixed."""
        return self.fixed_name or f"{name_prefix}-{self.resource_name}"

    @property
    def attribute_names(self) -> list[str]:
        names = ["pk", "sk"]
        for index in self.indexes:
            for attr in (index.partition_key, index.sort_key):
                if attr and attr not in names:
                    names.append(attr)
        return names


# ---- functions ------------------------------------------------------------------------------------


class Access(StrEnum):
    READ = "read"
    WRITE = "write"
    READ_WRITE = "readwrite"


@dataclass(frozen=True)
class TableGrant:
    """Access to a table; with ``index``, only ``Query`` on that one index (the SSN table's ``ssnIndex``
    is the only way anyone outside ingest may read it); with ``partitions``, only items under those
    partition keys (IAM ``dynamodb:LeadingKeys``), for functions that share a table with others."""

    table: str  # TableSpec.key
    access: Access
    index: str | None = None
    partitions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.index is not None and self.access is not Access.READ:
            raise ValueError("an index grant can only read")


class UserPoolName(StrEnum):
    STAFF = "staff"
    PROVIDER = "provider"
    STATE = "state"


USER_POOL_ENV_VARS: dict[UserPoolName, str] = {
    UserPoolName.STAFF: "STAFF_USER_POOL_ID",
    UserPoolName.PROVIDER: "PROVIDER_USER_POOL_ID",
    UserPoolName.STATE: "STATE_AUTH_USER_POOL_ID",
}


@dataclass(frozen=True)
class UserPoolGrant:
    """Cognito admin actions on one user pool, e.g. ``("cognito-idp:AdminDisableUser",)``."""

    pool: UserPoolName
    actions: tuple[str, ...]


@dataclass(frozen=True)
class QueueSpec:
    """An SQS queue with its dead-letter queue (spec §0: a poison message moves to the DLQ after
    ``max_receive_count`` receives, and the DLQ alarms)."""

    key: str  # logical key used by grants and consumers, e.g. "license_preprocessing"
    resource_name: str  # Pulumi logical name
    env_var: str  # carries the queue URL to functions that send to it
    visibility_timeout_seconds: int
    retention_seconds: int
    max_receive_count: int = 3
    encryption_key: KeyName = KeyName.SHARED


@dataclass(frozen=True)
class QueueGrant:
    queue: str  # QueueSpec.key
    action: Literal["send", "consume"]


class BucketAccess(StrEnum):
    READ = "read"
    WRITE = "write"  # put objects (and presign uploads)
    READ_DELETE = "read_delete"  # read and delete (consumers of uploads)


@dataclass(frozen=True)
class BucketGrant:
    bucket: str  # BucketSpec.key
    access: BucketAccess


@dataclass(frozen=True)
class FunctionSpec:
    """One Lambda function: its own role, log group and least-privilege grants.

    ``ssn_role`` names one of the dedicated SSN roles of the Persistent component (spec §3.3);
    such a function runs as that role (the SSN key policy allows only those roles) and its grants
    are attached to it. Every other function gets a role of its own.
    """

    name: str  # Pulumi logical name and function-name suffix, e.g. "CompactConfigurationApi"
    handler: str  # "package.module.lambda_handler", relative to the functions/ bundle root
    description: str
    grants: tuple[TableGrant, ...] = ()
    pool_grants: tuple[UserPoolGrant, ...] = ()
    queue_grants: tuple[QueueGrant, ...] = ()
    bucket_grants: tuple[BucketGrant, ...] = ()
    publishes: tuple[EventSpec, ...] = ()  # the bus events it may put (one PutEvents grant)
    ssn_role: Literal["license_ingest", "license_upload", "provider_query"] | None = None
    timeout_seconds: int = 28
    memory_mb: int = 256
    runtime: str = "python3.13"
    log_retention_days: int = 365

    @property
    def publishes_events(self) -> bool:
        return bool(self.publishes)


# ---- events and event-driven consumers ----------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # declared once: identity is equality
class EventSpec:
    """One event type of the data event bus, declared once (DESIGN §3).

    ``model`` is the pydantic model of its ``detail``: publishers hand ``core.events.publish`` an
    instance of it and consumers validate what they receive with it. Who publishes it is declared by
    the publishing functions (``FunctionSpec.publishes``, a grant); who consumes it by the consumers'
    patterns. ``only_logged`` marks events whose only consumer, by design, is the data-event log (the
    ingest reports read them from there); ``awaiting`` names the publisher or consumer that a later
    capability brings, so an event is never silently published to nobody. ``logged`` is False for the
    few events the data-event log leaves out.
    """

    detail_type: str
    source: str
    model: type[BaseModel]
    description: str
    example: Mapping[str, Any]
    only_logged: bool = False
    awaiting: str | None = None
    logged: bool = True

    def __post_init__(self) -> None:
        if self.only_logged and not self.logged:
            raise ValueError(f"{self.detail_type}: an event the log leaves out cannot be only logged")


@dataclass(frozen=True)
class EventPattern:
    """Which bus events an EventBridge rule forwards to a consumer's queue: the listed events, or
    every event but the excepted ones (the data-event log)."""

    events: tuple[EventSpec, ...] = ()
    every_event_except: tuple[EventSpec, ...] | None = None

    def __post_init__(self) -> None:
        if bool(self.events) == (self.every_event_except is not None):
            raise ValueError("an event pattern lists events or takes every event (with exceptions), not both")

    @property
    def detail_types(self) -> tuple[str, ...]:
        return tuple(event.detail_type for event in self.events)

    @property
    def excluded_detail_types(self) -> tuple[str, ...]:
        return tuple(event.detail_type for event in self.every_event_except or ())

    def matches(self, event: EventSpec) -> bool:
        if self.every_event_except is not None:
            return event not in self.every_event_except
        return event in self.events


@dataclass(frozen=True)
class ConsumerSpec:
    """A function fed by a queue, reporting partial batch failures. ``source`` is the bus rule that
    fills the queue, or None when producers send to it directly."""

    function: FunctionSpec
    queue: QueueSpec
    batch_size: int
    batching_window_seconds: int
    source: EventPattern | None = None


@dataclass(frozen=True)
class BucketTrigger:
    """A function invoked for every object created in a bucket (optionally under a prefix)."""

    bucket: str  # BucketSpec.key
    function: FunctionSpec
    prefix: str = ""


# ---- routes ---------------------------------------------------------------------------------------


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


@dataclass(frozen=True)
class Auth:
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
    "userId": {
        "type": "string",
        "format": "uuid",
        "description": "A staff user id (the user's Cognito sub); an unknown one is 404",
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
    tags: tuple[str, ...] = field(default=())
    # Errors beyond those every route of its kind can answer, which the renderer adds itself: 400 for a
    # route with parameters or a body, 401 and 403 behind an authorizer, 415 with a body.
    errors: tuple[Literal[404, 409, 429, 503], ...] = ()
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
