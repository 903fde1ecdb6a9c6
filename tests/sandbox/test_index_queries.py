"""Index queries of tables kept in the item file (sandbox/fast_queries.py's index view over
sandbox/item_store.py's index entries) against moto's own, with writes in between.

The query corpus (test_fast_queries, test_compact_tables) reads tables that no longer change. Here a
generated sequence of puts, updates that set, change or remove index keys, deletes, transactions and
batch writes is interleaved with queries of both indexes of the query corpus's main table, and every
answer — each query's pages, each write's result or error — and the table left behind must be moto's.
Run with every item evicted at once (entries read from rows) and with every item kept live (entries
older than the items), and with the indexes first queried before and after the writes began."""

from __future__ import annotations

import random
from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.models.table import Table

from sandbox import fast_queries
from tests.sandbox import test_fast_queries
from tests.sandbox.query_tables import BY_GROUP, BY_TAG, MAIN, MAIN_PARTITIONS
from tests.sandbox.test_compact_tables import use_compact_tables
from tests.sandbox.transaction_corpus import typed

STEPS = 400
GROUPS = ["g1", "g2", "g3", "g4"]
TAGS = ["red", "green", "blue"]
KEYS = [(pk, sk) for pk, sks in MAIN_PARTITIONS.items() for sk in sks[:4]] + [
    ("new", f"n{i}") for i in range(6)
]


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    test_fast_queries.point_boto3_at_moto(monkeypatch)


def steps(seed: int) -> list[tuple[str, dict[str, Any]]]:
    """The sequence: about a third queries, the rest writes of every kind."""
    rng = random.Random(seed)
    return [_step(rng) for _ in range(STEPS)]


def _key(rng: random.Random) -> dict[str, Any]:
    pk, sk = rng.choice(KEYS)
    return typed(pk=pk, sk=sk)


def _index_attributes(rng: random.Random) -> dict[str, Any]:
    attributes: dict[str, Any] = {"n": rng.randint(0, 9)}
    if rng.random() < 0.6:
        attributes["gpk"], attributes["gsk"] = rng.choice(GROUPS), rng.choice("abcd") + str(rng.randint(0, 9))
    if rng.random() < 0.5:
        attributes["tag"] = rng.choice(TAGS)
    return typed(**attributes)


def _update(rng: random.Random) -> dict[str, Any]:
    choice = rng.random()
    if choice < 0.4:
        return {
            "UpdateExpression": "SET gpk = :g, gsk = :s",
            "ExpressionAttributeValues": typed(**{":g": rng.choice(GROUPS), ":s": rng.choice("abcd")}),
        }
    if choice < 0.6:
        return {"UpdateExpression": "REMOVE gpk, tag"}
    if choice < 0.9:
        return {
            "UpdateExpression": "SET tag = :t",
            "ExpressionAttributeValues": typed(**{":t": rng.choice(TAGS)}),
        }
    return {
        "UpdateExpression": "SET tag = :t",
        "ExpressionAttributeValues": typed(**{":t": 7}),
    }  # not a string


def _step(rng: random.Random) -> tuple[str, dict[str, Any]]:
    kind = rng.random()
    if kind < 0.35:
        if rng.random() < 0.5:
            values = typed(**{":t": rng.choice([*TAGS, "none"])})
            request = {
                "KeyConditionExpression": "tag = :t",
                "IndexName": BY_TAG,
                "ExpressionAttributeValues": values,
            }
        else:
            values = typed(**{":g": rng.choice(GROUPS)})
            request = {
                "KeyConditionExpression": "gpk = :g",
                "IndexName": BY_GROUP,
                "ExpressionAttributeValues": values,
            }
        if rng.random() < 0.4:
            request["Limit"] = rng.choice([1, 2, 3])
        request["ScanIndexForward"] = rng.random() < 0.5
        return "query", {"TableName": MAIN, **request}
    if kind < 0.55:
        return "put_item", {"TableName": MAIN, "Item": {**_key(rng), **_index_attributes(rng)}}
    if kind < 0.75:
        return "update_item", {"TableName": MAIN, "Key": _key(rng), **_update(rng)}
    if kind < 0.85:
        return "delete_item", {"TableName": MAIN, "Key": _key(rng)}
    if kind < 0.93:
        first, second = _key(rng), _key(rng)
        return "transact_write_items", {
            "TransactItems": [
                {"Put": {"TableName": MAIN, "Item": {**first, **_index_attributes(rng)}}},
                {"Update": {"TableName": MAIN, "Key": second, **_update(rng)}},
            ]
        }
    return "batch_write_item", {
        "RequestItems": {
            MAIN: [
                {"PutRequest": {"Item": {**_key(rng), **_index_attributes(rng)}}},
                {"DeleteRequest": {"Key": _key(rng)}},
            ]
        }
    }


