"""The compliant prod stack passes every rule, and every resource rule has something to check in it."""

from __future__ import annotations

import pytest

from policies.evaluate import evaluate
from policies.model import ResourceView
from policies.rules import ALL_RULES
from tests.policies.policy_builders import stack


def test_compliant_prod_stack_has_no_violations(compliant: list[ResourceView]) -> None:
    found = evaluate(stack(compliant))
    assert found == [], "\n".join(str(v) for v in found)


# Rules whose subject must not exist at all: the compliant stack (without one) is their passing case.
FORBIDDEN_SUBJECTS = {"iam-no-users", "ec2-no-internet-gateways"}


@pytest.mark.parametrize(
    "rule",
    [r for r in ALL_RULES if not r.is_stack_rule and r.name not in FORBIDDEN_SUBJECTS],
    ids=lambda r: r.name,
)
def test_every_resource_rule_passes_on_a_matching_resource(rule, compliant: list[ResourceView]) -> None:
    assert any(rule.applies_to(resource.type) for resource in compliant), f"{rule.name} has no passing case"
