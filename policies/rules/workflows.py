"""Step Functions state machines leave a full record: every event logged to a log group, every execution
traced."""

from __future__ import annotations

from policies.aws_types import LOG_GROUP, SFN_STATE_MACHINE
from policies.model import MANDATORY, ResourceView, Rule, StackView

LOG_LEVEL = "ALL"


def logs_to_group(machine: ResourceView, stack: StackView) -> list[str]:
    """A failed execution is diagnosed from its event history, which Step Functions keeps for 90 days
    only; logging every event (level ALL) to a log group keeps it as long as the group does."""
    problems = []
    level = machine.get("loggingConfiguration", "level")
    if level != LOG_LEVEL:
        problems.append(f"loggingConfiguration.level must be {LOG_LEVEL}, not {level!r}")
    if not stack.referenced(machine, "loggingConfiguration", LOG_GROUP):
        destination = machine.get("loggingConfiguration", "logDestination")
        if not (isinstance(destination, str) and ":log-group:" in destination):
            problems.append("loggingConfiguration.logDestination must be a CloudWatch log group's ARN")
    return problems


def is_traced(machine: ResourceView, stack: StackView) -> list[str]:
    """X-Ray traces follow an execution into the functions it invokes, as the API's traces do."""
    if machine.get("tracingConfiguration", "enabled") is True:
        return []
    return ["tracingConfiguration.enabled must be true (X-Ray)"]


RULES: tuple[Rule, ...] = (
    Rule(
        "sfn-logging-all",
        f"State machines log at level {LOG_LEVEL} to a CloudWatch log group.",
        MANDATORY,
        (SFN_STATE_MACHINE,),
        logs_to_group,
        cross_resource=True,
    ),
    Rule(
        "sfn-tracing",
        "State machines have X-Ray tracing enabled.",
        MANDATORY,
        (SFN_STATE_MACHINE,),
        is_traced,
    ),
)
