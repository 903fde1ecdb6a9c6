"""The catalog's schedules and workflows in the sandbox: each function runs when its EventBridge cron
says, on the sandbox's own clock, with its fixed input (the ingest reporter every quarter hour and on
Saturday mornings, the event relay every minute, the transaction reports weekly and monthly),
and each workflow for each compact (the transaction history at 02:00). ``aws lambda invoke`` (or
``scripts/ingest_report``, ``scripts/transaction_history``, ``scripts/transaction_report``) runs one
at once.

Only what AWS's six-field cron accepts and the catalog uses is understood — ``*``, ``?``, numbers,
ranges, lists, ``*/n`` and ``a/n`` steps, and day names — and an expression outside that is refused when
the sandbox starts, not ignored.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

from core.triggers import ScheduleSpec, WorkflowSpec
from notifications.functions import EMAIL_SERVICE
from sandbox.invoke import invoke
from toolkit.workflows import run_workflow

logger = logging.getLogger("sandbox.schedules")
DAYS = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
RANGES = ((0, 59), (0, 23), (1, 31), (1, 12), (1, 7), (1970, 2199))


def _values(field: str, low: int, high: int) -> set[int]:
    if field in ("*", "?"):
        return set(range(low, high + 1))
    found: set[int] = set()
    for part in field.split(","):
        base, _, step = part.partition("/")
        start, _, end = base.partition("-")
        first = low if start == "*" else int(DAYS.get(start.upper(), start))
        last = high if (start == "*" or step) and not end else int(DAYS.get(end.upper(), end or first))
        found |= set(range(first, last + 1, int(step) if step else 1))
    if not found or min(found) < low or max(found) > high:
        raise ValueError(f"cron field {field!r} is outside {low}-{high}")
    return found


class Cron:
    """An EventBridge cron expression (minutes hours day-of-month month day-of-week year), in UTC."""

    def __init__(self, expression: str) -> None:
        fields = expression.split()
        if len(fields) != 6:
            raise ValueError(f"cron({expression}): EventBridge cron has six fields")
        self.fields = [_values(field, low, high) for field, (low, high) in zip(fields, RANGES, strict=True)]

    def matches(self, moment: datetime) -> bool:
        minute, hour, day, month, weekday, year = self.fields
        aws_weekday = moment.isoweekday() % 7 + 1  # SUN=1 ... SAT=7
        return (
            moment.minute in minute
            and moment.hour in hour
            and moment.day in day
            and moment.month in month
            and aws_weekday in weekday
            and moment.year in year
        )


class Scheduler:
    """One thread that wakes at each minute boundary and runs the schedules due then, and the workflows
    due then for each compact (:func:`toolkit.workflows.run_workflow`, as their state machines would)."""

    def __init__(
        self,
        schedules: Iterable[ScheduleSpec],
        workflows: Iterable[WorkflowSpec] = (),
        compacts: Iterable[str] = (),
    ) -> None:
        self._due = [(spec, Cron(spec.cron)) for spec in schedules]
        self._workflows = [(workflow, Cron(workflow.cron)) for workflow in workflows]
        self._compacts = tuple(compacts)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="schedules")

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while True:
            now = datetime.now(UTC)
            minute = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
            if self._stop.wait((minute - now).total_seconds()):
                return
            for spec, cron in self._due:
                if cron.matches(minute):
                    self._fire(spec)
            for workflow, cron in self._workflows:
                if cron.matches(minute):
                    self._start(workflow, minute)

    @staticmethod
    def _fire(spec: ScheduleSpec) -> None:
        try:
            invoke(spec.function, spec.input)
        except Exception:
            logger.exception("schedule %s: %s failed", spec.name, spec.function.name)

    def _start(self, workflow: WorkflowSpec, scheduled: datetime) -> None:
        functions = {workflow.function.for_compact(c).name: workflow.function for c in self._compacts}
        functions[EMAIL_SERVICE.name] = EMAIL_SERVICE

        def run(name: str, payload: dict[str, Any]) -> dict[str, Any]:
            answer = invoke(functions[name], payload)
            return answer if isinstance(answer, dict) else {}

        for compact in self._compacts:
            try:
                run_workflow(workflow, compact, scheduled, run, EMAIL_SERVICE.name)
            except Exception:
                logger.exception("workflow %s of %s failed", workflow.name, compact)
