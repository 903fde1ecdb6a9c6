"""SQS message bodies kept in the item file (sandbox/spilled_bodies.py): every SQS answer is moto's, a
queued message holds no body in memory, and a body's row goes once no message holds it."""

from __future__ import annotations

import gc
import json
import tracemalloc
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.core.common_models import BaseModel
from moto.sqs.models import Message, sqs_backends

from sandbox import spilled_bodies, untracked_models
from sandbox.emulator import REGION
from tests.sandbox.moto_environment import point_boto3_at_moto

BODIES = [
    "x",
    "ünïcödé ✓ and an emoji 🚀",
    json.dumps({"ssn": "123-45-6789", "rows": list(range(50))}),
    "<xml attr='1'>&amp;</xml>\t\r\n",
    "z" * 262_144,  # SQS's largest body
]


@pytest.fixture(autouse=True)
def aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    point_boto3_at_moto(monkeypatch)
    monkeypatch.setattr(BaseModel, "__new__", BaseModel.__dict__["__new__"])
    untracked_models.install()


def spill(patch: pytest.MonkeyPatch) -> None:
    patch.setattr(Message, "body", None, raising=False)  # moto's is an instance attribute
    spilled_bodies.install()


def conversation() -> list[Any]:
    """Sends, receives (with attribute filters, which moto applies to a copy), re-receives after the
    visibility timeout, moves to a dead-letter queue and deletes: every answer, metadata left out."""
    answers: list[Any] = []
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        dead = sqs.create_queue(QueueName="dead")["QueueUrl"]
        dead_arn = sqs.get_queue_attributes(QueueUrl=dead, AttributeNames=["QueueArn"])["Attributes"]
        redrive = json.dumps({"deadLetterTargetArn": dead_arn["QueueArn"], "maxReceiveCount": 1})
        url = sqs.create_queue(QueueName="q", Attributes={"RedrivePolicy": redrive})["QueueUrl"]
        for n, body in enumerate(BODIES):
            sent = sqs.send_message(
                QueueUrl=url,
                MessageBody=body,
                MessageAttributes={"n": {"DataType": "Number", "StringValue": str(n)}},
            )
            answers.append(sent["MD5OfMessageBody"])
        received = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"], VisibilityTimeout=0
        )["Messages"]
        answers.append(sorted((m["Body"], m["MD5OfBody"], m["MessageAttributes"]["n"]) for m in received))
        # received once already: the next receive moves them all to the dead-letter queue
        assert sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages") is None
        moved = sqs.receive_message(QueueUrl=dead, MaxNumberOfMessages=10)["Messages"]
        answers.append(sorted(m["Body"] for m in moved))
        for message in moved:
            sqs.delete_message(QueueUrl=dead, ReceiptHandle=message["ReceiptHandle"])
        answers.append(sqs.receive_message(QueueUrl=dead).get("Messages"))
    return answers


def test_every_answer_is_moto_s(monkeypatch):
    theirs = conversation()
    spill(monkeypatch)

    assert conversation() == theirs


def test_a_queued_message_holds_no_body_and_its_row_goes_with_it(monkeypatch):
    spill(monkeypatch)
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        before = spilled_bodies.stored_bodies()
        for body in BODIES:
            sqs.send_message(QueueUrl=url, MessageBody=body)
        queued = sqs_backends["123456789012"][REGION].get_queue("q")._messages
        assert all("body" not in vars(message) for message in queued)
        assert sorted(message.body for message in queued) == sorted(BODIES)
        del queued
        received = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
        assert spilled_bodies.stored_bodies() == before + len(BODIES)  # copies share their rows

        for message in received:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        gc.collect()

        assert spilled_bodies.stored_bodies() == before


def traced_bytes_per_message(count: int, body_bytes: int) -> float:
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        url = sqs.create_queue(QueueName="q")["QueueUrl"]
        sqs.send_message(QueueUrl=url, MessageBody="warms moto's and botocore's caches up")
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        for n in range(count):
            sqs.send_message(QueueUrl=url, MessageBody=f"{n:08d}".ljust(body_bytes, "."))
        gc.collect()  # requests' bodies, in reference cycles until collected
        held = tracemalloc.get_traced_memory()[0] - before
        tracemalloc.stop()
    return held / count


MESSAGES = 60  # enough to average out one-off allocations; tracemalloc makes each send slow


def test_a_queued_message_s_memory_does_not_grow_with_its_body(monkeypatch):
    """15 KB more of body is 15 KB more of memory per message in moto, and next to nothing here."""
    moto_growth = traced_bytes_per_message(MESSAGES, 16_000) - traced_bytes_per_message(MESSAGES, 1_000)
    spill(monkeypatch)
    growth = traced_bytes_per_message(MESSAGES, 16_000) - traced_bytes_per_message(MESSAGES, 1_000)

    assert moto_growth > 14_000
    assert growth < moto_growth / 20, (growth, moto_growth)
