"""DynamoDB ``TransactWriteItems`` for the emulator at a cost proportional to the items it touches.

moto's own implementation deep-copies every table a transaction names, once per item, before applying
anything, so that it can put the copies back if the transaction is cancelled. A transaction therefore
costs time in proportion to the size of the tables (and of their stream records): on a bare emulator,
from 38 five-item transactions a second on an empty table to one every two seconds at 1,650 items
(issue #12), which is what slowed the sandbox's ingest as the provider table filled.

This implementation keeps moto's semantics — the 100-item limit, one operation per entry, no two
operations on one item, conditions evaluated in order with ``ReturnValuesOnConditionCheckFailure``,
every entry's cancellation reason in order, validation errors raised at once — and moto's handling of
``ClientRequestToken`` (the backend never sees it, so a replayed request is applied again). It reuses
moto's own item operations (``put_item``, ``update_item``, ``delete_item``) and condition parser; what
differs is how it undoes: an :class:`UndoLog` of only the touched items (their previous value, or
their absence) and of where each touched table's stream ended. One deliberate difference: an entry
naming two operations is refused with moto's error but after undoing the entries before it, where moto
leaves them applied (``docs/moto-transact-write-items.md``).

``tests/sandbox/test_fast_transactions.py`` runs a corpus of transactions through both
implementations and requires identical answers and tables; :func:`install` is the only place the
sandbox swaps it in.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from moto.dynamodb.comparisons import get_filter_expression
from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    MockValidationException,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import StreamRecord, StreamShard, Table

MAX_ITEMS = 100
OPERATIONS = frozenset({"ConditionCheck", "Put", "Delete", "Update"})

Reason = tuple[str, str, dict[str, Any] | None] | tuple[None, None, None]
"""One entry's cancellation reason as moto's ``TransactionCanceledException`` takes it: code, message
and the item returned on a failed condition, or ``(None, None, None)`` for an entry that succeeded."""

SUCCEEDED: Reason = (None, None, None)


def install() -> None:
    """Makes every DynamoDB backend in this process use :func:`transact_write_items`.

    Called once by ``sandbox.emulator.start_emulator``: the sandbox is its own process, so the swap
    reaches nothing else (function tests using ``mock_aws`` keep moto's implementation)."""
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


@dataclass
class _TouchedItem:
    """What one item was before an entry touched it: ``before`` is a copy (moto updates items in place),
    or None if there was no item; ``partition_existed`` says whether its table held its partition,
    since reading a missing item of a table with a range key leaves an empty partition behind."""

    table: Table
    hash_key: DynamoType
    range_key: DynamoType | None
    before: Item | None
    partition_existed: bool

    def restore(self) -> None:
        items = self.table.items
        if self.range_key is None:
            self._put_back(items, self.hash_key)
        elif self.partition_existed:
            self._put_back(items[self.hash_key], self.range_key)
        else:
            items.pop(self.hash_key, None)

    def _put_back(self, container: dict[DynamoType, Any], key: DynamoType) -> None:
        if self.before is None:
            container.pop(key, None)
        else:
            container[key] = self.before


@dataclass
class _StreamEnd:
    """Where a table's stream ended before the transaction: the records list moto appends to (it
    swaps in a new one after handing records to a Lambda mapping, and the sandbox's bounded streams
    after dropping the oldest), its length then, and the sequence number of its first record (which
    the bounded streams advance as they drop records: the list put back must be numbered from where
    it was)."""

    shard: StreamShard
    records: list[StreamRecord]
    length: int
    starting_sequence_number: int

    def restore(self) -> None:
        del self.records[self.length :]
        self.shard.items = self.records
        self.shard.starting_sequence_number = self.starting_sequence_number


class UndoLog:
    """The state of the items and streams a transaction touches, recorded before it touches them."""

    def __init__(self) -> None:
        self._items: list[_TouchedItem] = []
        self._streams: dict[int, _StreamEnd] = {}

    def remember(self, table: Table, hash_key: DynamoType, range_key: DynamoType | None) -> None:
        """Records the item before this touch. An item touched twice (its table named once by name and
        once by ARN, which moto takes for two items) is recorded twice; undoing latest first leaves
        it as the first record found it."""
        # Read the item only where reading it leaves no empty partition behind.
        partition_existed = range_key is None or hash_key in table.items
        current = table.get_item(hash_key, range_key) if partition_existed else None
        self._items.append(
            _TouchedItem(table, hash_key, range_key, copy.deepcopy(current), partition_existed)
        )
        shard = table.stream_shard
        if shard is not None and id(table) not in self._streams:
            self._streams[id(table)] = _StreamEnd(
                shard, shard.items, len(shard.items), shard.starting_sequence_number
            )

    def roll_back(self) -> None:
        """Puts every touched item back, latest first, and cuts each stream back to where it ended."""
        for touched in reversed(self._items):
            touched.restore()
        for stream in self._streams.values():
            stream.restore()


def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    """``DynamoDBBackend.transact_write_items``: applies every entry in order, or none of them.

    A validation error (two operations in an entry or on one item, a malformed key or update) is
    raised as soon as it is met; any other failure becomes that entry's cancellation reason, the
    remaining entries are still tried (so that every reason is reported, as DynamoDB does), and the
    transaction is then cancelled. Either way the touched items are restored first."""
    if len(transact_items) > MAX_ITEMS:
        raise TooManyTransactionsException()
    undo = UndoLog()
    targets: set[tuple[str, str]] = set()
    try:
        reasons = [_apply_entry(self, entry, targets, undo) for entry in transact_items]
    except MockValidationException:
        undo.roll_back()
        raise
    if any(code is not None for code, _, _ in reasons):
        undo.roll_back()
        raise TransactionCanceledException(reasons)


def _apply_entry(
    backend: DynamoDBBackend,
    entry: dict[str, Any],
    targets: set[tuple[str, str]],
    undo: UndoLog,
) -> Reason:
    """Checks one entry's condition and applies it; a validation error propagates, anything else is
    returned as the entry's reason, named by the exception's type as moto names it."""
    if len(entry) > 1:
        raise TransactWriteSingleOpException()
    try:
        operation, request = next(iter(entry.items()))
        if operation not in OPERATIONS:
            raise ValueError("Unsupported transaction operation")
        table_name = request["TableName"]
        key = _key_of(backend, operation, request)
        _claim(targets, table_name, key)

        table = backend.get_table(table_name)
        hash_key, range_key = backend.get_keys_value(table, key)
        undo.remember(table, hash_key, range_key)
        current = table.get_item(hash_key, range_key)
        condition = request.get("ConditionExpression")
        names = request.get("ExpressionAttributeNames")
        values = request.get("ExpressionAttributeValues")
        if condition is not None and not get_filter_expression(condition, names, values).expr(current):
            return _condition_failed(request, current)

        if operation == "Put":
            backend.put_item(
                table_name,
                request["Item"],
                condition_expression=condition,
                expression_attribute_names=names,
                expression_attribute_values=values,
            )
        elif operation == "Delete":
            backend.delete_item(
                table_name,
                key,
                condition_expression=condition,
                expression_attribute_names=names,
                expression_attribute_values=values,
            )
        elif operation == "Update":
            backend.update_item(
                table_name,
                key,
                update_expression=request["UpdateExpression"],
                condition_expression=condition,
                expression_attribute_names=names,
                expression_attribute_values=values,
            )
        return SUCCEEDED
    except MockValidationException:
        raise
    except Exception as error:
        return (type(error).__name__, str(error), None)


def _key_of(backend: DynamoDBBackend, operation: str, request: dict[str, Any]) -> dict[str, Any]:
    """The entry's key: a Put names its item, whose key attributes are the table's."""
    if operation != "Put":
        return request["Key"]
    table = backend.get_table(request["TableName"])
    item = request["Item"]
    key = {table.hash_key_attr: item[table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = item[table.range_key_attr]
    return key


def _claim(targets: set[tuple[str, str]], table_name: Any, key: dict[str, Any]) -> None:
    """Refuses a second operation on an item. Items are told apart as moto tells them: by the table
    as named and the key as written (so a table named by ARN, or ``{"N": "1.0"}`` for ``{"N": "1"}``,
    is another item)."""
    target = (str(table_name), str(dict(sorted(key.items()))))
    if target in targets:
        raise MultipleTransactionsException()
    targets.add(target)


def _condition_failed(request: dict[str, Any], current: Item | None) -> Reason:
    """The reason for a failed condition, with the item as it was if the entry asked for it."""
    returned = None
    if request.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current is not None:
        returned = current.to_json()["Attributes"]
    return ("ConditionalCheckFailed", ConditionalCheckFailed().message, returned)
