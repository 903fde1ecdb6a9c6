"""The sandbox's ``TransactWriteItems`` (sandbox/fast_transactions.py) against moto's own: the same corpus
of requests, sent through boto3 to ``mock_aws`` once with each, must get the same answers (result, error
code and message, cancellation reasons in order, items returned on failed conditions) and leave the same
tables behind after every request — items, the empty partitions moto's reads leave, and stream records."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from botocore.exceptions import ClientError
from moto.dynamodb.exceptions import MultipleTransactionsException
from moto.dynamodb.models import DynamoDBBackend
from moto.dynamodb.models.dynamo_type import DynamoType, Item
from moto.dynamodb.models.table import Table

from sandbox import fast_transactions
from tests.sandbox.moto_environment import moto_dynamodb, point_boto3_at_moto
from tests.sandbox.transaction_corpus import (
    COUNTERS,
    PROVIDERS,
    Case,
    delete,
    generated_cases,
    put,
    seed_items,
    table_definitions,
    transaction,
    typed,
    written_cases,
)

GENERATED = 300
CORPUS = [*written_cases(), *generated_cases(GENERATED, seed=12)]

Observation = tuple[Any, dict[str, Any]]
"""What a request got back, and every table's contents after it."""


@pytest.fixture
def ours(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sandbox's implementation, for this test only."""
    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", fast_transactions.transact_write_items)


@contextmanager
def seeded() -> Iterator[tuple[Any, DynamoDBBackend]]:
    """Fresh tables on moto with the corpus's seed items: a client, and the backend to look inside."""
    with moto_dynamodb(table_definitions(), seed_items()) as seeded_moto:
        yield seeded_moto


def run(cases: list[Case]) -> list[Observation]:
    """Every case in order on fresh seeded tables, observed after each."""
    with seeded() as (client, backend):
        return [(answer(client, case), tables_of(backend)) for case in cases]


def seeded_tables() -> dict[str, Any]:
    with seeded() as (_client, backend):
        return tables_of(backend)


def answer(client: Any, case: Case) -> Any:
    try:
        response = client.transact_write_items(**case.request)
    except ClientError as error:
        return {
            "status": error.response["ResponseMetadata"]["HTTPStatusCode"],
            "error": error.response["Error"],
            "reasons": error.response.get("CancellationReasons"),
        }
    return {key: value for key, value in response.items() if key != "ResponseMetadata"}


def tables_of(backend: DynamoDBBackend) -> dict[str, Any]:
    return {name: contents_of(table) for name, table in backend.tables.items()}


def contents_of(table: Table) -> dict[str, Any]:
    """Items by key as stored (a table with a sort key keeps partitions, empty ones included) and the
    stream's records without their random id, clock time and size (which counts the clock time)."""
    if table.range_key_attr is None:
        items: dict[str, Any] = {_key(hash_key): _attributes(item) for hash_key, item in table.items.items()}
    else:
        items = {
            _key(hash_key): {_key(range_key): _attributes(item) for range_key, item in partition.items()}
            for hash_key, partition in table.items.items()
        }
    stream = []
    if table.stream_shard is not None:
        for record in table.stream_shard.items:
            dynamodb = dict(record.record["dynamodb"])
            for varying in ("ApproximateCreationDateTime", "SizeBytes"):
                dynamodb.pop(varying)
            stream.append({"eventName": record.record["eventName"], "dynamodb": dynamodb})
    return {"items": items, "stream": stream}


def _key(value: DynamoType) -> str:
    return json.dumps(value.to_json(), sort_keys=True)


def _attributes(item: Item) -> dict[str, Any]:
    return item.to_json()["Attributes"]


@pytest.fixture(scope="module")
def moto_observations() -> list[Observation]:
    """The corpus through moto's own implementation, once for the module (it copies whole tables)."""
    with pytest.MonkeyPatch.context() as patch:
        point_boto3_at_moto(patch)
        return run(CORPUS)


def test_every_request_gets_the_same_answer_and_leaves_the_same_tables(
    moto_observations, aws_environment, ours
):
    """Stops at the first case that differs, named, with both observations."""
    for case, theirs, mine in zip(CORPUS, moto_observations, run(CORPUS), strict=True):
        assert mine == theirs, case.name


def test_installing_swaps_the_backend_method_and_importing_does_not(monkeypatch):
    """Only ``install`` (called by ``start_emulator``, in the sandbox's own process) changes moto."""
    assert DynamoDBBackend.transact_write_items is not fast_transactions.transact_write_items
    monkeypatch.setattr(DynamoDBBackend, "transact_write_items", DynamoDBBackend.transact_write_items)

    fast_transactions.install()

    assert DynamoDBBackend.transact_write_items is fast_transactions.transact_write_items


def outcome(answer: dict[str, Any]) -> str:
    """The answer's kind: succeeded, cancelled, or the refusal's code and message."""
    if "error" not in answer:
        return "succeeded"
    if answer["reasons"]:
        return "cancelled"
    return f"{answer['error']['Code']}: {answer['error']['Message']}"


def test_the_corpus_meets_every_outcome(moto_observations):
    """A differential test proves only what its corpus reaches: successes, each kind of cancellation
    reason (with and without the item), and each refusal — in the written cases, and successes,
    cancellations and collisions in the generated ones."""
    answers = [answer for answer, _ in moto_observations]
    reasons = {
        (reason["Code"], "Item" in reason) for answer in answers for reason in answer.get("reasons") or []
    }
    refusals = {outcome(answer) for answer in answers} - {"succeeded", "cancelled"}
    generated = Counter(outcome(answer) for answer in answers[-GENERATED:])

    assert reasons == {
        ("None", False),
        ("ConditionalCheckFailed", True),
        ("ConditionalCheckFailed", False),
        ("ResourceNotFoundException", False),
        ("ValidationException", False),
    }
    assert {refusal.split(":")[0] for refusal in refusals} == {
        "ValidationException",
        "ResourceNotFoundException",
    }
    for refused in ("multiple operations on one item", "less than or equal to 100", "only contain one of"):
        assert any(refused in refusal for refusal in refusals), refused
    assert len(refusals) >= 10
    assert generated["succeeded"] > GENERATED // 5 and generated["cancelled"] > GENERATED // 5
    assert generated[f"ValidationException: {MultipleTransactionsException.msg}"] > 0


LATE_SECOND_OPERATION = transaction(
    "an entry naming two operations, after a put",
    put(PROVIDERS, typed(pk="late", sk="a")),
    {**put(COUNTERS, typed(id=500)), **delete(COUNTERS, typed(id=501))},
)
TWO_OPERATIONS = {
    "Code": "ValidationException",
    "Message": "TransactItems can only contain one of Check, Put, Update or Delete",
}


def test_an_entry_naming_two_operations_undoes_the_entries_before_it(aws_environment, ours):
    """The one deliberate difference from moto (next test): the entry is refused with moto's error, and
    the tables are left as they were, as DynamoDB leaves them."""
    [(refused, tables)] = run([LATE_SECOND_OPERATION])

    assert refused["error"] == TWO_OPERATIONS
    assert tables == seeded_tables()


def test_moto_leaves_the_entries_before_an_entry_naming_two_operations_applied(aws_environment):
    """Reported upstream (docs/moto-transact-write-items.md). When this fails, moto has fixed it: the
    difference above is gone and its mention in sandbox/fast_transactions.py can go too."""
    [(refused, tables)] = run([LATE_SECOND_OPERATION])

    assert refused["error"] == TWO_OPERATIONS
    assert tables != seeded_tables()
    assert '{"S": "late"}' in tables[PROVIDERS]["items"]
