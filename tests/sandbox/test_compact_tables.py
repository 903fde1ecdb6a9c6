"""The sandbox's encoded table storage (sandbox/compact_tables.py) against moto's own: the query and the
transaction corpora get the same answers and leave the same tables with it, while items are encoded and
decoded again all the time (two live items at most); changes made in place survive being encoded; and
a table of license records takes a fraction of moto's memory."""

from __future__ import annotations

import gc
import tracemalloc
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.core.common_models import BaseModel
from moto.dynamodb.models import dynamodb_backends
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table

from sandbox import compact_tables, fast_queries, fast_transactions, item_store, untracked_models
from sandbox.emulator import REGION
from tests.sandbox import test_fast_queries, test_fast_transactions
from tests.sandbox.moto_environment import point_boto3_at_moto
from tests.sandbox.transaction_corpus import typed


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    point_boto3_at_moto(monkeypatch)


def use_compact_tables(patch: pytest.MonkeyPatch, live_items: int = 2) -> None:
    """Tables created from here on keep their items in the item file, with ``live_items`` decoded (and
    as many partitions remembered) at most, and, as in the sandbox, moto's dashboard does not hold on
    to every item."""
    patch.setattr(Table, "__init__", compact_tables.table_init)
    patch.setattr(BaseModel, "__new__", BaseModel.__dict__["__new__"])
    untracked_models.install()
    patch.setattr(item_store, "LIVE_ITEMS", live_items)
    patch.setattr(compact_tables, "KNOWN_PARTITIONS", live_items)


@pytest.fixture(scope="module")
def moto_observations() -> dict[str, Any]:
    with pytest.MonkeyPatch.context() as patch:
        point_boto3_at_moto(patch)
        return {
            "queries": test_fast_queries.run(test_fast_queries.CORPUS),
            "transactions": test_fast_transactions.run(test_fast_transactions.CORPUS),
        }


@pytest.mark.parametrize("remembered", [2, 10_000], ids=["items-and-partitions-evicted", "all-remembered"])
def test_queries_get_the_same_pages_and_leave_the_same_tables(moto_observations, monkeypatch, remembered):
    use_compact_tables(monkeypatch, remembered)
    monkeypatch.setattr(Table, "query", fast_queries.query)
    observed = test_fast_queries.run(test_fast_queries.CORPUS)
    for case, theirs, mine in zip(
        test_fast_queries.CORPUS, moto_observations["queries"], observed, strict=True
    ):
        assert mine == theirs, case.name


@pytest.mark.parametrize("remembered", [2, 10_000], ids=["items-and-partitions-evicted", "all-remembered"])
def test_transactions_get_the_same_answers_and_leave_the_same_tables(
    moto_observations, monkeypatch, remembered
):
    use_compact_tables(monkeypatch, remembered)
    monkeypatch.setattr(
        fast_transactions.DynamoDBBackend, "transact_write_items", fast_transactions.transact_write_items
    )
    corpus = test_fast_transactions.CORPUS
    observed = test_fast_transactions.run(corpus)
    for case, theirs, mine in zip(corpus, moto_observations["transactions"], observed, strict=True):
        assert mine == theirs, case.name


def fresh_table(client: Any) -> Table:
    client.create_table(
        TableName="compact",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    table: Table = dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION].get_table("compact")
    return table


