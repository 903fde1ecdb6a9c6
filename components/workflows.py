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

from components.args import ComponentArgs, NamePrefix
from components.lambda_function import FunctionDependencies, LambdaFunction, LambdaFunctionArgs
from components.trust import service_trust_policy
from core.catalog import SERVED_COMPACT_ENV_VAR
from core.triggers import WorkflowSpec

LAMBDA_RETRIES = ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException"]


class CompactWorkflowArgs(ComponentArgs):
    name_prefix: NamePrefix


def definition(
    workflow: WorkflowSpec, compact: str, function_arn: str, email_service_arn: str
) -> dict[str, Any]:
    """The state machine (Amazon States Language): start from the schedule's time, run the function while
    it answers ``IN_PROGRESS``, email the failure on ``BATCH_FAILURE``, fail on anything unexpected."""
    invoke = "arn:aws:states:::lambda:invoke"
    retry = [{"ErrorEquals": LAMBDA_RETRIES, "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2}]
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
                "Retry": retry,
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
                "Retry": retry,
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
        logs = aws.cloudwatch.LogGroup(
            f"{name}-logs",
            name=f"/aws/vendedlogs/states/{machine_name}",
            retention_in_days=365,
            tags=tags,
            opts=child,
        )
        role = aws.iam.Role(
            f"{name}-role",
            assume_role_policy=service_trust_policy("states.amazonaws.com"),
            description=f"Runs the {machine_name} state machine only",
            tags=tags,
            opts=child,
        )
        aws.iam.RolePolicy(
            f"{name}-invokes",
            role=role.id,
            policy=pulumi.Output.json_dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Sid": "RunTheFunctionAndTellOperations",
                            "Effect": "Allow",
                            "Action": ["lambda:InvokeFunction"],
                            "Resource": [self.function.function.arn, email_service.arn],
                        },
                        {
                            "Sid": "Logs",
                            "Effect": "Allow",
                            "Action": [
                                "logs:CreateLogDelivery",
                                "logs:GetLogDelivery",
                                "logs:UpdateLogDelivery",
                                "logs:DeleteLogDelivery",
                                "logs:ListLogDeliveries",
                                "logs:PutResourcePolicy",
                                "logs:DescribeResourcePolicies",
                                "logs:DescribeLogGroups",
                            ],
                            "Resource": "*",  # log delivery APIs take no resource (AWS's documented policy)
                        },
                        {
                            "Sid": "Tracing",
                            "Effect": "Allow",
                            "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                            "Resource": "*",
                        },
                    ],
                }
            ),
            opts=child,
        )
        self.state_machine = aws.sfn.StateMachine(
            name,
            name=machine_name,
            role_arn=role.arn,
            definition=pulumi.Output.all(self.function.function.arn, email_service.arn).apply(
                lambda arns: json.dumps(definition(workflow, compact, arns[0], arns[1]))
            ),
            logging_configuration=aws.sfn.StateMachineLoggingConfigurationArgs(
                level="ALL",
                include_execution_data=True,
                log_destination=logs.arn.apply(lambda arn: f"{arn}:*"),
            ),
            tracing_configuration=aws.sfn.StateMachineTracingConfigurationArgs(enabled=True),
            tags=tags,
            opts=child,
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
            _alarm(
                f"{name}-failed-executions",
                "AWS/States",
                "ExecutionsFailed",
                {"StateMachineArn": self.state_machine.arn},
                deps.alarm_topic_arn,
                tags,
                child,
            ),
            _alarm(
                f"{name}-logged-errors",
                "compact-connect",
                errors.metric_transformation.name,
                None,
                deps.alarm_topic_arn,
                tags,
                child,
            ),
        ]
        self.register_outputs({"stateMachineArn": self.state_machine.arn})


def _alarm(
    name: str,
    namespace: str,
    metric: pulumi.Input[str],
    dimensions: dict[str, pulumi.Input[str]] | None,
    topic: pulumi.Input[str],
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.cloudwatch.MetricAlarm:
    return aws.cloudwatch.MetricAlarm(
        name,
        alarm_description=f"{name}: at least one in 5 minutes",
        namespace=namespace,
        metric_name=metric,
        dimensions=dimensions,
        statistic="Sum",
        period=300,
        evaluation_periods=1,
        threshold=1,
        comparison_operator="GreaterThanOrEqualToThreshold",
        treat_missing_data="notBreaching",
        alarm_actions=[topic],
        tags=tags,
        opts=opts,
    )