def _answer(client: Any, operation: str, request: dict[str, Any]) -> Any:
    try:
        if operation == "query":
            return test_fast_queries.pages(client, test_fast_queries.Case(operation, request))
        response = getattr(client, operation)(**request)
        return {key: value for key, value in response.items() if key != "ResponseMetadata"}
    except ClientError as error:
        return error.response["Error"]


def run(seed: int, first_query_at: int) -> tuple[list[Any], dict[str, Any]]:
    """Every step's answer, and the tables after them; index queries before ``first_query_at`` skipped
    (so that entries are first built from a table that already changed)."""
    with test_fast_queries.seeded() as (client, backend):
        answers = [
            _answer(client, operation, request)
            for number, (operation, request) in enumerate(steps(seed))
            if operation != "query" or number >= first_query_at
        ]
        return answers, test_fast_queries.tables_of(backend)


@pytest.mark.parametrize("first_query_at", [0, STEPS // 2], ids=["queried-from-the-start", "queried-late"])
@pytest.mark.parametrize("remembered", [2, 10_000], ids=["items-evicted", "items-live"])
def test_index_queries_between_writes_answer_as_moto(monkeypatch, remembered, first_query_at):
    theirs = run(seed=3, first_query_at=first_query_at)
    use_compact_tables(monkeypatch, remembered)
    monkeypatch.setattr(Table, "query", fast_queries.query)

    mine = run(seed=3, first_query_at=first_query_at)

    for number, (their_answer, my_answer) in enumerate(zip(theirs[0], mine[0], strict=True)):
        assert my_answer == their_answer, f"step {number}"
    assert mine[1] == theirs[1]


def test_the_sequence_reaches_what_it_means_to_compare():
    """Queries that find items and queries that find none, on both indexes, and writes that fail."""
    answers, _tables = run(seed=3, first_query_at=0)
    queries = [
        answer for (operation, _), answer in zip(steps(3), answers, strict=True) if operation == "query"
    ]
    counts = [sum(page["Count"] for page in answer) for answer in queries]
    assert sum(count > 0 for count in counts) > len(counts) // 3
    assert 0 in counts
    assert any(len(answer) > 1 for answer in queries)  # several pages
    assert any("Code" in answer for answer in answers if isinstance(answer, dict))  # a write refused


def test_an_index_query_reads_only_its_items(monkeypatch):
    """What makes an index query cost what it returns: no item of another index key is decoded."""
    use_compact_tables(monkeypatch, 2)
    monkeypatch.setattr(Table, "query", fast_queries.query)
    decoded: list[Any] = []
    real_decode = fast_queries.decode
    monkeypatch.setattr(fast_queries, "decode", lambda value: decoded.append(value) or real_decode(value))
    with test_fast_queries.seeded() as (client, _backend):
        for number in range(50):
            tag = "rare" if number % 25 == 0 else "common"
            client.put_item(TableName=MAIN, Item=typed(pk="bulk", sk=f"{number:03}", tag=tag))

        found = client.query(
            TableName=MAIN, IndexName=BY_TAG, KeyConditionExpression="tag = :t",
            ExpressionAttributeValues=typed(**{":t": "rare"}),
        )  # fmt: skip

    assert [item["sk"]["S"] for item in found["Items"]] == ["000", "025"]
    assert len(decoded) <= 2
