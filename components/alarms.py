"""The alarm most of the program's alarms are: any occurrence of a metric in five minutes pages, through
the alarm topic (a failed execution, a function error, a throttle)."""

from __future__ import annotations

from collections.abc import Mapping

import pulumi
import pulumi_aws as aws


def any_in_five_minutes(
    name: str,
    description: pulumi.Input[str],
    namespace: str,
    metric: pulumi.Input[str],
    dimensions: Mapping[str, pulumi.Input[str]] | None,
    topic: pulumi.Input[str],
    tags: dict[str, str],
    opts: pulumi.ResourceOptions,
) -> aws.cloudwatch.MetricAlarm:
    """At least one in five minutes pages."""
    return aws.cloudwatch.MetricAlarm(
        name,
        alarm_description=description,
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
