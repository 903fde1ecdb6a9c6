"""Sending validated rows to the license preprocessing queue (spec §5.2 step 1).

The queue is encrypted with the SSN key and consumed by ``ingest.preprocess``; the message contract is
:func:`licenses.schema.to_preprocessing_message`. Ingest is idempotent (a row re-sent rewrites the same
license), so a failed send is retried here, and a send still failing fails the caller, whose own retry
(the state re-posting, Lambda re-running) is safe.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any, Generic, TypeVar

from core.errors import CCError
from core.resources import granted
from ingest.queues import LICENSE_PREPROCESSING_QUEUE

SEND_BATCH = 10
"""SendMessageBatch takes at most 10 entries."""
SEND_ATTEMPTS = 4

T = TypeVar("T")


class QueueUnavailable(CCError):
    """SQS kept refusing some messages (throttling, service errors): a 503 the client may retry."""

    status_code = 503
    default_message = "Some licenses could not be queued; the request can be retried safely."


@cache
def sqs_client() -> Any:
    import boto3

    return boto3.client("sqs")


def send_messages(bodies: Sequence[str]) -> None:
    """Send the message bodies, 10 per SendMessageBatch, retrying the entries SQS reports as failed.

    SQS answers a batch with per-entry results: a call that succeeds may still have failed entries.
    Entries failing by the sender's fault (an invalid body) cannot succeed on retry and raise at once.
    """
    queue_url = granted().queue_url(LICENSE_PREPROCESSING_QUEUE)
    for start in range(0, len(bodies), SEND_BATCH):
        _send_batch(queue_url, bodies[start : start + SEND_BATCH])


def _send_batch(queue_url: str, bodies: Sequence[str]) -> None:
    pending = {str(index): body for index, body in enumerate(bodies)}
    for attempt in range(SEND_ATTEMPTS):
        entries = [{"Id": entry_id, "MessageBody": body} for entry_id, body in pending.items()]
        failed = sqs_client().send_message_batch(QueueUrl=queue_url, Entries=entries).get("Failed", [])
        if not failed:
            return
        codes = sorted({str(entry.get("Code")) for entry in failed})
        if any(entry.get("SenderFault") for entry in failed):
            # Only the codes: a message body carries a full SSN.
            raise ValueError(f"SQS refused {len(failed)} license messages: {', '.join(codes)}")
        pending = {entry["Id"]: pending[entry["Id"]] for entry in failed}
        if attempt + 1 < SEND_ATTEMPTS:
            time.sleep(0.1 * 2**attempt)
    raise QueueUnavailable(
        f"{len(pending)} licenses could not be queued ({', '.join(codes)}); "
        "the request can be retried safely."
    )


class Batcher(Generic[T]):
    """Collects items and hands them on ``size`` at a time, so a file of any length holds one batch.

    ``count`` is the number of items handed on so far.
    """

    def __init__(self, flush: Callable[[list[T]], None], size: int = SEND_BATCH) -> None:
        self._flush = flush
        self._size = size
        self._items: list[T] = []
        self.count = 0

    def add(self, item: T) -> None:
        self._items.append(item)
        if len(self._items) >= self._size:
            self.flush()

    def flush(self) -> None:
        if self._items:
            batch, self._items = self._items, []
            self._flush(batch)
            self.count += len(batch)
