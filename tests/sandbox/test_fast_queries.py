"""The sandbox's key ``Query`` (sandbox/fast_queries.py) against moto's own: the same corpus of queries
(``query_corpus.py``), sent through boto3 to ``mock_aws`` once with each, must get the same pages (items
in order, Count, ScannedCount, LastEvaluatedKey, followed until the last) or the same error, and leave
the same tables behind — no partition appears for a key that was only queried."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table

from sandbox import fast_queries
from sandbox.emulator import REGION
from tests.sandbox.moto_environment import moto_dynamodb, point_boto3_at_moto
from tests.sandbox.query_corpus import GENERATED, Case, generated_cases, written_cases
from tests.sandbox.query_tables import (
    ABSENT,
    GHOST,
    MAIN,
    MAIN_PARTITIONS,
    PAGE_CAP,
    seed_items,
    table_definitions,
)
from tests.sandbox.transaction_corpus import typed

CORPUS = [*written_cases(), *generated_cases(GENERATED, seed=12)]

# ---------------------------------------------------------------------------------------------- running

Observation = tuple[Any, dict[str, Any]]
"""What a query's pages got back, and every table's contents after them."""


@pytest.fixture
def ours(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sandbox's implementation, for this test only."""
    monkeypatch.setattr(Table, "query", fast_queries.query)


@contextmanager
def seeded() -> Iterator[tuple[Any, DynamoDBBackend]]:
    """Fresh seeded tables on moto: a client, and the backend to look inside."""
    with moto_dynamodb(table_definitions(), seed_items(random.Random(7))) as (client, backend):
        client.get_item(TableName=MAIN, Key=typed(pk=GHOST, sk="x"))  # moto keeps an empty partition
        yield client, backend


def run(cases: list[Case]) -> list[Observation]:
    with seeded() as (client, backend):
        assert typed(pk=GHOST)["pk"] in [k.to_json() for k in backend.tables[MAIN].items]
        return [(pages(client, case), tables_of(backend)) for case in cases]


