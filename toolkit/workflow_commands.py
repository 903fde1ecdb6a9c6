"""What the operator commands that run a compact workflow now share (``scripts/transaction_history``,
``scripts/expiration_reminders``): the same two targets — the running sandbox, where each compact's
workflow is run here as its state machine would run it, and a deployed state machine, started and waited
for — the same options, and the same output (each compact's last answer, as JSON)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config

from core.aws import INVOKE_READ_TIMEOUT_SECONDS
from core.triggers import WorkflowSpec
from notifications.functions import EMAIL_SERVICE
from toolkit.commands import CommandError, invoke_function, sandbox_session
from toolkit.manifest import MANIFEST
from toolkit.state_machines import run_execution
from toolkit.workflows import WorkflowFailed, run_workflow

NO_RETRIES = Config(read_timeout=INVOKE_READ_TIMEOUT_SECONDS, retries={"max_attempts": 1})
StartInput = Callable[[datetime], dict[str, Any]]
"""What a sandbox run adds to the workflow's first input, given the time it runs at."""


def parser(prog: str, description: str) -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog=prog, description=description, formatter_class=argparse.RawDescriptionHelpFormatter
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


def in_sandbox(
    workflow: WorkflowSpec, manifest_path: Path, compact: str | None, start: StartInput
) -> dict[str, Any]:
    session, endpoint, manifest = sandbox_session(manifest_path)
    invoke = invoker(
        session.client("lambda", endpoint_url=endpoint, config=NO_RETRIES), f"cc-{manifest['environment']}"
    )
    compacts = [compact] if compact else list(manifest["demo"]["liveJurisdictions"])
    now = datetime.now(tz=UTC)
    answers = {}
    for name in compacts:
        try:
            answers[name] = run_workflow(workflow, name, now, invoke, EMAIL_SERVICE.name, **start(now))
        except WorkflowFailed as error:
            raise CommandError(str(error)) from error
    return answers


def in_aws(state_machine: str) -> dict[str, Any]:
    payload = {"time": datetime.now(tz=UTC).isoformat()}
    return run_execution(boto3.client("stepfunctions"), state_machine, payload)


def main(
    command: argparse.ArgumentParser,
    workflow: WorkflowSpec,
    argv: list[str] | None,
    manifest_path: Path,
    start: StartInput = lambda now: {},
) -> int:
    args = command.parse_args(argv)
    try:
        if args.sandbox:
            answer = in_sandbox(workflow, manifest_path, args.compact, start)
        else:
            answer = in_aws(args.state_machine)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(answer, indent=2))
    return 0
