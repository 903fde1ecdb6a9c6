"""A REST API rendered from the catalog: one RestApi whose body is the OpenAPI document."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Self

import pulumi
import pulumi_aws as aws
from pydantic import Field, model_validator

from components.args import (
    AccountId,
    ComponentArgs,
    EnvironmentName,
    NamePrefix,
    Origins,
    check_host,
    check_origins,
    refuse,
    require_developer_environment,
)
from components.base import CompactConnectComponent
from components.config import Environment
from components.custom_domain import ApiDomain, ApiDomainArgs
from components.lambda_function import LambdaFunction
from components.openapi import render_openapi
from components.waf import MINIMUM_LOG_RETENTION_DAYS, ApiFirewall, ApiFirewallArgs, LogRetentionDays
from core.api_catalog import ApiName, AuthKind, Route
from core.compacts import CompactCatalog

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


class ApiArgs(ComponentArgs):
    """The settings of one deployed API. Its routes (what it serves) are catalog declarations and
    its functions and authorizers are wired in; these are what the environment decides."""

    environment: EnvironmentName = Field(description="Names the stage (and so the invoke URL path).")
    name_prefix: NamePrefix
    account_id: AccountId
    compacts: CompactCatalog = Field(
        description="Expands each route's scopes (compacts x active jurisdictions)."
    )
    allowed_origins: Origins
    host: str | None = Field(default=None, description="Custom host, e.g. `api.<domain_name>`, if any.")
    domain_name: str | None = Field(default=None, description="The environment's hosted zone (for `host`).")
    default_endpoint_enabled: bool = Field(
        default=False,
        description="Serve on the execute-api endpoint too. Needed without a custom host; never in prod, "
        "which is served only through its custom domain (TLS 1.2 security policy).",
    )
    rate_limit_per_ip: bool = Field(
        default=True, description="WAF per-IP rate limiting; off only in local and sandbox."
    )
    log_retention_days: LogRetentionDays = MINIMUM_LOG_RETENTION_DAYS

    @model_validator(mode="after")
    def _guard_rails(self) -> Self:
        check_origins(self.environment, self.allowed_origins)
        check_host(self.host, self.domain_name)
        if not self.default_endpoint_enabled and self.host is None:
            refuse(
                "default_endpoint_enabled",
                "an API without a custom host is reachable only through its default endpoint; "
                "enable it or give a host",
            )
        if self.default_endpoint_enabled and self.environment is Environment.PROD:
            refuse(
                "default_endpoint_enabled",
                "prod is served only through its custom domain; "
                "the execute-api endpoint would be a second way in",
            )
        if not self.rate_limit_per_ip:
            require_developer_environment("rate_limit_per_ip", self.environment, "turning off rate limiting")
        return self


class Api(CompactConnectComponent[ApiArgs]):
    """The deployed API: body from the catalog, staged with access logs, tracing and metrics,
    guarded by WAF, optionally behind a custom domain, and alarmed on errors and latency."""

    def __init__(
        self,
        api: ApiName,
        args: ApiArgs,
        routes: Sequence[Route],
        functions: Mapping[str, LambdaFunction],
        authorizer_arns: Mapping[AuthKind, pulumi.Input[str]],
        alarm_topic_arn: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
        depends_on_account: pulumi.Resource | None = None,
    ) -> None:
        name = f"{api.value.capitalize()}Api"
        super().__init__("Api", name, args, opts)
        used_functions = {route.function.name: functions[route.function.name] for route in routes}
        used_auth = sorted({route.auth.kind for route in routes if not route.auth.is_public})
        host = args.host

        def render(resolved: list[str]) -> str:
            uris = dict(zip(used_functions, resolved[: len(used_functions)], strict=True))
            arns = dict(zip(used_auth, resolved[len(used_functions) :], strict=True))
            document = render_openapi(
                api,
                routes,
                args.compacts,
                list(args.allowed_origins),
                integration_uri=lambda spec: uris[spec.name],
                authorizer_arns=arns,
                server_url=f"https://{host}" if host else None,
            )
            return json.dumps(document, sort_keys=True)

        self.body = pulumi.Output.all(
            *[fn.function.invoke_arn for fn in used_functions.values()],
            *[authorizer_arns[kind] for kind in used_auth],
        ).apply(render)

        self.rest_api = aws.apigateway.RestApi(
            name,
            name=f"{args.name_prefix}-{name}",
            description=f"CompactConnect {api.value} API ({args.environment})",
            body=self.body,
            put_rest_api_mode="overwrite",
            endpoint_configuration=aws.apigateway.RestApiEndpointConfigurationArgs(types="REGIONAL"),
            disable_execute_api_endpoint=not args.default_endpoint_enabled,
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
            name=f"/aws/apigateway/{args.name_prefix}-{name}/access",
            retention_in_days=args.log_retention_days,
            tags=self.tags,
            opts=self.child_opts(),
        )
        stage_depends = [depends_on_account] if depends_on_account else []
        self.stage = aws.apigateway.Stage(
            f"{name}-stage",
            rest_api=self.rest_api.id,
            deployment=self.deployment.id,
            stage_name=str(args.environment),
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
        self.firewall = ApiFirewall(
            name, args.narrow(ApiFirewallArgs), self.stage.arn, opts=self.child_opts()
        )
        self.domain = (
            ApiDomain(
                name,
                args.narrow(ApiDomainArgs),
                self.rest_api.id,
                self.stage.stage_name,
                opts=self.child_opts(),
            )
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
