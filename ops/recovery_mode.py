"""`scripts/recovery_mode`: stop, then restart, every function of a deployed environment but the
disaster-recovery ones, around a table restore (docs/runbooks/restore-table.md). Nothing may write a table
while it is cleared and refilled; and a function reading it meanwhile would answer from half a table.

``start`` disables each function's queue subscriptions (event source mappings: a throttled consumer would
otherwise receive messages it cannot run until they go to the dead-letter queue) and sets its reserved
concurrency to 0 (Lambda then refuses every invocation: API calls answer errors, schedules are missed),
after keeping both settings in the function's tags, so ``end`` puts back exactly what was there — no
reserved concurrency, a number an operator set, or a 0 that had stopped the function before; only the
subscriptions that were on. Both are safe to run again: ``start`` keeps the first tags, ``end`` leaves
alone what ``start`` did not stop.

    scripts/recovery_mode start --stack prod
    scripts/recovery_mode end --stack prod

The functions are the stack's catalog functions, named as the program names them; run with the
environment account's credentials. Queued messages wait (keep the restore inside the queues' retention,
12 hours for the license pipeline) and are delivered once it ends; missed schedules are not run again
(run them with their commands if they matter: ``scripts/transaction_history``...).
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
PAUSED_QUEUES_TAG = "RecoveryModePausedQueues"
"""The event source mappings (ids, space-separated) ``start`` disabled, for ``end`` to enable again."""
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
    """Keep each function's settings in its tags (the first time only), stop its queues' delivery, then
    the function."""
    for name, function in _deployed(client, names):
        tags = function.get("Tags") or {}
        if SAVED_SETTING_TAG not in tags:
            own = client.get_function_concurrency(FunctionName=name).get("ReservedConcurrentExecutions")
            polling = [
                mapping["UUID"]
                for mapping in client.list_event_source_mappings(FunctionName=name)["EventSourceMappings"]
                if mapping.get("State") in ("Enabled", "Enabling", "Updating")
            ]
            saved = {
                SAVED_SETTING_TAG: NONE if own is None else str(own),
                PAUSED_QUEUES_TAG: " ".join(polling),
            }
            client.tag_resource(Resource=function["Configuration"]["FunctionArn"], Tags=saved)
            tags = saved
        for mapping in tags.get(PAUSED_QUEUES_TAG, "").split():
            client.update_event_source_mapping(UUID=mapping, Enabled=False)
        client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=0)
        print(f"{name}: stopped")


def end(client: Any, names: list[str]) -> None:
    """Put back what ``start`` kept: the function's own reserved concurrency, then its queues' delivery."""
    for name, function in _deployed(client, names):
        tags = function.get("Tags") or {}
        saved = tags.get(SAVED_SETTING_TAG)
        if saved is None:
            print(f"{name}: not stopped by recovery mode, left as it is")
            continue
        if saved == NONE:
            client.delete_function_concurrency(FunctionName=name)
        else:
            client.put_function_concurrency(FunctionName=name, ReservedConcurrentExecutions=int(saved))
        for mapping in tags.get(PAUSED_QUEUES_TAG, "").split():
            client.update_event_source_mapping(UUID=mapping, Enabled=True)
        client.untag_resource(
            Resource=function["Configuration"]["FunctionArn"], TagKeys=[SAVED_SETTING_TAG, PAUSED_QUEUES_TAG]
        )
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