def test_updates_in_place_survive_being_encoded_again(monkeypatch):
    """moto's updates change the item object they read; each is kept although the item is encoded
    and decoded again between them (other items read in between push it out)."""
    use_compact_tables(monkeypatch)
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        fresh_table(client)
        for n in range(5):
            client.put_item(TableName="compact", Item=typed(pk="p", sk=f"other-{n}", payload=b"\x00\xff"))
        client.put_item(TableName="compact", Item=typed(pk="p", sk="counter", count=0))
        for n in range(20):
            client.update_item(
                TableName="compact",
                Key=typed(pk="p", sk="counter"),
                UpdateExpression="ADD #c :one SET #n.#k = :n",
                ExpressionAttributeNames={"#c": "count", "#n": "nested", "#k": f"k{n % 3}"},
                ExpressionAttributeValues=typed(**{":one": 1, ":n": n}),
            ) if n else client.update_item(
                TableName="compact",
                Key=typed(pk="p", sk="counter"),
                UpdateExpression="ADD #c :one SET #n = :empty",
                ExpressionAttributeNames={"#c": "count", "#n": "nested"},
                ExpressionAttributeValues=typed(**{":one": 1, ":empty": {}}),
            )
            client.query(
                TableName="compact",
                KeyConditionExpression="pk = :p",
                ExpressionAttributeValues=typed(**{":p": "p"}),
            )
            client.get_item(TableName="compact", Key=typed(pk="p", sk=f"other-{n % 5}"))

        counter = client.get_item(TableName="compact", Key=typed(pk="p", sk="counter"))["Item"]
        other = client.get_item(TableName="compact", Key=typed(pk="p", sk="other-0"))["Item"]

    assert counter["count"] == {"N": "20"}
    assert counter["nested"] == {"M": {"k0": {"N": "18"}, "k1": {"N": "19"}, "k2": {"N": "17"}}}
    assert other["payload"] == {"B": b"\x00\xff"}


def test_an_item_still_held_is_not_encoded_under_its_holder(monkeypatch):
    use_compact_tables(monkeypatch)
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        table = fresh_table(client)
        client.put_item(TableName="compact", Item=typed(pk="p", sk="held", state="before"))
        held = table.get_item(DynamoType({"S": "p"}), DynamoType({"S": "held"}))
        for n in range(10):  # far more reads than the two live items
            client.put_item(TableName="compact", Item=typed(pk="p", sk=f"other-{n}"))
            client.get_item(TableName="compact", Key=typed(pk="p", sk=f"other-{n}"))

        held.attrs["state"] = DynamoType({"S": "after"})  # as moto's update_item changes what it read
        del held
        for n in range(10):
            client.get_item(TableName="compact", Key=typed(pk="p", sk=f"other-{n}"))

        assert client.get_item(TableName="compact", Key=typed(pk="p", sk="held"))["Item"]["state"] == {
            "S": "after"
        }


def license_record(n: int) -> dict[str, Any]:
    return typed(
        pk=f"aslp#PROVIDER#{n:08d}-8ef5-4c60-9837-548835177b35",
        sk="aslp#PROVIDER#license/oh/slp#",
        **{f"attribute{i}": f"value {i} of record {n}" for i in range(28)},
        dateOfExpiration="2027-06-06",
        licenseNumber=f"A{n:010d}",
    )


def traced_megabytes_for(records: int) -> float:
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        fresh_table(client)
        client.put_item(TableName="compact", Item=license_record(records))  # warms caches up
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for n in range(records):
            client.put_item(TableName="compact", Item=license_record(n))
        gc.collect()  # requests, in reference cycles until collected
        held = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
        pages = client.get_paginator("scan").paginate(TableName="compact", Select="COUNT")
        assert sum(page["Count"] for page in pages) == records + 1  # all readable
    return held / 1e6


def test_a_table_of_license_records_keeps_no_memory_per_item(monkeypatch):
    """moto's memory grows with every record; the item file's does not (SQLite keeps a bounded page
    cache in C, outside what is traced here, and the rest on disk)."""
    moto_megabytes = traced_megabytes_for(150)
    use_compact_tables(monkeypatch, live_items=10)
    small, large = traced_megabytes_for(150), traced_megabytes_for(450)

    assert large < moto_megabytes / 5, (large, moto_megabytes)
    assert large - small < moto_megabytes / 50, (small, large, moto_megabytes)


