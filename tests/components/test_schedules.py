"""The catalog's schedules under mocks, for every stack file: one rule per schedule with its cron
expression and fixed input, targeting its function, which only that rule may invoke."""

from __future__ import annotations

import json

import pytest

from catalog import SCHEDULES

RULE = "aws:cloudwatch/eventRule:EventRule"
TARGET = "aws:cloudwatch/eventTarget:EventTarget"
PERMISSION = "aws:lambda/permission:Permission"
FUNCTION = "aws:lambda/function:Function"


@pytest.mark.parametrize("schedule", SCHEDULES, ids=lambda schedule: schedule.name)
def test_each_schedule_runs_its_function_with_its_input(any_stack, schedule):
    rule = any_stack.named(RULE, schedule.name)
    assert rule.inputs["scheduleExpression"] == f"cron({schedule.cron})"
    target = any_stack.named(TARGET, f"{schedule.name}-target").inputs
    function = any_stack.named(FUNCTION, schedule.function.name)
    assert target["arn"] == function.outputs["arn"] and json.loads(target["input"]) == schedule.input
    permission = any_stack.named(PERMISSION, f"{schedule.name}-invokes").inputs
    assert permission["principal"] == "events.amazonaws.com"
    assert permission["sourceArn"] == rule.outputs["arn"]


def test_the_reporter_may_invoke_the_email_service_and_nothing_else(prod):
    from ingest.routes import INGEST_REPORTER
    from notifications.functions import EMAIL_SERVICE

    policy = json.loads(
        prod.named("aws:iam/rolePolicy:RolePolicy", f"{INGEST_REPORTER.name}-grants").inputs["policy"]
    )
    (invoke,) = [s for s in policy["Statement"] if s["Sid"] == "Invoke"]
    assert invoke["Action"] == ["lambda:InvokeFunction"]
    assert invoke["Resource"] == [prod.named(FUNCTION, EMAIL_SERVICE.name).outputs["arn"]]
    variables = prod.named(FUNCTION, INGEST_REPORTER.name).inputs["environment"]["variables"]
    assert variables[EMAIL_SERVICE.name_env_var] == f"cc-prod-{EMAIL_SERVICE.name}"
