"""Alarms on the practitioners' public forms (payments_security §3.3): a burst of failed attempts (someone
guessing licensees, or a broken form), a day of them, and any rate-limit refusal.

The handler emits ``<metric>`` = 1 for a success and 0 for a failure (``core.metrics.outcome``), so the
failures of a period are its ``SampleCount - Sum``.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.args import ComponentArgs
from components.base import CompactConnectComponent
from core.metrics import METRICS_NAMESPACE

FIVE_MINUTES = 300
ONE_DAY = 86_400


class PublicFormAlarmsArgs(ComponentArgs):
    form: str  # what the alarms call it: "registration"
    service: str  # the function's catalog name: the metrics' ``service`` dimension
    outcome_metric: str
    failures_per_five_minutes: int
    failures_per_day: int
    throttle_metric: str | None = None


class PublicFormAlarms(CompactConnectComponent[PublicFormAlarmsArgs]):
    def __init__(
        self,
        name: str,
        args: PublicFormAlarmsArgs,
        topic_arn: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("PublicFormAlarms", name, args, opts)
        self._prefix = name
        self._topic_arn = topic_arn
        self.alarms = [
            self._failures("failures-5min", FIVE_MINUTES, args.failures_per_five_minutes),
            self._failures("failures-day", ONE_DAY, args.failures_per_day),
        ]
        if args.throttle_metric is not None:
            self.alarms.append(self._throttled(args.throttle_metric))
        self.register_outputs({})

    def _metric(self, name: str, period: int, stat: str) -> aws.cloudwatch.MetricAlarmMetricQueryMetricArgs:
        return aws.cloudwatch.MetricAlarmMetricQueryMetricArgs(
            namespace=METRICS_NAMESPACE,
            metric_name=name,
            dimensions={"service": self.args.service},
            period=period,
            stat=stat,
        )

    def _failures(self, suffix: str, period: int, limit: int) -> aws.cloudwatch.MetricAlarm:
        metric = self.args.outcome_metric
        return aws.cloudwatch.MetricAlarm(
            f"{self._prefix}-{suffix}",
            alarm_description=(
                f"{self.args.form}: more than {limit} failed attempts in {period // 60} minutes "
                "(licensee guessing, a broken form, or reCAPTCHA refusing real users)"
            ),
            comparison_operator="GreaterThanThreshold",
            threshold=limit,
            evaluation_periods=1,
            metric_queries=[
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="attempts", metric=self._metric(metric, period, "SampleCount"), return_data=False
                ),
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="successes", metric=self._metric(metric, period, "Sum"), return_data=False
                ),
                aws.cloudwatch.MetricAlarmMetricQueryArgs(
                    id="failures", expression="attempts - successes", label="failures", return_data=True
                ),
            ],
            treat_missing_data="notBreaching",
            alarm_actions=[self._topic_arn],
            tags=self.tags,
            opts=self.child_opts(),
        )

    def _throttled(self, metric: str) -> aws.cloudwatch.MetricAlarm:
        return aws.cloudwatch.MetricAlarm(
            f"{self._prefix}-throttled",
            alarm_description=f"{self.args.form}: a caller hit the rate limit",
            namespace=METRICS_NAMESPACE,
            metric_name=metric,
            dimensions={"service": self.args.service},
            statistic="Sum",
            period=FIVE_MINUTES,
            evaluation_periods=1,
            threshold=1,
            comparison_operator="GreaterThanOrEqualToThreshold",
            treat_missing_data="notBreaching",
            alarm_actions=[self._topic_arn],
            tags=self.tags,
            opts=self.child_opts(),
        )
