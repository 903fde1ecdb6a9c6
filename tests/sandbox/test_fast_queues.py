"""The sandbox's SQS retention check (sandbox/fast_queues.py) against moto's own: which messages a
receive hands out, before and after they outlive their queue's retention period, must not change."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core import DEFAULT_ACCOUNT_ID
from moto.sqs import models as moto_sqs
from moto.sqs.models import Message, Queue, SQSBackend, sqs_backends

from sandbox import fast_queues
from sandbox.emulator import REGION
from tests.sandbox.moto_environment import point_boto3_at_moto

MOTO = SQSBackend.is_message_valid_based_on_retention_period
IMPLEMENTATIONS = {"moto": MOTO, "ours": fast_queues.message_within_retention}


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    point_boto3_at_moto(monkeypatch)


def backend() -> SQSBackend:
    return sqs_backends[DEFAULT_ACCOUNT_ID][REGION]


def age(queue_name: str, body: str, seconds: float) -> None:
    """Makes the queued message with ``body`` look sent ``seconds`` ago."""
    [message] = [m for m in backend().get_queue(queue_name)._messages if m.body == body]
    message.sent_timestamp = int(moto_sqs.unix_time_millis() - seconds * 1000)


def scenario() -> list[Any]:
    """Receives from a standard and a FIFO queue, a retention period set at creation and one changed
    later, with messages aged past it or not: the bodies each receive hands out, in order."""
    sqs = boto3.client("sqs", region_name=REGION)
    received: list[Any] = []

    def receive(url: str) -> None:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, VisibilityTimeout=30)
        received.append([m["Body"] for m in messages.get("Messages", [])])

    short = sqs.create_queue(QueueName="short", Attributes={"MessageRetentionPeriod": "60"})["QueueUrl"]
    changed = sqs.create_queue(QueueName="changed")["QueueUrl"]  # four days, then a minute
    fifo = sqs.create_queue(
        QueueName="short.fifo",
        Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true", "MessageRetentionPeriod": "60"},
    )["QueueUrl"]
    for body in ("fresh-1", "old", "fresh-2", "just-in", "fresh-3"):
        sqs.send_message(QueueUrl=short, MessageBody=body)
        sqs.send_message(QueueUrl=changed, MessageBody=body)
        sqs.send_message(QueueUrl=fifo, MessageBody=body, MessageGroupId=body)
    for name in ("short", "changed", "short.fifo"):
        age(name, "old", 61)
        age(name, "just-in", 55)
    receive(changed)  # four days' retention: all of them
    sqs.purge_queue(QueueUrl=changed)
    for body in ("fresh-1", "old", "fresh-2"):
        sqs.send_message(QueueUrl=changed, MessageBody=body)
    age("changed", "old", 61)
    sqs.set_queue_attributes(QueueUrl=changed, Attributes={"MessageRetentionPeriod": "60"})
    for url in (short, changed, fifo):
        receive(url)  # moto stops at the expired message (and keeps it in flight)
        receive(url)  # the rest, after it
        receive(url)  # nothing left to hand out
    return received


@pytest.mark.parametrize("implementation", IMPLEMENTATIONS)
def test_receives_hand_out_the_same_messages(monkeypatch, implementation):
    monkeypatch.setattr(
        SQSBackend, "is_message_valid_based_on_retention_period", IMPLEMENTATIONS[implementation]
    )

    with mock_aws():
        received = scenario()

    assert received == [
        ["fresh-1", "old", "fresh-2", "just-in", "fresh-3"],  # within four days
        ["fresh-1"],
        ["fresh-2", "just-in", "fresh-3"],
        [],
        ["fresh-1"],
        ["fresh-2"],
        [],
        ["fresh-1"],
        ["fresh-2", "just-in", "fresh-3"],
        [],
    ]


def test_the_retention_boundary_is_moto_s(monkeypatch):
    """At a frozen clock, a message sent exactly ``retention`` seconds ago (offset 0) and those just
    either side of it are kept or dropped as moto keeps or drops them."""
    now = 1_750_000_000.25
    monkeypatch.setattr(moto_sqs, "unix_time", lambda: now)
    monkeypatch.setattr(fast_queues, "unix_time", lambda: now)
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        for retention in (0, 1, 60, 345_600):
            sqs.create_queue(
                QueueName=f"edge-{retention}", Attributes={"MessageRetentionPeriod": str(retention)}
            )
            for offset in (-2.0, -0.001, 0.0, 0.0005, 0.001, 1.0):
                message = Message("id", "body")
                message.sent_timestamp = int((now - retention + offset) * 1000)
                verdicts = {
                    name: check(backend(), f"edge-{retention}", message)
                    for name, check in IMPLEMENTATIONS.items()
                }

                assert verdicts["ours"] == verdicts["moto"], (retention, offset)
                # kept while younger than the retention (sent times are whole milliseconds)
                assert verdicts["moto"] == (offset > 0.0005), (retention, offset)


def test_installing_swaps_the_backend_method_and_importing_does_not(monkeypatch):
    method: Callable[..., bool] = SQSBackend.is_message_valid_based_on_retention_period
    assert method is MOTO
    monkeypatch.setattr(SQSBackend, "is_message_valid_based_on_retention_period", MOTO)
    for name in fast_queues.QUEUE_WALKS:  # whatever install swaps in is undone after the test
        monkeypatch.setattr(Queue, name, getattr(Queue, name))
    monkeypatch.setattr(moto_sqs, "unix_time", moto_sqs.unix_time)
    monkeypatch.setattr(moto_sqs, "unix_time_millis", moto_sqs.unix_time_millis)

    fast_queues.install()

    assert SQSBackend.is_message_valid_based_on_retention_period is fast_queues.message_within_retention


def test_the_queue_walks_count_and_list_what_moto_s_do(monkeypatch):
    """Visible, in flight and delayed messages on a standard queue, counted and listed at one instant by
    moto's ``Queue`` properties and by ours."""
    now = 1_750_000_000_000.0  # milliseconds
    monkeypatch.setattr(moto_sqs, "unix_time_millis", lambda dt=None: now)
    monkeypatch.setattr(fast_queues, "unix_time_millis", lambda dt=None: now)
    queue = Queue("walked", "123456789012", REGION)
    for index, (visible_at, delayed_until) in enumerate(
        [(now - 1, 0), (now, 0), (now + 1, 0), (now - 5, now + 1), (now - 5, now), (now + 9, now + 9)]
    ):
        message = Message(f"m{index}", "body")
        message.visible_at, message.delayed_until = visible_at, delayed_until
        queue._messages.append(message)

    for name, walk in fast_queues.QUEUE_WALKS.items():
        assert walk(queue) == getattr(queue, name), name
    assert [m.id for m in fast_queues.visible_messages(queue)] == ["m0", "m4"]
