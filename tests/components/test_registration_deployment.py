"""Registration as deployed (issue #14): its own role reaching exactly its table partitions, the provider
pool actions it needs, the email service and the reCAPTCHA secret; the secret under the shared key with its
value from the stack's encrypted config; and the alarms of payments_security §3.3."""

from __future__ import annotations

import json

import pytest
from pulumi.runtime.rpc import _special_secret_sig as SECRET_MARKER  # how the engine marks a secret
from pulumi.runtime.rpc import _special_sig_key as SECRET_SIGNATURE

from core.metrics import METRICS_NAMESPACE
from provider_users.functions import PROVIDER_REGISTRATION, REGISTRATION_METRIC
from tests.components.conftest import STACKS, program_run

SECRET = "aws:secretsmanager/secret:Secret"
SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion"
ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


def _statements(run) -> list[dict]:
    policy = run.named("aws:iam/rolePolicy:RolePolicy", f"{PROVIDER_REGISTRATION.name}-grants").inputs[
        "policy"
    ]
    return json.loads(policy)["Statement"]


@pytest.fixture(scope="module")
def prod():
    return program_run("prod")


def test_the_secret_exists_under_the_shared_key_without_a_value_until_an_operator_sets_one(prod):
    secret = prod.named(SECRET, "RecaptchaSecret")
    assert secret.inputs["name"] == "compact-connect/env/prod/recaptcha/token"
    assert secret.inputs["kmsKeyId"] == prod.named("aws:kms/key:Key", "SharedEncryptionKey").outputs["arn"]
    assert secret.inputs["recoveryWindowInDays"] == 30
    assert prod.of_type(SECRET_VERSION) == []  # prod's stack file has no recaptchaSecret yet


def test_a_configured_secret_becomes_the_secrets_value():
    from offline import runner

    with_secret = runner.run_program("local", extra_config={"compact-connect:recaptchaSecret": "s3cr3t"})
    [version] = with_secret.of_type(SECRET_VERSION)
    stored = version.inputs["secretString"]
    assert stored[SECRET_SIGNATURE] == SECRET_MARKER  # kept encrypted in the Pulumi state
    assert json.loads(stored["value"]) == {"token": "s3cr3t"}


def test_the_role_reads_the_secret_and_only_its_own_rate_limit_partitions(prod):
    statements = _statements(prod)
    secret_arn = prod.named(SECRET, "RecaptchaSecret").outputs["arn"]
    assert [s["Resource"] for s in statements if s["Action"] == ["secretsmanager:GetSecretValue"]] == [
        [secret_arn]
    ]
    [key] = [s for s in statements if s["Sid"].startswith("SecretKey")]
    assert key["Condition"] == {"StringLike": {"kms:ViaService": "secretsmanager.*.amazonaws.com"}}
    limits = prod.named("aws:dynamodb/table:Table", "RateLimitingTable").outputs["arn"]
    [limited] = [s for s in statements if limits in s["Resource"]]
    assert limited["Condition"] == {"ForAllValues:StringLike": {"dynamodb:LeadingKeys": ["IP#*"]}}
    pool = prod.named("aws:cognito/userPool:UserPool", "ProviderUsers").outputs["arn"]
    [cognito] = [s for s in statements if any(a.startswith("cognito-idp:") for a in s["Action"])]
    assert cognito["Resource"] == [pool]
    assert sorted(cognito["Action"]) == [
        "cognito-idp:AdminCreateUser",
        "cognito-idp:AdminDeleteUser",
        "cognito-idp:AdminGetUser",
    ]


@pytest.mark.parametrize("stack", STACKS)
def test_failed_registrations_raise_alarms_on_the_alarm_topic(stack):
    run = program_run(stack)
    topic = run.named("aws:sns/topic:Topic", "AlarmTopic").outputs["arn"]
    alarms = {a.name: a.inputs for a in run.of_type(ALARM) if a.name.startswith("RegistrationAlarms-")}
    assert {name: (a["threshold"], a["alarmActions"]) for name, a in alarms.items()} == {
        "RegistrationAlarms-failures-5min": (30, [topic]),
        "RegistrationAlarms-failures-day": (288, [topic]),
    }
    for alarm in alarms.values():
        queries = {q["id"]: q for q in alarm["metricQueries"]}
        assert queries["failures"]["expression"] == "attempts - successes"
        for query_id, stat in (("attempts", "SampleCount"), ("successes", "Sum")):
            metric = queries[query_id]["metric"]
            assert (metric["namespace"], metric["metricName"], metric["stat"]) == (
                METRICS_NAMESPACE,
                REGISTRATION_METRIC,
                stat,
            )
            assert metric["dimensions"] == {"service": PROVIDER_REGISTRATION.name}
