"""A license upload rollback run (spec §5.2 "License upload rollback"): the providers the jurisdiction's
uploads in the window touched, each reverted or left alone (:mod:`disaster_recovery.revert_writes`), in
provider-id order, from where the last run stopped.

A run that nears its time limit answers ``IN_PROGRESS`` with the last provider it handled as the cursor,
and its state machine runs it again with that answer; the last run answers ``COMPLETE``. Every run adds
its outcomes to the execution's report before it answers, and also when it fails, so a retried run finds
what the failed one did. Nothing is reverted twice: a reverted provider's traces of the uploads are gone,
so it leaves the index the providers are found through, and the review finds nothing left to revert.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aws_lambda_powertools import Logger

from disaster_recovery.models import Outcome, RollbackRequest, Status
from disaster_recovery.revert_review import Window
from disaster_recovery.rollback_store import ResultsStore

SPARE_MILLISECONDS = 120_000
"""Left for the report's save and the answer; one provider takes well under a second."""

logger = Logger(child=True)


@dataclass(frozen=True)
class RollbackPorts:
    providers: Callable[[Window, str | None], list[str]]  # those the uploads touched, after a cursor
    revert: Callable[[str], Outcome]
    results: ResultsStore
    remaining_ms: Callable[[], int]


def window_of(request: RollbackRequest) -> Window:
    return Window(request.compact, request.jurisdiction, request.start_date_time, request.end_date_time)


def run_rollback(request: RollbackRequest, ports: RollbackPorts) -> dict[str, Any]:
    """Handle providers from the request's cursor until they are all handled or time runs short."""
    results = ports.results.load(request)
    status: Status = "COMPLETE"
    try:
        for provider_id in ports.providers(window_of(request), request.cursor):
            outcome = ports.revert(provider_id)
            results.record(outcome)
            request.cursor = provider_id
            logger.info(
                "Provider handled", extra={"provider_id": provider_id, "outcome": type(outcome).__name__}
            )
            if ports.remaining_ms() < SPARE_MILLISECONDS:
                status = "IN_PROGRESS"
                break
    finally:
        ports.results.save(request, results)  # also when the run fails: its retry keeps these outcomes
    return request.answer(status, **results.counts(), results=ports.results.location(request))
