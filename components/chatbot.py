"""The alarm topic in Slack (spec/infra.md AlarmTopic): one AWS Chatbot channel configuration per
``notifications.slack`` entry, subscribed to the topic.

Chatbot reads with a role of its own, view-only plus CloudWatch reads (so people in the channel can
open an alarm's graph or run a Logs Insights query from Slack), and the same policies cap what any
channel member may do through it: nobody changes the environment from Slack. The Slack workspace must
have been authorised once in the Chatbot console (docs/deploy.md) before the first deploy that names it.
"""

from __future__ import annotations

from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from components.args import ComponentArgs, EnvironmentName
from components.base import CompactConnectComponent
from components.config import SlackChannel
from components.trust import service_trust_policy

READ_ONLY = (
    "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
    "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
)


class ChatbotArgs(ComponentArgs):
    environment: EnvironmentName
    channels: tuple[SlackChannel, ...]


class SlackAlarms(CompactConnectComponent[ChatbotArgs]):
    """Attributes: ``role``, ``channels`` (one configuration per Slack channel)."""

    def __init__(
        self,
        args: ChatbotArgs,
        topic_arn: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__("SlackAlarms", "SlackAlarms", args, opts)
        self.role = aws.iam.Role(
            "ChatbotRole",
            description=f"AWS Chatbot reads CompactConnect {args.environment} alarms and metrics for Slack",
            assume_role_policy=service_trust_policy("chatbot.amazonaws.com"),
            managed_policy_arns=list(READ_ONLY),
            tags=self.tags,
            opts=self.child_opts(),
        )
        self.channels: Sequence[aws.chatbot.SlackChannelConfiguration] = [
            aws.chatbot.SlackChannelConfiguration(
                f"Slack-{channel.channel_name}",
                configuration_name=f"compact-connect-{args.environment}-{channel.channel_name}",
                slack_team_id=channel.workspace_id,
                slack_channel_id=channel.channel_id,
                iam_role_arn=self.role.arn,
                guardrail_policy_arns=list(READ_ONLY),
                sns_topic_arns=[topic_arn],
                logging_level="ERROR",
                user_authorization_required=False,
                tags=self.tags,
                opts=self.child_opts(),
            )
            for channel in args.channels
        ]
        self.register_outputs({"channels": [c.configuration_name for c in self.channels]})
