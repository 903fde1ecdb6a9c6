"""DynamoDB stream records on the emulator, kept to a bounded number per table.

DynamoDB keeps a stream's records for 24 hours; moto keeps every record it ever wrote, each holding
the item's old and new images, for as long as the process lives. The provider table has a stream, so
an ingest grew the sandbox by the size of every provider record written, twice over (issue #12: memory
must stay near its idle size whatever the file). The sandbox keeps each table's newest
:data:`MAX_RECORDS` records instead, dropping the oldest in chunks so that appending stays cheap;
sequence numbers keep counting from where they were (the shard's starting number advances by what is
dropped), so a reader's position stays meaningful. Nothing in the sandbox reads a stream yet; a reader
that falls more than :data:`MAX_RECORDS` behind is refused with ``TrimmedDataAccessException``, as a
DynamoDB reader more than a day behind is (moto, which never drops a record, would fail an assertion:
an internal error). ``tests/sandbox/test_bounded_streams.py`` reads bounded streams through boto3.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.core.exceptions import ServiceException
from moto.dynamodb.models.table import StreamShard

MAX_RECORDS = 10_000
"""Per table: about the last 3,000 ingested rows' provider, license and update records."""

_moto_add: Callable[..., None] = StreamShard.add
_moto_get: Callable[..., list[dict[str, Any]]] = StreamShard.get


class TrimmedDataAccessException(ServiceException):
    code = "TrimmedDataAccessException"
    message = "The operation attempted to read past the oldest stream record in a shard."


def install() -> None:
    """Makes every stream shard in this process keep at most :data:`MAX_RECORDS` records.

    Called once by ``sandbox.emulator.start_emulator`` (the sandbox is its own process)."""
    StreamShard.add = add  # type: ignore[method-assign]
    StreamShard.get = get  # type: ignore[method-assign]


def add(self: StreamShard, old: Any, new: Any) -> None:
    """moto's ``StreamShard.add``, after dropping the oldest records when the shard is full (a new list,
    not an in-place cut: a transaction being undone holds the list it saw)."""
    if len(self.items) >= MAX_RECORDS + MAX_RECORDS // 2:
        dropped = len(self.items) - MAX_RECORDS
        self.items = self.items[dropped:]
        self.starting_sequence_number += dropped
    _moto_add(self, old, new)


def get(self: StreamShard, start: int, quantity: int) -> list[dict[str, Any]]:
    """moto's ``StreamShard.get``, refusing a position before the oldest kept record as DynamoDB refuses
    one past its trim horizon (moto asserts the position is in the shard)."""
    if start < self.starting_sequence_number:
        raise TrimmedDataAccessException()
    return _moto_get(self, start, quantity)
