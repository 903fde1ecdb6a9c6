"""The alarm topic every alarm and operational event rule notifies (spec/infra.md §1.4, §3.2).

Encrypted with the shared key (whose policy lets CloudWatch, EventBridge and S3 use it). The topic
policy refuses plain-HTTP access and lets each AWS service publish only on behalf of this account:
CloudWatch only from this account's alarms in this region, EventBridge only from this account's rules,
SES only the bounce and complaint events of this account's configuration sets.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pulumi_aws as aws

from components.base import CompactConnectComponent


def alarm_topic_policy(topic_arn: str, account_id: str, region: str) -> dict[str, Any]:
    def publish(sid: str, service: str, condition: dict[str, Any]) -> dict[str, Any]:
        return {
            "Sid": sid,
            "Effect": "Allow",
            "Principal": {"Service": service},
            "Action": "sns:Publish",
            "Resource": topic_arn,
            "Condition": condition,
        }

    same_account = {"aws:SourceAccount": account_id}
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": "sns:Publish",
                "Resource": topic_arn,
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
            publish(
                "CloudWatchAlarmsInThisAccount",
                "cloudwatch.amazonaws.com",
                {
                    "ArnLike": {"aws:SourceArn": f"arn:aws:cloudwatch:{region}:{account_id}:alarm:*"},
                    "StringEquals": same_account,
                },
            ),
            publish(
                "EventRulesInThisAccount",
                "events.amazonaws.com",
                {
                    "ArnLike": {"aws:SourceArn": f"arn:aws:events:{region}:{account_id}:rule/*"},
                    "StringEquals": same_account,
                },
            ),
            publish("S3NotificationsFromThisAccount", "s3.amazonaws.com", {"StringEquals": same_account}),
            publish(
                "SesFeedbackFromThisAccount",
                "ses.amazonaws.com",
                {
                    "ArnLike": {"aws:SourceArn": f"arn:aws:ses:{region}:{account_id}:configuration-set/*"},
                    "StringEquals": same_account,
                },
            ),
        ],
    }


def create_alarm_topic(
    owner: CompactConnectComponent[Any],
    key: aws.kms.Key,
    *,
    environment: str,
    account_id: str,
    region: str,
    emails: Sequence[str],
) -> aws.sns.Topic:
    """The topic, its policy and one e-mail subscription per address in ``emails``."""
    topic = aws.sns.Topic(
        "AlarmTopic",
        display_name=f"CompactConnect {environment} alarms",
        kms_master_key_id=key.arn,
        tags=owner.tags,
        opts=owner.child_opts(),
    )
    aws.sns.TopicPolicy(
        "AlarmTopicPolicy",
        arn=topic.arn,
        policy=topic.arn.apply(lambda arn: json.dumps(alarm_topic_policy(arn, account_id, region))),
        opts=owner.child_opts(),
    )
    for email in emails:
        # Named by address, so reordering the list does not recreate (and unconfirm) subscriptions.
        aws.sns.TopicSubscription(
            f"AlarmTopicEmail-{email}",
            topic=topic.arn,
            protocol="email",
            endpoint=email,
            opts=owner.child_opts(),
        )
    return topic
