"""A catalog workflow (:class:`core.triggers.WorkflowSpec`) for one compact: its own function (and role),
a Step Functions state machine that runs it until it is done, the daily schedule that starts it, and
the alarms that tell the operators when an execution fails or the function logs an error.

The failure email is sent by the state machine itself (it invokes the email service), so a settlement
failure ends the execution as a success: the failure is the processor's, not the workflow's.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pulumi
import pulumi_aws as aws

from components.alarms import any_in_five_minutes
from components.args import ComponentArgs, NamePrefix
from components.lambda_function import FunctionDependencies, LambdaFunction, LambdaFunctionArgs
from components.state_machines import LAMBDA_RETRY, MachineSettings, observed_state_machine
from components.trust import service_trust_policy
from core.catalog import SERVED_COMPACT_ENV_VAR
from core.triggers import WorkflowSpec


class CompactWorkflowArgs(ComponentArgs):
    name_prefix: NamePrefix


def definition(
    workflow: WorkflowSpec, compact: str, function_arn: str, email_service_arn: str
) -> dict[str, Any]:
    """The state machine (Amazon States Language): start from the schedule's time, run the function while
    it answers ``IN_PROGRESS``, email the failure on ``BATCH_FAILURE``, fail on anything unexpected."""
    invoke = "arn:aws:states:::lambda:invoke"
    return {
        "Comment": f"{workflow.name} of {compact}: {workflow.function.description}",
        "StartAt": "Start",
        "TimeoutSeconds": workflow.timeout_seconds,
        "States": {
            "Start": {
                "Type": "Pass",
                "Parameters": {"compact": compact, "scheduledTime.$": "$.time", "processedBatchIds": []},
                "ResultPath": "$.Payload",
                "Next": "Run",
            },
            "Run": {
                "Type": "Task",
                "Resource": invoke,
                "Parameters": {"FunctionName": function_arn, "Payload.$": "$.Payload"},
                "Retry": LAMBDA_RETRY,
                "Next": "Done?",
            },
            "Done?": {
                "Type": "Choice",
                "Choices": [
                    {"Variable": "$.Payload.status", "StringEquals": "COMPLETE", "Next": "Done"},
                    {"Variable": "$.Payload.status", "StringEquals": "IN_PROGRESS", "Next": "Run"},
                    {
                        "Variable": "$.Payload.status",
                        "StringEquals": "BATCH_FAILURE",
                        "Next": "Tell operations",
                    },
                ],
                "Default": "Unexpected answer",
            },
            "Tell operations": {
                "Type": "Task",
                "Resource": invoke,
                "Parameters": {
                    "FunctionName": email_service_arn,
                    "Payload": {
                        **workflow.failure_email(compact),
                        "deliveryId.$": "States.Format('workflow.{}', $$.Execution.Name)",
                        "templateVariables": {
                            f"{workflow.failure_variable}.$": f"$.Payload.{workflow.failure_variable}"
                        },
                    },
                },
                "Retry": LAMBDA_RETRY,
                "Next": "Done",
            },
            "Done": {"Type": "Succeed"},
            "Unexpected answer": {"Type": "Fail", "Error": "UnexpectedStatus"},
        },
    }


class CompactWorkflow(pulumi.ComponentResource):
    """Attributes: ``function``, ``state_machine``, ``rule``, ``alarms``."""

    def __init__(
        self,
        workflow: WorkflowSpec,
        compact: str,
        args: CompactWorkflowArgs,
        deps: FunctionDependencies,
        email_service: aws.lambda_.Function,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        name = f"{workflow.name}-{compact}"
        super().__init__("compact-connect:components:CompactWorkflow", name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        tags = dict(args.tags)
        own = dataclasses.replace(
            deps,
            environment={**deps.environment, SERVED_COMPACT_ENV_VAR: compact},
            resources=dataclasses.replace(deps.resources, compacts=(compact,)),
        )
        self.function = LambdaFunction(
            workflow.function.for_compact(compact),
            args.narrow(LambdaFunctionArgs),
            own,
            opts=child,
        )
        machine_name = f"{args.name_prefix}-{name}"
        self.state_machine, _ = observed_state_machine(
            MachineSettings(name, machine_name, workflow.function.description),
            pulumi.Output.all(self.function.function.arn, email_service.arn).apply(
                lambda arns: json.dumps(definition(workflow, compact, arns[0], arns[1]))
            ),
            [
                {
                    "Sid": "RunTheFunctionAndTellOperations",
                    "Effect": "Allow",
                    "Action": ["lambda:InvokeFunction"],
                    "Resource": [self.function.function.arn, email_service.arn],
                }
            ],
            deps.alarm_topic_arn,
            tags,
            child,
        )
        starter = aws.iam.Role(
            f"{name}-schedule-role",
            assume_role_policy=service_trust_policy("events.amazonaws.com"),
            description=f"Starts the {machine_name} state machine on its schedule",
            inline_policies=[
                aws.iam.RoleInlinePolicyArgs(
                    name="start",
                    policy=pulumi.Output.json_dumps(
                        {
                            "Version": "2012-10-17",
                            "Statement": [
                                {
                                    "Effect": "Allow",
                                    "Action": ["states:StartExecution"],
                                    "Resource": [self.state_machine.arn],
                                }
                            ],
                        }
                    ),
                )
            ],
            tags=tags,
            opts=child,
        )
        self.rule = aws.cloudwatch.EventRule(
            f"{name}-schedule",
            description=f"Starts {machine_name} at {workflow.schedule_expression} (UTC)",
            schedule_expression=workflow.schedule_expression,
            tags=tags,
            opts=child,
        )
        aws.cloudwatch.EventTarget(
            f"{name}-start", rule=self.rule.name, arn=self.state_machine.arn, role_arn=starter.arn, opts=child
        )
        errors = aws.cloudwatch.LogMetricFilter(
            f"{name}-errors",
            log_group_name=self.function.log_group.name,
            pattern='{ $.level = "ERROR" }',
            metric_transformation=aws.cloudwatch.LogMetricFilterMetricTransformationArgs(
                name=f"{name}-errors", namespace="compact-connect", value="1", default_value="0"
            ),
            opts=child,
        )
        self.alarms = [
            any_in_five_minutes(
                f"{name}-logged-errors",
                f"{machine_name}: its function logged an error",
                "compact-connect",
                errors.metric_transformation.name,
                None,
                deps.alarm_topic_arn,
                tags,
                child,
            )
        ]
        self.register_outputs({"stateMachineArn": self.state_machine.arn})
