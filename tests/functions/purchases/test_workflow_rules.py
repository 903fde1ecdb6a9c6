"""The transaction-history workflow's rules, as the state machine states them and as the sandbox and
``scripts/transaction_history`` run them: again on ``IN_PROGRESS``, the failure email on
``BATCH_FAILURE``, a failure on anything else."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from components.workflows import definition
from purchases.functions import TRANSACTION_HISTORY_WORKFLOW
from toolkit.workflows import WorkflowFailed, run_workflow

WHEN = datetime(2026, 12, 7, 2, tzinfo=UTC)


def scripted(*answers):
    calls = []
    remaining = list(answers)

    def invoke(function, payload):
        calls.append((function, payload))
        return remaining.pop(0) if function.startswith("TransactionHistoryCollector") else {}

    return invoke, calls


def test_the_function_runs_again_with_its_own_answer_until_it_is_complete():
    invoke, calls = scripted(
        {"compact": "aslp", "status": "IN_PROGRESS", "currentBatchId": "7"},
        {"compact": "aslp", "status": "COMPLETE"},
    )

    answer = run_workflow(TRANSACTION_HISTORY_WORKFLOW, "aslp", WHEN, invoke, "EmailNotificationService")

    assert answer["status"] == "COMPLETE"
    assert [c[0] for c in calls] == ["TransactionHistoryCollector-aslp"] * 2
    assert calls[0][1] == {"compact": "aslp", "scheduledTime": WHEN.isoformat(), "processedBatchIds": []}
    assert calls[1][1]["currentBatchId"] == "7"


def test_a_batch_failure_emails_the_compacts_operations_team_once_per_execution():
    invoke, calls = scripted({"compact": "aslp", "status": "BATCH_FAILURE", "batchFailureErrorMessage": "{}"})

    run_workflow(TRANSACTION_HISTORY_WORKFLOW, "aslp", WHEN, invoke, "EmailNotificationService")

    function, email = calls[-1]
    assert function == "EmailNotificationService"
    assert (email["compact"], email["template"], email["recipientType"]) == (
        "aslp",
        "transactionBatchSettlementFailure",
        "COMPACT_OPERATIONS_TEAM",
    )
    assert email["templateVariables"] == {"batchFailureErrorMessage": "{}"}
    assert email["deliveryId"] == "workflow.TransactionHistory-aslp-20261207T020000"


def test_the_state_machine_sends_the_same_email_as_the_local_runner():
    invoke, calls = scripted({"compact": "aslp", "status": "BATCH_FAILURE", "batchFailureErrorMessage": "{}"})
    run_workflow(TRANSACTION_HISTORY_WORKFLOW, "aslp", WHEN, invoke, "EmailNotificationService")
    states = definition(TRANSACTION_HISTORY_WORKFLOW, "aslp", "arn:function", "arn:email")["States"]

    machine = states["Tell operations"]["Parameters"]["Payload"]
    assert {key.removesuffix(".$") for key in machine} == set(calls[-1][1])
    assert {key.removesuffix(".$") for key in machine["templateVariables"]} == set(
        calls[-1][1]["templateVariables"]
    )


def test_an_unknown_answer_fails_the_workflow():
    invoke, _ = scripted({"status": "SOMETHING"})

    with pytest.raises(WorkflowFailed, match="SOMETHING"):
        run_workflow(TRANSACTION_HISTORY_WORKFLOW, "aslp", WHEN, invoke, "EmailNotificationService")


def test_the_state_machine_runs_the_function_again_until_it_is_done():
    states = definition(TRANSACTION_HISTORY_WORKFLOW, "aslp", "arn:function", "arn:email")["States"]

    assert states["Start"]["Parameters"] == {
        "compact": "aslp",
        "scheduledTime.$": "$.time",
        "processedBatchIds": [],
    }
    assert states["Run"]["Parameters"] == {"FunctionName": "arn:function", "Payload.$": "$.Payload"}
    choices = {c["StringEquals"]: c["Next"] for c in states["Done?"]["Choices"]}
    assert choices == {"COMPLETE": "Done", "IN_PROGRESS": "Run", "BATCH_FAILURE": "Tell operations"}
    assert states[states["Done?"]["Default"]]["Type"] == "Fail"
