"""DynamoDB tables on the emulator that keep their items encoded, so memory follows the data's size.

moto keeps every item as an ``Item`` whose attributes are each a ``DynamoType`` object with its own
``__dict__``: about 10 KB for a license record whose wire form is 1.2 KB. A state's 100,000-row file
becomes about 300,000 items (licenses, providers, SSN records, data events), so the sandbox grew by
gigabytes over an ingest (issue #12). Here each table keeps an item as its attributes' wire form,
pickled and compressed (about 450 bytes for that record), and decodes it when moto reads it.

moto updates items in place: ``update_item`` reads an item and changes the object it got. So a decoded
item stays *live* — stored as the object itself — while it is among the :data:`LIVE_ITEMS` read most
recently; past that, an item is encoded again only if nothing but its table holds it (its reference
count says so), so a change made through any reference still held is never lost. Iterating a table
(scans, index queries, counts) decodes items without making them live: moto only reads what it
iterates, and a scan must not push the table's working set out.

Only the storage changes: keys, partitions (empty ones included), ``defaultdict`` reads, item order
within a partition and every answer are moto's (``tests/sandbox/test_compact_tables.py`` runs the query
and transaction corpora through both).
"""

from __future__ import annotations

import bisect
import copy
import pickle
import sys
import threading
import zlib
from collections import OrderedDict, defaultdict
from collections.abc import Iterator, MutableMapping, Sequence
from functools import partial
from typing import Any, cast

from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table

from sandbox.sized_items import checked_attributes

LIVE_ITEMS = 4_096
"""Decoded items kept as objects, across every table (about 40 MB at moto's 10 KB an item)."""

_HELD_ONLY_BY_ITS_TABLE = 3
"""``sys.getrefcount`` of an item referenced by its table's slot alone, counted inside :meth:`Items._settle`
(the slot, the local name, and the call's own argument)."""

_moto_table_init = Table.__init__
_moto_scan = Table.scan


def install() -> None:
    """Makes every DynamoDB table created in this process keep its items encoded, and read them in key
    order as they are iterated.

    Called once by ``sandbox.emulator.start_emulator``, before any table exists (the sandbox is its own
    process)."""
    Table.__init__ = table_init  # type: ignore[method-assign]
    Table.all_items = all_items  # type: ignore[method-assign,assignment]
    Table.scan = scan  # type: ignore[method-assign]


def table_init(self: Table, *args: Any, **kwargs: Any) -> None:
    """moto's ``Table.__init__``, then the same shape of ``items`` with encoded storage: by hash key, and
    with a range key, partitions by range key that appear on first reading (moto's ``defaultdict``)."""
    _moto_table_init(self, *args, **kwargs)
    self.items = cast(Any, Partitions(partial(Items, LIVE)) if self.range_key_attr else Items(LIVE))


class Partitions(defaultdict[DynamoType, "Items"]):
    """A range-key table's partitions by hash key, as moto's ``defaultdict`` holds them, iterated over a
    snapshot: moto iterates them (``DescribeTable``'s count, scans) on one thread while writes on another
    add partitions, and a dict that grows during iteration raises — a 500 for a client polling a table's
    size during an ingest. (Taking the snapshot runs no Python code, so no other thread can interleave.)"""

    def __iter__(self) -> Iterator[DynamoType]:
        return iter(list(super().keys()))

    def keys(self) -> list[DynamoType]:  # type: ignore[override]
        return list(super().keys())

    def values(self) -> list[Items]:  # type: ignore[override]
        return list(super().values())

    def items(self) -> list[tuple[DynamoType, Items]]:  # type: ignore[override]
        return list(super().items())


def all_items(self: Table) -> KeyOrderedItems:
    """moto's ``Table.all_items`` — every item, sorted by hash key then range key — decoded only as the
    caller reaches them: a scan page decodes its own items, not the table."""
    stored = cast(Any, self.items)  # what table_init made it
    if self.range_key_attr:
        slots = [(items, h, r) for h, items in stored.items() for r in items]
    else:
        slots = [(stored, h, None) for h in stored]
    slots.sort(key=lambda slot: _order(slot[1], slot[2]))
    return KeyOrderedItems(slots)


def _order(hash_key: DynamoType, range_key: DynamoType | None) -> tuple[Any, ...]:
    """Where a key sorts: by its values as moto compares them (``DynamoType.cast_value``)."""
    return (hash_key.cast_value,) if range_key is None else (hash_key.cast_value, range_key.cast_value)


