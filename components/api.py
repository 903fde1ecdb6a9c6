"""A REST API rendered from the catalog: one RestApi whose body is the OpenAPI document."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence

import pulumi
import pulumi_aws as aws

from components.base import CompactConnectComponent
from components.config import Environment, StackConfig
from components.custom_domain import ApiDomain
from components.lambda_function import LambdaFunction
from components.openapi import render_openapi
from components.waf import ApiFirewall
from core.catalog import ApiName, AuthKind, Route

_ACCESS_LOG_FORMAT = json.dumps(
    {
        "requestId": "$context.requestId",
        "xrayTraceId": "$context.xrayTraceId",
        "ip": "$context.identity.sourceIp",
        "caller": "$context.authorizer.claims.sub",
        "requestTime": "$context.requestTime",
        "httpMethod": "$context.httpMethod",
        "resourcePath": "$context.resourcePath",
        "status": "$context.status",
        "protocol": "$context.protocol",
        "responseLength": "$context.responseLength",
        "wafStatus": "$context.waf.status",
        "integrationLatency": "$context.integration.latency",
    }
)


class Api(CompactConnectComponent):
    """The deployed API: body from the catalog, staged with access logs, tracing and metrics,
    guarded by WAF, optionally behind a custom domain, and alarmed on errors and latency."""

    def __init__(
        self,
        api: ApiName,
        config: StackConfig,
        routes: Sequence[Route],
        functions: Mapping[str, LambdaFunction],
        authorizer_arns: Mapping[AuthKind, pulumi.Input[str]],
        alarm_topic_arn: pulumi.Input[str],
        host_prefix: str,
        opts: pulumi.ResourceOptions | None = None,
        depends_on_account: pulumi.Resource | None = None,
    ) -> None:
        name = f"{api.value.capitalize()}Api"
        super().__init__("Api", name, config, opts)
        used_functions = {route.function.name: functions[route.function.name] for route in routes}
        used_auth = sorted({route.auth.kind for route in routes if not route.auth.is_public})
        host = config.host(host_prefix)

        def render(resolved: list[str]) -> str:
            uris = dict(zip(used_functions, resolved[: len(used_functions)], strict=True))
            arns = dict(zip(used_auth, resolved[len(used_functions) :], strict=True))
            document = render_openapi(
                api,
                routes,
                config.compacts,
                config.allowed_origins,
                integration_uri=lambda spec: uris[spec.name],
                authorizer_arns=arns,
                server_url=f"https://{host}" if host else None,
            )
            return json.dumps(document, sort_keys=True)

        self.body = pulumi.Output.all(
            *[fn.function.invoke_arn for fn in used_functions.values()],
            *[authorizer_arns[kind] for kind in used_auth],
        ).apply(render)

        disable_default_endpoint = bool(host) and config.environment_name in (
            Environment.TEST,
            Environment.BETA,
            Environment.PROD,
        )
        self.rest_api = aws.apigateway.RestApi(
            name,
            name=f"{config.name_prefix}-{name}",
            description=f"CompactConnect {api.value} API ({config.environment_name})",
            body=self.body,
            put_rest_api_mode="overwrite",
            endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(types="REGIONAL"),
            disable_execute_api_endpoint=disable_default_endpoint,
            fail_on_warnings=True,
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.permissions = [
            aws.lambda_.Permission(
                f"{name}-invokes-{spec_name}",
                action="lambda:InvokeFunction",
                function=fn.function.name,
                principal="apigateway.amazonaws.com",
                source_arn=self.rest_api.execution_arn.apply(lambda arn: f"{arn}/*/*/*"),
                opts=self.child_opts(),
            )
            for spec_name, fn in used_functions.items()
        ]
        self.deployment = aws.apigateway.Deployment(
            f"{name}-deployment",
            rest_api=self.rest_api.id,
            triggers={"body": self.body.apply(lambda body: hashlib.sha256(body.encode()).hexdigest())},
            opts=self.child_opts(),
        )
        self.access_logs = aws.cloudwatch.LogGroup(
            f"{name}-access-logs",
            name=f"/aws/apigateway/{config.name_prefix}-{name}/access",
            retention_in_days=30,
            tags=self.tags,
            opts=self.child_opts(),
        )
        stage_depends = [depends_on_account] if depends_on_account else []
        self.stage = aws.apigateway.Stage(
            f"{name}-stage",
            rest_api=self.rest_api.id,
            deployment=self.deployment.id,
            stage_name=str(config.environment_name),
            xray_tracing_enabled=True,
            access_log_settings=aws.apigateway.StageAccessLogSettingsArgs(
                destination_arn=self.access_logs.arn, format=_ACCESS_LOG_FORMAT
            ),
            tags=self.tags,
            opts=self.child_opts(depends_on=stage_depends),
        )
        self.method_settings = aws.apigateway.MethodSettings(
            f"{name}-method-settings",
            rest_api=self.rest_api.id,
            stage_name=self.stage.stage_name,
            method_path="*/*",
            settings=aws.apigateway.MethodSettingsSettingsArgs(
                metrics_enabled=True, logging_level="INFO", data_trace_enabled=False
            ),
            opts=self.child_opts(),
        )
        self.firewall = ApiFirewall(name, config, self.stage.arn, opts=self.child_opts())
        self.domain = (
            ApiDomain(name, config, host, self.rest_api.id, self.stage.stage_name, opts=self.child_opts())
            if host
            else None
        )
        self.alarms = self._alarms(name, alarm_topic_arn)
        self.url = pulumi.Output.from_input(f"https://{host}") if host else self.stage.invoke_url
        self.register_outputs({"url": self.url, "restApiId": self.rest_api.id})

    def _alarms(self, name: str, topic_arn: pulumi.Input[str]) -> list[aws.cloudwatch.MetricAlarm]:
        dimensions = {"ApiName": self.rest_api.name, "Stage": self.stage.stage_name}
        specs = [
            ("server-errors", "5XXError", "Sum", None, 1, 1, "GreaterThanOrEqualToThreshold"),
            ("client-errors", "4XXError", "Average", None, 0.5, 6, "GreaterThanThreshold"),
            ("latency-p95", "Latency", None, "p95", 25_000, 3, "GreaterThanThreshold"),
        ]
        return [
            aws.cloudwatch.MetricAlarm(
                f"{name}-{suffix}",
                alarm_description=f"{name}: {metric} {operator} {threshold} over {periods}x5 minutes",
                namespace="AWS/ApiGateway",
                metric_name=metric,
                dimensions=dimensions,
                statistic=statistic,
                extended_statistic=extended,
                period=300,
                evaluation_periods=periods,
                threshold=threshold,
                comparison_operator=operator,
                treat_missing_data="notBreaching",
                alarm_actions=[topic_arn],
                tags=self.tags,
                opts=self.child_opts(),
            )
            for suffix, metric, statistic, extended, threshold, periods, operator in specs
        ]
