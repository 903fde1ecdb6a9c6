"""One Lambda function from a catalog FunctionSpec: its own role, log group, grants and alarms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from components import grants
from components.alarms import any_in_five_minutes
from components.args import ComponentArgs, NamePrefix
from components.base import CompactConnectComponent
from components.grants import Resources
from components.trust import service_trust_policy
from core.catalog import FunctionSpec
from core.metrics import METRICS_NAMESPACE
from core.tables import PROVIDER
from core.unreadable_records import UNREADABLE_RECORD_METRIC


@dataclass(frozen=True)
class FunctionDependencies:
    """What every function may be wired to: built once by the program, shared by all functions."""

    code: pulumi.Archive
    layer_arn: pulumi.Input[str]
    resources: Resources
    alarm_topic_arn: pulumi.Input[str]
    environment: Mapping[str, pulumi.Input[str]]
    ssn_roles: Mapping[str, aws.iam.Role] = field(default_factory=dict)  # by SSN-path function name


class LambdaFunctionArgs(ComponentArgs):
    """A function's stack settings: only its name prefix. Everything else that shapes it (handler,
    memory, grants, log retention) is its catalog ``FunctionSpec``; what it is wired to is
    ``FunctionDependencies``."""

    name_prefix: NamePrefix


class LambdaFunction(CompactConnectComponent[LambdaFunctionArgs]):
    """A function with least privilege: a role of its own (for the SSN path, the one created for it
    with the SSN key) whose policy names exactly the resources its catalog grants list, and a log
    group with a retention set."""

    def __init__(
        self,
        spec: FunctionSpec,
        args: LambdaFunctionArgs,
        deps: FunctionDependencies,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("LambdaFunction", spec.name, args, opts)
        self.spec = spec
        function_name = f"{args.name_prefix}-{spec.name}"

        self.log_group = aws.cloudwatch.LogGroup(
            f"{spec.name}-logs",
            name=f"/aws/lambda/{function_name}",
            retention_in_days=spec.log_retention_days,
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.role = deps.ssn_roles[spec.name] if spec.ssn_access else self._own_role(function_name)
        self.policy = aws.iam.RolePolicy(
            f"{spec.name}-grants",
            role=self.role.id,
            policy=self._policy_document(deps.resources),
            opts=self.child_opts(),
        )
        environment = {
            **deps.environment,
            **grants.environment(spec, deps.resources),
            "POWERTOOLS_SERVICE_NAME": spec.name,
        }
        self.function = aws.lambda_.Function(
            spec.name,
            name=function_name,
            description=spec.description,
            role=self.role.arn,
            runtime=spec.runtime,
            architectures=["arm64"],
            handler=spec.handler,
            code=deps.code,
            layers=[deps.layer_arn],
            timeout=spec.timeout_seconds,
            memory_size=spec.memory_mb,
            environment=aws.lambda_.FunctionEnvironmentArgs(variables=environment),
            vpc_config=self._vpc_config(deps.resources),
            tracing_config=aws.lambda_.FunctionTracingConfigArgs(mode="Active"),
            logging_config=aws.lambda_.FunctionLoggingConfigArgs(
                log_format="JSON", log_group=self.log_group.name
            ),
            tags=self.tags,
            opts=self.child_opts(depends_on=[self.log_group, self.policy]),
        )
        self.alarms = [
            self._alarm("throttles", "Throttles", deps.alarm_topic_arn),
            self._alarm("errors", "Errors", deps.alarm_topic_arn),
        ]
        if reads_provider_records(spec):
            self.alarms.append(self._unreadable_records_alarm(deps.alarm_topic_arn))
        if spec.slow_after_seconds is not None:
            self.alarms.append(self._slow_alarm(spec.slow_after_seconds, deps.alarm_topic_arn))
        self.register_outputs({"arn": self.function.arn, "roleArn": self.role.arn})

    def _vpc_config(self, resources: Resources) -> aws.lambda_.FunctionVpcConfigArgs | None:
        """Inside the network's subnets, in the functions' group, for a function that reaches the search
        domain (nothing else needs the VPC, and outside it a function keeps AWS's own network)."""
        if self.spec.search is None:
            return None
        assert resources.search is not None, f"{self.spec.name} reaches the search domain but there is none"
        return aws.lambda_.FunctionVpcConfigArgs(
            subnet_ids=list(resources.search.subnet_ids),
            security_group_ids=[resources.search.security_group_id],
        )

    def _own_role(self, function_name: str) -> aws.iam.Role:
        return aws.iam.Role(
            f"{self.spec.name}-role",
            assume_role_policy=service_trust_policy("lambda.amazonaws.com"),
            description=f"Runs {function_name} only",
            tags=self.tags,
            opts=self.child_opts(),
        )

    def _policy_document(self, resources: Resources) -> pulumi.Output[str]:
        """Own log stream, tracing, and the catalog grants; nothing else."""
        document = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "WriteOwnLogs",
                    "Effect": "Allow",
                    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                    "Resource": [self.log_group.arn.apply(lambda arn: f"{arn}:*")],
                },
                {
                    "Sid": "Tracing",
                    "Effect": "Allow",
                    "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                    "Resource": "*",
                },
                *grants.statements(self.spec, resources),
            ],
        }
        return pulumi.Output.json_dumps(document)

    def _alarm(
        self,
        suffix: str,
        metric: str,
        topic_arn: pulumi.Input[str],
        namespace: str = "AWS/Lambda",
        dimensions: Mapping[str, pulumi.Input[str]] | None = None,
    ) -> aws.cloudwatch.MetricAlarm:
        return any_in_five_minutes(
            f"{self.spec.name}-{suffix}",
            f"{self.spec.name}: {metric} >= 1 in 5 minutes",
            namespace,
            metric,
            dimensions or {"FunctionName": self.function.name},
            topic_arn,
            self.tags,
            self.child_opts(),
        )

    def _slow_alarm(self, seconds: int, topic_arn: pulumi.Input[str]) -> aws.cloudwatch.MetricAlarm:
        """A run that took longer than ``seconds`` in a day: a long job nearing its timeout."""
        return aws.cloudwatch.MetricAlarm(
            f"{self.spec.name}-slow",
            alarm_description=f"{self.spec.name}: a run took over {seconds} s (its timeout is near)",
            namespace="AWS/Lambda",
            metric_name="Duration",
            dimensions={"FunctionName": self.function.name},
            statistic="Maximum",
            period=24 * 60 * 60,
            evaluation_periods=1,
            threshold=seconds * 1000,
            comparison_operator="GreaterThanThreshold",
            treat_missing_data="notBreaching",
            alarm_actions=[topic_arn],
            tags=self.tags,
            opts=self.child_opts(),
        )

    def _unreadable_records_alarm(self, topic_arn: pulumi.Input[str]) -> aws.cloudwatch.MetricAlarm:
        """A stored provider record this function had to leave out (``core.unreadable_records``)."""
        return self._alarm(
            "unreadable-records",
            UNREADABLE_RECORD_METRIC,
            topic_arn,
            namespace=METRICS_NAMESPACE,
            dimensions={"service": self.spec.name},
        )


def reads_provider_records(spec: FunctionSpec) -> bool:
    return any(grant.table == PROVIDER.key for grant in spec.grants)