class KeyOrderedItems(Sequence[Item]):
    """A table's items in key order, each read from its mapping when it is reached."""

    def __init__(self, slots: list[tuple[Items, DynamoType, DynamoType | None]]) -> None:
        self._slots = slots

    def __len__(self) -> int:
        return len(self._slots)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return KeyOrderedItems(self._slots[index])
        items, hash_key, range_key = self._slots[index]
        return items.peek(range_key if range_key is not None else hash_key)

    def __iter__(self) -> Iterator[Item]:
        for items, hash_key, range_key in self._slots:
            yield items.peek(range_key if range_key is not None else hash_key)

    def after(self, hash_key: DynamoType, range_key: DynamoType | None) -> KeyOrderedItems:
        """The items strictly after this key, found by bisection (ordering only the slots it visits)."""
        target = _order(hash_key, range_key)
        start = bisect.bisect_right(self._slots, target, key=lambda slot: _order(slot[1], slot[2]))
        return KeyOrderedItems(self._slots[start:])


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


class LiveItems:
    """The items decoded for use, across all tables, oldest first. Beyond its limit, the oldest that
    nothing else holds are encoded again; those still held wait for the next round."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._order: OrderedDict[tuple[int, Any], Items] = OrderedDict()

    def __deepcopy__(self, memo: dict[int, Any]) -> LiveItems:
        return self  # one registry per process: a copied table's items join it

    def touch(self, items: Items, key: Any) -> None:
        self._order[(id(items), key)] = items
        self._order.move_to_end((id(items), key))
        if len(self._order) > LIVE_ITEMS:
            self._settle()

    def _settle(self) -> None:
        for _ in range(len(self._order) - LIVE_ITEMS):
            (_, key), items = self._order.popitem(last=False)
            if not items.encode_if_unheld(key):
                self._order[(id(items), key)] = items


LIVE = LiveItems()


class Items(MutableMapping[DynamoType, Any]):
    """One mapping of moto's ``Table.items``: hash key → item, or in a partition, range key → item. A
    value is stored as a live ``Item`` or as its encoding."""

    __slots__ = ("_entries", "_live")

    def __init__(self, live: LiveItems) -> None:
        self._entries: dict[DynamoType, Item | bytes] = {}
        self._live = live

    def __getitem__(self, key: DynamoType) -> Item:
        with self._live.lock:
            stored = self._entries[key]
            if isinstance(stored, bytes):
                stored = self._entries[key] = decode(stored)
            self._live.touch(self, key)
            return stored

    def __setitem__(self, key: DynamoType, item: Item) -> None:
        with self._live.lock:
            self._entries[key] = item
            self._live.touch(self, key)

    def __delitem__(self, key: DynamoType) -> None:
        with self._live.lock:
            del self._entries[key]

    def pop(self, key: DynamoType, *default: Any) -> Any:
        """moto's deletes pop the item they remove (and return it)."""
        with self._live.lock:
            if key not in self._entries and default:
                return default[0]
            stored = self._entries.pop(key)
            return decode(stored) if isinstance(stored, bytes) else stored

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[DynamoType]:
        return iter(list(self._entries))

    def __len__(self) -> int:
        return len(self._entries)

    def peek(self, key: DynamoType) -> Item:
        """The item at ``key`` for reading: the live one, or a decoding of its own (not made live)."""
        return _readable(self._entries[key])

    def values(self) -> list[Item]:  # type: ignore[override]
        """Every item, for reading: live ones as they are, the rest decoded for this caller only."""
        return [_readable(stored) for stored in list(self._entries.values())]

    def items(self) -> list[tuple[DynamoType, Item]]:  # type: ignore[override]
        return [(key, _readable(stored)) for key, stored in list(self._entries.items())]

    def encode_if_unheld(self, key: DynamoType) -> bool:
        """Encodes the item at ``key`` unless something besides this mapping holds it (or it is gone);
        False when it must stay live."""
        item = self._entries.get(key)
        if item is None or isinstance(item, bytes):
            return True
        if sys.getrefcount(item) > _HELD_ONLY_BY_ITS_TABLE:
            return False
        self._entries[key] = encode(item)
        return True

    def __deepcopy__(self, memo: dict[int, Any]) -> Items:
        """moto copies whole tables for backups and restores: the copy keeps encodings, and copies of
        live items, in a mapping of its own."""
        duplicate = Items(self._live)
        with self._live.lock:
            for key, stored in self._entries.items():
                duplicate._entries[key] = stored if isinstance(stored, bytes) else copy.deepcopy(stored, memo)
        return duplicate


def _readable(stored: Item | bytes) -> Item:
    """A stored value for reading: the live item, or a decoding of its own (taken from a snapshot of the
    mapping, so a concurrent delete cannot fail the reader)."""
    return decode(stored) if isinstance(stored, bytes) else stored


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
