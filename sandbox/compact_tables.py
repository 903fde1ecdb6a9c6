"""DynamoDB tables on the emulator whose items live in a file, so memory stays put whatever the data's size.

moto keeps every item as an ``Item`` whose attributes are each a ``DynamoType`` object with its own
``__dict__``: about 10 KB for a license record whose wire form is 1.2 KB. A state's 100,000-row file
becomes about 300,000 items (licenses, providers, SSN records, data events), so the sandbox grew by
gigabytes over an ingest (issue #12). Keeping items pickled and compressed in memory cut that to about
1.5 KB an item, still growing with the file. Here every table's items are rows of one SQLite database
(``sandbox.item_store``, a private temporary file SQLite deletes when it closes — as DynamoDB Local keeps its
tables in SQLite): each row holds the item's key, its position in moto's insertion order and its
encoding, and SQLite's page cache, not the data, bounds what stays in memory.

moto updates items in place: ``update_item`` reads an item and changes the object it got. So a decoded
item stays *live* — held as the object itself — while it is among the :data:`LIVE_ITEMS` read most
recently; past that, it is written back to its row only if nothing but the registry holds it (its
reference count says so), so a change made through any reference still held is never lost. Iterating a
table (scans, index queries, counts) reads rows without making them live: moto only reads what it
iterates, and a scan must not push the table's working set out.

Only the storage changes: keys, partitions (empty ones included), item order within a partition and
every answer are moto's (``tests/sandbox/test_compact_tables.py`` runs the query, scan and transaction
corpora through both). Keys are stored as SQLite values that compare as moto's ``DynamoType`` keys do
(strings and binaries as bytes, numbers as integers or, when not whole, floats — so two fractional
number keys that differ only beyond a double's 15 digits are one key here; the project's keys are
strings), which lets SQLite's own ordering serve moto's key-ordered scans.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, MutableMapping
from typing import Any, cast

from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table

from sandbox.item_store import ItemFile, Slot, count_items, decode, item_file, stored

KNOWN_PARTITIONS = 8_192
"""Partitions remembered to exist, across every table: moto reads a partition for every item it reads or
writes, and one that is known needs no SQL to be found."""

SCAN_CHUNK = 256
"""Rows a key-ordered scan reads from the file at a time."""

_WHOLE_TABLE = b""
"""The partition column of a table without a range key: one partition holds every item."""

_moto_table_init = Table.__init__
_moto_scan = Table.scan


def install() -> None:
    """Makes every DynamoDB table created in this process keep its items in the item file, and read them
    in key order as they are iterated.

    Called once by ``sandbox.emulator.start_emulator``, before any table exists (the sandbox is its own
    process)."""
    Table.__init__ = table_init  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign,assignment]
    Table.scan = scan  # type: ignore[method-assign]
    Table.__len__ = table_length  # type: ignore[method-assign]


def table_init(self: Table, *args: Any, **kwargs: Any) -> None:
    """moto's ``Table.__init__``, then the same shape of ``items`` kept in the item file: by hash key,
    and with a range key, partitions by range key that appear on first reading (moto's
    ``defaultdict``)."""
    _moto_table_init(self, *args, **kwargs)
    self.items = cast(Any, Partitions(item_file()) if self.range_key_attr else Items.whole_table(item_file()))


def table_length(self: Table) -> int:
    """moto's ``Table.__len__`` (``DescribeTable``'s ``ItemCount``), counted by SQLite."""
    return cast(Any, self.items).count_items()


class _InStore:
    """What a table's mapping tells about where its items are: the file, and the store in it."""

    __slots__ = ()
    _file: ItemFile
    _store: int

    @property
    def file(self) -> ItemFile:
        return self._file

    @property
    def store(self) -> int:
        return self._store

    def count_items(self) -> int:
        """Every item of the table (for a range-key table, across its partitions)."""
        return count_items(self._file, self._store)


