"""The sandbox's SQS changes (sandbox/fast_queues.py) against moto's own: which messages sends,
receives and deletes hand out, keep or refuse, around the retention period too, must not change."""

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


def install_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    """``fast_queues.install()``, undone after the test."""
    for name in ("is_message_valid_based_on_retention_period", "send_message"):
        monkeypatch.setattr(SQSBackend, name, getattr(SQSBackend, name))
    for name in ("attributes", "delete_message", *fast_queues.QUEUE_WALKS):
        monkeypatch.setattr(Queue, name, Queue.__dict__[name])
    monkeypatch.setattr(moto_sqs, "unix_time", moto_sqs.unix_time)
    monkeypatch.setattr(moto_sqs, "unix_time_millis", moto_sqs.unix_time_millis)
    fast_queues.install()


def test_installing_swaps_the_backend_method_and_importing_does_not(monkeypatch):
    method: Callable[..., bool] = SQSBackend.is_message_valid_based_on_retention_period
    assert method is MOTO

    install_ours(monkeypatch)

    assert SQSBackend.is_message_valid_based_on_retention_period is fast_queues.message_within_retention


def sends_receives_and_deletes() -> list[Any]:
    """Sends to a standard queue and to FIFO queues with and without content-based deduplication
    (duplicates among them), receives, re-receives after the visibility timeout, deletes by current,
    old, repeated and unknown handles, and reads the counts: what each call answered."""
    sqs = boto3.client("sqs", region_name=REGION)
    seen: list[Any] = []
    standard = sqs.create_queue(QueueName="standard")["QueueUrl"]
    by_content = sqs.create_queue(
        QueueName="content.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"}
    )["QueueUrl"]
    by_id = sqs.create_queue(QueueName="ids.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    for body in ("a", "b", "a", "c"):
        sqs.send_message(QueueUrl=standard, MessageBody=body)
        sqs.send_message(QueueUrl=by_content, MessageBody=body, MessageGroupId="g")
        sqs.send_message(QueueUrl=by_id, MessageBody=body, MessageGroupId=body, MessageDeduplicationId=body)
    sqs.send_message_batch(
        QueueUrl=standard, Entries=[{"Id": str(i), "MessageBody": f"batch-{i}"} for i in range(5)]
    )
    for url in (standard, by_content, by_id):
        counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]
        seen.append({k: v for k, v in counts.items() if k.startswith("Approximate")})
        first = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=2, VisibilityTimeout=0)["Messages"]
        again = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=2, VisibilityTimeout=30)["Messages"]
        seen.append([(m["Body"], m["MD5OfBody"]) for m in first + again])
        handles = [m["ReceiptHandle"] for m in first + again] + ["unknown"]
        deleted = sqs.delete_message_batch(
            QueueUrl=url, Entries=[{"Id": str(i), "ReceiptHandle": h} for i, h in enumerate(handles)]
        )
        seen.append((sorted(e["Id"] for e in deleted.get("Successful", [])), deleted.get("Failed")))
        sqs.delete_message(QueueUrl=url, ReceiptHandle=first[0]["ReceiptHandle"])  # again: succeeds
        rest = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1)
        seen.append(sorted(m["Body"] for m in rest.get("Messages", [])))
        counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
        seen.append(counts["Attributes"])
    return seen


def test_sends_receives_and_deletes_answer_as_moto_s(monkeypatch):
    with mock_aws():
        moto_answers = sends_receives_and_deletes()
    install_ours(monkeypatch)
    with mock_aws():
        our_answers = sends_receives_and_deletes()

    assert our_answers == moto_answers
    assert moto_answers[2][1][0]["Code"] == "ReceiptHandleIsInvalid"  # the unknown handle, and only it
    assert len(moto_answers[2][1]) == 1


def test_a_send_does_not_count_the_queue(monkeypatch):
    install_ours(monkeypatch)

    def refuse(queue: Queue) -> int:
        raise AssertionError("counted the queue")

    for name in ("approximate_number_of_messages", "approximate_number_of_messages_not_visible"):
        monkeypatch.setattr(Queue, name, property(refuse))
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="long")["QueueUrl"]
        sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": "1", "MessageBody": "x"}])
        fifo = sqs.create_queue(
            QueueName="long.fifo", Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "true"}
        )["QueueUrl"]
        sqs.send_message(QueueUrl=fifo, MessageBody="x", MessageGroupId="g")
        sqs.send_message(QueueUrl=fifo, MessageBody="x", MessageGroupId="g")  # a duplicate by content

        with pytest.raises(AssertionError, match="counted"):
            sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["All"])
        assert len(backend().get_queue("long.fifo")._messages) == 1


def test_a_queue_remembers_its_latest_deletes(monkeypatch):
    """A repeated delete succeeds for the latest ``REMEMBERED_DELETES`` deleted messages; an older
    handle is as unknown as one never handed out."""
    install_ours(monkeypatch)
    monkeypatch.setattr(fast_queues, "REMEMBERED_DELETES", 3)
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="forgetful")["QueueUrl"]
        for body in "abcde":
            sqs.send_message(QueueUrl=url, MessageBody=body)
        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=5)["Messages"]
        handles = [m["ReceiptHandle"] for m in received]
        for handle in handles:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)

        for handle in handles[-3:]:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=handle)
        with pytest.raises(sqs.exceptions.ReceiptHandleIsInvalid):
            sqs.delete_message(QueueUrl=url, ReceiptHandle=handles[1])


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
        ours, moto_s = walk(queue), getattr(queue, name)
        if name == "messages":  # read as moto's readers read it: iterated, tested for emptiness, counted
            assert (list(ours), bool(ours), len(ours)) == (moto_s, bool(moto_s), len(moto_s))
        else:
            assert ours == moto_s, name
    assert [m.id for m in fast_queues.visible_messages(queue)] == ["m0", "m4"]
    assert not fast_queues.visible_messages(Queue("empty", "123456789012", REGION))
