"""A DynamoDB item's 400 KB limit checked once per item, not once per attribute.

moto builds an item's attributes one at a time into a ``LimitedSizeDict``, whose every insertion sums
the sizes of all the attributes already there: quadratic in the attributes, about a twentieth of the
sandbox's time in an ingest (license records have twenty-odd attributes, and every put, transaction
entry and update builds one). An item built whole has one total; the sandbox computes it once and
raises moto's ``ItemSizeTooLarge`` at the same limit, before storing anything. Attributes set later
(update expressions) keep moto's per-insertion check (``tests/sandbox/test_sized_items.py``).
"""

from __future__ import annotations

from typing import Any

from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict
from moto.dynamodb.models.utilities import bytesize

MOTO_ITEM_LIMIT = 405_000
"""moto's limit, in its own measure (between DynamoDB's 400 KB and what the service accepts)."""


def install() -> None:
    """Called once by ``sandbox.emulator.start_emulator``: the sandbox is its own process."""
    Item.__init__ = _init  # type: ignore[method-assign]


def _init(self: Item, hash_key: DynamoType, range_key: DynamoType | None, attrs: dict[str, Any]) -> None:
    self.hash_key = hash_key
    self.range_key = range_key
    values = {key: DynamoType(value) for key, value in attrs.items()}
    if sum(bytesize(key) + value.size() for key, value in values.items()) > MOTO_ITEM_LIMIT:
        raise ItemSizeTooLarge
    self.attrs = checked_attributes(values)


def checked_attributes(values: dict[str, DynamoType]) -> LimitedSizeDict:
    """An item's ``attrs`` holding ``values``, whose size has been checked already (here, or when the
    item was first stored): set in one step, past moto's per-insertion check."""
    attributes = LimitedSizeDict()
    dict.update(attributes, values)
    return attributes