class Partitions(_InStore, MutableMapping[DynamoType, "Items"]):
    """A range-key table's partitions by hash key, as moto's ``defaultdict(dict)`` holds them: reading a
    missing one makes it, empty. Iterations read a snapshot, so a partition added meanwhile by another
    thread neither fails nor joins them."""

    def __init__(self, file: ItemFile, store: int | None = None) -> None:
        self._file = file
        self._store = file.new_store(self) if store is None else store

    def _slot(self, hash_key: DynamoType) -> tuple[int, Any]:
        return self._store, stored(hash_key)

    def __getitem__(self, hash_key: DynamoType) -> Items:
        slot = self._slot(hash_key)
        with self._file.lock:
            if not self._known(slot):
                self._file.db.execute(
                    "INSERT OR IGNORE INTO partitions VALUES (?, ?, ?, ?)",
                    (*slot, self._file.next_position(), pickle.dumps(hash_key)),
                )
                self._remember(slot)
        return Items(self._file, *slot)

    def _known(self, slot: tuple[int, Any]) -> bool:
        known = self._file.known_partitions
        if slot in known:
            known.move_to_end(slot)
            return True
        return False

    def _remember(self, slot: tuple[int, Any]) -> None:
        known = self._file.known_partitions
        known[slot] = None
        if len(known) > KNOWN_PARTITIONS:
            known.popitem(last=False)

    def get(self, hash_key: DynamoType, default: Any = None) -> Any:
        return Items(self._file, *self._slot(hash_key)) if hash_key in self else default

    def __setitem__(self, hash_key: DynamoType, partition: Any) -> None:
        items = self[hash_key]
        items.clear()
        items.update(partition)

    def __delitem__(self, hash_key: DynamoType) -> None:
        store, part = self._slot(hash_key)
        with self._file.lock:
            if hash_key not in self:
                raise KeyError(hash_key)
            self._file.live.forget(lambda slot: slot[:2] == (store, part))
            self._file.known_partitions.pop((store, part), None)
            self._file.forget_entries(store, part)
            self._file.db.execute("DELETE FROM items WHERE store = ? AND part = ?", (store, part))
            self._file.db.execute("DELETE FROM partitions WHERE store = ? AND part = ?", (store, part))

    def __contains__(self, hash_key: object) -> bool:
        if not isinstance(hash_key, DynamoType):
            return False
        slot = self._slot(hash_key)
        with self._file.lock:
            if self._known(slot):
                return True
            found = self._file.db.execute(
                "SELECT 1 FROM partitions WHERE store = ? AND part = ?", slot
            ).fetchone()
            if found is not None:
                self._remember(slot)
        return found is not None

    def _rows(self) -> list[tuple[Any, bytes]]:
        with self._file.lock:
            return self._file.db.execute(
                "SELECT part, stored_key FROM partitions WHERE store = ? ORDER BY position", (self._store,)
            ).fetchall()

    def __iter__(self) -> Iterator[DynamoType]:
        return iter([pickle.loads(stored_key) for _, stored_key in self._rows()])

    def __len__(self) -> int:
        with self._file.lock:
            return int(
                self._file.db.execute(
                    "SELECT count(*) FROM partitions WHERE store = ?", (self._store,)
                ).fetchone()[0]
            )

    def values(self) -> list[Items]:  # type: ignore[override]
        return [Items(self._file, self._store, part) for part, _ in self._rows()]

    def items(self) -> list[tuple[DynamoType, Items]]:  # type: ignore[override]
        return [
            (pickle.loads(stored_key), Items(self._file, self._store, part))
            for part, stored_key in self._rows()
        ]

    def __deepcopy__(self, memo: dict[int, Any]) -> Partitions:
        """moto copies whole tables for backups and restores: the copy is a store of its own."""
        duplicate = Partitions.__new__(Partitions)
        duplicate._file = self._file
        duplicate._store = self._file.copy_store(self._store, duplicate)
        return duplicate


