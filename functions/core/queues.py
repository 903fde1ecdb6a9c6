"""The SQS queue declaration type (spec §0); the pipeline declares its queues with it in ``ingest.queues``."""

from __future__ import annotations

from dataclasses import dataclass

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
