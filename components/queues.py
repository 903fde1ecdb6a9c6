"""Queues and their consumers (spec §0 and payments_security §5.1).

A ``ProcessingQueue`` is a KMS-encrypted queue with a dead-letter queue after ``max_receive_count``
receives, TLS-only policies and alarms on the DLQ and on message age. A ``QueueConsumer`` wires a
catalog consumer to it: the EventBridge rule that fills it (with the DLQ as the rule's own
dead-letter target), the queue policy that lets only that rule send, and the event source mapping
that reports partial batch failures.
"""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pulumi_aws as aws

from components.args import AccountId, ComponentArgs, NamePrefix
from components.base import CompactConnectComponent
from core.queues import QueueSpec
from core.triggers import ConsumerSpec, EventPattern

DLQ_RETENTION_SECONDS = 14 * 24 * 3600


def _tls_only(queue_arn: pulumi.Input[str]) -> dict[str, Any]:
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "sqs:*",
        "Resource": queue_arn,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def queue_policy(queue_arn: pulumi.Input[str], *extra: dict[str, Any]) -> pulumi.Output[str]:
    return pulumi.Output.json_dumps({"Version": "2012-10-17", "Statement": [_tls_only(queue_arn), *extra]})


def event_pattern(pattern: EventPattern, bus_account: str) -> str:
    detail_type: list[Any] = list(pattern.detail_types)
    if pattern.excluded_detail_types:
        detail_type = [{"anything-but": list(pattern.excluded_detail_types)}]
    document: dict[str, Any] = {"account": [bus_account]}
    if detail_type:
        document["detail-type"] = detail_type
    return json.dumps(document)


class ProcessingQueueArgs(ComponentArgs):
    """Queue names carry the environment prefix; everything else comes from the ``QueueSpec``."""

    name_prefix: NamePrefix


class QueueConsumerArgs(ComponentArgs):
    """The feeding rule matches only events published from the environment's own account."""

    account_id: AccountId


class ProcessingQueue(CompactConnectComponent[ProcessingQueueArgs]):
    def __init__(
        self,
        spec: QueueSpec,
        args: ProcessingQueueArgs,
        key: aws.kms.Key,
        alarm_topic_arn: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("ProcessingQueue", spec.resource_name, args, opts)
        self.spec = spec
        name = f"{args.name_prefix}-{spec.resource_name}"
        self.dead_letters = aws.sqs.Queue(
            f"{spec.resource_name}-dlq",
            name=f"{name}-dlq",
            kms_master_key_id=key.arn,
            kms_data_key_reuse_period_seconds=300,
            message_retention_seconds=DLQ_RETENTION_SECONDS,
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.queue = aws.sqs.Queue(
            spec.resource_name,
            name=name,
            kms_master_key_id=key.arn,
            kms_data_key_reuse_period_seconds=300,
            visibility_timeout_seconds=spec.visibility_timeout_seconds,
            message_retention_seconds=spec.retention_seconds,
            redrive_policy=pulumi.Output.json_dumps(
                {"deadLetterTargetArn": self.dead_letters.arn, "maxReceiveCount": spec.max_receive_count}
            ),
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.dead_letter_policy = aws.sqs.QueuePolicy(
            f"{spec.resource_name}-dlq-policy",
            queue_url=self.dead_letters.url,
            policy=queue_policy(self.dead_letters.arn),
            opts=self.child_opts(),
        )
        self.alarms = [
            self._alarm(
                "dlq-messages",
                self.dead_letters.name,
                "ApproximateNumberOfMessagesVisible",
                "Maximum",
                0,
                1,
                f"{spec.resource_name}: messages failed {spec.max_receive_count} times and wait in the DLQ",
                alarm_topic_arn,
            ),
            self._alarm(
                "message-age",
                self.queue.name,
                "ApproximateAgeOfOldestMessage",
                "Maximum",
                spec.retention_seconds // 2,
                3,
                f"{spec.resource_name}: messages are older than half the retention; the consumer is stuck",
                alarm_topic_arn,
            ),
        ]
        self.register_outputs({"url": self.queue.url, "dlqUrl": self.dead_letters.url})

    def _alarm(
        self,
        suffix: str,
        queue_name: pulumi.Input[str],
        metric: str,
        statistic: str,
        threshold: int,
        periods: int,
        description: str,
        topic_arn: pulumi.Input[str],
    ) -> aws.cloudwatch.MetricAlarm:
        return aws.cloudwatch.MetricAlarm(
            f"{self.spec.resource_name}-{suffix}",
            alarm_description=description,
            namespace="AWS/SQS",
            metric_name=metric,
            dimensions={"QueueName": queue_name},
            statistic=statistic,
            period=300,
            evaluation_periods=periods,
            threshold=threshold,
            comparison_operator="GreaterThanThreshold",
            treat_missing_data="notBreaching",
            alarm_actions=[topic_arn],
            tags=self.tags,
            opts=self.child_opts(),
        )


class QueueConsumer(CompactConnectComponent[QueueConsumerArgs]):
    def __init__(
        self,
        spec: ConsumerSpec,
        args: QueueConsumerArgs,
        queue: ProcessingQueue,
        function: aws.lambda_.Function,
        event_bus: aws.cloudwatch.EventBus,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        name = f"{spec.function.name}-consumer"
        super().__init__("QueueConsumer", name, args, opts)
        extra: list[dict[str, Any]] = []
        self.rule = None
        if spec.source is not None:
            self.rule = aws.cloudwatch.EventRule(
                f"{name}-rule",
                event_bus_name=event_bus.name,
                description=f"Feeds {spec.queue.resource_name} for {spec.function.name}",
                event_pattern=event_pattern(spec.source, args.account_id),
                tags=self.tags,
                opts=self.child_opts(),
            )
            self.target = aws.cloudwatch.EventTarget(
                f"{name}-target",
                rule=self.rule.name,
                event_bus_name=event_bus.name,
                arn=queue.queue.arn,
                dead_letter_config=aws.cloudwatch.EventTargetDeadLetterConfigArgs(arn=queue.dead_letters.arn),
                opts=self.child_opts(),
            )
            extra.append(
                {
                    "Sid": "AllowTheFeedingRule",
                    "Effect": "Allow",
                    "Principal": {"Service": "events.amazonaws.com"},
                    "Action": "sqs:SendMessage",
                    "Resource": queue.queue.arn,
                    "Condition": {"ArnEquals": {"aws:SourceArn": self.rule.arn}},
                }
            )
        self.policy = aws.sqs.QueuePolicy(
            f"{name}-queue-policy",
            queue_url=queue.queue.url,
            policy=queue_policy(queue.queue.arn, *extra),
            opts=self.child_opts(),
        )
        self.mapping = aws.lambda_.EventSourceMapping(
            f"{name}-mapping",
            event_source_arn=queue.queue.arn,
            function_name=function.arn,
            batch_size=spec.batch_size,
            maximum_batching_window_in_seconds=spec.batching_window_seconds,
            function_response_types=["ReportBatchItemFailures"],
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.register_outputs({})