class Items(_InStore, MutableMapping[DynamoType, Item]):
    """One mapping of moto's ``Table.items``: hash key → item for a table without a range key, or a
    partition's range key → item. A view of the item file: holding one costs nothing per item."""

    __slots__ = ("__weakref__", "_file", "_part", "_store")

    def __init__(self, file: ItemFile, store: int, part: Any) -> None:
        self._file = file
        self._store = store
        self._part = part

    @classmethod
    def whole_table(cls, file: ItemFile) -> Items:
        """The mapping of a table without a range key, owning its store."""
        items = cls.__new__(cls)
        items._file, items._part = file, _WHOLE_TABLE
        items._store = file.new_store(items)
        return items

    def _slot(self, key: DynamoType) -> Slot:
        return self._store, self._part, stored(key)

    def _value(self, slot: Slot) -> bytes | None:
        row = self._file.db.execute(
            "SELECT value FROM items WHERE store = ? AND part = ? AND key = ?", slot
        ).fetchone()
        if row is None:
            raise KeyError(slot[2])
        return cast(bytes, row[0])

    def __getitem__(self, key: DynamoType) -> Item:
        slot = self._slot(key)
        with self._file.lock:
            item = self._file.live.get(slot)
            if item is None:
                item = decode(cast(bytes, self._value(slot)))  # a NULL value is always live
            self._file.live.keep(slot, item)
            return item

    def __setitem__(self, key: DynamoType, item: Item) -> None:
        slot = self._slot(key)
        with self._file.lock:
            self._file.db.execute(
                "INSERT INTO items VALUES (?, ?, ?, ?, ?, NULL)"
                " ON CONFLICT (store, part, key) DO UPDATE SET value = NULL",
                (*slot, self._file.next_position(), pickle.dumps(key)),
            )
            self._file.live.keep(slot, item)

    def __delitem__(self, key: DynamoType) -> None:
        self.pop(key)

    def pop(self, key: DynamoType, *default: Any) -> Any:
        """moto's deletes pop the item they remove (and return it)."""
        slot = self._slot(key)
        with self._file.lock:
            try:
                value = self._value(slot)
            except KeyError:
                if default:
                    return default[0]
                raise
            live = self._file.live.pop(slot)
            self._file.forget_entries(*slot)
            self._file.db.execute("DELETE FROM items WHERE store = ? AND part = ? AND key = ?", slot)
            return live if live is not None else decode(cast(bytes, value))

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, DynamoType):
            return False
        try:
            with self._file.lock:
                self._value(self._slot(key))
        except KeyError:
            return False
        return True

    def _rows(self) -> list[tuple[bytes, Item | None, bytes | None]]:
        """Each item's stored key with its live item, if any, and its row's value, in moto's order;
        read under the lock, so a row whose value is NULL comes with its live item."""
        with self._file.lock:
            rows = self._file.db.execute(
                "SELECT key, stored_key, value FROM items WHERE store = ? AND part = ? ORDER BY position",
                (self._store, self._part),
            ).fetchall()
            return [
                (stored_key, self._file.live.get((self._store, self._part, key)), value)
                for key, stored_key, value in rows
            ]

    def __iter__(self) -> Iterator[DynamoType]:
        return iter([pickle.loads(stored_key) for stored_key, _, _ in self._rows()])

    def __len__(self) -> int:
        with self._file.lock:
            found = self._file.db.execute(
                "SELECT count(*) FROM items WHERE store = ? AND part = ?", (self._store, self._part)
            ).fetchone()
        return int(found[0])

    def peek(self, key: DynamoType) -> Item:
        """The item at ``key`` for reading: the live one, or a decoding of its own (not made live)."""
        slot = self._slot(key)
        with self._file.lock:
            live = self._file.live.get(slot)
            return live if live is not None else decode(cast(bytes, self._value(slot)))

    def values(self) -> list[Item]:  # type: ignore[override]
        """Every item, for reading: live ones as they are, the rest decoded for this caller only."""
        return [_readable(live, value) for _, live, value in self._rows()]

    def items(self) -> list[tuple[DynamoType, Item]]:  # type: ignore[override]
        return [
            (pickle.loads(stored_key), _readable(live, value)) for stored_key, live, value in self._rows()
        ]

    def __deepcopy__(self, memo: dict[int, Any]) -> Items:
        """moto copies whole tables for backups and restores: the copy is a store of its own."""
        duplicate = Items.__new__(Items)
        duplicate._file, duplicate._part = self._file, self._part
        duplicate._store = self._file.copy_store(self._store, duplicate)
        return duplicate


