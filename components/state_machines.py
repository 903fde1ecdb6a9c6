"""A Step Functions state machine the way every one in the program is built (spec/infra.md §3.7 rule 42):
a role of its own that may do exactly what its definition calls, every execution logged in full to its
own log group and traced, and alarms when an execution fails, times out or is aborted — a recovery or a
nightly job that stops half-way must page someone, not wait to be noticed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from components.alarms import any_in_five_minutes
from components.trust import service_trust_policy

LOG_DELIVERY_ACTIONS = [
    "logs:CreateLogDelivery",
    "logs:GetLogDelivery",
    "logs:UpdateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:DescribeResourcePolicies",
    "logs:DescribeLogGroups",
]
TRACING_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
LAMBDA_RETRIES = ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"]
EXECUTION_PROBLEMS = ("ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted")
LAMBDA_RETRY = [{"ErrorEquals": LAMBDA_RETRIES, "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2}]
"""Retry an invocation on Lambda's own service errors (not on the function's): a throttle or a blip in
the Lambda service must not fail a recovery."""


def invoke_task(function_arn: str, next_state: str, payload_path: str = "$") -> dict[str, Any]:
    """A Lambda invocation whose answer becomes the state, retried on Lambda's own service errors."""
    return {
        "Type": "Task",
        "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": function_arn, "Payload.$": payload_path},
        "Retry": LAMBDA_RETRY,
        "OutputPath": "$.Payload",
        "Next": next_state,
    }


@dataclass(frozen=True)
class MachineSettings:
    """``name``: the Pulumi name (children are named after it); ``machine_name``: the physical name."""

    name: str
    machine_name: str
    description: str
    log_retention_days: int = 365
    role_name: str | None = None  # a fixed physical name, when a policy must name the role in advance


def observed_state_machine(
    settings: MachineSettings,
    definition: pulumi.Input[str],
    statements: Sequence[pulumi.Input[dict[str, Any]]],
    topic_arn: pulumi.Input[str],
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> tuple[aws.sfn.StateMachine, aws.iam.Role]:
    """The machine, its role (``statements`` plus log delivery and tracing), log group and alarms."""
    name = settings.name
    logs = aws.cloudwatch.LogGroup(
        f"{name}-logs",
        name=f"/aws/vendedlogs/states/{settings.machine_name}",
        retention_in_days=settings.log_retention_days,
        tags=tags,
        opts=opts,
    )
    role = aws.iam.Role(
        f"{name}-role",
        name=settings.role_name,
        assume_role_policy=service_trust_policy("states.amazonaws.com"),
        description=f"Runs the {settings.machine_name} state machine only",
        tags=tags,
        opts=opts,
    )
    policy = aws.iam.RolePolicy(
        f"{name}-policy",
        role=role.id,
        policy=pulumi.Output.json_dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    *statements,
                    {
                        "Sid": "Logs",
                        "Effect": "Allow",
                        "Action": LOG_DELIVERY_ACTIONS,
                        "Resource": "*",  # log delivery APIs take no resource (AWS's documented policy)
                    },
                    {"Sid": "Tracing", "Effect": "Allow", "Action": TRACING_ACTIONS, "Resource": "*"},
                ],
            }
        ),
        opts=opts,
    )
    machine = aws.sfn.StateMachine(
        name,
        name=settings.machine_name,
        role_arn=role.arn,
        definition=definition,
        logging_configuration=aws.sfn.StateMachineLoggingConfigurationArgs(
            level="ALL",
            include_execution_data=True,
            log_destination=logs.arn.apply(lambda arn: f"{arn}:*"),
        ),
        tracing_configuration=aws.sfn.StateMachineTracingConfigurationArgs(enabled=True),
        tags=tags,
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=[policy])),
    )
    for metric in EXECUTION_PROBLEMS:
        any_in_five_minutes(
            f"{name}-{metric}",
            f"{settings.machine_name}: {metric} >= 1 in 5 minutes ({settings.description})",
            "AWS/States",
            metric,
            {"StateMachineArn": machine.arn},
            topic_arn,
            tags,
            opts,
        )
    return machine, role
