"""The operator commands of disaster recovery against AWS on moto: the rollback and the table restore
started on their state machines (moto runs the machines' definitions), and recovery mode on functions named
as the program names them."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from components.config import NAMESPACE, parse_stack_config
from disaster_recovery.functions import STANDALONE as DISASTER_RECOVERY_FUNCTIONS
from offline.stack_file import load_stack_config, namespace_values
from ops import recovery_mode, restore_table, rollback_license_upload
from toolkit import state_machines

REPORT = {"executionName": "oh-bad-file", "revertedProviderSummaries": [], "skippedProviderDetails": []}


@pytest.fixture
def moto(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setattr(state_machines, "POLL_SECONDS", 0.05)
    with mock_aws(config={"stepfunctions": {"execute_state_machine": True}}):
        yield


def role() -> str:
    iam = boto3.client("iam")
    try:
        return iam.get_role(RoleName="runner")["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        return iam.create_role(RoleName="runner", AssumeRolePolicyDocument="{}")["Role"]["Arn"]


def state_machine(name: str, result: dict[str, Any] | None = None) -> str:
    """A machine of one Pass state: it answers ``result``, or its input when there is none."""
    state: dict[str, Any] = {"Type": "Pass", "End": True}
    if result is not None:
        state["Result"] = result
    definition = json.dumps({"StartAt": "Answer", "States": {"Answer": state}})
    return boto3.client("stepfunctions").create_state_machine(
        name=name, definition=definition, roleArn=role()
    )["stateMachineArn"]


def executions(arn: str) -> list[dict[str, Any]]:
    client = boto3.client("stepfunctions")
    return [
        client.describe_execution(executionArn=e["executionArn"])
        for e in client.list_executions(stateMachineArn=arn)["executions"]
    ]


def test_the_rollback_is_started_on_its_state_machine_and_its_report_printed(moto, capsys):
    boto3.client("s3").create_bucket(Bucket="results")
    boto3.client("s3").put_object(Bucket="results", Key="oh-bad-file/results.json", Body=json.dumps(REPORT))
    answer = {
        "status": "COMPLETE",
        "results": "s3://results/oh-bad-file/results.json",
        "providersReverted": 0,
    }
    machine = state_machine("LicenseUploadRollback", answer)
    window = ["--start", "2026-03-10T00:00:00Z", "--end", "2026-03-10T23:59:59Z"]

    code = rollback_license_upload.main(
        [
            *("--state-machine", machine, "--compact", "aslp", "--jurisdiction", "oh", *window),
            *("--reason", "wrong file", "--name", "oh-bad-file"),
        ]
    )

    assert code == 0 and json.loads(capsys.readouterr().out) == REPORT
    [execution] = executions(machine)
    assert execution["name"] == "oh-bad-file"
    assert json.loads(execution["input"]) == {
        "compact": "aslp",
        "jurisdiction": "oh",
        "startDateTime": "2026-03-10T00:00:00Z",
        "endDateTime": "2026-03-10T23:59:59Z",
        "rollbackReason": "wrong file",
    }


def test_a_rollback_that_fails_is_reported_as_an_error(moto, capsys):
    machine = state_machine(
        "LicenseUploadRollback", {"status": "FAILED", "error": "endDateTime: cannot be in the future"}
    )
    arguments = ["--compact", "aslp", "--jurisdiction", "oh", "--start", "x", "--end", "y", "--reason", "r"]

    assert rollback_license_upload.main(["--state-machine", machine, *arguments]) == 1
    assert "endDateTime: cannot be in the future" in capsys.readouterr().err


def test_the_restore_is_started_with_the_incident_time_and_confirmation(moto, capsys):
    machine = state_machine("ProviderTableRestore")  # answers its input

    code = restore_table.main(
        [
            *("--state-machine", machine, "--incident", "INC-42"),
            *("--time", "2026-03-12T03:55:00-04:00", "--confirm", "cc-prod-ProviderTable"),
        ]
    )

    expected = {
        "incidentId": "INC-42",
        "pitrBackupTime": "2026-03-12T07:55:00Z",
        "tableNameRecoveryConfirmation": "cc-prod-ProviderTable",
    }
    assert code == 0 and json.loads(capsys.readouterr().out) == expected
    assert executions(machine)[0]["name"].startswith("INC-42-")


@pytest.mark.parametrize(
    "arguments, problem",
    [
        (["--incident", "INC 42", "--time", "2026-03-12T07:55:00Z"], "--incident"),
        (["--incident", "INC-42", "--time", "2026-03-12 07:55"], "--time: say which offset"),
        (["--incident", "INC-42", "--time", "soon"], "--time: not an ISO 8601 time"),
        (["--incident", "INC-42", "--time", "2999-01-01T00:00:00Z"], "--time: must be in the past"),
    ],
)
def test_a_restore_the_state_machine_would_refuse_is_not_started(moto, capsys, arguments, problem):
    machine = state_machine("ProviderTableRestore")

    assert restore_table.main(["--state-machine", machine, *arguments, "--confirm", "t"]) == 1
    assert problem in capsys.readouterr().err and executions(machine) == []


# ---- recovery mode ------------------------------------------------------------------------------------

STACK = "test"


def deployed(name: str, reserved: int | None = None) -> str:
    """A function named as the program names the stack's ``name``."""
    config = parse_stack_config(namespace_values(load_stack_config(STACK), NAMESPACE))
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    function = f"{config.name_prefix}-{name}"
    client = boto3.client("lambda", region_name=config.region)
    client.create_function(
        FunctionName=function,
        Runtime="python3.13",
        Role=role(),
        Handler="handler.handler",
        Code={"ZipFile": code.getvalue()},
    )
    if reserved is not None:
        client.put_function_concurrency(FunctionName=function, ReservedConcurrentExecutions=reserved)
    return function


