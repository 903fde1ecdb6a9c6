"""The state-machine and secret rules, both ways."""

from __future__ import annotations

import pytest

from policies.model import UNKNOWN, ResourceView
from tests.policies.policy_builders import (
    assert_fails,
    assert_passes,
    changed,
    named,
    replace,
    stack,
    violations,
)
from tests.policies.policy_builders_ops import secret, state_machine

# ---- Step Functions -------------------------------------------------------------------------------


def test_the_compliant_state_machine_passes(compliant: list[ResourceView]) -> None:
    assert_passes("sfn-logging-all", stack(compliant))
    assert_passes("sfn-tracing", stack(compliant))


@pytest.mark.parametrize("level", ["ERROR", "FATAL", "OFF", None])
def test_logging_below_all_fails(compliant: list[ResourceView], level: str | None) -> None:
    machine = named(compliant, "workflow")
    logging = {**machine.get("loggingConfiguration"), "level": level}
    resources = replace(compliant, machine, changed(machine, loggingConfiguration=logging))
    assert_fails("sfn-logging-all", stack(resources), "level must be ALL")


def test_logging_without_execution_data_passes(compliant: list[ResourceView]) -> None:
    machine = named(compliant, "workflow")
    logging = {**machine.get("loggingConfiguration"), "includeExecutionData": False}
    resources = replace(compliant, machine, changed(machine, loggingConfiguration=logging))
    assert_passes("sfn-logging-all", stack(resources))


def test_logging_needs_a_log_group_destination() -> None:
    unlinked = state_machine("loose")  # a literal log-group ARN, no reference: fine
    assert_passes("sfn-logging-all", stack(unlinked))
    nowhere = changed(unlinked, loggingConfiguration={"level": "ALL"})
    assert_fails("sfn-logging-all", stack(nowhere), "log group")
    elsewhere = changed(unlinked, loggingConfiguration={"level": "ALL", "logDestination": "arn:aws:s3:::b"})
    assert_fails("sfn-logging-all", stack(elsewhere), "log group")


def test_a_referenced_log_group_settles_an_unknown_destination(compliant: list[ResourceView]) -> None:
    machine = named(compliant, "workflow")
    logging = {**machine.get("loggingConfiguration"), "logDestination": UNKNOWN}
    resources = replace(compliant, machine, changed(machine, loggingConfiguration=logging))
    assert violations("sfn-logging-all", stack(resources)) == []


@pytest.mark.parametrize("tracing", [{"enabled": False}, None])
def test_a_state_machine_without_tracing_fails(tracing: dict | None) -> None:
    assert_fails("sfn-tracing", stack(state_machine(tracingConfiguration=tracing)), "X-Ray")


# ---- Secrets --------------------------------------------------------------------------------------


def test_a_secret_under_its_environment_passes(compliant: list[ResourceView]) -> None:
    assert_passes("secretsmanager-secret-name", stack(compliant))
    assert_passes("secretsmanager-secret-name", stack(secret("compact-connect/env/test/x"), env="test"))


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("recaptcha-token", "must start with compact-connect/env/prod/"),
        ("compact-connect/env/test/recaptcha/token", "must start with compact-connect/env/prod/"),
        ("compact-connect/env/prod/", "must start with"),
        ("compact-connect/prod/recaptcha", "must start with"),
        (None, "must be set explicitly"),
    ],
)
def test_a_secret_outside_its_environment_fails(name: str | None, fragment: str) -> None:
    assert_fails("secretsmanager-secret-name", stack(secret(name)), fragment)


def test_a_name_prefix_counts_as_the_name() -> None:
    prefixed = secret(None, namePrefix="compact-connect/env/prod/statsig-")
    assert_passes("secretsmanager-secret-name", stack(prefixed))


def test_without_an_environment_any_environment_segment_passes() -> None:
    untagged = secret("compact-connect/env/sandbox/x", tags={"Project": "compact-connect"})
    assert_passes("secretsmanager-secret-name", stack(untagged, env=None))
    assert_fails(
        "secretsmanager-secret-name", stack(secret("elsewhere/x", tags={}), env=None), "<environment>"
    )
