"""`scripts/transaction_report`: send the weekly or monthly transaction reports now (payments_security
§1.11), instead of waiting for Monday 04:00 UTC or the 3rd of the month.

Without dates it reports the cycle's last full period (Saturday to Friday; the previous month), as the
schedule does; ``--start``/``--end`` report any days instead (both included), for instance this week's
settlements in the sandbox. It invokes the deployed reporter, on the running sandbox or in AWS:

    scripts/transaction_report --sandbox                                    # last week, every compact
    scripts/transaction_report --sandbox --monthly --compact aslp
    scripts/transaction_report --sandbox --start 2026-12-01 --end 2026-12-07
    scripts/transaction_report --function cc-prod-TransactionReporter --monthly

A repeated run stores the same ZIPs and emails nobody twice; ``--resend LABEL`` (any new label, such as
``fix-1``) sends them again to everyone, after a correction. Prints the reporter's answer (the window
and the keys of the ZIPs in the reports bucket).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import boto3

from ops.ingest_report import NO_RETRIES
from purchases.functions import TRANSACTION_REPORTER
from toolkit.commands import CommandError, invoke_function, sandbox_session
from toolkit.manifest import MANIFEST


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="scripts/transaction_report",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("--monthly", action="store_true", help="the monthly report instead of the weekly")
    command.add_argument("--compact", help="one compact (default: every compact)")
    command.add_argument("--start", type=date.fromisoformat, help="first day reported (YYYY-MM-DD)")
    command.add_argument("--end", type=date.fromisoformat, help="last day reported (YYYY-MM-DD)")
    command.add_argument(
        "--resend",
        metavar="LABEL",
        help="send the reports again to everyone (after correcting data); without it nobody is emailed twice",
    )
    target = command.add_mutually_exclusive_group(required=True)
    target.add_argument("--function", help="the reporter's name in a deployed environment")
    target.add_argument("--sandbox", action="store_true", help=f"the running local sandbox ({MANIFEST})")
    return command


def payload(args: argparse.Namespace) -> dict[str, Any]:
    if (args.start is None) != (args.end is None):
        raise CommandError("--start and --end come together")
    body: dict[str, Any] = {"reportingCycle": "monthly" if args.monthly else "weekly"}
    if args.compact:
        body["compact"] = args.compact
    if args.resend:
        body["resend"] = args.resend
    if args.start is not None:
        body |= {"reportStartOverride": args.start.isoformat(), "reportEndOverride": args.end.isoformat()}
    return body


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    args = parser().parse_args(argv)
    try:
        if args.sandbox:
            session, endpoint, manifest = sandbox_session(manifest_path)
            client = session.client("lambda", endpoint_url=endpoint, config=NO_RETRIES)
            function = f"cc-{manifest['environment']}-{TRANSACTION_REPORTER.name}"
        else:
            client, function = boto3.client("lambda", config=NO_RETRIES), args.function
        answer = invoke_function(client, function, payload(args))
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(answer, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
