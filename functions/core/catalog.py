"""Declaration types for the catalog (DESIGN §3): tables, functions and their table grants. The other
declaration types live with what they declare, so a function loads only those it uses: routes in
:mod:`core.api_catalog`; buckets, queues and user pools, each with its grant, in :mod:`core.buckets`,
:mod:`core.queues` and :mod:`core.user_pools`; bus events in :mod:`core.events`; and what starts a
function no route serves in :mod:`core.triggers`.

Tables, functions and routes are declared once as plain, frozen data next to the code that
serves them. The Pulumi components, the local sandbox, the OpenAPI renderer and the tests all
walk the same declarations, so a route cannot exist in one place and be missing in another.
Nothing here imports boto3, Pulumi or a handler: declarations are cheap to import anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from core.buckets import BucketGrant
    from core.events import EventSpec
    from core.queues import QueueGrant
    from core.secrets import CompactSecretGrant, SecretSpec
    from core.user_pools import UserPoolGrant

# ---- tables ---------------------------------------------------------------------------------------


class KeyName(StrEnum):
    """Which customer-managed key encrypts a resource."""

    SHARED = "shared"
    SSN = "ssn"


@dataclass(frozen=True)
class IndexSpec:
    """A global secondary index of a table, with what it projects."""

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
    partition keys (IAM ``dynamodb:LeadingKeys``; ``*`` matches any characters, as in ``IP#*``), for
    functions that share a table with others."""

    table: str  # TableSpec.key
    access: Access
    index: str | None = None
    partitions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.index is not None and self.access is not Access.READ:
            raise ValueError("an index grant can only read")


class BulkAccess(StrEnum):
    """What a disaster-recovery sync function does to a whole table, one of the two steps of a table's
    point-in-time recovery (spec: "Full-table point-in-time restore"): ``clear`` scans the table and
    deletes every item; ``copy_restored`` scans the table's restored copies (:func:`restored_table_name`)
    and writes their items into it. Only these functions scan or batch-write a whole table, so they
    have a grant of their own instead of a :class:`TableGrant`."""

    CLEAR = "clear"
    COPY_RESTORED = "copy_restored"


@dataclass(frozen=True)
class BulkTableGrant:
    """A disaster-recovery sync function's whole-table access to one table (see :class:`BulkAccess`)."""

    table: str  # TableSpec.key
    access: BulkAccess


RESTORED_TABLE_PREFIX = "DR-TEMP-"


def restored_table_name(incident_id: str, table_name: str) -> str:
    """The table a point-in-time restore of ``table_name`` is made into for one incident: named by the
    restore state machine, read by the copy. It ends with the live table's name, so the SSN table's copy
    keeps the ``-DataEventsLog`` suffix the organisation's CloudTrail data events select on."""
    return f"{RESTORED_TABLE_PREFIX}{incident_id}-{table_name}"


def restored_tables_pattern(table_name: str) -> str:
    """Every restored copy of ``table_name`` (an IAM resource name pattern)."""
    return restored_table_name("*", table_name)


BULK_TABLE_KEY_ENV_VAR = "BULK_TABLE_KEY_ARN"
"""The ARN of the key that encrypts a bulk grant's table, with which the copy seals its cursor (an item's
key, which for the SSN table is an SSN) before handing it to the state machine."""


class SearchAccess(StrEnum):
    """What a function may do on the search domain (its role's verbs and index paths there): ``query``
    searches the compacts' aliases; ``index`` writes documents through them; ``manage`` creates indices,
    moves aliases and writes documents into the indices and through the aliases (the index manager and
    the re-index job)."""

    QUERY = "query"
    INDEX = "index"
    MANAGE = "manage"


SEARCH_ENDPOINT_ENV_VAR = "OPENSEARCH_HOST_ENDPOINT"
"""The search domain's endpoint (a URL, or a host name reached over HTTPS), for functions with access."""

COMPACT_PLACEHOLDER = "{compact}"
"""In a per-compact function's table partitions: each compact's copy is granted only its own."""

SERVED_COMPACT_ENV_VAR = "SERVED_COMPACT"
"""Set on each compact's copy of a per-compact function: the one compact it serves."""


def function_name_env_var(name: str) -> str:
    """The variable that tells a function allowed to invoke ``name`` its deployed name
    (``EmailNotificationService`` -> ``EMAIL_NOTIFICATION_SERVICE_FUNCTION_NAME``)."""
    snake = "".join(f"_{c}" if c.isupper() and i else c for i, c in enumerate(name))
    return f"{snake.upper()}_FUNCTION_NAME"


@dataclass(frozen=True)
class FunctionSpec:
    """One Lambda function: its own role, log group and least-privilege grants.

    Every function gets a role of its own. ``ssn_access`` marks a function on the full-SSN path (spec
    §3.3): its role is created with the environment's data (the Persistent component), before the SSN
    key, because the key's policy names each such role, and no other principal may use the key.
    """

    name: str  # Pulumi logical name and function-name suffix, e.g. "CompactConfigurationApi"
    handler: str  # "package.module.lambda_handler", relative to the functions/ bundle root
    description: str
    grants: tuple[TableGrant, ...] = ()
    pool_grants: tuple[UserPoolGrant, ...] = ()
    queue_grants: tuple[QueueGrant, ...] = ()
    bucket_grants: tuple[BucketGrant, ...] = ()
    publishes: tuple[EventSpec, ...] = ()  # the bus events it may put (one PutEvents grant)
    invokes: tuple[str, ...] = ()  # names of the functions it may invoke (the email service)
    secrets: tuple[SecretSpec, ...] = ()  # secrets it may read (GetSecretValue on each)
    compact_secrets: tuple[CompactSecretGrant, ...] = ()  # per-compact secrets it may read or write
    ssn_access: bool = False  # on the full-SSN path: its role is one the SSN key policy names
    search: SearchAccess | None = None  # runs inside the network, with this access to the search domain
    bulk: BulkTableGrant | None = None  # a disaster-recovery sync function's whole-table access
    per_compact: bool = False  # one function (and role) per compact, named ``{name}-{compact}``
    slow_after_seconds: int | None = None  # alarm when a run takes longer (long jobs near their timeout)
    timeout_seconds: int = 28
    memory_mb: int = 256
    runtime: str = "python3.13"
    log_retention_days: int = 365

    @property
    def name_env_var(self) -> str:
        return function_name_env_var(self.name)

    def for_compact(self, compact: str) -> FunctionSpec:
        """A per-compact function's declaration for one compact: its own name, so its own role, and its
        table partitions with ``{compact}`` filled in."""
        from dataclasses import replace

        assert self.per_compact, f"{self.name} is one function for every compact"
        grants = tuple(
            replace(
                grant, partitions=tuple(p.replace(COMPACT_PLACEHOLDER, compact) for p in grant.partitions)
            )
            for grant in self.grants
        )
        return replace(self, name=f"{self.name}-{compact}", per_compact=False, grants=grants)

    @property
    def publishes_events(self) -> bool:
        return bool(self.publishes)
