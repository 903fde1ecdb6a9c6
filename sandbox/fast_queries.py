"""DynamoDB ``Query`` of a table's own key for the emulator, at a cost proportional to the partition read.

moto answers a Query of a table's key by sorting every item of the table (``Table.all_items``) and then
keeping those of the queried partition, so each one costs time in proportion to the table: reading one
provider's records takes as long as the provider table is large, and an ingest slows down as the table
fills (issue #12: rows per second must not depend on the table's size). Items are already stored by
partition (``Table.items[hash_key][range_key]``), so the partition is one lookup away.

:func:`query` runs moto's own ``Table.query`` — key conditions, filters, projections, paging, limits,
direction, everything — on a view of the table whose ``all_items`` is only the queried partition, in the
order moto's would give it; every other attribute is the table's. Queries of an index, and tables without
a sort key, go to moto unchanged (an index is not stored by its key). ``tests/sandbox/test_fast_queries.py``
compares answers with moto's own over a corpus of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table

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


def query(self: Table, hash_key: DynamoType | None, *args: Any, **kwargs: Any) -> Any:
    """moto's ``Table.query``, reading only the queried partition when the table's own key is queried."""
    index_name = kwargs.get("index_name") if len(args) < 7 else args[6]
    if index_name or hash_key is None or not self.range_key_attr:
        return _moto_query(self, hash_key, *args, **kwargs)
    return _moto_query(_PartitionView(self, hash_key), hash_key, *args, **kwargs)
