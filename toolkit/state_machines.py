"""Running a deployed state machine from an operator command: start an execution, wait for it to end, and
answer its output — or refuse with how it ended (``scripts/transaction_history``,
``scripts/rollback_license_upload``, ``scripts/restore_table``...)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from toolkit.commands import CommandError

POLL_SECONDS = 5.0


def run_execution(
    client: Any,
    state_machine: str,
    payload: dict[str, Any],
    name: str | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> dict[str, Any]:
    """Start an execution of ``state_machine`` (an ARN) with ``payload`` (named ``name``, else by Step
    Functions) and wait for it, looking every :data:`POLL_SECONDS`; its output, once it succeeded."""
    start: dict[str, Any] = {"stateMachineArn": state_machine, "input": json.dumps(payload)}
    if name:
        start["name"] = name
    started = client.start_execution(**start)
    while True:
        execution = client.describe_execution(executionArn=started["executionArn"])
        if execution["status"] != "RUNNING":
            break
        sleep(POLL_SECONDS)
    if execution["status"] != "SUCCEEDED":
        details = ": ".join(part for part in (execution.get("error"), execution.get("cause")) if part)
        ended = f"the execution ended {execution['status']}"
        raise CommandError(f"{ended} ({details})" if details else ended)
    output = json.loads(execution.get("output") or "{}")
    return output if isinstance(output, dict) else {"output": output}
