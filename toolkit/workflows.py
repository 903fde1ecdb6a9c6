"""A workflow run outside Step Functions — by the sandbox, and by ``scripts/transaction_history
--sandbox`` — with the state machine's own rules (:class:`core.triggers.WorkflowSpec`): the function again
while it answers ``IN_PROGRESS``, the failure email on ``BATCH_FAILURE``, an error on anything else. The
loop alone (:func:`run_until_done`) is the disaster-recovery machines' too (``scripts/rollback_license_upload
--sandbox``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from core.triggers import WorkflowSpec

Invoke = Callable[[str, dict[str, Any]], dict[str, Any]]
"""Invoke a function by its catalog name (per-compact functions as ``{name}-{compact}``) with a payload."""

MAX_RUNS = 500
"""A state machine's two hours at most; a function that never finishes is an error, not a hang."""


class WorkflowFailed(RuntimeError):
    """The function answered a status the workflow does not know, or never finished."""


def run_workflow(
    workflow: WorkflowSpec,
    compact: str,
    scheduled: datetime,
    invoke: Invoke,
    email_service: str,
    **start: Any,
) -> dict[str, Any]:
    """Run one execution; returns the function's last answer. ``start`` adds to the first input (a
    ``startTime``/``endTime`` to collect now rather than up to the scheduled day's cut-off)."""
    state: dict[str, Any] = {
        "compact": compact,
        "scheduledTime": scheduled.isoformat(),
        "processedBatchIds": [],
    }
    state |= start
    function = workflow.function.for_compact(compact).name
    state = run_until_done(invoke, function, state)
    status = state.get("status")
    if status == "BATCH_FAILURE":
        invoke(
            email_service,
            {
                **workflow.failure_email(compact),
                # one email per execution, however often the runner's caller repeats it
                "deliveryId": f"workflow.{workflow.name}-{compact}-{scheduled:%Y%m%dT%H%M%S}",
                "templateVariables": {workflow.failure_variable: state[workflow.failure_variable]},
            },
        )
        return state
    if status == "COMPLETE":
        return state
    raise WorkflowFailed(f"{function} answered status {status!r}")


def run_until_done(invoke: Invoke, function: str, state: dict[str, Any]) -> dict[str, Any]:
    """The loop every long job's state machine runs: the function again with its own answer while it
    answers ``IN_PROGRESS``; returns the first other answer."""
    for _ in range(MAX_RUNS):
        state = invoke(function, state)
        if state.get("status") != "IN_PROGRESS":
            return state
    raise WorkflowFailed(f"{function} did not finish in {MAX_RUNS} runs")
