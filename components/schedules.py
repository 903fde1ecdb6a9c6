"""The catalog's schedules (spec §7.6): an EventBridge rule per schedule on the account's default bus,
invoking its function with the schedule's fixed input, and the permission for that rule alone."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from components.args import ComponentArgs
from components.base import CompactConnectComponent
from components.lambda_function import LambdaFunction
from core.triggers import ScheduleSpec


class Schedules(CompactConnectComponent[ComponentArgs]):
    """Attributes: ``rules`` by schedule name."""

    def __init__(
        self,
        args: ComponentArgs,
        schedules: Sequence[ScheduleSpec],
        functions: Mapping[str, LambdaFunction],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("Schedules", "Schedules", args, opts)
        self.rules: dict[str, aws.cloudwatch.EventRule] = {}
        for schedule in schedules:
            function = functions[schedule.function.name].function
            rule = aws.cloudwatch.EventRule(
                schedule.name,
                description=f"Runs {schedule.function.name} at {schedule.schedule_expression} (UTC)",
                schedule_expression=schedule.schedule_expression,
                tags=self.tags,
                opts=self.child_opts(),
            )
            aws.cloudwatch.EventTarget(
                f"{schedule.name}-target",
                rule=rule.name,
                arn=function.arn,
                input=json.dumps(schedule.input),
                # A failed run is the next run's to repeat: EventBridge retrying it too would overlap them.
                retry_policy=aws.cloudwatch.EventTargetRetryPolicyArgs(
                    maximum_retry_attempts=0, maximum_event_age_in_seconds=60
                ),
                opts=self.child_opts(),
            )
            aws.lambda_.Permission(
                f"{schedule.name}-invokes",
                action="lambda:InvokeFunction",
                function=function.name,
                principal="events.amazonaws.com",
                source_arn=rule.arn,
                opts=self.child_opts(),
            )
            self.rules[schedule.name] = rule
        self.register_outputs({})
