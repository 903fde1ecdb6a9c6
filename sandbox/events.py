"""Event plumbing on the emulator: queues, bus rules, upload notifications, and a pump that
delivers queued messages to the consumers' real handlers.

The declarations are the catalog's (QUEUES, CONSUMERS, BUCKET_TRIGGERS). In AWS, Lambda's event
source mapping polls a queue and S3 invokes the parser; locally, moto routes bus events and
object-created notifications into SQS queues and the pump plays the part of the event source
mapping: batches, partial batch failures, and redelivery until the DLQ takes the message.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import boto3

if TYPE_CHECKING:
    from mypy_boto3_s3.type_defs import QueueConfigurationTypeDef

from core.catalog import FunctionSpec
from core.queues import QueueSpec
from core.triggers import BucketTrigger, ConsumerSpec
from sandbox.invoke import invoke

logger = logging.getLogger("sandbox.events")

# Locally a failed message comes back after seconds, not the deployed visibility timeout (minutes),
# so a poison message reaches its DLQ while the developer is still watching.
LOCAL_VISIBILITY_SECONDS = 2
STOP_GRACE_SECONDS = 2.0
"""How long a stopping sandbox waits for the batches in hand (every pump together), so that Ctrl+C or
SIGTERM in the middle of an ingest ends it within seconds."""
SQS_RECEIVE_LIMIT = 10  # messages per ReceiveMessage (and entries per DeleteMessageBatch) call


@dataclass(frozen=True)
class LocalQueue:
    url: str
    arn: str
    dlq_url: str


def create_queue(spec: QueueSpec, name_prefix: str) -> LocalQueue:
    sqs = boto3.client("sqs")
    name = f"{name_prefix}-{spec.resource_name}"
    dlq_url = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": spec.max_receive_count})
    url = sqs.create_queue(
        QueueName=name,
        Attributes={"VisibilityTimeout": str(LOCAL_VISIBILITY_SECONDS), "RedrivePolicy": redrive},
    )["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return LocalQueue(url=url, arn=arn, dlq_url=dlq_url)


def route_bus_events(consumer: ConsumerSpec, queue: LocalQueue, bus_name: str, account_id: str) -> None:
    """The consumer's rule, with the same pattern the Pulumi component deploys."""
    from components.queues import event_pattern

    if consumer.source is None:
        raise ValueError(f"{consumer.function.name} is fed by its producers, not by a bus rule")
    events = boto3.client("events")
    rule = f"{consumer.function.name}-rule"
    events.put_rule(Name=rule, EventBusName=bus_name, EventPattern=event_pattern(consumer.source, account_id))
    events.put_targets(Rule=rule, EventBusName=bus_name, Targets=[{"Id": "queue", "Arn": queue.arn}])


def upload_queue_key(trigger: BucketTrigger) -> str:
    """The manifest key of the queue that stands in for S3 invoking the trigger's function."""
    return f"uploads-{trigger.function.name}"


def notify_uploads(trigger: BucketTrigger, bucket_name: str, name_prefix: str) -> LocalQueue:
    """Object-created notifications into a local queue that the pump hands to the trigger's function."""
    queue = create_queue(
        QueueSpec(
            key=upload_queue_key(trigger),
            resource_name=f"{trigger.function.name}-uploads",
            env_var="",
            visibility_timeout_seconds=LOCAL_VISIBILITY_SECONDS,
            retention_seconds=3600,
        ),
        name_prefix,
    )
    configuration: QueueConfigurationTypeDef = {"QueueArn": queue.arn, "Events": ["s3:ObjectCreated:*"]}
    if trigger.prefix:
        configuration["Filter"] = {"Key": {"FilterRules": [{"Name": "prefix", "Value": trigger.prefix}]}}
    boto3.client("s3").put_bucket_notification_configuration(
        Bucket=bucket_name, NotificationConfiguration={"QueueConfigurations": [configuration]}
    )
    return queue


def sqs_event(messages: list[dict[str, Any]], queue_arn: str) -> dict[str, Any]:
    """The event Lambda's SQS event source mapping delivers."""
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": message.get("MessageAttributes", {}),
                "md5OfBody": message.get("MD5OfBody", ""),
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": "us-east-1",
            }
            for message in messages
        ]
    }


