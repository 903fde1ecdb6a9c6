"""The query corpus of ``test_fast_queries.py``: the cases — written for every feature of a Query, and
generated from a seed — over the tables of ``query_tables.py``."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tests.sandbox.query_tables import (
    ABSENT,
    BIG,
    BY_GROUP,
    BY_TAG,
    FLAT,
    FLAT_IDS,
    GHOST,
    MAIN,
    MAIN_PARTITIONS,
    NUMBER_PARTITIONS,
    NUMBERS,
)
from tests.sandbox.transaction_corpus import typed

GENERATED = 300


@dataclass(frozen=True)
class Case:
    name: str
    request: dict[str, Any]
    """The keyword arguments of ``query``; each page after the first adds ``ExclusiveStartKey``."""


# ---------------------------------------------------------------------------------------------- cases


class Raw(dict):
    """A value already in DynamoDB's JSON (``Raw(N="01")``), sent as written."""


def query(
    name: str,
    table: str,
    key_condition: str,
    values: dict[str, Any],
    names: dict[str, str] | None = None,
    **options: Any,
) -> Case:
    """A query whose ``values`` are plain Python (typed here, under ``:name``)."""
    request: dict[str, Any] = {"TableName": table, "KeyConditionExpression": key_condition, **options}
    request["ExpressionAttributeValues"] = {
        f":{n}": v if isinstance(v, Raw) else typed(v=_sortable(v))["v"] for n, v in values.items()
    }
    if names:
        request["ExpressionAttributeNames"] = names
    return Case(name, request)


