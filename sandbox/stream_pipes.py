"""The sandbox's EventBridge Pipes: each declared stream pipe (:class:`core.triggers.StreamPipe`) read
from the emulator's DynamoDB stream of its table on a background thread, filtered on the partition key,
rendered through the pipe's input template exactly as Pipes renders it, and sent to its queue, whose
consumer the pump runs as the event source mapping would.

Reading starts at the oldest record the stream keeps, so what was written before the reader started
(the seeded practitioners) flows through too. Should the reader fall behind the stream's bounded history
(:mod:`sandbox.bounded_streams`), it says so and goes on from the oldest record kept; ``scripts/reindex
--sandbox`` then brings the index back in step.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import boto3

from core.triggers import StreamPipe
from search.pipe_template import render

logger = logging.getLogger(__name__)
POLL_SECONDS = 0.1
SQS_BATCH = 10


def _event(record: dict[str, Any]) -> dict[str, Any]:
    """A stream record as Pipes hands it on: its creation time in epoch seconds, as in the stream's JSON."""
    change = dict(record.get("dynamodb", {}))
    created = change.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        change["ApproximateCreationDateTime"] = created.timestamp()
    return {**record, "dynamodb": change}


class StreamPipeReader:
    def __init__(self) -> None:
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self, pipe: StreamPipe, table_name: str, queue_url: str, compacts: Sequence[str]) -> None:
        prefixes = tuple(pipe.prefixes(compacts))
        thread = threading.Thread(
            target=self._run,
            args=(pipe, prefixes, table_name, queue_url),
            daemon=True,
            name=f"pipe-{pipe.name}",
        )
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=5)

    def _run(self, pipe: StreamPipe, prefixes: tuple[str, ...], table_name: str, queue_url: str) -> None:
        streams, sqs = boto3.client("dynamodbstreams"), boto3.client("sqs")
        stream_arn = boto3.client("dynamodb").describe_table(TableName=table_name)["Table"]["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = self._iterator(streams, stream_arn, shard)
        while not self._stop.is_set():
            try:
                answer = streams.get_records(ShardIterator=iterator, Limit=1000)
            except streams.exceptions.TrimmedDataAccessException:
                logger.warning("%s fell behind the stream; reindex to catch up", pipe.name)
                iterator = self._iterator(streams, stream_arn, shard)
                continue
            except Exception:
                if not self._stop.is_set():
                    logger.exception("%s could not read the stream; retrying", pipe.name)
                    self._stop.wait(1)
                continue
            iterator = answer["NextShardIterator"]
            messages = [
                render(pipe.message_template, _event(record))
                for record in answer.get("Records", [])
                if str(record["dynamodb"]["Keys"]["pk"]["S"]).startswith(prefixes)
            ]
            for start in range(0, len(messages), SQS_BATCH):
                entries: list[Any] = [
                    {"Id": str(i), "MessageBody": body}
                    for i, body in enumerate(messages[start : start + SQS_BATCH])
                ]
                sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
            if not messages:
                self._stop.wait(POLL_SECONDS)

    @staticmethod
    def _iterator(streams: Any, stream_arn: str, shard: str) -> str:
        return str(
            streams.get_shard_iterator(StreamArn=stream_arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")[
                "ShardIterator"
            ]
        )
