"""DynamoDB ``Query`` of a table's own key for the emulator, at a cost proportional to the partition read.

moto answers a Query of a table's key by sorting every item of the table (``Table.all_items``) and then
keeping those of the queried partition, so each one costs time in proportion to the table: reading one
provider's records takes as long as the provider table is large, and an ingest slows down as the table
fills (issue #12: rows per second must not depend on the table's size). Items are already stored by
partition (``Table.items[hash_key][range_key]``), so the partition is one lookup away.

:func:`query` runs moto's own ``Table.query`` — key conditions, filters, projections, paging, limits,
direction, everything — on a view of the table whose ``all_items`` is only the queried partition, in the
order moto's would give it; every other attribute is the table's. Tables without a sort key go to moto
unchanged.

An index query is answered the same way when the table keeps its items in the sandbox's item file
(``sandbox.compact_tables``): the view holds only the items whose index hash key has the queried value
(the file's index entries, and the live items checked one by one), in the table's key order, and moto
sorts, pages and filters them as it would the whole table. Before, each query of an index decoded every
item of the table: the ingest reporter's quarter-hourly queries of the data-event table's sparse report
index, one per state and kind, cost minutes of a busy sandbox's time during a 100,000-row ingest.
``tests/sandbox/test_fast_queries.py`` compares answers with moto's own over a corpus of queries, and
``tests/sandbox/test_index_queries.py`` over writes and index queries interleaved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table

from sandbox.item_store import ItemFile, decode, index_entry, index_key

_moto_query: Callable[..., Any] = Table.query


def install() -> None:
    """Makes every table in this process answer key queries with :func:`query`.

    Called once by ``sandbox.emulator.start_emulator`` (the sandbox is its own process); function tests
    using ``mock_aws`` keep moto's implementation."""
    Table.query = query  # type: ignore[method-assign]


class _PartitionView:
    """The table, as far as moto's query can tell, with only one partition in it."""

    def __init__(self, table: Table, hash_key: DynamoType) -> None:
        self._table = table
        self._hash_key = hash_key

    def all_items(self) -> list[Item]:
        partition = self._table.items.get(self._hash_key, {})
        return sorted(partition.values(), key=lambda item: item.range_key)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)


class _IndexView:
    """The table, as far as moto's query of one index can tell, holding only the items whose index hash
    key attribute has the queried value, in the table's key order."""

    def __init__(self, table: Table, index_name: str, hash_attribute: str, hash_key: DynamoType) -> None:
        self._table = table
        self._index_name = index_name
        self._hash_attribute = hash_attribute
        self._hash_key = hash_key

    def all_items(self) -> list[Item]:
        stored_items = cast(Any, self._table.items)  # what sandbox.compact_tables made it
        return _indexed_items(
            stored_items.file, stored_items.store, self._index_name, self._hash_attribute, self._hash_key
        )

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)


def _index_view(
    table: Table, index_name: str, hash_key: DynamoType | None, hash_key_conditions: Any
) -> _IndexView | None:
    """The view for a query of an index with one hash key attribute, kept in the item file; None
    (moto reads the whole table, and answers a missing index or a malformed query itself) otherwise."""
    if not hasattr(table.items, "file"):
        return None
    index = {index.name: index for index in table.all_indexes()}.get(index_name)
    if index is None or hash_key is None or not hash_key_conditions or len(hash_key_conditions) != 1:
        return None
    hash_attributes = [key["AttributeName"] for key in index.schema if key["KeyType"] == "HASH"]
    if hash_attributes != [hash_key_conditions[0][0]]:
        return None
    stored_items = cast(Any, table.items)
    stored_items.file.keep_index(stored_items.store, index_name, hash_attributes[0])
    return _IndexView(table, index_name, hash_attributes[0], hash_key_conditions[0][1])


def _indexed_items(
    file: ItemFile, store: int, index_name: str, hash_attribute: str, hash_key: DynamoType
) -> list[Item]:
    """The items of a store whose ``hash_attribute`` is ``hash_key``, in key order: rows by their index
    entries, live items (their rows may be older) by looking at each."""
    wanted = index_key(hash_key)
    if wanted is None:
        return []
    with file.lock:
        rows = file.db.execute(
            "SELECT e.part, e.key, i.value FROM index_entries e JOIN items i"
            " ON i.store = e.store AND i.part = e.part AND i.key = e.key"
            " WHERE e.store = ? AND e.index_name = ? AND e.hash_type = ? AND e.index_hash = ?"
            " AND i.value IS NOT NULL",
            (store, index_name, *wanted),
        ).fetchall()
        found: dict[tuple[Any, Any], Item | bytes] = {
            (part, key): value for part, key, value in rows if file.live.get((store, part, key)) is None
        }
        for slot, item in file.live.items_of(store):
            if index_entry(item, hash_attribute) == wanted:
                found[slot[1:]] = item
    in_order = sorted(found, key=lambda place: (_sqlite_order(place[0]), _sqlite_order(place[1])))
    return [_item(found[place]) for place in in_order]


def _sqlite_order(value: Any) -> tuple[int, Any]:
    """A stored key value's place in SQLite's order (``ORDER BY part, key``): numbers before blobs."""
    return (0, value) if isinstance(value, int | float) else (1, value)


def _item(found: Item | bytes) -> Item:
    return found if isinstance(found, Item) else decode(found)


def query(self: Table, hash_key: DynamoType | None, *args: Any, **kwargs: Any) -> Any:
    """moto's ``Table.query``, reading only the queried partition when the table's own key is queried,
    and only the items of the queried index hash key when an index kept in the item file is."""
    index_name = kwargs.get("index_name") if len(args) < 7 else args[6]
    if index_name:
        view = _index_view(self, index_name, hash_key, kwargs.get("hash_key_conditions"))
        return _moto_query(view or self, hash_key, *args, **kwargs)
    if hash_key is None or not self.range_key_attr:
        return _moto_query(self, hash_key, *args, **kwargs)
    return _moto_query(_PartitionView(self, hash_key), hash_key, *args, **kwargs)