def written_cases() -> list[Case]:
    """The kinds of query one by one, and the edges moto's query walks (empty, absent and big
    partitions, paging through a filter, starting keys that are not items, refusals)."""
    pk = "pk = :pk"
    return [
        query("key only", MAIN, pk, {"pk": "p2"}),
        query("key only, named", MAIN, "#p = :pk", {"pk": "p3"}, {"#p": "pk"}),
        query("one item", MAIN, pk, {"pk": "p1"}),
        query("empty partition moto holds", MAIN, pk, {"pk": GHOST}),
        query("partition that does not exist", MAIN, pk, {"pk": ABSENT}),
        query("absent partition, counted", MAIN, pk, {"pk": ABSENT}, Select="COUNT"),
        query("absent partition, sort key condition", MAIN, f"{pk} AND sk > :s", {"pk": ABSENT, "s": "a"}),
        query("equal sort key", MAIN, f"{pk} AND sk = :s", {"pk": "p2", "s": "c"}),
        query("equal sort key, missing", MAIN, f"{pk} AND sk = :s", {"pk": "p2", "s": "cc"}),
        query("begins_with", MAIN, f"{pk} AND begins_with(sk, :s)", {"pk": "p4", "s": "upd#"}),
        query("begins_with, nothing", MAIN, f"{pk} AND begins_with(sk, :s)", {"pk": "p4", "s": "zz"}),
        query("between", MAIN, f"{pk} AND sk BETWEEN :a AND :b", {"pk": "p3", "a": "a#03", "b": "b#02"}),
        query(
            "between, reversed bounds",
            MAIN,
            f"{pk} AND sk BETWEEN :a AND :b",
            {"pk": "p3", "a": "b", "b": "a"},
        ),
        query("less", MAIN, f"{pk} AND sk < :s", {"pk": "p2", "s": "c"}),
        query("less or equal", MAIN, f"{pk} AND sk <= :s", {"pk": "p2", "s": "c"}),
        query("greater", MAIN, f"{pk} AND sk > :s", {"pk": "p2", "s": "c"}),
        query("greater or equal", MAIN, f"{pk} AND sk >= :s", {"pk": "p2", "s": "c"}),
        query("backwards", MAIN, pk, {"pk": "p4"}, ScanIndexForward=False),
        query(
            "backwards, bounded",
            MAIN,
            f"{pk} AND sk < :s",
            {"pk": "p4", "s": "priv#05"},
            ScanIndexForward=False,
        ),
        query("pages of one", MAIN, pk, {"pk": "p3"}, Limit=1),
        query("pages of four, backwards", MAIN, pk, {"pk": "p4"}, Limit=4, ScanIndexForward=False),
        query("pages of exactly the partition", MAIN, pk, {"pk": "p2"}, Limit=5),
        query("pages through a filter", MAIN, pk, {"pk": "p4", "f": 10}, Limit=3, FilterExpression="n > :f"),
        query("pages counted", MAIN, pk, {"pk": "p4"}, Limit=7, Select="COUNT"),
        query("pages at the size limit", MAIN, pk, {"pk": BIG}),
        query(
            "pages at the size limit, backwards",
            MAIN,
            pk,
            {"pk": BIG},
            ScanIndexForward=False,
            ProjectionExpression="sk, n",
        ),
        query("filter", MAIN, pk, {"pk": "p4", "t": "red"}, FilterExpression="tag = :t"),
        query(
            "filter on a missing attribute",
            MAIN,
            pk,
            {"pk": "p4"},
            FilterExpression="attribute_not_exists(tag)",
        ),
        query("filter on a map", MAIN, pk, {"pk": "p4", "x": 4}, FilterExpression="m.x < :x"),
        query(
            "filter on the sort key",
            MAIN,
            pk,
            {"pk": "p4", "s": "lic"},
            FilterExpression="begins_with(sk, :s)",
        ),
        query(
            "filter on the key is refused", MAIN, pk, {"pk": "p4"}, FilterExpression="attribute_exists(pk)"
        ),
        query("projection", MAIN, pk, {"pk": "p4"}, ProjectionExpression="sk, n, m.x, l[0]"),
        query("projection, named", MAIN, pk, {"pk": "p4"}, {"#n": "note"}, ProjectionExpression="#n, tag"),
        query(
            "specific attributes",
            MAIN,
            pk,
            {"pk": "p2"},
            Select="SPECIFIC_ATTRIBUTES",
            ProjectionExpression="n",
        ),
        query("count", MAIN, pk, {"pk": "p4"}, Select="COUNT"),
        query(
            "count, filtered",
            MAIN,
            pk,
            {"pk": "p4"},
            Select="COUNT",
            FilterExpression="attribute_exists(tag)",
        ),
        query(
            "count with a projection is refused",
            MAIN,
            pk,
            {"pk": "p4"},
            Select="COUNT",
            ProjectionExpression="n",
        ),
        query("all attributes", MAIN, pk, {"pk": "p2"}, Select="ALL_ATTRIBUTES"),
        query("consistent", MAIN, pk, {"pk": "p3"}, ConsistentRead=True),
        query("consistent, absent", MAIN, pk, {"pk": ABSENT}, ConsistentRead=True),
        query("start after an item", MAIN, pk, {"pk": "p3"}, ExclusiveStartKey=typed(pk="p3", sk="a#04")),
        query("start between items", MAIN, pk, {"pk": "p3"}, ExclusiveStartKey=typed(pk="p3", sk="a#045")),
        query("start after the last", MAIN, pk, {"pk": "p3"}, ExclusiveStartKey=typed(pk="p3", sk="z")),
        query(
            "start backwards",
            MAIN,
            pk,
            {"pk": "p3"},
            ScanIndexForward=False,
            ExclusiveStartKey=typed(pk="p3", sk="b#01"),
        ),
        query("start in another partition", MAIN, pk, {"pk": "p3"}, ExclusiveStartKey=typed(pk="p2", sk="c")),
        query(
            "start in an absent partition",
            MAIN,
            pk,
            {"pk": ABSENT},
            ExclusiveStartKey=typed(pk=ABSENT, sk="c"),
        ),
        query("start missing the sort key", MAIN, pk, {"pk": "p3"}, ExclusiveStartKey=typed(pk="p3")),
        query("wrong key type", MAIN, pk, {"pk": 5}),
        query("sort key alone is refused", MAIN, "sk = :s", {"s": "a"}),
        query("non-key attribute is refused", MAIN, f"{pk} AND n = :n", {"pk": "p2", "n": 1}),
        query(
            "two conditions on the sort key are refused",
            MAIN,
            f"{pk} AND sk > :a AND sk < :b",
            {"pk": "p2", "a": "a", "b": "d"},
        ),
        query(
            "begins_with on a number is refused",
            NUMBERS,
            "pk = :pk AND begins_with(sk, :s)",
            {"pk": 1, "s": 1},
        ),
        query("numbers, in numeric order", NUMBERS, "pk = :pk", {"pk": 1}),
        query("numbers, backwards", NUMBERS, "pk = :pk", {"pk": 3}, ScanIndexForward=False, Limit=5),
        query("numbers, between", NUMBERS, "pk = :pk AND sk BETWEEN :a AND :b", {"pk": 1, "a": 0, "b": 10}),
        query("numbers, a key written another way", NUMBERS, "pk = :pk", {"pk": Raw(N="1.0")}),
        query("numbers, a key written with a zero", NUMBERS, "pk = :pk", {"pk": Raw(N="01")}),
        query(
            "numbers, a sort key written another way",
            NUMBERS,
            "pk = :pk AND sk = :s",
            {"pk": 1, "s": Raw(N="1.50")},
        ),
        query("no sort key", FLAT, "id = :id", {"id": "b"}),
        query("no sort key, absent", FLAT, "id = :id", {"id": "zz"}),
        query("no sort key, backwards", FLAT, "id = :id", {"id": "a"}, ScanIndexForward=False, Limit=1),
        query("no sort key, filtered", FLAT, "id = :id", {"id": "a", "n": 10}, FilterExpression="n >= :n"),
        query("index", MAIN, "gpk = :g", {"g": "g1"}, IndexName=BY_GROUP),
        query(
            "index, sort key",
            MAIN,
            "gpk = :g AND begins_with(gsk, :s)",
            {"g": "g2", "s": "b"},
            IndexName=BY_GROUP,
        ),
        query(
            "index, pages", MAIN, "gpk = :g", {"g": "g1"}, IndexName=BY_GROUP, Limit=3, ScanIndexForward=False
        ),
        query("index, absent", MAIN, "gpk = :g", {"g": "g9"}, IndexName=BY_GROUP),
        query(
            "index, consistent is refused",
            MAIN,
            "gpk = :g",
            {"g": "g1"},
            IndexName=BY_GROUP,
            ConsistentRead=True,
        ),
        query("index without a sort key", MAIN, "tag = :t", {"t": "red"}, IndexName=BY_TAG, Limit=4),
        query("index that does not exist", MAIN, "gpk = :g", {"g": "g1"}, IndexName="nope"),
        query("table that does not exist", "cc-query-missing", "pk = :pk", {"pk": "p1"}),
        Case(
            "legacy key conditions",
            {
                "TableName": MAIN,
                "KeyConditions": {
                    "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p4"}]},
                    "sk": {"ComparisonOperator": "BEGINS_WITH", "AttributeValueList": [{"S": "lic"}]},
                },
            },
        ),
        Case(
            "legacy key conditions, between, paged",
            {
                "TableName": MAIN,
                "Limit": 2,
                "KeyConditions": {
                    "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p3"}]},
                    "sk": {
                        "ComparisonOperator": "BETWEEN",
                        "AttributeValueList": [{"S": "a#02"}, {"S": "b#03"}],
                    },
                },
            },
        ),
        Case(
            "legacy query filter",
            {
                "TableName": MAIN,
                "KeyConditions": {
                    "pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p4"}]},
                },
                "QueryFilter": {"n": {"ComparisonOperator": "GT", "AttributeValueList": [{"N": "8"}]}},
            },
        ),
    ]