def pages(client: Any, case: Case) -> list[Any]:
    """Every page of the query, following LastEvaluatedKey; an error ends the list."""
    answers: list[Any] = []
    request = dict(case.request)
    for _ in range(PAGE_CAP):
        try:
            response = client.query(**request)
        except ClientError as error:
            return [
                *answers,
                {"status": error.response["ResponseMetadata"]["HTTPStatusCode"], **error.response["Error"]},
            ]
        except Exception as error:  # moto failing inside: the same failure is still the same answer
            return [*answers, {"raised": type(error).__name__, "message": str(error)}]
        answers.append({key: value for key, value in response.items() if key != "ResponseMetadata"})
        if "LastEvaluatedKey" not in response:
            return answers
        request["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    raise AssertionError(f"{case.name}: more than {PAGE_CAP} pages")


def tables_of(backend: DynamoDBBackend) -> dict[str, Any]:
    return {name: contents_of(table) for name, table in backend.tables.items()}


def contents_of(table: Table) -> dict[str, Any]:
    """Items by key as stored: with a sort key, partitions by hash key, empty ones included."""
    if table.range_key_attr is None:
        return {_key(hash_key): _attributes(item) for hash_key, item in table.items.items()}
    return {
        _key(hash_key): {_key(range_key): _attributes(item) for range_key, item in partition.items()}
        for hash_key, partition in table.items.items()
    }


def _key(value: DynamoType) -> str:
    return json.dumps(value.to_json(), sort_keys=True)


def _attributes(item: Item) -> dict[str, Any]:
    return item.to_json()["Attributes"]


@pytest.fixture(scope="module")
def moto_observations() -> list[Observation]:
    """The corpus through moto's own implementation, once for the module."""
    with pytest.MonkeyPatch.context() as patch:
        point_boto3_at_moto(patch)
        return run(CORPUS)


# ---------------------------------------------------------------------------------------------- tests


def test_every_query_gets_the_same_pages_and_leaves_the_same_tables(moto_observations, aws_environment, ours):
    """Stops at the first case that differs, named, with both observations."""
    for case, theirs, mine in zip(CORPUS, moto_observations, run(CORPUS), strict=True):
        assert mine == theirs, case.name


def test_the_corpus_reaches_what_it_means_to_compare(moto_observations):
    """A differential test proves only what its corpus reaches: items, empty answers, several pages
    (by Limit and by size), counts, filtered-out items, errors — in the written and generated cases."""
    answers = [answer for answer, _ in moto_observations]
    written = dict(zip([case.name for case in CORPUS], answers, strict=True))
    generated = answers[-GENERATED:]

    def errors(group: list[Any]) -> set[str]:
        return {
            page.get("Code") or page.get("raised")
            for answer in group
            for page in answer
            if "Count" not in page
        }

    assert len(written["pages of one"]) == len(MAIN_PARTITIONS["p3"])  # moto: no key after the last
    assert len(written["pages at the size limit"]) > 1
    assert written["pages at the size limit"][0]["Count"] < 12  # cut by size, not by a Limit
    assert written["partition that does not exist"] == [{"Items": [], "Count": 0, "ScannedCount": 0}]
    assert written["empty partition moto holds"] == [{"Items": [], "Count": 0, "ScannedCount": 0}]
    assert written["numbers, a key written another way"] == written["numbers, in numeric order"]
    assert [item["sk"]["N"] for item in written["numbers, in numeric order"][0]["Items"]] == [
        "-5", "0", "1.5", "2", "10", "100", "2000"
    ]  # fmt: skip
    assert any(page["Count"] < page["ScannedCount"] for page in written["pages through a filter"])
    assert errors(answers) >= {"ValidationException", "ResourceNotFoundException"}
    assert "ValidationException" in errors(generated)
    multi_page = [answer for answer in generated if len(answer) > 1 and "Count" in answer[-1]]
    with_items = [answer for answer in generated if any(page.get("Items") for page in answer)]
    assert len(multi_page) > GENERATED // 10
    assert len(with_items) > GENERATED // 3
    assert any("Items" not in page and "Count" in page for answer in generated for page in answer)  # COUNT


def test_a_query_leaves_no_partition_behind(aws_environment, ours):
    """Querying a key creates nothing, as with moto: the absent partition stays absent."""
    with seeded() as (client, backend):
        before = tables_of(backend)
        for kind in ({}, {"ConsistentRead": True}, {"ScanIndexForward": False, "Limit": 1}):
            client.query(
                TableName=MAIN, KeyConditionExpression="pk = :pk",
                ExpressionAttributeValues={":pk": {"S": ABSENT}}, **kind,
            )  # fmt: skip

        assert tables_of(backend) == before
        assert _key(DynamoType({"S": ABSENT})) not in before[MAIN]


def bare_table(name: str, *key: str) -> Table:
    """A moto table outside any backend, keyed by string attributes (hash, then sort)."""
    return Table(
        name,
        account_id=DEFAULT_ACCOUNT_ID,
        region=REGION,
        schema=[{"AttributeName": a, "KeyType": t} for a, t in zip(key, ("HASH", "RANGE"), strict=False)],
        attr=[{"AttributeName": a, "AttributeType": "S"} for a in key],
    )


def test_the_partition_view_holds_only_the_queried_partition():
    """What makes the query's cost that of the partition: moto's query walks ``all_items`` of the view,
    which holds the partition's items in sort key order and nothing else, and reads nothing into the
    table (looking up an absent partition adds none to moto's defaultdict)."""
    table = bare_table("view", "pk", "sk")
    for pk in ("a", "b", "c"):
        for sk in ("3", "1", "2"):
            table.put_item({"pk": {"S": pk}, "sk": {"S": sk}, "n": {"N": "1"}})

    view = fast_queries._PartitionView(table, DynamoType({"S": "b"}))
    items = view.all_items()
    absent = fast_queries._PartitionView(table, DynamoType({"S": "zz"})).all_items()

    keys = [(item.hash_key.value, item.range_key.value) for item in items]  # type: ignore[union-attr]
    assert keys == [("b", "1"), ("b", "2"), ("b", "3")]
    assert len(table.all_items()) == 9
    assert absent == []
    assert set(table.items) == {DynamoType({"S": pk}) for pk in "abc"}
    assert view.name == "view" and view.range_key_attr == "sk"  # the rest is the table's


def test_index_queries_and_tables_without_sort_key_go_to_moto(monkeypatch):
    """On moto's own tables (items not in the item file), only a table's own key with a sort key is
    read through a view; index queries of item-file tables are test_index_queries.py's."""
    seen: list[Any] = []

    def moto_query(self: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(self)
        return [], 0, None

    monkeypatch.setattr(fast_queries, "_moto_query", moto_query)
    keyed = bare_table("keyed", "pk", "sk")
    flat = bare_table("flat", "pk")
    key = DynamoType({"S": "a"})
    positional = (None, [], None, None, True, None)

    fast_queries.query(keyed, key, *positional, "someIndex")
    fast_queries.query(keyed, key, *positional, index_name="someIndex")
    fast_queries.query(flat, key, *positional)
    fast_queries.query(keyed, None, *positional)
    fast_queries.query(keyed, key, *positional)

    assert seen[:4] == [keyed, keyed, flat, keyed]
    assert isinstance(seen[4], fast_queries._PartitionView)


def test_installing_swaps_the_table_method_and_importing_does_not(monkeypatch):
    assert Table.query is not fast_queries.query
    monkeypatch.setattr(Table, "query", Table.query)

    fast_queries.install()

    assert Table.query is fast_queries.query
