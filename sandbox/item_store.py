"""The file the emulator keeps its DynamoDB items (and queued SQS message bodies) in, and the registry of
items decoded for use.

One private temporary SQLite database per process (``sqlite3.connect("")``: SQLite deletes it when the
connection closes, and unlinks it as it opens it, so no other process can open it by name), as DynamoDB
Local keeps its tables in SQLite. SQLite's page cache, not the data, bounds what stays in memory.
``sandbox.compact_tables`` lays moto's tables out in it; ``sandbox.spilled_bodies`` keeps message
bodies in it. Every access goes through :attr:`ItemFile.lock`: moto's server answers on many threads.
"""

from __future__ import annotations

import itertools
import pickle
import sqlite3
import sys
import threading
import weakref
import zlib
from collections import OrderedDict
from decimal import Decimal
from typing import Any, cast

from moto.dynamodb.models.dynamo_type import DynamoType, Item

from sandbox.sized_items import checked_attributes

LIVE_ITEMS = 4_096
"""Decoded items kept as objects, across every table (about 40 MB at moto's 10 KB an item)."""

_HELD_ONLY_BY_THE_REGISTRY = 2
"""``sys.getrefcount`` of a live item the registry alone held, counted inside :meth:`LiveItems._settle`
once taken out of the registry (the local name, and the call's own argument)."""

_SCHEMA = """
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE partitions (
    store INTEGER NOT NULL, part NOT NULL, position INTEGER NOT NULL, stored_key BLOB NOT NULL,
    PRIMARY KEY (store, part)) WITHOUT ROWID;
CREATE TABLE items (
    store INTEGER NOT NULL, part NOT NULL, key NOT NULL, position INTEGER NOT NULL,
    stored_key BLOB NOT NULL, value BLOB,
    PRIMARY KEY (store, part, key)) WITHOUT ROWID;
CREATE TABLE index_entries (
    store INTEGER NOT NULL, index_name TEXT NOT NULL, hash_type TEXT NOT NULL, index_hash NOT NULL,
    part NOT NULL, key NOT NULL,
    PRIMARY KEY (store, index_name, hash_type, index_hash, part, key)) WITHOUT ROWID;
CREATE INDEX items_in_order ON items (store, part, position);
CREATE INDEX partitions_in_order ON partitions (store, position);
CREATE INDEX index_entries_by_item ON index_entries (store, part, key);
"""
"""Columns without a type keep the value given (SQLite's BLOB affinity), so number keys compare as
numbers and string keys as bytes. A row's ``value`` is NULL while its item is live and not yet written
back. ``index_entries`` lists, for the indexes kept (:meth:`ItemFile.keep_index`), the items whose
row value has the index's hash key attribute, by that value: they are what a query of the index reads,
together with the live items (whose rows may be older than they are)."""

_INSERT_ENTRY = "INSERT INTO index_entries VALUES (?, ?, ?, ?, ?, ?)"
"""One index entry: store, index name, hash key type and value, partition and key of the item."""

Slot = tuple[int, Any, Any]
"""Where an item lives: its store (one per table mapping), partition and key, as stored."""


def stored(key: DynamoType) -> Any:
    """A key as a SQLite value that is equal, and orders, as moto's ``DynamoType`` key does (it
    compares ``cast_value``: the string, the base64 text of a binary, or a ``Decimal``)."""
    value = key.cast_value
    if isinstance(value, Decimal):
        whole = value == value.to_integral_value()
        return int(value) if whole and -(2**63) <= value < 2**63 else float(value)
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else bytes(value)