def generated_cases(count: int, seed: int) -> list[Case]:
    """``count`` queries over the three tables combining every option at random, from a fixed seed."""
    rng = random.Random(seed)
    return [_random_query(rng, f"generated {index}") for index in range(count)]


def _random_query(rng: random.Random, name: str) -> Case:
    table = rng.choices([MAIN, NUMBERS, FLAT], weights=[7, 2, 1])[0]
    options: dict[str, Any] = {}
    values: dict[str, Any] = {}
    names: dict[str, str] = {}
    if table == MAIN and rng.random() < 0.2:
        return _random_index_query(rng, name)
    if table == FLAT:
        values["pk"] = rng.choice([*FLAT_IDS, "zz"])
        condition = "id = :pk"
    else:
        if rng.random() < 0.3:
            names["#k"] = "pk"
        condition = f"{'#k' if names else 'pk'} = :pk"
        if table == MAIN:
            values["pk"] = rng.choice([*MAIN_PARTITIONS, BIG, GHOST, ABSENT])
            sort_keys = [*MAIN_PARTITIONS.get(values["pk"], []), "a", "b#", "lic#05", "p", "z"]
        else:
            values["pk"] = rng.choice([*NUMBER_PARTITIONS, 4])
            sort_keys = [*NUMBER_PARTITIONS.get(values["pk"], []), -100, 1, 5, 1000]
        condition += _random_sort_condition(rng, table, sort_keys, values)
    if rng.random() < 0.5:
        options["ScanIndexForward"] = rng.random() < 0.5
    if rng.random() < 0.5:
        options["Limit"] = rng.choice([1, 2, 3, 5, 8])
    if rng.random() < 0.3:
        options["ConsistentRead"] = rng.random() < 0.5
    if rng.random() < 0.35:
        filter_expression, filter_values = rng.choice(
            [
                ("n > :f", {"f": rng.randint(0, 20)}),
                ("n BETWEEN :f AND :g", {"f": rng.randint(0, 10), "g": rng.randint(5, 20)}),
                ("attribute_exists(tag)", {}),
                ("attribute_not_exists(m)", {}),
                ("tag = :t", {"t": rng.choice(["red", "green", "blue"])}),
                ("begins_with(note, :np)", {"np": rng.choice(["s", "o", "x"])}),
                ("m.x < :f", {"f": rng.randint(0, 9)}),
                ("size(l) > :f", {"f": rng.randint(0, 2)}),
                ("contains(l, :f)", {"f": rng.randint(0, 9)}),
            ]
        )
        options["FilterExpression"] = filter_expression
        values.update(filter_values)
    select = rng.choices([None, "COUNT", "ALL_ATTRIBUTES", "SPECIFIC_ATTRIBUTES"], weights=[6, 2, 1, 1])[0]
    if select:
        options["Select"] = select
    if select == "SPECIFIC_ATTRIBUTES" or (select is None and rng.random() < 0.3) or rng.random() < 0.03:
        projection = rng.choice(["sk, n", "n, tag", "#nt, m.x", "l[0], note, gsk", "m", "blob"])
        if "#nt" in projection:
            names["#nt"] = "note"
        options["ProjectionExpression"] = projection
    return query(name, table, condition, values, names or None, **options)


