"""SQS queues (spec §0): the declaration type the pipeline declares its queues with (``ingest.queues``),
and the grant to send to or consume one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from core.catalog import KeyName


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
    """Sending to a queue, or consuming it."""

    queue: str  # QueueSpec.key
    action: Literal["send", "consume"]


def listener_queue(key: str, resource_name: str, function_timeout_seconds: int) -> QueueSpec:
    """The queue of a bus listener: messages hidden six times its function's timeout while handled (as
    AWS advises), kept four days; its URL in ``{KEY}_QUEUE_URL``."""
    return QueueSpec(
        key=key,
        resource_name=resource_name,
        env_var=f"{key.upper()}_QUEUE_URL",
        visibility_timeout_seconds=6 * function_timeout_seconds,
        retention_seconds=4 * 24 * 60 * 60,
    )
