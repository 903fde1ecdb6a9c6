"""The full-SSN read as deployed: its role's reach and the alarms that watch it (payments_security §4.6)."""

from __future__ import annotations

import json

import pytest

from core.metrics import METRICS_NAMESPACE
from providers.ssn_routes import PROVIDER_SSN_API
from tests.components.conftest import STACKS, program_run

ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm"


@pytest.fixture(scope="module")
def prod():
    return program_run("prod")


def _statements(run) -> list[dict]:
    policy = run.named("aws:iam/rolePolicy:RolePolicy", f"{PROVIDER_SSN_API.name}-grants").inputs["policy"]
    return json.loads(policy)["Statement"]


def test_the_ssn_table_is_read_only_through_its_index(prod):
    ssn_arn = prod.named("aws:dynamodb/table:Table", "SSNTable").outputs["arn"]
    touching_ssn = [s for s in _statements(prod) if any(ssn_arn in r for r in s["Resource"])]
    assert [(s["Action"], s["Resource"]) for s in touching_ssn] == [
        (["dynamodb:Query"], [f"{ssn_arn}/index/ssnIndex"])
    ]


def test_it_may_disable_staff_users_and_nothing_else_in_cognito(prod):
    staff_pool = prod.named("aws:cognito/userPool:UserPool", "StaffUsers").outputs["arn"]
    cognito = [s for s in _statements(prod) if any(a.startswith("cognito-idp:") for a in s["Action"])]
    assert [(s["Action"], s["Resource"]) for s in cognito] == [
        (["cognito-idp:AdminDisableUser"], [staff_pool])
    ]


@pytest.mark.parametrize("stack", STACKS)
def test_every_outcome_metric_has_an_alarm_on_the_alarm_topic(stack):
    run = program_run(stack)
    topic = run.named("aws:sns/topic:Topic", "AlarmTopic").outputs["arn"]
    by_name = {alarm.name: alarm.inputs for alarm in run.of_type(ALARM)}
    for metric in ("rate-limited-ssn-access", "ssn-endpoint-disabled", "unauthorized-ssn-access"):
        alarm = by_name[metric]
        assert (alarm["namespace"], alarm["metricName"]) == (METRICS_NAMESPACE, metric)
        assert alarm["dimensions"] == {"service": PROVIDER_SSN_API.name}
        assert (alarm["threshold"], alarm["comparisonOperator"]) == (1, "GreaterThanOrEqualToThreshold")
        assert alarm["alarmActions"] == [topic]
    anomaly = by_name["read-ssn-anomaly"]
    assert anomaly["comparisonOperator"] == "GreaterThanUpperThreshold"
    [band] = [q for q in anomaly["metricQueries"] if q["id"] == anomaly["thresholdMetricId"]]
    assert band["expression"] == "ANOMALY_DETECTION_BAND(reads, 2)"
    [reads] = [q for q in anomaly["metricQueries"] if q["id"] == "reads"]
    assert (reads["metric"]["metricName"], reads["metric"]["period"]) == ("read-ssn", 3600)
    errors = by_name["ssn-route-client-errors"]
    assert errors["dimensions"]["Resource"] == "/v1/compacts/{compact}/providers/{providerId}/ssn"
    assert (errors["metricName"], errors["threshold"], errors["period"]) == ("4XXError", 100, 300)


def test_it_touches_only_its_own_partitions_of_the_rate_limiting_table(prod):
    limits = prod.named("aws:dynamodb/table:Table", "RateLimitingTable").outputs["arn"]
    [statement] = [s for s in _statements(prod) if limits in s["Resource"]]
    assert statement["Condition"] == {
        "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["READ_SSN_REQUESTS", "SSN_ENDPOINT#SWITCH"]}
    }
