"""`scripts/restore_table`: bring one table of a deployed environment back to a point in time
(docs/runbooks/restore-table.md), by starting the table's restore state machine and waiting for it.

The state machine backs the live table up, restores it as it was at ``--time`` into
``DR-TEMP-<incident>-<table>``, then clears the live table and copies the restored one into it. It refuses
unless ``--confirm`` is the live table's exact name. Put the environment in recovery mode first
(``scripts/recovery_mode start``), so nothing writes the table while it is replaced.

    scripts/restore_table --state-machine <ARN of the table's restore machine> --incident INC-0042 \\
        --time 2026-03-12T07:55:00Z --confirm cc-prod-ProviderTable

The execution is named after the incident and the time it starts. Prints how it ended (its output); a
second restore of the same incident stops at the restore, whose table exists already.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import UTC, datetime
from typing import Any

import boto3

from disaster_recovery.models import INCIDENT_ID
from toolkit.commands import CommandError
from toolkit.state_machines import run_execution


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="scripts/restore_table",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("--state-machine", required=True, help="the table's restore state machine ARN")
    command.add_argument("--incident", required=True, help="the incident's id: names the restored table")
    command.add_argument("--time", required=True, help="the point in time, ISO 8601 with its offset")
    command.add_argument("--confirm", required=True, help="the live table's exact name (the guard rail)")
    return command


def restore_input(incident: str, time: str, confirm: str, now: datetime) -> dict[str, str]:
    """The state machine's input, or a refusal of what it would refuse later."""
    if not re.fullmatch(INCIDENT_ID, incident):
        raise CommandError("--incident: letters, digits, '.', '_' and '-' only, at most 64")
    try:
        moment = datetime.fromisoformat(time.replace("Z", "+00:00"))
    except ValueError:
        raise CommandError("--time: not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise CommandError("--time: say which offset (2026-03-12T07:55:00Z)")
    if moment >= now:
        raise CommandError("--time: must be in the past")
    return {
        "incidentId": incident,
        "pitrBackupTime": moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "tableNameRecoveryConfirmation": confirm,
    }


def main(argv: list[str] | None = None, stepfunctions: Any = None) -> int:
    args = parser().parse_args(argv)
    now = datetime.now(tz=UTC)
    try:
        payload = restore_input(args.incident, args.time, args.confirm, now)
        client = stepfunctions or boto3.client("stepfunctions")
        output = run_execution(
            client, args.state_machine, payload, name=f"{args.incident}-{now:%Y%m%dT%H%M%S}"
        )
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(output, indent=2))
    return 0 if output.get("status") != "FAILED" else 1


if __name__ == "__main__":
    sys.exit(main())
