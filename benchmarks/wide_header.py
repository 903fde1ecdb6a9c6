"""`python -m benchmarks.wide_header --columns N`: the bulk parser on an upload whose header has N columns.

Issue #10: a CSV whose header named a million columns (about 9 MB, well under the 30 MB an upload URL
accepts) kept the parser busy for hours, because its duplicate-column check compared every name with
every other; in AWS the function would have hit its timeout without reporting the file or deleting it.

The file is that header (``c0000000,c0000001,...``, 9 bytes a column) and a line break. It is stored in
an in-process moto bucket and the parser's handler is run on its creation event as Lambda runs it: the
local stack's environment, the function's grants, a ``LocalContext`` with the function's 900 s. The
events it publishes are recorded on their way to the (moto) bus.

It prints ``{columns, file_mb, seconds, events, failure, deleted}``: ``seconds`` is the handler's wall
time, ``failure`` the errors of the one ``license.ingest-failure`` event expected (``events`` counts
everything published), ``deleted`` whether the object is gone. Measured here at a million columns: 0.03 s,
the file refused at the row-length limit after 64 K characters of its header.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any
from unittest import mock

import boto3
from moto import mock_aws

from benchmarks.local_stack import local_environment
from core import aws as core_aws
from core import events as core_events
from core.buckets import BULK_UPLOADS
from core.events import event_bus_name
from core.resources import EVENT_BUS_ENV_VAR
from ingest.queues import LICENSE_PREPROCESSING_QUEUE
from licenses import bulk_parser, preprocessing
from licenses.functions import PARSE_BULK_UPLOAD
from sandbox.invoke import LocalContext

KEY = "aslp/oh/0123456789abcdef0123456789abcdef"


def wide_header(columns: int) -> bytes:
    """A header naming ``columns`` distinct columns, then a line break."""
    return (",".join(f"c{index:07d}" for index in range(columns)) + "\r\n").encode()


class RecordingEvents:
    """The EventBridge client, with every entry put through it kept (the benchmark's view of the bus)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.entries: list[dict[str, Any]] = []

    def put_events(self, **request: Any) -> Any:
        self.entries += request["Entries"]
        return self.client.put_events(**request)


def _clients_cleared() -> None:
    """The cached clients are made again inside (and after) the moto context, so none outlives it."""
    for cached in (core_aws.s3_client, core_events.events_client, preprocessing.sqs_client):
        cached.cache_clear()


def run(columns: int) -> dict[str, Any]:
    """Store the file, run the parser on it, and return the report."""
    data = wide_header(columns)
    config, variables = local_environment()
    bucket, bus = f"{config.name_prefix}-bulk-uploads", event_bus_name(str(config.environment_name))
    with mock_aws(), mock.patch.dict(os.environ, variables):
        _clients_cleared()
        queue = boto3.client("sqs").create_queue(QueueName="license-preprocessing")["QueueUrl"]
        os.environ.update(
            {BULK_UPLOADS.env_var: bucket, LICENSE_PREPROCESSING_QUEUE.env_var: queue, EVENT_BUS_ENV_VAR: bus}
        )
        s3 = boto3.client("s3")
        s3.create_bucket(Bucket=bucket)
        boto3.client("events").create_event_bus(Name=bus)
        s3.put_object(Bucket=bucket, Key=KEY, Body=data, ContentType="text/csv")
        recorder = RecordingEvents(boto3.client("events"))
        event = {"Records": [{"s3": {"bucket": {"name": bucket}, "object": {"key": KEY}}}]}
        context = LocalContext(
            PARSE_BULK_UPLOAD.name, PARSE_BULK_UPLOAD.memory_mb, PARSE_BULK_UPLOAD.timeout_seconds
        )
        level = bulk_parser.logger.log_level
        bulk_parser.logger.setLevel("WARNING")  # its info line would mix with the report on stdout
        try:
            with mock.patch.object(core_events, "events_client", lambda: recorder):
                started = time.perf_counter()
                bulk_parser.lambda_handler(event, context)
                seconds = time.perf_counter() - started
        finally:
            bulk_parser.logger.setLevel(level)
        deleted = "Contents" not in s3.list_objects_v2(Bucket=bucket)
        _clients_cleared()
    failures = [
        json.loads(entry["Detail"])["errors"]
        for entry in recorder.entries
        if entry["DetailType"] == "license.ingest-failure"
    ]
    return {
        "columns": columns,
        "file_mb": round(len(data) / 1_000_000, 2),
        "seconds": round(seconds, 3),
        "events": len(recorder.entries),
        "failure": failures[0] if len(failures) == 1 else failures,
        "deleted": deleted,
    }


def main(argv: list[str] | None = None) -> int:
    command = argparse.ArgumentParser(prog="python -m benchmarks.wide_header", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    command.add_argument("--columns", type=int, default=1_000_000)
    args = command.parse_args(argv)
    if args.columns < 1:
        command.error("--columns must be at least 1")
    print(json.dumps(run(args.columns)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
