"""The sandbox's bounded DynamoDB streams (sandbox/bounded_streams.py): with a small bound, a stream
holds only the newest records, numbered without gaps or repeats across trims, and a stream reader
through boto3 still reads them — also after a transaction that trimmed the stream was undone."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.dynamodb.models import DynamoDBBackend, dynamodb_backends
from moto.dynamodb.models.table import StreamRecord, StreamShard

from sandbox import bounded_streams, fast_transactions
from sandbox.emulator import REGION
from tests.sandbox.moto_environment import point_boto3_at_moto
from tests.sandbox.transaction_corpus import typed

TABLE = "cc-streams-test"
BOUND = 10
CEILING = BOUND + BOUND // 2  # the shard trims back to BOUND once it reaches this


@pytest.fixture
def ours(monkeypatch: pytest.MonkeyPatch) -> None:
    point_boto3_at_moto(monkeypatch)
    monkeypatch.setattr(bounded_streams, "MAX_RECORDS", BOUND)
    monkeypatch.setattr(StreamShard, "add", bounded_streams.add)
    monkeypatch.setattr(StreamShard, "get", bounded_streams.get)
    monkeypatch.setattr(StreamRecord, "record", bounded_streams.EncodedRecord(), raising=False)


def create_table(client: Any, view: str) -> None:
    keys = ("pk", "HASH"), ("sk", "RANGE")
    client.create_table(
        TableName=TABLE,
        BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": name, "KeyType": kind} for name, kind in keys],
        AttributeDefinitions=[{"AttributeName": name, "AttributeType": "S"} for name, _ in keys],
        StreamSpecification={"StreamEnabled": True, "StreamViewType": view},
    )


@pytest.fixture
def dynamodb(ours: None) -> Iterator[Any]:
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        create_table(client, "NEW_AND_OLD_IMAGES")
        yield client


def shard() -> StreamShard:
    backend: DynamoDBBackend = dynamodb_backends[DEFAULT_ACCOUNT_ID][REGION]
    stream_shard = backend.get_table(TABLE).stream_shard
    assert stream_shard is not None
    return stream_shard


def numbers(stream_shard: StreamShard) -> list[int]:
    return [int(record.record["dynamodb"]["SequenceNumber"]) for record in stream_shard.items]


def assert_numbered_from_the_start(stream_shard: StreamShard) -> None:
    """What moto's readers rely on: the record at index i has sequence number start + i."""
    start = stream_shard.starting_sequence_number
    assert numbers(stream_shard) == list(range(start, start + len(stream_shard.items)))


def put(client: Any, index: int) -> None:
    client.put_item(TableName=TABLE, Item=typed(pk=f"p{index % 3}", sk=f"s{index}", n=index))


def streams_reader(client: Any) -> tuple[Any, str, str]:
    """A dynamodbstreams client, the table's stream ARN and its shard's id."""
    streams = boto3.client("dynamodbstreams", region_name=REGION)
    arn = client.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    [only_shard] = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"]
    return streams, arn, only_shard["ShardId"]


def read(streams: Any, arn: str, shard_id: str, kind: str, number: int | None = None) -> list[Any]:
    position = {"SequenceNumber": str(number)} if number is not None else {}
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType=kind, **position)
    return streams.get_records(ShardIterator=iterator["ShardIterator"])["Records"]


def test_the_shard_keeps_the_newest_records_numbered_in_order(dynamodb):
    first = shard().starting_sequence_number
    newest: list[int] = []
    for index in range(100):
        put(dynamodb, index)
        stream_shard = shard()
        assert len(stream_shard.items) <= CEILING
        assert_numbered_from_the_start(stream_shard)
        newest.append(numbers(stream_shard)[-1])
        assert stream_shard.items[-1].record["dynamodb"]["NewImage"]["n"] == {"N": str(index)}

    assert newest == list(range(first, first + 100))  # one number per write, across every trim
    assert BOUND <= len(shard().items) <= CEILING
    kept = [int(record.record["dynamodb"]["NewImage"]["n"]["N"]) for record in shard().items]
    assert kept == list(range(100 - len(kept), 100))


def test_records_are_kept_encoded_in_a_fraction_of_moto_s_memory_and_read_back_whole(dynamodb):
    record = typed(pk="p", sk="s", **{f"field{n}": f"value {n} of a license record" for n in range(25)})
    dynamodb.put_item(TableName=TABLE, Item=record)
    dynamodb.put_item(TableName=TABLE, Item={**record, "field0": {"S": "changed"}})
    newest = shard().items[-1]

    decoded = newest.record
    assert newest.to_json() == decoded and newest.record is not decoded  # a copy per read
    assert decoded["eventName"] == "MODIFY"
    assert decoded["dynamodb"]["OldImage"] == record
    assert decoded["dynamodb"]["NewImage"]["field0"] == {"S": "changed"}
    assert "record" not in vars(newest)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    copy_of_moto_s = newest.record
    moto_s_size = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert copy_of_moto_s and len(vars(newest)["encoded_record"]) * 4 < moto_s_size


