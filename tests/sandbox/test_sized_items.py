"""The sandbox's item size check (sandbox/sized_items.py): items of every attribute type are built as
moto builds them, and the sandbox refuses exactly the items moto refuses, at the same size."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from moto.dynamodb.exceptions import ItemSizeTooLarge
from moto.dynamodb.models.dynamo_type import DynamoType, Item, LimitedSizeDict

from sandbox import sized_items
from tests.sandbox.transaction_corpus import seed_items, typed

MOTO_INIT = Item.__dict__["__init__"]

ITEMS = [
    *(item for _table, item in seed_items()),
    typed(pk="every-type", s="text", n=Decimal("12.5"), b=b"\x00\x01", flag=True, nothing=None),
    typed(pk="collections", ss={"a", "b"}, ns={1, 2}, bs={b"x"}, l=[1, "two", [3]], m={"k": {"deep": "v"}}),
    typed(pk="empty", l=[], m={}),
]


def built(init: Callable[..., None], attributes: dict[str, Any]) -> Item | type[Exception]:
    item = object.__new__(Item)  # not BaseModel.__new__: moto would track it for its dashboard
    try:
        init(item, DynamoType(next(iter(attributes.values()))), None, attributes)
    except ItemSizeTooLarge:
        return ItemSizeTooLarge
    return item


def observed(item: Item | type[Exception]) -> object:
    if not isinstance(item, Item):
        return item
    assert type(item.attrs) is LimitedSizeDict
    return item.hash_key, item.range_key, item.to_json()


@pytest.mark.parametrize("attributes", ITEMS, ids=[str(next(iter(item.values()))) for item in ITEMS])
def test_items_are_built_as_moto_builds_them(attributes):
    assert observed(built(sized_items._init, attributes)) == observed(built(MOTO_INIT, attributes))


@pytest.mark.parametrize("padding", range(404_990, 405_000))
def test_the_limit_is_moto_s_to_the_byte(padding):
    attributes = typed(pk="big", blob="x" * padding)

    assert observed(built(sized_items._init, attributes)) == observed(built(MOTO_INIT, attributes))


def test_the_boundary_is_inside_the_tested_range():
    outcomes = {observed(built(MOTO_INIT, typed(pk="big", blob="x" * n))) is ItemSizeTooLarge
                for n in range(404_990, 405_000)}  # fmt: skip
    assert outcomes == {True, False}


def test_an_attribute_set_later_keeps_moto_s_check():
    item = built(sized_items._init, typed(pk="grows", blob="x" * 300_000))
    assert isinstance(item, Item)

    with pytest.raises(ItemSizeTooLarge):
        item.attrs["more"] = DynamoType({"S": "y" * 200_000})


def test_installing_swaps_the_constructor_and_importing_does_not(monkeypatch):
    assert Item.__init__ is MOTO_INIT
    monkeypatch.setattr(Item, "__init__", MOTO_INIT)

    sized_items.install()

    assert Item.__init__ is sized_items._init
