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
an internal error). Each record is kept encoded (:class:`EncodedRecord`).
``tests/sandbox/test_bounded_streams.py`` reads bounded streams through boto3.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Callable
from typing import Any

from moto.core.exceptions import ServiceException
from moto.dynamodb.models.table import StreamRecord, StreamShard

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
    StreamRecord.record = EncodedRecord()  # type: ignore[assignment]


class EncodedRecord:
    """``StreamRecord.record`` for a record kept encoded: each read decodes a copy.

    moto builds a record as nested dicts of its images (about 7 KB for a license record, so 70 to 100 MB
    for a full shard); kept pickled and compressed it is a tenth of that. A non-data descriptor, so
    moto's constructor still sets and fills the plain attribute, which :func:`add` then encodes."""

    def __get__(self, record: StreamRecord | None, owner: type) -> Any:
        if record is None:
            return self
        return pickle.loads(zlib.decompress(record.__dict__["encoded_record"]))


def _encode(record: StreamRecord) -> None:
    if "record" in record.__dict__:
        plain = record.__dict__.pop("record")
        record.__dict__["encoded_record"] = zlib.compress(pickle.dumps(plain, pickle.HIGHEST_PROTOCOL), 1)


def add(self: StreamShard, old: Any, new: Any) -> None:
    """moto's ``StreamShard.add``, after dropping the oldest records when the shard is full (a new list,
    not an in-place cut: a transaction being undone holds the list it saw)."""
    if len(self.items) >= MAX_RECORDS + MAX_RECORDS // 2:
        dropped = len(self.items) - MAX_RECORDS
        self.items = self.items[dropped:]
        self.starting_sequence_number += dropped
    _moto_add(self, old, new)
    if self.items:  # moto empties the shard after handing it to a Lambda event source mapping
        _encode(self.items[-1])


def get(self: StreamShard, start: int, quantity: int) -> list[dict[str, Any]]:
    """moto's ``StreamShard.get``, refusing a position before the oldest kept record as DynamoDB refuses
    one past its trim horizon (moto asserts the position is in the shard)."""
    if start < self.starting_sequence_number:
        raise TrimmedDataAccessException()
    return _moto_get(self, start, quantity)
