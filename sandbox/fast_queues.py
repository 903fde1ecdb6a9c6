"""SQS on the emulator at a cost that does not grow steeply with the queue's length.

moto decides whether each message is visible, delayed or past retention by reading the clock through
``unix_time``, which builds three ``datetime`` objects (and imports ``datetime.UTC``) per call, and it
reads those per-message properties for every message in the queue whenever it counts them. It counts
them often: every ``SendMessage`` reads the queue's attributes (for one flag), which counts all
messages three times, and every message a ``ReceiveMessage`` hands out is checked against the retention
period by reading all the attributes again. With the thousands of rows of an uploaded file waiting on
the preprocessing queue, a third of the sandbox's time went to reading the clock (issue #12).

Three changes, all keeping moto's rules: the queue module's clock reads ``time.time()`` — the same
instant as moto's ``datetime``-based arithmetic, seconds since the epoch (a given ``datetime`` is still
converted by moto's own function); the walks over every message (``Queue.messages`` and the three
counts) read that clock once per walk rather than twice per message; and the retention check reads the
queue's retention period from its field instead of from all its attributes. Counting stays O(queue
length), but each message costs two float comparisons.
"""

from __future__ import annotations

import datetime
import time

import moto.sqs.models
from moto.core.utils import unix_time as moto_unix_time
from moto.sqs.models import Message, Queue, SQSBackend


def install() -> None:
    """Makes every SQS backend in this process use these (called once by
    ``sandbox.emulator.start_emulator``; the sandbox is its own process)."""
    moto.sqs.models.unix_time = unix_time
    moto.sqs.models.unix_time_millis = unix_time_millis
    SQSBackend.is_message_valid_based_on_retention_period = message_within_retention  # type: ignore[method-assign]
    for name, walk in QUEUE_WALKS.items():
        setattr(Queue, name, property(walk))


def unix_time(dt: datetime.datetime | None = None) -> float:
    """Seconds since the epoch: now, or of a naive UTC ``dt`` (by moto's own conversion)."""
    return time.time() if dt is None else moto_unix_time(dt)


def unix_time_millis(dt: datetime.datetime | None = None) -> float:
    return unix_time(dt) * 1000.0


def message_within_retention(self: SQSBackend, queue_name: str, message: Message) -> bool:
    """moto's rule (kept while ``sent + retention`` is in the future), reading the retention period from
    the queue's field."""
    # moto sets a queue's attributes as fields at run time (``Queue._set_attributes``), untyped.
    retention_seconds: int = self.get_queue(queue_name).message_retention_period  # type: ignore[attr-defined]
    sent_seconds = (message.sent_timestamp or 0) / 1000
    return retention_seconds + sent_seconds > unix_time()


def visible_messages(self: Queue) -> list[Message]:
    """``Queue.messages``: visible and not delayed, by moto's rules (visible once the clock is past
    ``visible_at``, delayed while it is before ``delayed_until``), with one clock read per walk instead
    of two per message."""
    now = unix_time_millis()
    return [m for m in self._messages if now > m.visible_at and not now < m.delayed_until]


def count_visible(self: Queue) -> int:
    return len(visible_messages(self))


def count_not_visible(self: Queue) -> int:
    now = unix_time_millis()
    return sum(1 for m in self._messages if not now > m.visible_at)


def count_delayed(self: Queue) -> int:
    now = unix_time_millis()
    return sum(1 for m in self._messages if now < m.delayed_until)


QUEUE_WALKS = {
    "messages": visible_messages,
    "approximate_number_of_messages": count_visible,
    "approximate_number_of_messages_not_visible": count_not_visible,
    "approximate_number_of_messages_delayed": count_delayed,
}
"""The ``Queue`` properties that walk every message (``attributes`` reads the three counts on every
send), each with one clock read per walk."""
