"""The sandbox's pump (sandbox/events.py) playing Lambda's SQS event source mapping on moto: batches
up to the consumer's batch size, every message delivered once, partial batch failures and failed
invocations leaving exactly their messages for redelivery."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from core.catalog import FunctionSpec
from sandbox import events
from sandbox.emulator import REGION
from sandbox.events import LocalQueue, Pump, sqs_event
from tests.sandbox.moto_environment import point_boto3_at_moto

FUNCTION = FunctionSpec(name="FakeConsumer", handler="nowhere.handler", description="records its batches")
VISIBILITY_SECONDS = 3  # a batch gathered on a loaded machine must not see its first messages come back


class Consumer:
    """A stand-in for ``sandbox.events.invoke``: records each batch's message bodies and answers with
    ``failing`` (bodies whose messages it reports as failed) or raises when ``raising``."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.failing: set[str] = set()
        self.raising = False
        self.strangers: list[str] = []  # identifiers reported as failed that name no message of the batch

    def __call__(self, function: FunctionSpec, event: dict[str, Any]) -> Any:
        assert function is FUNCTION
        records = event["Records"]
        self.batches.append([record["body"] for record in records])
        if self.raising:
            raise RuntimeError("the function failed")
        failures = [{"itemIdentifier": r["messageId"]} for r in records if r["body"] in self.failing]
        return {"batchItemFailures": failures + [{"itemIdentifier": name} for name in self.strangers]}

    @property
    def delivered(self) -> list[str]:
        return [body for batch in self.batches for body in batch]


class CountingSqs:
    """An SQS client that records the entries of each DeleteMessageBatch."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.deleted_batches: list[int] = []

    def delete_message_batch(self, **request: Any) -> Any:
        self.deleted_batches.append(len(request["Entries"]))
        return self._client.delete_message_batch(**request)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


@pytest.fixture
def consumer(monkeypatch: pytest.MonkeyPatch) -> Consumer:
    point_boto3_at_moto(monkeypatch)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    fake = Consumer()
    monkeypatch.setattr(events, "invoke", fake)
    return fake


@pytest.fixture
def sqs(consumer: Consumer) -> Iterator[CountingSqs]:
    with mock_aws():
        yield CountingSqs(boto3.client("sqs", region_name=REGION))


@pytest.fixture
def queue(sqs: CountingSqs) -> LocalQueue:
    url = sqs.create_queue(QueueName="pumped", Attributes={"VisibilityTimeout": str(VISIBILITY_SECONDS)})
    arn = sqs.get_queue_attributes(QueueUrl=url["QueueUrl"], AttributeNames=["QueueArn"])["Attributes"]
    return LocalQueue(url=url["QueueUrl"], arn=arn["QueueArn"], dlq_url="")


def send(sqs: CountingSqs, queue: LocalQueue, count: int) -> list[str]:
    bodies = [f"m{index:02}" for index in range(count)]
    for start in range(0, count, 10):
        entries = [{"Id": body, "MessageBody": body} for body in bodies[start : start + 10]]
        sqs.send_message_batch(QueueUrl=queue.url, Entries=entries)
    return bodies


def pump_once(sqs: CountingSqs, queue: LocalQueue, batch_size: int) -> int:
    """One turn of the pump's loop (without its thread): the next batch, delivered. Its size."""
    messages = Pump._next_batch(sqs, queue, batch_size)
    if messages:
        Pump()._deliver(sqs, FUNCTION, queue, messages, lambda batch: sqs_event(batch, queue.arn))
    return len(messages)


def on_queue(sqs: CountingSqs, queue: LocalQueue) -> int:
    """Messages on the queue, visible or in flight."""
    attributes = sqs.get_queue_attributes(
        QueueUrl=queue.url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def redelivered(sqs: CountingSqs, queue: LocalQueue, expected: int) -> list[str]:
    """The bodies that come back once the visibility timeout has passed (waiting at most twice it)."""
    bodies: list[str] = []
    deadline = time.monotonic() + 2 * VISIBILITY_SECONDS + 1
    while len(bodies) < expected and time.monotonic() < deadline:
        received = sqs.receive_message(QueueUrl=queue.url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        bodies += [message["Body"] for message in received.get("Messages", [])]
    return sorted(bodies)


def test_a_batch_gathers_up_to_the_batch_size(sqs, queue, consumer):
    """37 messages and a batch size of 50: one batch of 37 (four receives of at most ten)."""
    bodies = send(sqs, queue, 37)

    assert pump_once(sqs, queue, 50) == 37
    assert pump_once(sqs, queue, 50) == 0

    assert [len(batch) for batch in consumer.batches] == [37]
    assert sorted(consumer.delivered) == bodies
    assert sqs.deleted_batches == [10, 10, 10, 7]
    assert on_queue(sqs, queue) == 0


def test_a_batch_size_of_ten_stays_at_ten(sqs, queue, consumer):
    bodies = send(sqs, queue, 37)

    while pump_once(sqs, queue, 10):
        pass

    assert [len(batch) for batch in consumer.batches] == [10, 10, 10, 7]
    assert sorted(consumer.delivered) == bodies  # each once
    assert on_queue(sqs, queue) == 0


def test_a_small_batch_size_is_respected(sqs, queue, consumer):
    send(sqs, queue, 7)

    while pump_once(sqs, queue, 3):
        pass

    assert [len(batch) for batch in consumer.batches] == [3, 3, 1]


def test_reported_failures_stay_on_the_queue_and_the_rest_are_deleted(sqs, queue, consumer):
    bodies = send(sqs, queue, 25)
    consumer.failing = {"m03", "m11", "m24"}

    assert pump_once(sqs, queue, 50) == 25

    assert sqs.deleted_batches == [10, 10, 2]
    assert on_queue(sqs, queue) == 3
    assert redelivered(sqs, queue, 3) == sorted(consumer.failing)
    assert sorted(consumer.delivered) == bodies


def test_a_function_that_raises_leaves_the_whole_batch(sqs, queue, consumer):
    bodies = send(sqs, queue, 12)
    consumer.raising = True

    assert pump_once(sqs, queue, 50) == 12

    assert sqs.deleted_batches == []
    assert on_queue(sqs, queue) == 12
    assert redelivered(sqs, queue, 12) == bodies


def test_a_failure_naming_no_message_of_the_batch_fails_all_of_it(sqs, queue, consumer):
    """Lambda's rule: an ``itemIdentifier`` that is not one of the batch's message ids fails the batch."""
    bodies = send(sqs, queue, 5)
    consumer.strangers = ["not-a-message-of-this-batch"]

    assert pump_once(sqs, queue, 50) == 5

    assert sqs.deleted_batches == []
    assert redelivered(sqs, queue, 5) == bodies


def test_the_running_pump_delivers_every_message_once(sqs, queue, consumer):
    """The pump's own thread and client, as the sandbox runs it."""
    bodies = send(sqs, queue, 37)
    pump = Pump()
    pump.consume(FUNCTION, queue, 50)
    try:
        deadline = time.monotonic() + 4
        while len(consumer.delivered) < 37 and time.monotonic() < deadline:
            time.sleep(0.02)
    finally:
        pump.stop()

    assert [len(batch) for batch in consumer.batches] == [37]
    assert sorted(consumer.delivered) == bodies
    assert on_queue(sqs, queue) == 0
