"""`scripts/transaction_history`: collect what Authorize.Net settled now, instead of waiting for the
daily 02:00 UTC run (payments_security §1.10).

On the running sandbox it runs each compact's workflow as its state machine would — the collector again
while it answers ``IN_PROGRESS``, the failure email to the compact's operations team on
``BATCH_FAILURE`` — collecting up to now (the scheduled run stops at the day's 01:00 UTC cut-off). In AWS
it starts an execution of the compact's state machine and waits for it:

    scripts/transaction_history --sandbox                      # every compact
    scripts/transaction_history --sandbox --compact aslp
    scripts/transaction_history --state-machine <ARN of cc-prod-TransactionHistory-aslp>

Storing is idempotent, so running it again (or after a point-in-time restore) duplicates nothing. Prints
each compact's last answer (``status``, the batches processed, ``batchFailureErrorMessage``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from core.aws import INVOKE_READ_TIMEOUT_SECONDS
from notifications.functions import EMAIL_SERVICE
from purchases.functions import TRANSACTION_HISTORY_WORKFLOW
from toolkit.commands import CommandError, invoke_function, sandbox_session
from toolkit.manifest import MANIFEST
from toolkit.workflows import WorkflowFailed, run_workflow

NO_RETRIES = Config(read_timeout=INVOKE_READ_TIMEOUT_SECONDS, retries={"max_attempts": 1})
POLL_SECONDS = 5.0


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="scripts/transaction_history",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("--compact", help="one compact (default: every compact of the sandbox)")
    target = command.add_mutually_exclusive_group(required=True)
    target.add_argument("--state-machine", help="the compact's state machine ARN in a deployed environment")
    target.add_argument("--sandbox", action="store_true", help=f"the running local sandbox ({MANIFEST})")
    return command


def invoker(client: Any, prefix: str) -> Any:
    def invoke(function: str, payload: dict[str, Any]) -> dict[str, Any]:
        answer = invoke_function(client, f"{prefix}-{function}", payload)
        return answer if isinstance(answer, dict) else {}

    return invoke


def in_sandbox(manifest_path: Path, compact: str | None) -> dict[str, Any]:
    session, endpoint, manifest = sandbox_session(manifest_path)
    invoke = invoker(
        session.client("lambda", endpoint_url=endpoint, config=NO_RETRIES), f"cc-{manifest['environment']}"
    )
    compacts = [compact] if compact else list(manifest["demo"]["liveJurisdictions"])
    now = datetime.now(tz=UTC)
    answers = {}
    for name in compacts:
        try:
            answers[name] = run_workflow(
                TRANSACTION_HISTORY_WORKFLOW, name, now, invoke, EMAIL_SERVICE.name, endTime=now.isoformat()
            )
        except WorkflowFailed as error:
            raise CommandError(str(error)) from error
    return answers


def in_aws(state_machine: str) -> dict[str, Any]:
    client = boto3.client("stepfunctions")
    started = client.start_execution(
        stateMachineArn=state_machine, input=json.dumps({"time": datetime.now(tz=UTC).isoformat()})
    )
    while True:
        execution = client.describe_execution(executionArn=started["executionArn"])
        if execution["status"] != "RUNNING":
            break
        time.sleep(POLL_SECONDS)
    if execution["status"] != "SUCCEEDED":
        raise CommandError(f"the execution ended {execution['status']}: {execution.get('cause', '')}")
    return json.loads(execution.get("output") or "{}")


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    args = parser().parse_args(argv)
    try:
        answer = in_sandbox(manifest_path, args.compact) if args.sandbox else in_aws(args.state_machine)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(answer, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
