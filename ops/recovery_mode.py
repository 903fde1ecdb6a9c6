"""`scripts/recovery_mode`: stop, then restart, every function of a deployed environment but the
disaster-recovery ones, around a table restore (docs/runbooks/restore-table.md). Nothing may write a table
while it is cleared and refilled; and a function reading it meanwhile would answer from half a table.

``start`` sets each function's reserved concurrency to 0 (Lambda then refuses every invocation: API calls
answer 5xx, queue messages wait in their queues, schedules are missed) after tagging the function with its
own setting, so ``end`` puts back exactly what was there — no reserved concurrency, a number, or the 0 a
function had set itself (the SSN endpoint disables itself that way when it is abused). Both are safe to run
again: ``start`` keeps the first tag, ``end`` leaves alone what ``start`` did not stop.

    scripts/recovery_mode start --stack prod
    scripts/recovery_mode end --stack prod

The functions are the stack's catalog functions, named as the program names them; run with the
environment account's credentials. Queued messages are delivered once it ends; missed schedules are not
run again (run them with their commands if they matter: ``scripts/transaction_history``...).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from typing import Any

import boto3

from catalog import deployed_functions
from components.config import NAMESPACE, StackConfig, parse_stack_config
from core.aws import client_error, error_code
from disaster_recovery.functions import STANDALONE as DISASTER_RECOVERY_FUNCTIONS
from offline.stack_file import load_stack_config, namespace_values
from toolkit.commands import CommandError

SAVED_SETTING_TAG = "RecoveryModeReservedConcurrency"
"""Where ``start`` keeps a function's own reserved concurrency: a number, or ``none``."""
NONE = "none"


def stopped_functions(config: StackConfig) -> list[str]:
    """The deployed names of every function recovery mode stops: all but disaster recovery's."""
    exempt = {spec.name for spec in DISASTER_RECOVERY_FUNCTIONS}
    specs = deployed_functions(config.compacts.compacts, config.public_lookup_enabled)
    return sorted(f"{config.name_prefix}-{spec.name}" for spec in specs if spec.name not in exempt)


def _deployed(client: Any, names: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(name, GetFunction's answer)`` of each function that exists; the others are reported."""
    for name in names:
        try:
            yield name, client.get_function(FunctionName=name)
        except client_error() as error:
            if error_code(error) != "ResourceNotFoundException":
                raise
            print(f"{name}: not deployed")


def start(client: Any, names: list[str]) -> None:
    for name, function in _deployed(client, names):
        arn = function["Configuration"]["FunctionArn"]
        if SAVED_SETTING_TAG not in (function.get("Tags") or {}):
            own = client.get_function_concurrency(FunctionName=name).get("ReservedConcurrentExecutions")
            client.tag_resource(Resource=arn, Tags={SAVED_SETTING_TAG: NONE if own is None else str(own)})
        client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
        print(f"{name}: stopped")


def end(client: Any, names: list[str]) -> None:
    for name, function in _deployed(client, names):
        saved = (function.get("Tags") or {}).get(SAVED_SETTING_TAG)
        if saved is None:
            print(f"{name}: not stopped by recovery mode, left as it is")
            continue
        if saved == NONE:
            client.delete_function_concurrency(FunctionName=name)
        else:
            client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=int(saved))
        client.untag_resource(Resource=function["Configuration"]["FunctionArn"], TagKeys=[SAVED_SETTING_TAG])
        print(f"{name}: restarted ({'no reserved concurrency' if saved == NONE else f'reserved {saved}'})")


def main(argv: list[str] | None = None, lambda_client: Any = None) -> int:
    command = argparse.ArgumentParser(
        prog="scripts/recovery_mode",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("action", choices=("start", "end"))
    command.add_argument("--stack", required=True, help="the stack file's name: Pulumi.<stack>.yaml")
    args = command.parse_args(argv)
    try:
        try:
            config = parse_stack_config(namespace_values(load_stack_config(args.stack), NAMESPACE))
        except (FileNotFoundError, ValueError) as error:
            raise CommandError(str(error)) from error
        client = lambda_client or boto3.client("lambda", region_name=config.region)
        (start if args.action == "start" else end)(client, stopped_functions(config))
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