class ItemFile:
    """The SQLite database every table's items are kept in, with the registry of live items. One per
    process; every access goes through :attr:`lock` (moto's server answers on many threads)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        # "" names a private temporary database on disk, deleted by SQLite when the connection closes.
        self.db = sqlite3.connect("", check_same_thread=False, isolation_level=None)
        self.db.executescript(_SCHEMA)
        self.live = LiveItems(self)
        self.known_partitions: OrderedDict[tuple[int, Any], None] = OrderedDict()
        self.kept_indexes: dict[int, dict[str, str]] = {}
        """Per store, the indexes whose entries are kept: index name → its hash key attribute."""
        self._stores = itertools.count(1)
        self._positions = itertools.count(1)

    def new_store(self, owner: object) -> int:
        """A number for a table's items, whose rows are dropped when ``owner`` (the table's mapping)
        is collected: a deleted table leaves nothing behind."""
        number = next(self._stores)
        weakref.finalize(owner, self.drop_store, number)
        return number

    def next_position(self) -> int:
        return next(self._positions)

    def drop_store(self, number: int) -> None:
        with self.lock:
            self.live.forget(lambda slot: slot[0] == number)
            for known in [known for known in self.known_partitions if known[0] == number]:
                del self.known_partitions[known]
            self.kept_indexes.pop(number, None)
            self.db.execute("DELETE FROM items WHERE store = ?", (number,))
            self.db.execute("DELETE FROM partitions WHERE store = ?", (number,))
            self.db.execute("DELETE FROM index_entries WHERE store = ?", (number,))

    def copy_store(self, number: int, owner: object) -> int:
        """A new store holding the same partitions and items (live ones written back first)."""
        with self.lock:
            self.live.write_back(lambda slot: slot[0] == number)
            duplicate = self.new_store(owner)
            self.db.execute(
                "INSERT INTO partitions SELECT ?, part, position, stored_key FROM partitions WHERE store = ?",
                (duplicate, number),
            )
            self.db.execute(
                "INSERT INTO items SELECT ?, part, key, position, stored_key, value"
                " FROM items WHERE store = ?",
                (duplicate, number),
            )
            return duplicate

    def keep_index(self, store: int, name: str, hash_attribute: str) -> None:
        """From now on, keeps the entries of one index of a store: those of every row written so far
        now (read a chunk at a time), those of each row written later as it is written. Indexes are
        kept from their first query, so a table's indexes cost nothing until they are read, and one
        added to a table later (or made again with another key) is found like the others."""
        with self.lock:
            if self.kept_indexes.get(store, {}).get(name) == hash_attribute:
                return
            self.db.execute("DELETE FROM index_entries WHERE store = ? AND index_name = ?", (store, name))
            self.kept_indexes.setdefault(store, {})[name] = hash_attribute
            query = "SELECT part, key, value FROM items WHERE store = ? AND value IS NOT NULL"
            in_order = " ORDER BY part, key LIMIT 1024"
            rows = self.db.execute(query + in_order, (store,)).fetchall()
            while rows:
                self.db.executemany(
                    _INSERT_ENTRY,
                    [
                        (store, name, *entry, part, key)
                        for part, key, value in rows
                        if (entry := index_entry(decode(value), hash_attribute))
                    ],
                )
                rows = self.db.execute(
                    query + " AND (part, key) > (?, ?)" + in_order, (store, *rows[-1][:2])
                ).fetchall()

    def index_item(self, slot: Slot, item: Item) -> None:
        """Replaces the entries of the item at ``slot`` by those of ``item``, just written to its row."""
        indexes = self.kept_indexes.get(slot[0])
        if not indexes:
            return
        self.forget_entries(*slot)
        self.db.executemany(
            _INSERT_ENTRY,
            [
                (slot[0], name, *entry, slot[1], slot[2])
                for name, attribute in indexes.items()
                if (entry := index_entry(item, attribute))
            ],
        )

    def forget_entries(self, store: int, part: Any, key: Any = None) -> None:
        """Drops the index entries of one item, or with no ``key``, of a whole partition."""
        if store not in self.kept_indexes:
            return
        if key is None:
            self.db.execute("DELETE FROM index_entries WHERE store = ? AND part = ?", (store, part))
        else:
            self.db.execute(
                "DELETE FROM index_entries WHERE store = ? AND part = ? AND key = ?", (store, part, key)
            )


def index_entry(item: Item, hash_attribute: str) -> tuple[str, Any] | None:
    """Where an item is found in an index: its hash key attribute's type and stored value, or None
    when it has no such attribute of a key type (the item is not in the index)."""
    return index_key(item.attrs.get(hash_attribute))


def index_key(value: DynamoType | None) -> tuple[str, Any] | None:
    """An index hash key value as its entries hold it (type and stored value); None for no key value.
    Values moto finds equal get equal entries (numbers compare as numbers)."""
    if value is None or value.type not in ("S", "N", "B"):
        return None
    return value.type, stored(value)


class LiveItems:
    """The items decoded for use, across all tables, oldest first. Beyond its limit, the oldest that
    nothing else holds are written back to their rows; those still held wait for the next round."""

    def __init__(self, file: ItemFile) -> None:
        self._file = file
        self._items: OrderedDict[Slot, Item] = OrderedDict()

    def get(self, slot: Slot) -> Item | None:
        return self._items.get(slot)

    def keep(self, slot: Slot, item: Item) -> None:
        self._items[slot] = item
        self._items.move_to_end(slot)
        if len(self._items) > LIVE_ITEMS:
            self._settle()

    def pop(self, slot: Slot) -> Item | None:
        return self._items.pop(slot, None)

    def _settle(self) -> None:
        for _ in range(len(self._items) - LIVE_ITEMS):
            slot, item = self._items.popitem(last=False)
            if sys.getrefcount(item) > _HELD_ONLY_BY_THE_REGISTRY:
                self._items[slot] = item
            else:
                self._write(slot, item)

    def write_back(self, chosen: Any) -> None:
        """Writes the chosen live items to their rows, keeping them live."""
        for slot, item in list(self._items.items()):
            if chosen(slot):
                self._write(slot, item)

    def forget(self, chosen: Any) -> None:
        for slot in [slot for slot in self._items if chosen(slot)]:
            del self._items[slot]

    def items_of(self, store: int) -> list[tuple[Slot, Item]]:
        return [(slot, item) for slot, item in self._items.items() if slot[0] == store]

    def _write(self, slot: Slot, item: Item) -> None:
        self._file.db.execute(
            "UPDATE items SET value = ? WHERE store = ? AND part = ? AND key = ?", (encode(item), *slot)
        )
        self._file.index_item(slot, item)


_FILE: ItemFile | None = None
_OPENING = threading.Lock()


def item_file() -> ItemFile:
    """This process's item file, opened when the first table is made (by whichever thread makes it)."""
    global _FILE
    with _OPENING:
        if _FILE is None:
            _FILE = ItemFile()
        return _FILE


def count_items(file: ItemFile, store: int) -> int:
    with file.lock:
        return int(file.db.execute("SELECT count(*) FROM items WHERE store = ?", (store,)).fetchone()[0])


def encode(item: Item) -> bytes:
    """The item's keys and attribute values (moto's own objects, so binary and nested values keep their
    exact form), pickled and compressed."""
    state = (item.hash_key, item.range_key, dict(item.attrs))
    return zlib.compress(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL), 1)


def decode(encoded: bytes) -> Item:
    """An ``Item`` equal to the one encoded, built from its stored ``DynamoType`` values (moto's
    constructor would convert them again and re-check a size the stored item has passed)."""
    hash_key, range_key, values = pickle.loads(zlib.decompress(encoded))
    item = cast(Item, Item.__new__(Item))
    item.hash_key, item.range_key = hash_key, range_key
    item.attrs = checked_attributes(values)
    return item