def test_installing_swaps_the_table_constructor_and_importing_does_not(monkeypatch):
    assert Table.__init__ is not compact_tables.table_init
    for name in ("__init__", "all_items", "scan", "__len__"):
        monkeypatch.setattr(Table, name, getattr(Table, name))

    compact_tables.install()

    assert Table.__init__ is compact_tables.table_init
    assert Table.all_items is compact_tables.all_items and Table.scan is compact_tables.scan


SCANS = [
    {},
    {"Limit": 1},
    {"Limit": 4},
    {"Limit": 7, "FilterExpression": "attribute_exists(#n)", "ExpressionAttributeNames": {"#n": "n"}},
    {"Select": "COUNT", "Limit": 5},
    {"TableName": "hash-only", "Limit": 2},
    {"Segment": 0, "TotalSegments": 2, "Limit": 3},
]


def scanned_pages() -> list[Any]:
    """Every page of each scan in :data:`SCANS` over the query corpus's seeded tables."""
    answers: list[Any] = []
    with test_fast_queries.seeded() as (client, _backend):
        client.create_table(
            TableName="hash-only",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "N"}],
            BillingMode="PAY_PER_REQUEST",
        )
        for n in (10, 9, 100, 2, 33):
            client.put_item(TableName="hash-only", Item=typed(pk=n, n=n))
        for scan in SCANS:
            request = {"TableName": test_fast_queries.MAIN, **scan}
            pages = client.get_paginator("scan").paginate(**request)
            answers.append([{k: v for k, v in page.items() if k != "ResponseMetadata"} for page in pages])
    return answers


def test_scans_get_the_same_pages(monkeypatch):
    theirs = scanned_pages()
    use_compact_tables(monkeypatch)
    monkeypatch.setattr(Table, "all_items", compact_tables.all_items)
    monkeypatch.setattr(Table, "scan", compact_tables.scan)
    mine = scanned_pages()

    assert mine == theirs
    assert all(len(pages) > 1 for pages in theirs[1:])  # every limited scan has later pages


def test_a_table_counted_or_scanned_while_partitions_are_added_answers(monkeypatch):
    """moto counts (``DescribeTable``) and scans by iterating the partitions, while other threads add
    partitions: the iteration goes over a snapshot, so a write in the middle neither fails it nor
    shows up in it (moto's own dict raises "changed size during iteration" there)."""
    use_compact_tables(monkeypatch, live_items=100)
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        table = fresh_table(client)
        for pk in ("a", "b"):
            client.put_item(TableName="compact", Item=typed(pk=pk, sk="1"))

        seen = []
        for hash_key, _partition in table.items.items():
            seen.append(hash_key.value)
            table.put_item(typed(pk=f"added-after-{hash_key.value}", sk="1"))

        assert seen == ["a", "b"]
        assert len(table) == 4
        assert client.describe_table(TableName="compact")["Table"]["ItemCount"] == 4
        assert len(client.scan(TableName="compact")["Items"]) == 4


def test_a_restored_backup_is_a_copy_of_its_own(monkeypatch):
    """moto copies a table's items for a backup and again for a restore: each copy is a store of its
    own in the item file, items still live in the original included."""
    use_compact_tables(monkeypatch, live_items=3)
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        fresh_table(client)
        for n in range(6):
            client.put_item(TableName="compact", Item=typed(pk=f"p{n % 2}", sk=str(n), n=n))
        backup = client.create_backup(TableName="compact", BackupName="before-the-changes")["BackupDetails"][
            "BackupArn"
        ]
        client.restore_table_from_backup(TargetTableName="restored", BackupArn=backup)
        client.delete_item(TableName="compact", Key=typed(pk="p0", sk="0"))
        client.put_item(TableName="compact", Item=typed(pk="p9", sk="9", n=9))

        restored = client.scan(TableName="restored")["Items"]
        original = client.scan(TableName="compact")["Items"]

    assert sorted(int(item["n"]["N"]) for item in restored) == [0, 1, 2, 3, 4, 5]
    assert sorted(int(item["n"]["N"]) for item in original) == [1, 2, 3, 4, 5, 9]