def _random_sort_condition(
    rng: random.Random, table: str, sort_keys: list[Any], values: dict[str, Any]
) -> str:
    kind = rng.choice([None, None, "=", "<", "<=", ">", ">=", "between", "begins_with"])
    if kind is None or (kind == "begins_with" and table == NUMBERS):
        return ""
    if kind == "between":
        values["a"], values["b"] = sorted([rng.choice(sort_keys), rng.choice(sort_keys)], key=_sortable)
        return " AND sk BETWEEN :a AND :b"
    value = rng.choice(sort_keys)
    if kind == "begins_with":
        values["s"] = value[: rng.randint(1, len(value))]
        return " AND begins_with(sk, :s)"
    values["s"] = value
    return f" AND sk {kind} :s"


def _sortable(value: Any) -> Any:
    return Decimal(str(value)) if isinstance(value, int | float) else value


def _random_index_query(rng: random.Random, name: str) -> Case:
    options: dict[str, Any] = {"ScanIndexForward": rng.random() < 0.5}
    if rng.random() < 0.5:
        options["Limit"] = rng.choice([1, 2, 4])
    if rng.random() < 0.1:
        options["ConsistentRead"] = True
    if rng.random() < 0.5:
        condition, values = "tag = :t", {"t": rng.choice(["red", "green", "blue", "none"])}
        return query(name, MAIN, condition, values, IndexName=BY_TAG, **options)
    condition, values = "gpk = :g", {"g": rng.choice(["g1", "g2", "g3"])}
    if rng.random() < 0.5:
        condition += " AND begins_with(gsk, :s)"
        values["s"] = rng.choice("abcd")
    if rng.random() < 0.3:
        options["FilterExpression"] = "n < :f"
        values["f"] = rng.randint(0, 20)
    return query(name, MAIN, condition, values, IndexName=BY_GROUP, **options)
