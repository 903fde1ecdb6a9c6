"""The sandbox's schedules (sandbox/schedules.py): EventBridge cron expressions match the minutes AWS
would run them at, and an expression the sandbox cannot follow is refused at start."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from catalog import SCHEDULES, WORKFLOWS
from sandbox.schedules import Cron


def test_every_quarter_hour():
    cron = Cron("*/15 * ? * * *")
    assert [m for m in range(60) if cron.matches(datetime(2026, 3, 5, 12, m, tzinfo=UTC))] == [0, 15, 30, 45]


def test_saturdays_at_one():
    cron = Cron("0 1 ? * SAT *")
    assert cron.matches(datetime(2026, 3, 7, 1, 0, tzinfo=UTC))  # a Saturday
    assert not cron.matches(datetime(2026, 3, 7, 1, 15, tzinfo=UTC))
    assert not cron.matches(datetime(2026, 3, 6, 1, 0, tzinfo=UTC))  # a Friday


def test_lists_ranges_and_numbered_days():
    cron = Cron("5,35 9-17 ? * 2-6 *")  # weekdays (MON=2 ... FRI=6), office hours
    assert cron.matches(datetime(2026, 3, 9, 9, 35, tzinfo=UTC))  # Monday
    assert not cron.matches(datetime(2026, 3, 8, 9, 35, tzinfo=UTC))  # Sunday


@pytest.mark.parametrize("expression", ["* * * *", "61 * ? * * *", "0 25 ? * * *", "0 0 ? * XYZ *"])
def test_an_expression_outside_cron_is_refused(expression):
    with pytest.raises(ValueError):
        Cron(expression)


def test_every_catalog_schedule_is_understood():
    for schedule in SCHEDULES:
        Cron(schedule.cron)


def test_every_catalog_workflow_is_understood():
    for workflow in WORKFLOWS:
        day = [datetime(2026, 12, 7, hour, 0, tzinfo=UTC) for hour in range(24)]
        assert sum(Cron(workflow.cron).matches(moment) for moment in day) == 1  # daily, on the hour