def _readable(live: Item | None, value: bytes | None) -> Item:
    """An item for reading: the live one, or its row's decoding (a row without a value has a live
    item, read under the same lock)."""
    return live if live is not None else decode(cast(bytes, value))


def all_items(self: Table) -> KeyOrderedItems:
    """moto's ``Table.all_items`` — every item, sorted by hash key then range key — read from the item
    file a chunk at a time as the caller reaches them: a scan page reads its own items, not the
    table."""
    stored_items = cast(Any, self.items)  # what table_init made it
    return KeyOrderedItems(stored_items.file, stored_items.store, after=None)


class KeyOrderedItems:
    """A table's items in key order (from a start key, exclusive), read as they are reached."""

    def __init__(self, file: ItemFile, store: int, after: tuple[Any, Any] | None) -> None:
        self._file = file
        self._store = store
        self._after = after

    def __iter__(self) -> Iterator[Item]:
        position = self._after
        while True:
            with self._file.lock:
                query = "SELECT part, key, value FROM items WHERE store = ?"
                arguments: tuple[Any, ...] = (self._store,)
                if position is not None:
                    query += " AND (part, key) > (?, ?)"
                    arguments += position
                rows = self._file.db.execute(
                    query + " ORDER BY part, key LIMIT ?", (*arguments, SCAN_CHUNK)
                ).fetchall()
                chunk = [(self._file.live.get((self._store, part, key)), value) for part, key, value in rows]
            for live, value in chunk:
                yield _readable(live, value)
            if len(rows) < SCAN_CHUNK:
                return
            position = rows[-1][:2]

    def __len__(self) -> int:
        return count_items(self._file, self._store)

    def after(self, hash_key: DynamoType, range_key: DynamoType | None) -> KeyOrderedItems:
        """The items strictly after this key."""
        part = stored(hash_key) if range_key is not None else _WHOLE_TABLE
        key = stored(range_key) if range_key is not None else stored(hash_key)
        return KeyOrderedItems(self._file, self._store, after=(part, key))


def scan(self: Table, filters: Any, limit: Any, exclusive_start_key: Any, *args: Any, **kwargs: Any) -> Any:
    """moto's ``Table.scan``; a later page of a whole-table scan starts at its start key instead of
    reading (and decoding) every item before it."""
    index_name = kwargs.get("index_name", args[1] if len(args) > 1 else None)
    segments = kwargs.get("segments", args[4] if len(args) > 4 else (None, None))
    if not exclusive_start_key or index_name or segments != (None, None):
        return _moto_scan(self, filters, limit, exclusive_start_key, *args, **kwargs)
    hash_key = DynamoType(exclusive_start_key[self.hash_key_attr])
    range_key = DynamoType(exclusive_start_key[self.range_key_attr]) if self.range_key_attr else None
    view = _TableFrom(self, all_items(self).after(hash_key, range_key))
    return _moto_scan(cast(Table, view), filters, limit, exclusive_start_key, *args, **kwargs)


class _TableFrom:
    """The table, as far as moto's scan can tell, holding only the items after a start key."""

    def __init__(self, table: Table, items: KeyOrderedItems) -> None:
        self._table = table
        self._items = items

    def all_items(self) -> KeyOrderedItems:
        return self._items

    def __getattr__(self, name: str) -> Any:
        return getattr(self._table, name)
