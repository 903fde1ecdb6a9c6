"""The EmailService component under mocks, for every stack file: where an environment has a sending
domain, the function sends only as ``noreply@<domain>`` under the CompactConnect name through the
identity and its configuration set, which suppresses bounced and complaining addresses, requires TLS,
reports bounces and complaints to the alarm topic and counts sends per template; reputation alarms
watch the account. Without a domain the function is there and sends nothing."""

from __future__ import annotations

import json

import pytest

from components.email_service import REPUTATION_LIMITS, send_policy
from notifications.functions import EMAIL_SERVICE

FUNCTION = "aws:lambda/function:Function"
CONFIGURATION_SET = "aws:sesv2/configurationSet:ConfigurationSet"
DESTINATION = "aws:sesv2/configurationSetEventDestination:ConfigurationSetEventDestination"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"


def _variables(run) -> dict:
    return run.named(FUNCTION, EMAIL_SERVICE.name).inputs["environment"]["variables"]


def test_each_environment_sends_from_its_domain_or_not_at_all(any_stack):
    variables = _variables(any_stack)
    domain = any_stack.config.domain_name
    if domain is None:
        assert variables["FROM_ADDRESS"] == "NONE" and "EMAIL_CONFIGURATION_SET" not in variables
        assert not any_stack.of_type(CONFIGURATION_SET)
        assert not [p for p in any_stack.of_type(ROLE_POLICY) if p.name == f"{EMAIL_SERVICE.name}-sends"]
        return
    assert variables["FROM_ADDRESS"] == f"noreply@{domain}"
    configuration_set = any_stack.named(CONFIGURATION_SET, "EmailConfigurationSet").inputs
    assert variables["EMAIL_CONFIGURATION_SET"] == configuration_set["configurationSetName"]
    assert configuration_set["suppressionOptions"]["suppressedReasons"] == ["BOUNCE", "COMPLAINT"]
    assert configuration_set["deliveryOptions"]["tlsPolicy"] == "REQUIRE"
    assert configuration_set["reputationOptions"]["reputationMetricsEnabled"] is True


def test_the_role_may_send_only_as_the_environment(prod):
    policy = json.loads(prod.named(ROLE_POLICY, f"{EMAIL_SERVICE.name}-sends").inputs["policy"])
    (statement,) = policy["Statement"]
    assert statement["Action"] == ["ses:SendEmail"]
    assert len(statement["Resource"]) == 2  # the identity and the configuration set, nothing else
    assert statement["Condition"]["StringEquals"] == {
        "ses:FromAddress": f"noreply@{prod.config.domain_name}",
        "ses:FromDisplayName": "CompactConnect",
    }


def test_an_account_in_the_ses_sandbox_may_also_name_verified_identities():
    sandboxed = send_policy("noreply@x.example", ["identity-arn", "set-arn", "arn:aws:ses:r:1:identity/*"])
    assert sandboxed["Statement"][0]["Resource"][-1].endswith(":identity/*")


def test_bounces_and_complaints_reach_the_alarm_topic_and_sends_are_counted(prod):
    feedback = prod.named(DESTINATION, "EmailFeedbackToAlarms").inputs["eventDestination"]
    assert feedback["matchingEventTypes"] == ["BOUNCE", "COMPLAINT"]
    topic = prod.named("aws:sns/topic:Topic", "AlarmTopic")
    assert feedback["snsDestination"]["topicArn"] == topic.outputs["arn"]
    counts = prod.named(DESTINATION, "EmailCountsToCloudWatch").inputs["eventDestination"]
    assert {"SEND", "DELIVERY", "BOUNCE", "COMPLAINT", "REJECT"} <= set(counts["matchingEventTypes"])
    (dimension,) = counts["cloudWatchDestination"]["dimensionConfigurations"]
    assert (dimension["dimensionName"], dimension["dimensionValueSource"]) == ("template", "MESSAGE_TAG")


@pytest.mark.parametrize(("metric", "limit"), sorted(REPUTATION_LIMITS.items()))
def test_reputation_alarms_notify_before_ses_would_pause_sending(prod, metric, limit):
    (alarm,) = [a for a in prod.of_type(ALARM) if a.inputs.get("metricName") == metric]
    assert alarm.inputs["namespace"] == "AWS/SES" and alarm.inputs["threshold"] == limit
    assert alarm.inputs["alarmActions"] == [prod.named("aws:sns/topic:Topic", "AlarmTopic").outputs["arn"]]


def test_ses_may_publish_to_the_alarm_topic_only_for_this_accounts_configuration_sets(prod):
    policy = json.loads(prod.named("aws:sns/topicPolicy:TopicPolicy", "AlarmTopicPolicy").inputs["policy"])
    (ses,) = [s for s in policy["Statement"] if s.get("Sid") == "SesFeedbackFromThisAccount"]
    assert ses["Principal"] == {"Service": "ses.amazonaws.com"}
    assert ses["Condition"]["ArnLike"]["aws:SourceArn"].endswith(":configuration-set/*")
    assert ses["Condition"]["StringEquals"] == {"aws:SourceAccount": prod.config.account_id}