class Pump:
    """Polls queues on background threads and hands each batch to its function."""

    def __init__(self) -> None:
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def consume(self, function: FunctionSpec, queue: LocalQueue, batch_size: int) -> None:
        self._start(function, queue, batch_size, lambda messages: sqs_event(messages, queue.arn))

    def consume_uploads(self, function: FunctionSpec, queue: LocalQueue) -> None:
        """S3 notifications arrive as queue messages whose body is the S3 event itself."""
        self._start(function, queue, 1, lambda messages: json.loads(messages[0]["Body"]))

    def _start(
        self,
        function: FunctionSpec,
        queue: LocalQueue,
        batch_size: int,
        to_event: Callable[[list[dict[str, Any]]], dict[str, Any]],
    ) -> None:
        thread = threading.Thread(
            target=self._run, args=(function, queue, batch_size, to_event), daemon=True,
            name=f"pump-{function.name}",
        )  # fmt: skip
        thread.start()
        self._threads.append(thread)

    def _run(
        self, function: FunctionSpec, queue: LocalQueue, batch_size: int, to_event: Callable[..., Any]
    ) -> None:
        sqs = boto3.client("sqs")
        while not self._stop.is_set():
            try:
                messages = self._next_batch(sqs, queue, batch_size)
                if messages:
                    self._deliver(sqs, function, queue, messages, to_event)
            except Exception:
                if not self._stop.is_set():
                    logger.exception("pump for %s failed; retrying", function.name)
                    self._stop.wait(1)

    @staticmethod
    def _next_batch(sqs: Any, queue: LocalQueue, batch_size: int) -> list[dict[str, Any]]:
        """Up to ``batch_size`` messages, as the deployed event source mapping gathers them (SQS hands
        out ten at a time), but without its batching window: the batch goes as soon as the queue has
        nothing more to give at once. Waits (long polling, woken by a send) only for the first."""
        messages: list[dict[str, Any]] = []
        wait_seconds = 1
        while len(messages) < batch_size:
            received = sqs.receive_message(
                QueueUrl=queue.url, MaxNumberOfMessages=min(batch_size - len(messages), SQS_RECEIVE_LIMIT),
                WaitTimeSeconds=wait_seconds, AttributeNames=["All"], MessageAttributeNames=["All"],
            ).get("Messages", [])  # fmt: skip
            messages += received
            if not received or len(received) < SQS_RECEIVE_LIMIT:
                break
            wait_seconds = 0
        return messages

    def _deliver(
        self, sqs: Any, function: FunctionSpec, queue: LocalQueue, messages: list, to_event: Any
    ) -> None:
        batch = {message["MessageId"] for message in messages}
        try:
            result = invoke(function, to_event(messages)) or {}
            failed = {item.get("itemIdentifier") for item in result.get("batchItemFailures", [])}
        except Exception:
            logger.exception("%s failed a batch of %d", function.name, len(messages))
            failed = batch
        if not failed <= batch:  # as Lambda does: an identifier not in the batch fails all of it
            logger.error("%s reported failures of messages it was not given", function.name)
            failed = batch
        done = [m for m in messages if m["MessageId"] not in failed]
        for start in range(0, len(done), SQS_RECEIVE_LIMIT):  # DeleteMessageBatch takes ten too
            chunk = done[start : start + SQS_RECEIVE_LIMIT]
            sqs.delete_message_batch(
                QueueUrl=queue.url,
                Entries=[{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(chunk)],
            )

    def stop(self, grace_seconds: float = STOP_GRACE_SECONDS) -> None:
        """Stops polling and gives the batches being handled ``grace_seconds`` in all to finish. A
        batch still running after that (a large file being parsed) is abandoned with the process: its
        threads are daemons, and the emulator's state goes with the process anyway."""
        self._stop.set()
        deadline = time.monotonic() + grace_seconds
        for thread in self._threads:
            thread.join(timeout=max(0.0, deadline - time.monotonic()))
