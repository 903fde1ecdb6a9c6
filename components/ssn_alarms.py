"""Alarms on full-SSN reads (payments_security §4.6): unusual volume, any refusal, the kill switch, and
a burst of client errors on the route.

The handler emits one metric per outcome (``core.metrics``, dimension ``service`` = the function's
catalog name); each alarm here watches one of them and notifies the stack's alarm topic.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypedDict

import pulumi
import pulumi_aws as aws

from components.alarms import any_in_five_minutes
from components.args import ComponentArgs
from components.base import CompactConnectComponent
from core.metrics import METRICS_NAMESPACE

SSN_ROUTE_PATH = "/v1/compacts/{compact}/providers/{providerId}/ssn"

# (metric, description): any single occurrence is worth waking someone for.
_ANY_OCCURRENCE = (
    ("rate-limited-ssn-access", "a staff user hit the SSN read limit (the 7th attempt disables them)"),
    ("ssn-endpoint-disabled", "SSN reads switched themselves off: re-enable with scripts/ssn_endpoint"),
    ("unauthorized-ssn-access", "a staff user asked for the SSN of a provider outside their grants"),
)


class _AlarmSettings(TypedDict):
    """What every SSN alarm shares, typed so it can be spread into ``MetricAlarm``."""

    treat_missing_data: str
    alarm_actions: Sequence[pulumi.Input[str]]
    tags: Mapping[str, str]
    opts: pulumi.ResourceOptions


class SsnAccessAlarms(CompactConnectComponent[ComponentArgs]):
    """Its only settings are the common ones (tags); what it watches is wired in."""

    def __init__(
        self,
        args: ComponentArgs,
        *,
        service: str,
        rest_api_name: pulumi.Input[str],
        stage_name: pulumi.Input[str],
        topic_arn: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("SsnAccessAlarms", "SsnAccessAlarms", args, opts)
        self._topic_arn = topic_arn
        dimensions = {"service": service}
        self.alarms = [
            self._read_volume_anomaly(dimensions),
            *(self._any(metric, description, dimensions) for metric, description in _ANY_OCCURRENCE),
            self._client_errors(rest_api_name, stage_name),
        ]
        self.register_outputs({})

    def _common(self) -> _AlarmSettings:
        return {
            "treat_missing_data": "notBreaching",
            "alarm_actions": [self._topic_arn],
            "tags": self.tags,
            "opts": self.child_opts(),
        }

    def _read_volume_anomaly(self, dimensions: dict[str, str]) -> aws.cloudwatch.MetricAlarm:
        """Hourly reads above a band of two standard deviations around what CloudWatch learned is normal."""
        return aws.cloudwatch.MetricAlarm(
            "read-ssn-anomaly",
            alarm_description="SSN reads per hour above their usual band (anomaly detection, 2 deviations)",
            comparison_operator="GreaterThanUpperThreshold",
            evaluation_periods=1,
            threshold_metric_id="band",
            metric_queries=[
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="reads",
                    return_data=True,
                    metric=aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
                        namespace=METRICS_NAMESPACE,
                        metric_name="read-ssn",
                        dimensions=dimensions,
                        period=3600,
                        stat="Sum",
                    ),
                ),
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="band", expression="ANOMALY_DETECTION_BAND(reads, 2)", return_data=True
                ),
            ],
            **self._common(),
        )

    def _any(self, metric: str, description: str, dimensions: dict[str, str]) -> aws.cloudwatch.MetricAlarm:
        return any_in_five_minutes(
            metric,
            f"SSN: {description}",
            METRICS_NAMESPACE,
            metric,
            dimensions,
            self._topic_arn,
            self.tags,
            self.child_opts(),
        )

    def _client_errors(
        self, rest_api_name: pulumi.Input[str], stage_name: pulumi.Input[str]
    ) -> aws.cloudwatch.MetricAlarm:
        """Someone probing the route: 100 client errors in 5 minutes (method metrics are on per stage)."""
        return aws.cloudwatch.MetricAlarm(
            "ssn-route-client-errors",
            alarm_description="SSN route: 100 or more 4XX responses in 5 minutes",
            namespace="AWS/ApiGateway",
            metric_name="4XXError",
            dimensions={
                "ApiName": rest_api_name,
                "Stage": stage_name,
                "Resource": SSN_ROUTE_PATH,
                "Method": "GET",
            },
            statistic="Sum",
            period=300,
            evaluation_periods=1,
            threshold=100,
            comparison_operator="GreaterThanOrEqualToThreshold",
            **self._common(),
        )
