"""`scripts/reindex`: fill a compact's search index from the provider table — the backfill of a new
environment, the move to a new mapping version after a deploy (the index manager reports
``reindexNeeded``), or bringing the index back in step after a restore.

It invokes the re-index function (inside the network, where the domain is) until it answers
``COMPLETE``; each run stops with a minute to spare and says where to go on, so any size of compact
works. Documents are versioned, so running it again, or while the indexer is busy, loses nothing:

    scripts/reindex --sandbox                          # every compact of the running sandbox
    scripts/reindex --sandbox --compact aslp
    scripts/reindex --function cc-prod-ProviderSearchReindex --compact aslp --compact octp

Prints each compact's last answer (``indexed``: the providers written).
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
from search.functions import PROVIDER_REINDEX
from toolkit.commands import CommandError, invoke_function, sandbox_session
from toolkit.manifest import MANIFEST

ONE_ATTEMPT = Config(read_timeout=INVOKE_READ_TIMEOUT_SECONDS, retries={"max_attempts": 1})
MAX_RUNS = 1_000


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="scripts/reindex", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    command.add_argument("--compact", action="append", help="a compact (repeatable; default: every compact)")
    target = command.add_mutually_exclusive_group(required=True)
    target.add_argument("--function", help="the deployed re-index function's name")
    target.add_argument("--sandbox", action="store_true", help=f"the running local sandbox ({MANIFEST})")
    return command


def reindex(client: Any, function: str, compact: str) -> dict[str, Any]:
    job: dict[str, Any] = {"compact": compact}
    for _ in range(MAX_RUNS):
        answer = invoke_function(client, function, job)
        if not isinstance(answer, dict) or answer.get("status") not in ("IN_PROGRESS", "COMPLETE"):
            raise CommandError(f"{function} answered {answer!r}")
        if answer["status"] == "COMPLETE":
            return answer
        job = {key: value for key, value in answer.items() if key != "status"}
    raise CommandError(f"{function} did not finish {compact} in {MAX_RUNS} runs")


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    args = parser().parse_args(argv)
    try:
        if args.sandbox:
            session, endpoint, manifest = sandbox_session(manifest_path)
            client = session.client("lambda", endpoint_url=endpoint, config=ONE_ATTEMPT)
            function = f"cc-{manifest['environment']}-{PROVIDER_REINDEX.name}"
            compacts = args.compact or list(manifest["demo"]["liveJurisdictions"])
        else:
            if not args.compact:
                raise CommandError("name the compacts (--compact) of the deployed environment")
            client, function, compacts = (
                boto3.client("lambda", config=ONE_ATTEMPT),
                args.function,
                args.compact,
            )
        answers = {compact: reindex(client, function, compact) for compact in compacts}
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(answers, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
