"""The alarm topic in Slack, for every stack file: one Chatbot configuration per configured channel,
subscribed to the alarm topic, with a role and guardrails that can only read."""

from __future__ import annotations

from offline.runner import ProgramRun

CHANNEL = "aws:chatbot/slackChannelConfiguration:SlackChannelConfiguration"


def test_each_configured_slack_channel_gets_the_alarm_topic(any_stack: ProgramRun) -> None:
    configured = any_stack.config.notifications.slack
    channels = any_stack.of_type(CHANNEL)
    assert sorted(c.inputs["slackChannelId"] for c in channels) == sorted(s.channel_id for s in configured)
    if not configured:
        assert not [r for r in any_stack.of_type("aws:iam/role:Role") if r.name == "ChatbotRole"]
        return
    topic = any_stack.named("aws:sns/topic:Topic", "AlarmTopic").outputs["arn"]
    role = any_stack.named("aws:iam/role:Role", "ChatbotRole")
    read_only = {
        "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess",
        "arn:aws:iam::aws:policy/CloudWatchReadOnlyAccess",
    }
    assert set(role.inputs["managedPolicyArns"]) == read_only
    assert not role.inputs.get("inlinePolicies")
    for channel, slack in zip(
        sorted(channels, key=lambda c: c.inputs["slackChannelId"]),
        sorted(configured, key=lambda s: s.channel_id),
        strict=True,
    ):
        assert channel.inputs["slackTeamId"] == slack.workspace_id
        assert channel.inputs["snsTopicArns"] == [topic]
        assert channel.inputs["iamRoleArn"] == role.outputs["arn"]
        assert set(channel.inputs["guardrailPolicyArns"]) == read_only
