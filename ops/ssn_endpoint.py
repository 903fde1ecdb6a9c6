"""`scripts/ssn_endpoint`: see, switch off and switch back on the full-SSN read endpoint.

The endpoint switches itself off when more than 15 SSN reads are attempted system-wide in 24 hours
(payments_security §4.6) and stays off — answering 503 — until an operator, having looked at the audit
trail, switches it back on. Switching on starts the system-wide count afresh; per-user limits keep
counting the whole 24 hours.

    scripts/ssn_endpoint status --table cc-prod-RateLimitingTable
    scripts/ssn_endpoint enable --reason "INC-42: reviewed, an exercise" --table cc-prod-RateLimitingTable
    scripts/ssn_endpoint disable --reason "suspected credential leak" --sandbox

``--by`` names the operator (default: the AWS caller identity, or ``$USER`` on the sandbox).
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

import boto3

from core.clock import now_utc_precise
from core.repositories.ssn_reads import SsnReadLog
from core.tables import RATE_LIMITING
from toolkit.commands import CommandError, target_table
from toolkit.manifest import MANIFEST


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="scripts/ssn_endpoint", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    command.add_argument("action", choices=("status", "enable", "disable"))
    command.add_argument("--reason", help="why (required to enable or disable; kept with the switch)")
    command.add_argument("--by", help="who is switching (default: your AWS identity or login name)")
    target = command.add_mutually_exclusive_group(required=True)
    target.add_argument("--table", help="the rate-limiting table of a deployed environment")
    target.add_argument("--sandbox", action="store_true", help=f"the running local sandbox ({MANIFEST})")
    return command


def describe(log: SsnReadLog) -> dict[str, Any]:
    switch = log.switch()
    if switch is None:
        return {"enabled": True, "changedAt": None, "changedBy": None, "reason": "never switched"}
    return switch.model_dump(mode="json", by_alias=True)


def _operator(session: boto3.Session, sandbox: bool) -> str:
    if sandbox:
        return getpass.getuser()
    return str(session.client("sts").get_caller_identity()["Arn"])


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    command = parser()
    args = command.parse_args(argv)
    if args.action != "status" and not (args.reason or "").strip():
        command.error(f"--reason is required to {args.action} the endpoint")
    try:
        session, table = target_table(args.sandbox, args.table, RATE_LIMITING.key, manifest_path)
        log = SsnReadLog(table)
        if args.action != "status":
            log.set_switch(
                enabled=args.action == "enable",
                changed_at=now_utc_precise(),  # the count restarts after this very instant
                changed_by=args.by or _operator(session, args.sandbox),
                reason=args.reason.strip(),
            )
        result = describe(log)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
