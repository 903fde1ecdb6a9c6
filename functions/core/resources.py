"""What a running function may reach: the resources its ``FunctionSpec`` grants, and nothing else.

A handler declares the function it serves (:func:`serves`, or a :class:`core.http.RouteTable`, which
knows its function from its routes). For the length of each invocation that function's grants are the
*current* ones, and every table, bucket, queue, user pool and the event bus is reached through them:

- in AWS the names come from the variables the ``LambdaFunction`` component sets for exactly those
  grants, and IAM refuses anything else;
- on a laptop (function tests, the sandbox) one process hosts every function and its environment names
  every resource, so the check here is what refuses: touching a resource the function was not granted
  raises :class:`MissingGrant` naming the grant to declare, before any AWS call is made.

The current grants live in a context variable, so the sandbox's threads each run their own function.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from core import init_phase
from core.catalog import (
    BULK_TABLE_KEY_ENV_VAR,
    SEARCH_ENDPOINT_ENV_VAR,
    Access,
    BulkAccess,
    FunctionSpec,
    SearchAccess,
    TableGrant,
    TableSpec,
    restored_tables_pattern,
)

if TYPE_CHECKING:
    from core.buckets import BucketAccess, BucketSpec
    from core.events import EventSpec
    from core.queues import QueueSpec
    from core.secrets import CompactSecretSpec, SecretSpec
    from core.user_pools import UserPoolName

EVENT_BUS_ENV_VAR = "EVENT_BUS_NAME"

_TABLE_CALLS: dict[str, Access] = {
    **dict.fromkeys(("get_item", "query", "scan"), Access.READ),
    **dict.fromkeys(("put_item", "update_item", "delete_item", "batch_writer", "meta"), Access.WRITE),
}
"""The boto3 Table calls a grant governs. ``meta`` hands out the client, which repositories use only
for transactional writes."""

_current: ContextVar[GrantedResources | None] = ContextVar("granted_resources", default=None)

Handler = TypeVar("Handler", bound=Callable[..., Any])


class MissingGrant(PermissionError):
    """A function touched a resource its catalog declaration does not grant it."""

    def __init__(self, function: str, wanted: str, declare: str) -> None:
        super().__init__(f"{function} is not granted {wanted}: declare {declare} in its FunctionSpec")


class NoFunctionContext(RuntimeError):
    """Code that reaches AWS resources ran outside a function (no grants are in force)."""


def _name_from_environment(variable: str, function: str, what: str) -> str:
    try:
        return os.environ[variable]
    except KeyError:
        raise RuntimeError(f"{function} is granted {what} but its environment has no {variable}") from None


@dataclass(frozen=True)
class GrantedTable:
    """A boto3 Table that answers only the calls its grant allows (read, write, or one index)."""

    table: Any
    grant: TableGrant
    function: str

    @property
    def name(self) -> str:
        return str(self.table.name)

    def __getattr__(self, attribute: str) -> Any:
        wanted = _TABLE_CALLS.get(attribute)
        if wanted is not None:
            self._check(attribute, wanted)
        found = getattr(self.table, attribute)
        if attribute == "query" and self.grant.index is not None:
            return functools.partial(self._index_query, found)
        return found

    def reading_client(self) -> Any:
        """The DynamoDB client, for batch reads (``BatchGetItem``), to a function granted reads."""
        self._check("batch_get_item", Access.READ)
        return self.table.meta.client

    def _check(self, attribute: str, wanted: Access) -> None:
        grant = self.grant
        if grant.index is not None:
            if attribute != "query":
                raise MissingGrant(
                    self.function,
                    f"{attribute} on table {grant.table!r} (only queries of its index {grant.index!r})",
                    f"TableGrant({grant.table!r}, Access.{wanted.name})",
                )
        elif grant.access not in (wanted, Access.READ_WRITE):
            raise MissingGrant(
                self.function,
                f"{wanted.value} access to table {grant.table!r}",
                f"TableGrant({grant.table!r}, Access.READ_WRITE)",
            )

    def _index_query(self, query: Callable[..., Any], **kwargs: Any) -> Any:
        if kwargs.get("IndexName") != self.grant.index:
            raise MissingGrant(
                self.function,
                f"a query of table {self.grant.table!r} outside its index {self.grant.index!r}",
                f"TableGrant({self.grant.table!r}, Access.READ)",
            )
        return query(**kwargs)


@dataclass(frozen=True)
class GrantedResources:
    """The resources of one function, by its catalog declaration."""

    spec: FunctionSpec

    @property
    def function(self) -> str:
        return self.spec.name

    def table(self, table: TableSpec) -> GrantedTable:
        """The table, limited to the access the function was granted on it."""
        grant = next((grant for grant in self.spec.grants if grant.table == table.key), None)
        if grant is None:
            raise MissingGrant(self.function, f"table {table.key!r}", f"TableGrant({table.key!r}, ...)")
        from core.aws import table_resource

        name = _name_from_environment(table.env_var, self.function, f"table {table.key!r}")
        return GrantedTable(table_resource(name), grant, self.function)

    def bulk_table(self, table: TableSpec, access: BulkAccess) -> Any:
        """The whole table, for a disaster-recovery sync function granted ``access`` to it: a plain boto3
        Table, since scanning and batch-writing all of it is what the grant is for."""
        from core.aws import table_resource

        return table_resource(self._bulk_table_name(table, access))

    def restored_table(self, table: TableSpec, name: str) -> Any:
        """A restored copy of ``table`` (``DR-TEMP-<incident>-<table name>``), by name, for the function
        that copies it back; any other table is refused, as IAM refuses it in AWS."""
        from fnmatch import fnmatchcase

        from core.aws import table_resource

        pattern = restored_tables_pattern(self._bulk_table_name(table, BulkAccess.COPY_RESTORED))
        if not fnmatchcase(name, pattern):
            raise MissingGrant(self.function, f"table {name!r} (only {pattern})", "the restored table's name")
        return table_resource(name)

    def bulk_table_key_arn(self) -> str:
        """The ARN of the key that encrypts the table of the function's bulk grant."""
        if self.spec.bulk is None:
            raise MissingGrant(self.function, "a table's key", "bulk=BulkTableGrant(...)")
        return _name_from_environment(BULK_TABLE_KEY_ENV_VAR, self.function, "its bulk table's key")

    def _bulk_table_name(self, table: TableSpec, access: BulkAccess) -> str:
        bulk = self.spec.bulk
        if bulk is None or bulk.table != table.key or bulk.access is not access:
            raise MissingGrant(
                self.function,
                f"{access.value} access to all of table {table.key!r}",
                f"bulk=BulkTableGrant({table.key!r}, BulkAccess.{access.name})",
            )
        return _name_from_environment(table.env_var, self.function, f"table {table.key!r}")

    def bucket(self, bucket: BucketSpec, access: BucketAccess) -> str:
        """The name of a bucket the function may use as ``access`` says."""
        granted = {grant.access for grant in self.spec.bucket_grants if grant.bucket == bucket.key}
        if not any(held.covers(access) for held in granted):
            raise MissingGrant(
                self.function,
                f"{access.value} access to bucket {bucket.key!r}",
                f"BucketGrant({bucket.key!r}, BucketAccess.{access.name})",
            )
        return _name_from_environment(bucket.env_var, self.function, f"bucket {bucket.key!r}")

    def search_endpoint(self, access: SearchAccess) -> str:
        """The search domain's endpoint, for a function granted at least ``access`` there."""
        held = self.spec.search
        order = list(SearchAccess)
        if held is None or order.index(held) < order.index(access):
            raise MissingGrant(
                self.function,
                f"{access.value} access to the search domain",
                f"search=SearchAccess.{access.name}",
            )
        return _name_from_environment(SEARCH_ENDPOINT_ENV_VAR, self.function, "the search domain")

    def queue_url(self, queue: QueueSpec) -> str:
        """The URL of a queue the function may send to."""
        if not any(g.queue == queue.key and g.action == "send" for g in self.spec.queue_grants):
            raise MissingGrant(
                self.function, f"sending to queue {queue.key!r}", f"QueueGrant({queue.key!r}, 'send')"
            )
        return _name_from_environment(queue.env_var, self.function, f"queue {queue.key!r}")

    def function_name(self, function: FunctionSpec) -> str:
        """The deployed name of a function this one may invoke."""
        if function.name not in self.spec.invokes:
            raise MissingGrant(
                self.function, f"invoking {function.name}", f"invokes=(..., {function.name!r})"
            )
        return _name_from_environment(function.name_env_var, self.function, f"function {function.name}")

    def event_bus(self, event: EventSpec) -> str:
        """The bus name, for a function that declares it publishes ``event``."""
        if event not in self.spec.publishes:
            raise MissingGrant(
                self.function, f"publishing {event.detail_type!r}", f"publishes=(..., {event.detail_type!r})"
            )
        return _name_from_environment(EVENT_BUS_ENV_VAR, self.function, "the event bus")

    def event_bus_for(self, detail_type: str) -> str:
        """The bus name, for a function that declares it publishes the event of ``detail_type``."""
        event = next((event for event in self.spec.publishes if event.detail_type == detail_type), None)
        if event is None:
            raise MissingGrant(
                self.function, f"publishing {detail_type!r}", f"publishes=(..., {detail_type!r})"
            )
        return self.event_bus(event)

    def secret_arn(self, secret: SecretSpec) -> str:
        """The ARN of a secret the function may read."""
        if secret not in self.spec.secrets:
            raise MissingGrant(
                self.function, f"reading secret {secret.key!r}", f"secrets=(..., {secret.key})"
            )
        return _name_from_environment(secret.env_var, self.function, f"secret {secret.key!r}")

    def compact_secret_name(self, secret: CompactSecretSpec, compact: str, access: str) -> str:
        """The name of a compact's secret the function may read or write (``access``)."""
        if not any(g.secret == secret and g.access == access for g in self.spec.compact_secrets):
            raise MissingGrant(
                self.function,
                f"{access} access to secret {secret.key!r}",
                f"compact_secrets=(..., CompactSecretGrant({secret.key}, {access!r}))",
            )
        environment = _name_from_environment("ENVIRONMENT_NAME", self.function, f"secret {secret.key!r}")
        return secret.secret_name(environment, compact)

    def user_pool_id(self, pool: UserPoolName, action: str) -> str:
        """The id of a user pool on which the function may call ``action`` (``cognito-idp:AdminGetUser``)."""
        if not any(g.pool is pool and action in g.actions for g in self.spec.pool_grants):
            raise MissingGrant(
                self.function,
                f"{action} on the {pool.value} user pool",
                f"UserPoolGrant(UserPoolName.{pool.name}, ({action!r}, ...))",
            )
        from core.user_pools import USER_POOL_ENV_VARS  # only the functions granted a pool load it

        return _name_from_environment(USER_POOL_ENV_VARS[pool], self.function, f"the {pool.value} pool")

    def user_pool_client_id(self, pool: UserPoolName) -> str:
        """The id of the pool's UI client, for a function that may check passwords (``AdminInitiateAuth``)."""
        from core.user_pools import SIGN_IN_CHECK, USER_POOL_CLIENT_ENV_VARS

        self.user_pool_id(pool, SIGN_IN_CHECK)  # the same grant
        return _name_from_environment(
            USER_POOL_CLIENT_ENV_VARS[pool], self.function, f"the {pool.value} client"
        )


def granted() -> GrantedResources:
    """The grants of the function being invoked."""
    resources = _current.get()
    if resources is None:
        raise NoFunctionContext(
            "no function is running: reach AWS resources from a handler declared with core.resources.serves "
            "(or a RouteTable), or wrap the call in core.resources.running_as(SPEC)"
        )
    return resources


@contextmanager
def running_as(spec: FunctionSpec) -> Iterator[GrantedResources]:
    """Run a block with ``spec``'s grants in force (handlers, and tests of code below a handler). The
    first block of a Lambda container also ends its init phase (:func:`core.init_phase.end`)."""
    init_phase.end()
    resources = GrantedResources(spec)
    token = _current.set(resources)
    try:
        yield resources
    finally:
        _current.reset(token)


def serves(spec: FunctionSpec) -> Callable[[Handler], Handler]:
    """Declare the function a Lambda handler serves: each invocation runs with only its grants."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def invoke(*args: Any, **kwargs: Any) -> Any:
            with running_as(spec):
                return handler(*args, **kwargs)

        return cast(Handler, invoke)

    return decorate
