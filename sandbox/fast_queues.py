"""SQS on the emulator at a cost that does not grow steeply with the queue's length.

moto decides whether each message is visible, delayed or past retention by reading the clock through
``unix_time``, which builds three ``datetime`` objects (and imports ``datetime.UTC``) per call, and it
reads those per-message properties for every message in the queue whenever it counts them. It counts
them often: every ``SendMessage`` reads the queue's attributes (for one flag), which counts all
messages three times, and every message a ``ReceiveMessage`` hands out is checked against the retention
period by reading all the attributes again. With the thousands of rows of an uploaded file waiting on
the preprocessing queue, a third of the sandbox's time went to reading the clock (issue #12).

The changes, all keeping moto's rules: the queue module's clock reads ``time.time()`` — the same
instant as moto's ``datetime``-based arithmetic, seconds since the epoch (a given ``datetime`` is still
converted by moto's own function); the walks over every message read that clock once per walk rather
than twice per message; the retention check reads the queue's retention period from its field instead
of from all its attributes; a send reads its queue's flags without counting the queue; a receive walks
the queue only until it has its messages (visible messages are the oldest, at the front); and a delete
finds its message once and removes it in place instead of rebuilding the list twice. With those, a send,
a receive and a delete cost about the same on a queue of ten messages and of a hundred thousand; only
asking for the counts walks the whole queue. The receipt handles of deleted messages (moto keeps every
one, so that deleting twice succeeds) are kept for the last :data:`REMEMBERED_DELETES` deletes.
"""

from __future__ import annotations

import contextvars
import datetime
import time
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import moto.sqs.models
from moto.core.utils import camelcase_to_underscores
from moto.core.utils import unix_time as moto_unix_time
from moto.sqs.exceptions import ReceiptHandleIsInvalid
from moto.sqs.models import Message, Queue, SQSBackend

REMEMBERED_DELETES = 10_000
"""Receipt handles of deleted messages each queue remembers (a repeated delete of one of them succeeds,
as on SQS; an older one is refused as invalid): about 2.5 MB a queue at most, where moto's set grows by
one handle per message ever deleted. A consumer repeats a delete when a reply was lost, within seconds,
not ten thousand deletes later."""

_SENDING = contextvars.ContextVar("sqs_sending", default=False)
"""Set while moto's ``send_message`` runs: the queue attributes it reads (one flag) need no counts."""

moto_send_message = SQSBackend.send_message
moto_attributes = vars(Queue)["attributes"].fget


def install() -> None:
    """Makes every SQS backend in this process use these (called once by
    ``sandbox.emulator.start_emulator``; the sandbox is its own process)."""
    moto.sqs.models.unix_time = unix_time
    moto.sqs.models.unix_time_millis = unix_time_millis
    SQSBackend.is_message_valid_based_on_retention_period = message_within_retention  # type: ignore[method-assign]
    SQSBackend.send_message = send_message  # type: ignore[method-assign]
    Queue.attributes = property(attributes)  # type: ignore[method-assign,assignment]
    Queue.delete_message = delete_message  # type: ignore[method-assign]
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


class VisibleMessages:
    """``Queue.messages``: the messages visible and not delayed at the instant it is read, by moto's
    rules (visible once the clock is past ``visible_at``, delayed while it is before ``delayed_until``),
    found as they are iterated. moto builds the whole list, but its readers only iterate it until a
    receive has enough, ask whether it is empty (long polling) or count it."""

    def __init__(self, queue: Queue) -> None:
        self._queue = queue
        self._now = unix_time_millis()

    def __iter__(self) -> Iterator[Message]:
        now = self._now
        return (m for m in self._queue._messages if now > m.visible_at and not now < m.delayed_until)

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None

    def __len__(self) -> int:
        return sum(1 for _ in self)


def visible_messages(self: Queue) -> VisibleMessages:
    return VisibleMessages(self)


def count_visible(self: Queue) -> int:
    return len(VisibleMessages(self))


def count_not_visible(self: Queue) -> int:
    now = unix_time_millis()
    return sum(1 for m in self._messages if not now > m.visible_at)


def count_delayed(self: Queue) -> int:
    now = unix_time_millis()
    return sum(1 for m in self._messages if now < m.delayed_until)


def send_message(self: SQSBackend, queue_name: str, *args: Any, **kwargs: Any) -> Message:
    """moto's ``send_message``, whose one read of the queue's attributes (for its content-based
    deduplication flag) does not count the queue's messages."""
    sending = _SENDING.set(True)
    try:
        return moto_send_message(self, queue_name, *args, **kwargs)
    finally:
        _SENDING.reset(sending)


def attributes(self: Queue) -> dict[str, Any]:
    """``Queue.attributes``; while a message is being sent, only the FIFO flags, as moto renders them
    (the send path reads one of them; the rest would count every message three times)."""
    if not _SENDING.get():
        return moto_attributes(self)
    if not self.fifo_queue:
        return {}
    flags = {name: getattr(self, camelcase_to_underscores(name)) for name in Queue.FIFO_ATTRIBUTES}
    return {name: str(value).lower() if isinstance(value, bool) else value for name, value in flags.items()}


def delete_message(self: Queue, receipt_handle: str) -> None:
    """``Queue.delete_message`` by moto's rules (a handle the message ever had deletes it; deleting
    again succeeds; an unknown handle is invalid), with one walk that stops at the message."""
    if receipt_handle in self.deleted_messages:
        return
    with self._messages_lock:
        position = next(
            (i for i, m in enumerate(self._messages) if m.had_receipt_handle(receipt_handle)), None
        )
        if position is None:
            raise ReceiptHandleIsInvalid()
        message = self._messages.pop(position)
    self.pending_messages.discard(message)
    remembered = _remembered_deletes(self)
    for handle in message.all_receipt_handles:
        if handle is not None:  # moto lists a message's first "previous" handle, which is None
            remembered[handle] = None
    while len(remembered) > REMEMBERED_DELETES:
        remembered.popitem(last=False)


def _remembered_deletes(queue: Queue) -> OrderedDict[str, None]:
    """The queue's ``deleted_messages``, as an ordered set the oldest handles fall out of."""
    if not isinstance(queue.deleted_messages, OrderedDict):
        queue.deleted_messages = OrderedDict.fromkeys(queue.deleted_messages)  # type: ignore[assignment]
    return queue.deleted_messages  # type: ignore[return-value]


QUEUE_WALKS = {
    "messages": visible_messages,
    "approximate_number_of_messages": count_visible,
    "approximate_number_of_messages_not_visible": count_not_visible,
    "approximate_number_of_messages_delayed": count_delayed,
}
"""The ``Queue`` properties that walk every message (``attributes`` reads the three counts on every
send), each with one clock read per walk."""
