"""SQS message bodies on the emulator kept in the sandbox's item file, not in memory.

A state's file waits in the queues while the pipeline catches up: the State API accepts 100,000 rows in
a few minutes and a CSV's rows are queued as fast as it is parsed, so at the middle of a 100,000-row
ingest about 100,000 messages sat in the preprocessing, ingest and data-event queues (issue #12), each
a moto ``Message`` of about 1.1 KB, more than half of it the body. Here a message's body is a row of
the item file (``sandbox.item_store.ItemFile``, the private temporary SQLite file the tables live
in), read back whenever moto reads ``message.body``; what stays in memory is the message's other fields.
(Preprocessing bodies hold full SSNs: they stay in the emulator's own storage of that queue, a file
SQLite unlinks as it opens it, so no other process can open it by name.)

A message's row belongs to a small :class:`BodyRow` object in the message. moto copies each message it
hands out (``ReceiveMessage`` filters the copy's attributes); a copy shares its original's row, and the
row is dropped once the last message holding it is collected. Drops are queued by the collector and
carried out under the file's lock by the next body written, never from inside the collector.
"""

from __future__ import annotations

import itertools
from collections import deque
from typing import Any

from moto.sqs.models import Message

from sandbox.item_store import ItemFile, item_file

_SCHEMA = "CREATE TABLE IF NOT EXISTS message_bodies (row INTEGER PRIMARY KEY, body TEXT NOT NULL)"

_rows = itertools.count(1)
_dropped: deque[int] = deque()
"""Rows of collected messages, waiting to be deleted by the next write (``deque.append`` is atomic, so
the collector may queue a row from any thread at any moment)."""


def install() -> None:
    """Makes every SQS message created in this process keep its body in the item file.

    Called once by ``sandbox.emulator.start_emulator`` (the sandbox is its own process)."""
    file = item_file()
    with file.lock:
        file.db.execute(_SCHEMA)
    Message.body = SpilledBody()  # type: ignore[assignment]


class BodyRow:
    """The row holding one body; deleting it is queued when no message holds it any more."""

    __slots__ = ("number",)

    def __init__(self, number: int) -> None:
        self.number = number

    def __deepcopy__(self, memo: dict[int, Any]) -> BodyRow:
        return self  # a copied message reads its original's body

    def __del__(self) -> None:
        _dropped.append(self.number)


class SpilledBody:
    """``Message.body``: written to a new row when set, read from it when got."""

    def __set__(self, message: Message, body: str) -> None:
        file = item_file()
        row = BodyRow(next(_rows))
        with file.lock:
            _delete_dropped(file)
            file.db.execute("INSERT INTO message_bodies VALUES (?, ?)", (row.number, body))
        message.__dict__["body_row"] = row

    def __get__(self, message: Message | None, owner: type) -> Any:
        if message is None:
            return self
        file = item_file()
        with file.lock:
            found = file.db.execute(
                "SELECT body FROM message_bodies WHERE row = ?", (message.__dict__["body_row"].number,)
            ).fetchone()
        return found[0]


def _delete_dropped(file: ItemFile) -> None:
    rows = []
    while _dropped:
        rows.append((_dropped.popleft(),))
    if rows:
        file.db.executemany("DELETE FROM message_bodies WHERE row = ?", rows)


def stored_bodies() -> int:
    """How many bodies the file holds (what the tests watch to see rows dropped)."""
    file = item_file()
    with file.lock:
        _delete_dropped(file)
        return int(file.db.execute("SELECT count(*) FROM message_bodies").fetchone()[0])
