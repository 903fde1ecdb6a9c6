"""SQS ``ReceiveMessage`` for the emulator at a cost that does not grow with the queue's length.

For every message it hands out, moto checks the message is still within the queue's retention period by
asking for the queue's attributes — all of them, which counts the visible, in-flight and delayed
messages by walking the whole queue each time. Receiving ten messages from a queue of n therefore walks
it ten times: a State API batch of 100 rows, or an uploaded file's thousands, makes every receive of
the pipeline slower than the one before it drained (issue #12). The retention period is a field of the
queue; :func:`message_within_retention` reads it there, with moto's rule unchanged (a message is kept
while ``sent + retention`` is in the future).
"""

from __future__ import annotations

from moto.core.utils import unix_time
from moto.sqs.models import Message, SQSBackend


def install() -> None:
    """Makes every SQS backend in this process check retention with :func:`message_within_retention`.

    Called once by ``sandbox.emulator.start_emulator`` (the sandbox is its own process)."""
    SQSBackend.is_message_valid_based_on_retention_period = message_within_retention  # type: ignore[method-assign]


def message_within_retention(self: SQSBackend, queue_name: str, message: Message) -> bool:
    # moto sets a queue's attributes as fields at run time (``Queue._set_attributes``), untyped.
    retention_seconds: int = self.get_queue(queue_name).message_retention_period  # type: ignore[attr-defined]
    sent_seconds = (message.sent_timestamp or 0) / 1000
    return retention_seconds + sent_seconds > unix_time()