def reserved(function: str) -> int | None:
    return (
        boto3.client("lambda")
        .get_function_concurrency(FunctionName=function)
        .get("ReservedConcurrentExecutions")
    )


def subscribed(function: str, queue: str, enabled: bool = True) -> str:
    """An event source mapping of a new queue to the function; its id."""
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName=queue)["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    mapping = boto3.client("lambda").create_event_source_mapping(
        EventSourceArn=arn, FunctionName=function, Enabled=enabled
    )
    return str(mapping["UUID"])


def delivering(mapping: str) -> bool:
    return boto3.client("lambda").get_event_source_mapping(UUID=mapping)["State"] == "Enabled"


def test_recovery_mode_stops_everything_but_recovery_and_puts_each_function_back_as_it_was(moto, capsys):
    ingest = deployed("IngestLicenses")
    disabled = deployed("ProviderSsnApi", reserved=0)  # stopped by an operator before: stays stopped
    limited = deployed("PostLicenses", reserved=5)
    rollback = deployed("LicenseUploadRollback")
    copy = deployed("ProviderTableRecoveryCopy")

    queue = subscribed(ingest, "ingest")
    paused = subscribed(limited, "paused-before", enabled=False)

    assert recovery_mode.main(["start", "--stack", STACK]) == 0
    assert recovery_mode.main(["start", "--stack", STACK]) == 0  # again: the first saved settings are kept
    assert [reserved(f) for f in (ingest, disabled, limited, rollback, copy)] == [0, 0, 0, None, None]
    assert not delivering(queue) and not delivering(paused)  # messages wait in their queues
    assert f"{ingest}: stopped" in capsys.readouterr().out

    assert recovery_mode.main(["end", "--stack", STACK]) == 0
    assert [reserved(f) for f in (ingest, disabled, limited, rollback, copy)] == [None, 0, 5, None, None]
    assert delivering(queue) and not delivering(paused)  # only what it paused
    assert recovery_mode.main(["end", "--stack", STACK]) == 0  # again: nothing it did not stop is touched
    assert [reserved(f) for f in (ingest, disabled, limited)] == [None, 0, 5]
    out = capsys.readouterr().out
    assert f"{ingest}: not stopped by recovery mode, left as it is" in out and "not deployed" in out


def test_recovery_mode_names_every_function_of_the_stack_but_the_recovery_ones():
    config = parse_stack_config(namespace_values(load_stack_config(STACK), NAMESPACE))
    names = recovery_mode.stopped_functions(config)

    assert f"{config.name_prefix}-IngestLicenses" in names
    assert f"{config.name_prefix}-ExpirationReminderSender-aslp" in names  # per-compact copies too
    recovery = {f"{config.name_prefix}-{spec.name}" for spec in DISASTER_RECOVERY_FUNCTIONS}
    assert len(recovery) == 13 and not recovery & set(names)


def test_recovery_mode_refuses_an_unknown_stack(capsys):
    assert recovery_mode.main(["start", "--stack", "nowhere"]) == 1
    assert "no stack file Pulumi.nowhere.yaml" in capsys.readouterr().err
