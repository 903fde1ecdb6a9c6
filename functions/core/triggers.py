"""Declaration types of what starts a function that no route serves (DESIGN §3): a queue, filled by its
producers or by an EventBridge rule over the bus events, or the objects created in a bucket.

Apart from :mod:`core.catalog` because only those functions' declarations (and the components that wire
them) use them: an API function never loads these classes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from core.catalog import FunctionSpec
from core.events import EventSpec
from core.queues import QueueSpec


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
class StreamPipe:
    """A table's stream into a queue (an EventBridge Pipe in AWS, a stream reader in the sandbox): the
    records whose partition key starts with ``key_prefix`` for one of the environment's compacts
    (``{compact}`` is filled in), each reduced to
    ``message_template`` (Pipes' input-template syntax: ``<$.path>`` placeholders, quoted where a string)
    so the queue holds only what its consumer needs."""

    name: str
    table: str  # TableSpec.key; the table must have a stream
    queue: QueueSpec
    key_prefix: str

    def prefixes(self, compacts: Iterable[str]) -> list[str]:
        return [self.key_prefix.replace("{compact}", compact) for compact in compacts]

    message_template: str
    batch_size: int = 10


@dataclass(frozen=True)
class BucketTrigger:
    """A function invoked for every object created in a bucket (optionally under a prefix)."""

    bucket: str  # BucketSpec.key
    function: FunctionSpec
    prefix: str = ""


@dataclass(frozen=True)
class ScheduleSpec:
    """A function run on a schedule (an EventBridge rule in AWS, a timer in the sandbox) with a fixed
    input. ``cron`` is EventBridge's six-field expression (``*/15 * ? * * *``), in UTC."""

    name: str
    function: FunctionSpec
    cron: str
    payload: tuple[tuple[str, str], ...] = ()

    @property
    def schedule_expression(self) -> str:
        return f"cron({self.cron})"

    @property
    def input(self) -> dict[str, str]:
        return dict(self.payload)


@dataclass(frozen=True)
class WorkflowSpec:
    """A per-compact function run in a loop by a state machine (Step Functions in AWS): started on
    ``cron`` (UTC), its answer's ``status`` decides — ``IN_PROGRESS`` runs it again with its own answer,
    ``COMPLETE`` ends, ``BATCH_FAILURE`` sends ``failure_template`` to the compact's operations team with
    the answer's ``failure_variable`` and ends; anything else fails the execution (an alarm)."""

    name: str
    function: FunctionSpec
    cron: str
    failure_template: str
    failure_variable: str
    timeout_seconds: int = 2 * 60 * 60

    def __post_init__(self) -> None:
        if not self.function.per_compact:
            raise ValueError(f"{self.name}: a workflow runs one function per compact")

    @property
    def schedule_expression(self) -> str:
        return f"cron({self.cron})"

    def failure_email(self, compact: str) -> dict[str, str]:
        """The fixed part of the email a ``BATCH_FAILURE`` sends (the runner adds the delivery id and the
        answer's variable): one definition for the state machine and the local runner."""
        return {
            "compact": compact,
            "template": self.failure_template,
            "recipientType": "COMPACT_OPERATIONS_TEAM",
        }
