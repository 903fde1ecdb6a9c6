"""Run the rules over a whole stack without the Pulumi CLI (the offline preview and the tests).

The offline preview builds a :class:`~policies.model.StackView` from the resources registered under the
mock runtime and calls :func:`evaluate`; a mandatory violation fails the preview, as it would fail
`pulumi preview --policy-pack policies`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from policies.model import ADVISORY, Enforcement, ResourceView, Rule, StackView, UnknownValue
from policies.rules import ALL_RULES


@dataclass(frozen=True)
class Violation:
    """One problem found by one rule; `urn` is None when the stack as a whole is at fault."""

    policy: str
    level: Enforcement
    urn: str | None
    message: str

    def __str__(self) -> str:
        return f"[{self.level}] {self.policy}: {self.urn or '<stack>'}: {self.message}"


def _unknown(rule: Rule, urn: str | None, error: UnknownValue) -> Violation:
    # CrossGuard reports a policy that reads a preview-unknown value as an advisory "can't run"; so do we.
    return Violation(rule.name, ADVISORY, urn, f"can't run during preview: {error}")


def check_resource(rule: Rule, resource: ResourceView, stack: StackView) -> list[Violation]:
    """Violations of one resource rule on one resource (nothing if the rule does not apply to its type)."""
    if rule.is_stack_rule or not rule.applies_to(resource.type):
        return []
    try:
        messages = rule.check_resource(resource, stack)
    except UnknownValue as error:
        return [_unknown(rule, resource.urn, error)]
    return [Violation(rule.name, rule.enforcement, resource.urn, message) for message in messages]


def check_stack(rule: Rule, stack: StackView) -> list[Violation]:
    """Violations of one rule over the whole stack (stack-level or every matching resource)."""
    if not rule.is_stack_rule:
        return [v for resource in stack.resources for v in check_resource(rule, resource, stack)]
    try:
        findings = rule.check_stack(stack)
    except UnknownValue as error:
        return [_unknown(rule, None, error)]
    return [Violation(rule.name, rule.enforcement, urn, message) for urn, message in findings]


def evaluate(stack: StackView, rules: Iterable[Rule] = ALL_RULES) -> list[Violation]:
    """Every violation of `rules` (default: the whole pack) in `stack`, rule by rule."""
    return [violation for rule in rules for violation in check_stack(rule, stack)]


def mandatory(violations: Iterable[Violation]) -> list[Violation]:
    """The violations that would block `pulumi up`."""
    return [violation for violation in violations if violation.level == "mandatory"]
