"""The tables of the query corpus (``query_corpus.py``): strings, numbers, a hash key alone and
indexes, and their seed items."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from tests.sandbox.transaction_corpus import typed

MAIN = "cc-query-main"  # pk/sk (strings), a GSI with a sort key and one without
NUMBERS = "cc-query-numbers"  # pk/sk (numbers)
FLAT = "cc-query-flat"  # a hash key alone
BY_GROUP = "byGroup"
BY_TAG = "byTag"

GHOST = "ghost"  # a partition moto holds empty (a get_item of a missing key leaves it)
ABSENT = "absent"  # a partition nothing ever touched
PAGE_CAP = 60


def table_definitions() -> list[dict[str, Any]]:
    def attribute(name: str, kind: str = "S") -> dict[str, str]:
        return {"AttributeName": name, "AttributeType": kind}

    def key(hash_name: str, range_name: str | None = None) -> list[dict[str, str]]:
        schema = [{"AttributeName": hash_name, "KeyType": "HASH"}]
        if range_name:
            schema.append({"AttributeName": range_name, "KeyType": "RANGE"})
        return schema

    main = {
        "TableName": MAIN,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": key("pk", "sk"),
        "AttributeDefinitions": [attribute(n) for n in ("pk", "sk", "gpk", "gsk", "tag")],
        "GlobalSecondaryIndexes": [
            {"IndexName": BY_GROUP, "KeySchema": key("gpk", "gsk"), "Projection": {"ProjectionType": "ALL"}},
            {"IndexName": BY_TAG, "KeySchema": key("tag"), "Projection": {"ProjectionType": "KEYS_ONLY"}},
        ],
    }
    numbers = {
        "TableName": NUMBERS,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": key("pk", "sk"),
        "AttributeDefinitions": [attribute("pk", "N"), attribute("sk", "N")],
    }
    flat = {
        "TableName": FLAT,
        "BillingMode": "PAY_PER_REQUEST",
        "KeySchema": key("id"),
        "AttributeDefinitions": [attribute("id")],
    }
    return [main, numbers, flat]


MAIN_PARTITIONS = {
    "p1": ["only"],
    "p2": ["a", "b", "c", "d", "e"],
    "p3": [f"{prefix}#{i:02}" for prefix in ("a", "b") for i in range(6)],
    "p4": [f"{prefix}#{i:02}" for prefix in ("lic", "upd", "priv") for i in range(10)],
}
BIG = "big"  # items of 100 KB: a page ends at moto's 1 MB result limit before any Limit
NUMBER_PARTITIONS = {1: [-5, 0, 1.5, 2, 10, 100, 2000], 2: [7], 3: list(range(12))}
FLAT_IDS = ["a", "b", "c"]


def seed_items(rng: random.Random) -> list[tuple[str, dict[str, Any]]]:
    """Items with attributes to filter and project on; about half are in each GSI."""

    def attributes() -> dict[str, Any]:
        extra: dict[str, Any] = {"n": rng.randint(0, 20), "note": rng.choice(["seed", "second", "other"])}
        if rng.random() < 0.6:
            extra["tag"] = rng.choice(["red", "green", "blue"])
        if rng.random() < 0.5:
            extra["m"] = {"x": rng.randint(0, 9), "y": "why"}
        if rng.random() < 0.5:
            extra["l"] = [rng.randint(0, 9) for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.6:
            extra["gpk"] = rng.choice(["g1", "g2"])
            extra["gsk"] = rng.choice(["a", "b", "c", "d"]) + str(rng.randint(0, 9))
        return extra

    items = [(MAIN, typed(pk=pk, sk=sk, **attributes())) for pk, sks in MAIN_PARTITIONS.items() for sk in sks]
    items += [(MAIN, typed(pk=BIG, sk=f"s{i:02}", n=i, blob="x" * 100_000)) for i in range(12)]
    items += [
        (NUMBERS, typed(pk=pk, sk=Decimal(str(sk)), **attributes()))
        for pk, sks in NUMBER_PARTITIONS.items()
        for sk in sks
    ]
    items += [(FLAT, typed(id=item_id, **attributes())) for item_id in FLAT_IDS]
    return items
