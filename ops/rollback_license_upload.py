"""`scripts/rollback_license_upload`: undo what a state's license uploads of a time window did to the
provider table, after the state sent wrong data (docs/runbooks/rollback-license-upload.md).

Every provider those uploads created or changed is put back as it was before them — or, when anything else
changed on it since the window started (an encumbrance, another state's upload, a purchase...), left alone
and listed for review. On the running sandbox it runs the rollback function as its state machine would
(again while it answers ``IN_PROGRESS``); in AWS it starts an execution of the environment's
``LicenseUploadRollback`` state machine and waits for it. Either way it prints the execution's report:
``revertedProviderSummaries``, ``skippedProviderDetails`` (with the changes that kept each provider back)
and ``failedProviderDetails``.

    scripts/rollback_license_upload --sandbox --compact aslp --jurisdiction oh \\
        --start 2026-03-10T00:00:00Z --end 2026-03-10T23:59:59Z --reason "the file held another state's rows"
    scripts/rollback_license_upload --state-machine <ARN of cc-prod-LicenseUploadRollback> --compact aslp ...

The window is at most 7 days and may not reach into the future. Running it again reverts nothing twice.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import boto3

from disaster_recovery.functions import LICENSE_UPLOAD_ROLLBACK
from toolkit.commands import CommandError, sandbox_session
from toolkit.manifest import MANIFEST
from toolkit.state_machines import run_execution
from toolkit.workflow_commands import NO_RETRIES, invoker
from toolkit.workflows import WorkflowFailed, run_until_done


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="scripts/rollback_license_upload",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("--compact", required=True)
    command.add_argument("--jurisdiction", required=True, help="the state whose uploads are reverted")
    command.add_argument("--start", required=True, help="the window's start, ISO 8601 with its offset")
    command.add_argument(
        "--end", required=True, help="the window's end (inclusive), ISO 8601 with its offset"
    )
    command.add_argument("--reason", required=True, help="why, as the revert events and the report will say")
    command.add_argument("--name", help="the execution's name (default: compact, state and the time now)")
    target = command.add_mutually_exclusive_group(required=True)
    target.add_argument("--state-machine", help="the LicenseUploadRollback state machine ARN in AWS")
    target.add_argument("--sandbox", action="store_true", help=f"the running local sandbox ({MANIFEST})")
    return command


def read_report(s3: Any, location: str) -> dict[str, Any]:
    """The report an answer's ``results`` names (``s3://bucket/key``)."""
    where = urlparse(location)
    body = s3.get_object(Bucket=where.netloc, Key=where.path.lstrip("/"))["Body"].read()
    report = json.loads(body)
    return report if isinstance(report, dict) else {}


def _finished(answer: dict[str, Any]) -> str:
    if answer.get("status") != "COMPLETE":
        raise CommandError(f"the rollback answered {answer.get('status')}: {answer.get('error', '')}".strip())
    return str(answer["results"])


def in_sandbox(payload: dict[str, Any], manifest_path: Path) -> dict[str, Any]:
    session, endpoint, manifest = sandbox_session(manifest_path)
    lambda_client = session.client("lambda", endpoint_url=endpoint, config=NO_RETRIES)
    invoke = invoker(lambda_client, f"cc-{manifest['environment']}")
    try:
        answer = run_until_done(invoke, LICENSE_UPLOAD_ROLLBACK.name, payload)
    except WorkflowFailed as error:
        raise CommandError(str(error)) from error
    return read_report(session.client("s3", endpoint_url=endpoint), _finished(answer))


def in_aws(
    state_machine: str, payload: dict[str, Any], stepfunctions: Any = None, s3: Any = None
) -> dict[str, Any]:
    """The state machine names its executions' reports by execution name (``$$.Execution.Name``)."""
    request = {key: value for key, value in payload.items() if key != "executionName"}
    output = run_execution(
        stepfunctions or boto3.client("stepfunctions"), state_machine, request, payload["executionName"]
    )
    return read_report(s3 or boto3.client("s3"), _finished(output))


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    args = parser().parse_args(argv)
    name = args.name or f"{args.compact}-{args.jurisdiction}-rollback-{datetime.now(tz=UTC):%Y%m%dT%H%M%SZ}"
    payload = {
        "compact": args.compact,
        "jurisdiction": args.jurisdiction,
        "startDateTime": args.start,
        "endDateTime": args.end,
        "rollbackReason": args.reason,
        "executionName": name,
    }
    try:
        report = in_sandbox(payload, manifest_path) if args.sandbox else in_aws(args.state_machine, payload)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
