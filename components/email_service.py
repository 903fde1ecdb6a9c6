"""The email service in AWS (issue #13, spec/infra.md ``EmailNotificationService``): the function, the
only role allowed to send as the environment, the configuration set every message goes through, and
alarms on the sending reputation.

Where the environment has a sending domain, the function sends from ``noreply@<domain>`` through a
configuration set that suppresses addresses that bounced or complained, requires TLS, sends bounce and
complaint events to the alarm topic and counts every send, delivery, bounce, complaint and rejection
per template in CloudWatch; SES's own reputation metrics raise alarms when SES would put the account
under review (bounces 5 %, complaints 0.1 %), before it would pause sending. The role may send only
from that address, under the ``CompactConnect`` display name, through that identity and configuration
set (and, in an account still in the SES sandbox, to its verified identities). Without a domain the
function exists with ``FROM_ADDRESS=NONE`` and sends nothing, so senders keep working. Bounce and
complaint events name the recipient and the subject: they go to the operators who must fix the address.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pulumi
import pulumi_aws as aws
from pydantic import Field

from components.args import AccountId, ComponentArgs, NamePrefix, Region
from components.base import CompactConnectComponent
from components.email_identity import EmailIdentity
from components.lambda_function import FunctionDependencies, LambdaFunction, LambdaFunctionArgs
from notifications.functions import EMAIL_SERVICE
from notifications.sending import CONFIGURATION_SET, FROM_ADDRESS, NO_SENDER, SENDER_NAME

SENDER_LOCAL_PART = "noreply"
FEEDBACK_EVENTS = ["BOUNCE", "COMPLAINT"]
COUNTED_EVENTS = ["SEND", "DELIVERY", "BOUNCE", "COMPLAINT", "REJECT", "RENDERING_FAILURE"]
_DESTINATION = aws.sesv2.ConfigurationSetEventDestinationEventDestinationArgs
_SNS = aws.sesv2.ConfigurationSetEventDestinationEventDestinationSnsDestinationArgs
_CLOUDWATCH = aws.sesv2.ConfigurationSetEventDestinationEventDestinationCloudWatchDestinationArgs
_DIMENSION = (
    aws.sesv2.ConfigurationSetEventDestinationEventDestinationCloudWatchDestinationDimensionConfigurationArgs
)
REPUTATION_LIMITS = {"Reputation.BounceRate": 0.05, "Reputation.ComplaintRate": 0.001}
"""Alarm thresholds: the rates at which SES puts an account under review (it pauses sending at 10 %
bounces and 0.5 % complaints)."""


class EmailServiceArgs(ComponentArgs):
    name_prefix: NamePrefix
    account_id: AccountId
    region: Region
    ses_sandbox_account: bool = Field(
        default=False,
        description="The account is still in the SES sandbox: it may send only to verified identities, "
        "so the role may also use those (identity/*).",
    )


def send_policy(sender: str, resources: list[str]) -> dict[str, Any]:
    """Sending only as ``sender``, under the CompactConnect name, through ``resources`` (the identity and
    the configuration set)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "SendAsTheEnvironmentOnly",
                "Effect": "Allow",
                "Action": ["ses:SendEmail"],  # SES v2 SendEmail, raw content included
                "Resource": resources,
                "Condition": {
                    "StringEquals": {"ses:FromAddress": sender, "ses:FromDisplayName": SENDER_NAME}
                },
            }
        ],
    }