def test_moto_keeps_every_record(monkeypatch):
    """What the bound is for (and what this test module would not see without it)."""
    monkeypatch.setattr(bounded_streams, "MAX_RECORDS", BOUND)
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        create_table(client, "NEW_IMAGE")
        for index in range(3 * CEILING):
            put(client, index)
        assert len(shard().items) == 3 * CEILING


def test_a_reader_reads_the_kept_records(dynamodb):
    for index in range(37):
        put(dynamodb, index)
    streams, arn, shard_id = streams_reader(dynamodb)
    kept = numbers(shard())
    description = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]

    assert int(description["SequenceNumberRange"]["StartingSequenceNumber"]) == kept[0]
    assert [
        int(r["dynamodb"]["SequenceNumber"]) for r in read(streams, arn, shard_id, "TRIM_HORIZON")
    ] == kept
    middle = kept[len(kept) // 2]
    at = read(streams, arn, shard_id, "AT_SEQUENCE_NUMBER", middle)
    after = read(streams, arn, shard_id, "AFTER_SEQUENCE_NUMBER", middle)
    assert [int(r["dynamodb"]["SequenceNumber"]) for r in at] == [n for n in kept if n >= middle]
    assert [int(r["dynamodb"]["SequenceNumber"]) for r in after] == [n for n in kept if n > middle]
    assert at[0]["dynamodb"]["NewImage"]["n"] == {"N": str(37 - len(kept) + len(kept) // 2)}

    latest = streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType="LATEST")
    page = streams.get_records(ShardIterator=latest["ShardIterator"])
    assert page["Records"] == []
    start = shard().starting_sequence_number
    for index in range(37, 37 + BOUND):  # the shard trims again, keeping at least these
        put(dynamodb, index)
    assert shard().starting_sequence_number > start
    page = streams.get_records(ShardIterator=page["NextShardIterator"])
    assert [r["dynamodb"]["NewImage"]["n"]["N"] for r in page["Records"]] == [
        str(index) for index in range(37, 37 + BOUND)
    ]


def test_reading_a_dropped_record_is_dynamodb_s_trimmed_data_error(dynamodb):
    """DynamoDB answers a reader behind the trim point with TrimmedDataAccessException; moto's shard
    would fail an assertion (an internal error) on a record the bound dropped."""
    streams, arn, shard_id = streams_reader(dynamodb)
    put(dynamodb, 0)
    horizon = streams.get_shard_iterator(StreamArn=arn, ShardId=shard_id, ShardIteratorType="TRIM_HORIZON")
    dropped = numbers(shard())[0]
    for index in range(1, 2 * CEILING):
        put(dynamodb, index)
    assert numbers(shard())[0] > dropped

    for attempt in (
        lambda: streams.get_records(ShardIterator=horizon["ShardIterator"]),
        lambda: read(streams, arn, shard_id, "AT_SEQUENCE_NUMBER", dropped),
    ):
        with pytest.raises(ClientError) as refused:
            attempt()
        assert refused.value.response["Error"]["Code"] == "TrimmedDataAccessException"
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert read(streams, arn, shard_id, "TRIM_HORIZON")[0]["dynamodb"]["SequenceNumber"] == str(
        numbers(shard())[0]
    )


def test_an_undone_transaction_that_trimmed_leaves_the_stream_numbered(dynamodb, monkeypatch):
    """The sandbox's transactions cut a cancelled transaction's records off the list the stream had
    before it; when one of its writes trimmed the stream in between, the stream's starting number must
    go back with the list, or every record after is read at the wrong position."""
    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", fast_transactions.transact_write_items)
    for index in range(CEILING - 1):
        put(dynamodb, index)
    before = [record.record for record in shard().items]
    writes = [{"Put": {"TableName": TABLE, "Item": typed(pk="t", sk=f"s{i}")}} for i in range(3)]
    missing = typed(pk="t", sk="none")
    failing = {
        "ConditionCheck": {"TableName": TABLE, "Key": missing, "ConditionExpression": "attribute_exists(pk)"}
    }

    with pytest.raises(ClientError, match="TransactionCanceled"):
        dynamodb.transact_write_items(TransactItems=[*writes, failing])

    assert [record.record for record in shard().items] == before
    assert_numbered_from_the_start(shard())
    put(dynamodb, 100)
    assert_numbered_from_the_start(shard())
    streams, arn, shard_id = streams_reader(dynamodb)
    records = read(streams, arn, shard_id, "TRIM_HORIZON")
    assert [r["dynamodb"]["SequenceNumber"] for r in records] == [str(n) for n in numbers(shard())]
    assert records[-1]["dynamodb"]["NewImage"]["n"] == {"N": "100"}


def test_installing_swaps_the_shard_methods_and_importing_does_not(monkeypatch):
    assert StreamShard.add is bounded_streams._moto_add
    assert StreamShard.get is bounded_streams._moto_get
    assert "record" not in vars(StreamRecord)
    monkeypatch.setattr(StreamShard, "add", StreamShard.add)
    monkeypatch.setattr(StreamShard, "get", StreamShard.get)
    monkeypatch.setattr(StreamRecord, "record", None, raising=False)

    bounded_streams.install()

    assert StreamShard.add is bounded_streams.add
    assert StreamShard.get is bounded_streams.get
    assert isinstance(vars(StreamRecord)["record"], bounded_streams.EncodedRecord)
