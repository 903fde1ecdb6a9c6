"""Purchases as deployed (issue #15): each function reaches exactly what it needs — the compacts' own
payment-credential secrets (read for the purchase, write for the upload, nothing else), the
transaction table only under the purchase's own partitions — and the receipt listener and the outbox
relay are wired to their queue and schedule."""

from __future__ import annotations

import json

import pytest

from event_relay.functions import EVENT_RELAY
from purchases.functions import PAYMENT_CREDENTIALS_API, PURCHASE_API, PURCHASE_OPTIONS_API
from tests.components.conftest import program_run


def _statements(run, function: str) -> list[dict]:
    policy = run.named("aws:iam/rolePolicy:RolePolicy", f"{function}-grants").inputs["policy"]
    return json.loads(policy)["Statement"]


def _secret_arns(run) -> list[str]:
    config = run.config
    return [
        f"arn:aws:secretsmanager:{config.region}:{config.account_id}:secret:"
        f"compact-connect/env/prod/compact/{compact}/credentials/payment-processor-??????"
        for compact in config.compacts.compacts
    ]


@pytest.fixture(scope="module")
def prod():
    return program_run("prod")


def test_the_purchase_reads_each_compacts_credentials_and_writes_only_its_own_transaction_partitions(prod):
    statements = _statements(prod, PURCHASE_API.name)

    [secrets] = [s for s in statements if s["Sid"].startswith("CompactSecret0")]
    assert secrets["Action"] == ["secretsmanager:GetSecretValue"]
    assert secrets["Resource"] == _secret_arns(prod)
    [key] = [s for s in statements if s["Sid"].startswith("CompactSecretKey")]
    assert key["Action"] == ["kms:Decrypt"]
    assert key["Condition"] == {"StringLike": {"kms:ViaService": "secretsmanager.*.amazonaws.com"}}
    history = prod.named("aws:dynamodb/table:Table", "TransactionHistoryTable").outputs["arn"]
    [transactions] = [s for s in statements if history in s["Resource"]]
    assert transactions["Condition"] == {
        "ForAllValues:StringLike": {
            "dynamodb:LeadingKeys": [
                "COMPACT#*#PURCHASE_REQUESTS#PROVIDER#*",
                "COMPACT#*#UNSETTLED_TRANSACTIONS",
                "PENDING_EVENTS",
            ]
        }
    }
    [publish] = [s for s in statements if s["Action"] == ["events:PutEvents"]]
    assert publish["Resource"] == [
        prod.named("aws:cloudwatch/eventBus:EventBus", "DataEventBus").outputs["arn"]
    ]


def test_only_the_upload_writes_credentials_and_the_options_never_see_them(prod):
    upload = _statements(prod, PAYMENT_CREDENTIALS_API.name)
    [secrets] = [s for s in upload if s["Sid"] == "CompactSecret0"]
    assert sorted(secrets["Action"]) == [
        "secretsmanager:CreateSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:PutSecretValue",
    ]
    assert secrets["Resource"] == _secret_arns(prod)
    function = prod.named("aws:lambda/function:Function", PAYMENT_CREDENTIALS_API.name)
    shared_key = prod.named("aws:kms/key:Key", "SharedEncryptionKey").outputs["arn"]
    assert function.inputs["environment"]["variables"]["COMPACT_SECRETS_KEY_ARN"] == shared_key
    for name in (PURCHASE_OPTIONS_API.name, EVENT_RELAY.name):
        assert not any("secretsmanager" in json.dumps(s["Action"]) for s in _statements(prod, name))


def test_the_relay_runs_every_minute_and_reaches_only_the_outbox(prod):
    rules = [r for r in prod.of_type("aws:cloudwatch/eventRule:EventRule") if "EventRelay" in r.name]
    assert [r.inputs["scheduleExpression"] for r in rules] == ["cron(* * ? * * *)"]
    history = prod.named("aws:dynamodb/table:Table", "TransactionHistoryTable").outputs["arn"]
    [outbox] = [s for s in _statements(prod, EVENT_RELAY.name) if history in s["Resource"]]
    assert outbox["Condition"] == {"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["PENDING_EVENTS"]}}


def test_receipts_have_their_own_queue_rule_and_dead_letter_queue(prod):
    rule = next(
        r for r in prod.of_type("aws:cloudwatch/eventRule:EventRule") if "PrivilegePurchaseReceipt" in r.name
    )
    assert json.loads(rule.inputs["eventPattern"])["detail-type"] == ["privilege.purchase"]
    queues = [
        q.name for q in prod.of_type("aws:sqs/queue:Queue") if "PrivilegePurchaseReceiptQueue" in q.name
    ]
    assert len(queues) == 2  # the queue and its DLQ


def test_each_compact_has_its_own_history_workflow_function_and_secret(prod):
    machines = {
        m.inputs["name"]: m
        for m in prod.of_type("aws:sfn/stateMachine:StateMachine")
        if m.inputs["name"].startswith("cc-prod-TransactionHistory-")
    }
    assert sorted(machines) == [
        f"cc-prod-TransactionHistory-{c}" for c in sorted(prod.config.compacts.compacts)
    ]
    for compact in prod.config.compacts.compacts:
        machine = machines[f"cc-prod-TransactionHistory-{compact}"]
        assert machine.inputs["loggingConfiguration"]["level"] == "ALL"
        assert machine.inputs["tracingConfiguration"]["enabled"] is True
        function = f"TransactionHistoryCollector-{compact}"
        [secrets] = [s for s in _statements(prod, function) if s["Sid"] == "CompactSecret0"]
        assert secrets["Resource"] == [arn for arn in _secret_arns(prod) if f"/compact/{compact}/" in arn]
        variables = prod.named("aws:lambda/function:Function", function).inputs["environment"]["variables"]
        assert variables["SERVED_COMPACT"] == compact
        history = prod.named("aws:dynamodb/table:Table", "TransactionHistoryTable").outputs["arn"]
        [own] = [s for s in _statements(prod, function) if history in s["Resource"]]
        assert own["Condition"] == {
            "ForAllValues:StringLike": {
                "dynamodb:LeadingKeys": [
                    f"COMPACT#{compact}#TRANSACTIONS#MONTH#*",
                    f"COMPACT#{compact}#UNSETTLED_TRANSACTIONS",
                ]
            }
        }
    rules = [r for r in prod.of_type("aws:cloudwatch/eventRule:EventRule") if "TransactionHistory" in r.name]
    assert {r.inputs["scheduleExpression"] for r in rules} == {"cron(0 2 * * ? *)"}
    alarms = [
        a.name
        for a in prod.of_type("aws:cloudwatch/metricAlarm:MetricAlarm")
        if "TransactionHistory-aslp" in a.name
    ]
    assert sorted(alarms) == [
        "TransactionHistory-aslp-ExecutionsAborted",
        "TransactionHistory-aslp-ExecutionsFailed",
        "TransactionHistory-aslp-ExecutionsTimedOut",
        "TransactionHistory-aslp-logged-errors",
    ]


def test_a_report_run_nearing_its_timeout_alarms(prod):
    alarm = prod.named("aws:cloudwatch/metricAlarm:MetricAlarm", "TransactionReporter-slow").inputs
    assert (alarm["metricName"], alarm["statistic"], alarm["threshold"]) == ("Duration", "Maximum", 600_000)