class EmailService(CompactConnectComponent[EmailServiceArgs]):
    """Attributes: ``function`` (a :class:`LambdaFunction`), ``sender`` (the from-address, or ``NONE``),
    and, with a sending identity, ``configuration_set``, ``event_destinations``, ``send_policy`` and
    ``reputation_alarms``."""

    def __init__(
        self,
        args: EmailServiceArgs,
        deps: FunctionDependencies,
        identity: EmailIdentity | None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("EmailService", EMAIL_SERVICE.name, args, opts)
        self.sender = f"{SENDER_LOCAL_PART}@{identity.domain}" if identity else NO_SENDER
        set_name = f"{args.name_prefix}-email"
        environment: dict[str, pulumi.Input[str]] = {**deps.environment, FROM_ADDRESS: self.sender}
        if identity is not None:
            self.configuration_set = aws.sesv2.ConfigurationSet(
                "EmailConfigurationSet",
                configuration_set_name=set_name,
                delivery_options=aws.sesv2.ConfigurationSetDeliveryOptionsArgs(tls_policy="REQUIRE"),
                reputation_options=aws.sesv2.ConfigurationSetReputationOptionsArgs(
                    reputation_metrics_enabled=True
                ),
                sending_options=aws.sesv2.ConfigurationSetSendingOptionsArgs(sending_enabled=True),
                suppression_options=aws.sesv2.ConfigurationSetSuppressionOptionsArgs(
                    suppressed_reasons=FEEDBACK_EVENTS
                ),
                tags=self.tags,
                opts=self.child_opts(),
            )
            self.event_destinations = self._event_destinations(set_name, deps.alarm_topic_arn)
            self.reputation_alarms = [
                self._reputation_alarm(metric, limit, deps.alarm_topic_arn)
                for metric, limit in REPUTATION_LIMITS.items()
            ]
            environment[CONFIGURATION_SET] = set_name
        self.function = LambdaFunction(
            EMAIL_SERVICE,
            LambdaFunctionArgs(tags=args.tags, retain_data=args.retain_data, name_prefix=args.name_prefix),
            dataclasses.replace(deps, environment=environment),
            opts=self.child_opts(),
        )
        if identity is not None:
            self.send_policy = aws.iam.RolePolicy(
                f"{EMAIL_SERVICE.name}-sends",
                role=self.function.role.id,
                policy=pulumi.Output.all(identity.identity.arn, self.configuration_set.arn).apply(
                    lambda arns: json.dumps(send_policy(self.sender, [*arns, *self._verified_identities()]))
                ),
                opts=self.child_opts(),
            )
        self.register_outputs({"arn": self.function.function.arn, "sender": self.sender})

    def _verified_identities(self) -> list[str]:
        """In an account still in the SES sandbox, recipients are verified identities the role must name."""
        if not self.args.ses_sandbox_account:
            return []
        return [f"arn:aws:ses:{self.args.region}:{self.args.account_id}:identity/*"]

    def _event_destinations(
        self, set_name: str, alarm_topic_arn: pulumi.Input[str]
    ) -> list[aws.sesv2.ConfigurationSetEventDestination]:
        dimension = _DIMENSION(
            dimension_name="template", dimension_value_source="MESSAGE_TAG", default_dimension_value="none"
        )
        destinations = (
            ("EmailFeedbackToAlarms", "bounces-and-complaints", FEEDBACK_EVENTS,
             {"sns_destination": _SNS(topic_arn=alarm_topic_arn)}),
            ("EmailCountsToCloudWatch", "counts-per-template", COUNTED_EVENTS,
             {"cloud_watch_destination": _CLOUDWATCH(dimension_configurations=[dimension])}),
        )  # fmt: skip
        return [
            aws.sesv2.ConfigurationSetEventDestination(
                resource_name,
                configuration_set_name=set_name,
                event_destination_name=name,
                event_destination=_DESTINATION(enabled=True, matching_event_types=events, **target),
                opts=self.child_opts(depends_on=[self.configuration_set]),
            )
            for resource_name, name, events, target in destinations
        ]

    def _reputation_alarm(
        self, metric: str, limit: float, alarm_topic_arn: pulumi.Input[str]
    ) -> aws.cloudwatch.MetricAlarm:
        name = metric.split(".")[1]
        return aws.cloudwatch.MetricAlarm(
            f"Email{name}Alarm",
            alarm_description=f"SES {name} of the account is at {limit:.1%} or more: find the cause before "
            "SES pauses the account's sending (bounces: bad addresses in configuration; complaints: "
            "unwanted mail).",
            namespace="AWS/SES",
            metric_name=metric,
            statistic="Maximum",
            period=3600,
            evaluation_periods=1,
            threshold=limit,
            comparison_operator="GreaterThanOrEqualToThreshold",
            treat_missing_data="notBreaching",
            alarm_actions=[alarm_topic_arn],
            ok_actions=[alarm_topic_arn],
            tags=self.tags,
            opts=self.child_opts(),
        )
