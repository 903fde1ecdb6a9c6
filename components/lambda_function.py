"""One Lambda function from a catalog FunctionSpec: its own role, log group, grants and alarms."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent
from components.config import StackConfig
from core.catalog import USER_POOL_ENV_VARS, Access, FunctionSpec, KeyName, UserPoolName
from core.tables import TABLES_BY_KEY

_TABLE_ACTIONS: dict[Access, list[str]] = {
    Access.READ: [
        "dynamodb:GetItem",
        "dynamodb:BatchGetItem",
        "dynamodb:Query",
        "dynamodb:ConditionCheckItem",
        "dynamodb:DescribeTable",
    ],
    Access.WRITE: [
        "dynamodb:PutItem",
        "dynamodb:UpdateItem",
        "dynamodb:DeleteItem",
        "dynamodb:BatchWriteItem",
    ],
}
_TABLE_ACTIONS[Access.READ_WRITE] = _TABLE_ACTIONS[Access.READ] + _TABLE_ACTIONS[Access.WRITE]
_KEY_ACTIONS: dict[Access, list[str]] = {
    Access.READ: ["kms:Decrypt"],
    Access.WRITE: ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt"],
    Access.READ_WRITE: ["kms:Encrypt", "kms:GenerateDataKey*", "kms:Decrypt"],
}


@dataclass(frozen=True)
class FunctionDependencies:
    """What every function may be wired to: built once by the program, shared by all functions."""

    code: pulumi.Archive
    layer_arn: pulumi.Input[str]
    tables: Mapping[str, aws.dynamodb.Table]
    keys: Mapping[KeyName, aws.kms.Key]
    alarm_topic_arn: pulumi.Input[str]
    environment: Mapping[str, pulumi.Input[str]]
    user_pools: Mapping[UserPoolName, aws.cognito.UserPool] = field(default_factory=dict)


class LambdaFunction(CompactConnectComponent):
    """A function with least privilege: a dedicated role whose policy names the exact tables,
    indexes and keys its catalog grants list, and a log group with a retention set."""

    def __init__(
        self,
        spec: FunctionSpec,
        config: StackConfig,
        deps: FunctionDependencies,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("LambdaFunction", spec.name, config, opts)
        self.spec = spec
        function_name = f"{config.name_prefix}-{spec.name}"

        self.log_group = aws.cloudwatch.LogGroup(
            f"{spec.name}-logs",
            name=f"/aws/lambda/{function_name}",
            retention_in_days=spec.log_retention_days,
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.role = aws.iam.Role(
            f"{spec.name}-role",
            assume_role_policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": {"Service": "lambda.amazonaws.com"},
                            "Action": "sts:AssumeRole",
                        }
                    ],
                }
            ),
            description=f"Runs {function_name} only",
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.policy = aws.iam.RolePolicy(
            f"{spec.name}-grants",
            role=self.role.id,
            policy=self._policy_document(deps),
            opts=self.child_opts(),
        )
        environment = {
            **deps.environment,
            **{TABLES_BY_KEY[grant.table].env_var: deps.tables[grant.table].name for grant in spec.grants},
            **{USER_POOL_ENV_VARS[grant.pool]: deps.user_pools[grant.pool].id for grant in spec.pool_grants},
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
        self.register_outputs({"arn": self.function.arn, "roleArn": self.role.arn})

    def _policy_document(self, deps: FunctionDependencies) -> pulumi.Output[str]:
        grants = self.spec.grants
        pool_grants = self.spec.pool_grants
        table_arns = [deps.tables[grant.table].arn for grant in grants]
        key_arns = [deps.keys[TABLES_BY_KEY[grant.table].encryption_key].arn for grant in grants]
        pool_arns = [deps.user_pools[grant.pool].arn for grant in pool_grants]

        def build(resolved: list[str]) -> str:
            count = len(grants)
            tables, keys = resolved[:count], resolved[count : 2 * count]
            pools, log_group_arn = resolved[2 * count : -1], resolved[-1]
            statements: list[dict[str, object]] = [
                {
                    "Sid": "WriteOwnLogs",
                    "Effect": "Allow",
                    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                    "Resource": [f"{log_group_arn}:*"],
                },
                {
                    "Sid": "Tracing",
                    "Effect": "Allow",
                    "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
                    "Resource": "*",
                },
            ]
            for index, grant in enumerate(grants):
                statements.append(
                    {
                        "Sid": f"Table{index}",
                        "Effect": "Allow",
                        "Action": _TABLE_ACTIONS[grant.access],
                        "Resource": [tables[index], f"{tables[index]}/index/*"],
                    }
                )
                statements.append(
                    {
                        "Sid": f"TableKey{index}",
                        "Effect": "Allow",
                        "Action": _KEY_ACTIONS[grant.access],
                        "Resource": [keys[index]],
                    }
                )
            for index, pool_grant in enumerate(pool_grants):
                statements.append(
                    {
                        "Sid": f"UserPool{index}",
                        "Effect": "Allow",
                        "Action": list(pool_grant.actions),
                        "Resource": [pools[index]],
                    }
                )
            return json.dumps({"Version": "2012-10-17", "Statement": statements})

        return pulumi.Output.all(*table_arns, *key_arns, *pool_arns, self.log_group.arn).apply(build)

    def _alarm(self, suffix: str, metric: str, topic_arn: pulumi.Input[str]) -> aws.cloudwatch.MetricAlarm:
        return aws.cloudwatch.MetricAlarm(
            f"{self.spec.name}-{suffix}",
            alarm_description=f"{self.spec.name}: {metric} >= 1 in 5 minutes",
            namespace="AWS/Lambda",
            metric_name=metric,
            dimensions={"FunctionName": self.function.name},
            statistic="Sum",
            period=300,
            evaluation_periods=1,
            threshold=1,
            comparison_operator="GreaterThanOrEqualToThreshold",
            treat_missing_data="notBreaching",
            alarm_actions=[topic_arn],
            tags=self.tags,
            opts=self.child_opts(),
        )
