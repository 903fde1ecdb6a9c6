"""`scripts/ingest_report`: run the ingest reporter now, instead of waiting for its schedule.

It runs every 15 minutes (the upload problems logged since each state's last report, to its operations
team) and on Saturdays at 01:00 UTC (the weekly summary). This invokes the deployed function as its
schedule does, through Lambda's Invoke — on the running sandbox, or in AWS with your credentials:

    scripts/ingest_report --sandbox
    scripts/ingest_report --sandbox --weekly
    scripts/ingest_report --function cc-test-IngestEventReporter

A run sends only what no earlier run has sent, so running it again is harmless. Prints the function's
answer (``{"eventType", "reported"}``: how many states were sent a report).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from core.aws import INVOKE_READ_TIMEOUT_SECONDS
from ingest.routes import INGEST_REPORTER
from toolkit.commands import CommandError, invoke_function, sandbox_session
from toolkit.manifest import MANIFEST

NO_RETRIES = Config(read_timeout=INVOKE_READ_TIMEOUT_SECONDS, retries={"max_attempts": 1})
"""A run takes minutes at most; retrying one that is still running would start a second."""


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="scripts/ingest_report",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "--weekly", action="store_true", help="the weekly summary instead of the 15-minute report"
    )
    target = command.add_mutually_exclusive_group(required=True)
    target.add_argument("--function", help="the reporter's name in a deployed environment")
    target.add_argument("--sandbox", action="store_true", help=f"the running local sandbox ({MANIFEST})")
    return command


def run(client: Any, function: str, weekly: bool) -> dict[str, Any]:
    answer: dict[str, Any] = invoke_function(
        client, function, {"eventType": "weekly" if weekly else "frequent"}
    )
    return answer


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    args = parser().parse_args(argv)
    try:
        if args.sandbox:
            session, endpoint, manifest = sandbox_session(manifest_path)
            client = session.client("lambda", endpoint_url=endpoint, config=NO_RETRIES)
            function = f"cc-{manifest['environment']}-{INGEST_REPORTER.name}"
        else:
            client, function = boto3.client("lambda", config=NO_RETRIES), args.function
        answer = run(client, function, args.weekly)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(answer, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
