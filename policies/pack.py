"""Adapt the plain rules to ``pulumi_policy`` policies (CrossGuard).

* A resource rule that only reads its own resource becomes a ``ResourceValidationPolicy``: it runs as each
  resource is registered, so `pulumi up` stops before creating a non-compliant resource.
* A cross-resource rule (companions, references, other tables...) and a stack-level rule become a
  ``StackValidationPolicy``: the analyzer then shows the whole stack, with ``property_dependencies``.

Stack configuration. The environment decides the prod-only rules. Each rule's StackView gets, in order
of precedence: the policy's own config (``environmentName`` / ``securityProfile`` in a
``--policy-pack-config`` file), then the stack's ``compact-connect:*`` config, which the engine passes to
policy packs through ``PULUMI_CONFIG``. When neither is present, ``StackView.environment`` falls back to
the ``Environment`` tag (of the resource itself for resource policies, the most common one for stack
policies), which `required-tags` guarantees.

Unknown values (preview of properties computed from new resources) are re-raised as the SDK's
``UnknownValueError`` so the CLI reports its usual advisory "can't run policy ... during preview".
Nothing here builds a ``PolicyPack`` (its constructor starts a server and never returns).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    PolicyResource,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy import proxy as sdk_proxy

from policies.model import MANDATORY, UNKNOWN, ResourceView, Rule, StackView, UnknownValue
from policies.rules import ALL_RULES

CONFIG_NAMESPACE = "compact-connect"
CONFIG_SCHEMA = PolicyConfigSchema(
    properties={
        "environmentName": {"type": "string", "description": "Overrides compact-connect:environmentName."},
        "securityProfile": {"type": "string", "enum": ["RECOMMENDED", "VULNERABLE"]},
    }
)
_SDK_UNKNOWNS = frozenset(
    {
        sdk_proxy.UNKNOWN_BOOLEAN_VALUE,
        sdk_proxy.UNKNOWN_NUMBER_VALUE,
        sdk_proxy.UNKNOWN_STRING_VALUE,
        sdk_proxy.UNKNOWN_ARRAY_VALUE,
        sdk_proxy.UNKNOWN_ASSET_VALUE,
        sdk_proxy.UNKNOWN_ARCHIVE_VALUE,
        sdk_proxy.UNKNOWN_OBJECT_VALUE,
    }
)


def plain(value: Any) -> Any:
    """Copy SDK props (unknown-checking proxies) into plain dicts/lists, unknowns as :data:`UNKNOWN`."""
    if isinstance(value, str):
        return UNKNOWN if value in _SDK_UNKNOWNS else value
    if isinstance(value, Mapping):
        return {key: _item(value, key) for key in value}
    if isinstance(value, Sequence) and not isinstance(value, bytes):
        return [_item(value, index) for index in range(len(value))]
    return value


def _item(container: Any, key: Any) -> Any:
    try:
        return plain(container[key])
    except sdk_proxy.UnknownValueError:
        return UNKNOWN


def runtime_stack_config() -> dict[str, Any]:
    """The stack's ``compact-connect:*`` config as the engine hands it to the analyzer, prefix removed."""
    try:
        from pulumi.runtime.config import get_config_env
    except ImportError:  # pragma: no cover - pulumi is a dependency of pulumi-policy
        return {}
    config: dict[str, Any] = {}
    for key, value in get_config_env().items():
        namespace, _, name = str(key).partition(":")
        if namespace == CONFIG_NAMESPACE and name:
            config[name.removeprefix("config:")] = value
    return config


def stack_config(policy_config: Mapping[str, Any] | None) -> dict[str, Any]:
    """Runtime stack config overlaid with the policy's own config (which wins)."""
    overrides = {key: value for key, value in (policy_config or {}).items() if key != "enforcementLevel"}
    return {**runtime_stack_config(), **overrides}


def view_from_args(args: ResourceValidationArgs) -> ResourceView:
    """A resource policy sees no dependencies; rules that need them are cross-resource (stack policies)."""
    return ResourceView(
        type=args.resource_type,
        urn=args.urn,
        name=args.name,
        props=plain(args.props),
        parent_urn=getattr(args.opts, "parent", None),
        protect=bool(getattr(args.opts, "protect", False)),
        retain_on_delete=None,
    )


def view_from_policy_resource(resource: PolicyResource) -> ResourceView:
    dependencies = {
        prop: [dependency.urn for dependency in dependencies]
        for prop, dependencies in (resource.property_dependencies or {}).items()
    }
    parent = resource.parent.urn if resource.parent is not None else getattr(resource.opts, "parent", None)
    return ResourceView(
        type=resource.resource_type,
        urn=resource.urn,
        name=resource.name,
        props=plain(resource.props),
        parent_urn=parent,
        protect=bool(getattr(resource.opts, "protect", False)),
        retain_on_delete=None,
        dependencies=dependencies,
    )


def stack_from_args(args: StackValidationArgs) -> StackView:
    return StackView((view_from_policy_resource(r) for r in args.resources), stack_config(args.get_config()))


def _sdk_unknown(error: UnknownValue) -> sdk_proxy.UnknownValueError:
    sdk_error = sdk_proxy.UnknownValueError(
        sdk_proxy.UNKNOWN_STRING_VALUE, [str(part) for part in error.path]
    )
    sdk_error.message = f"{error} (resource {error.urn})"  # the sentinel's type is not kept: say "value"
    return sdk_error


def _level(rule: Rule) -> EnforcementLevel:
    return EnforcementLevel.MANDATORY if rule.enforcement == MANDATORY else EnforcementLevel.ADVISORY


def _validate_resource(rule: Rule) -> Callable[[ResourceValidationArgs, ReportViolation], None]:
    def validate(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        if not rule.applies_to(args.resource_type):
            return
        resource = view_from_args(args)
        try:
            messages = rule.check_resource(resource, StackView([resource], stack_config(args.get_config())))
        except UnknownValue as error:
            raise _sdk_unknown(error) from None
        for message in messages:
            report_violation(message, args.urn)

    return validate


def _validate_stack(rule: Rule) -> Callable[[StackValidationArgs, ReportViolation], None]:
    def validate(args: StackValidationArgs, report_violation: ReportViolation) -> None:
        stack = stack_from_args(args)
        if rule.is_stack_rule:
            try:
                findings = rule.check_stack(stack)
            except UnknownValue as error:
                raise _sdk_unknown(error) from None
            for urn, message in findings:
                report_violation(message, urn)
            return
        unknown: UnknownValue | None = None
        for resource in stack.resources:
            if not rule.applies_to(resource.type):
                continue
            try:
                messages = rule.check_resource(resource, stack)
            except UnknownValue as error:
                unknown = unknown or error  # report what is known first, then the preview diagnostic
                continue
            for message in messages:
                report_violation(message, resource.urn)
        if unknown is not None:
            raise _sdk_unknown(unknown)

    return validate


def to_policy(rule: Rule) -> Policy:
    """The CrossGuard policy for one rule (resource policy when it can see everything it needs)."""
    common: dict[str, Any] = {
        "name": rule.name,
        "description": rule.description,
        "enforcement_level": _level(rule),
        "config_schema": CONFIG_SCHEMA,
    }
    if rule.needs_stack:
        return StackValidationPolicy(validate=_validate_stack(rule), **common)
    return ResourceValidationPolicy(validate=_validate_resource(rule), **common)


def build_policies(rules: Iterable[Rule] = ALL_RULES) -> list[Policy]:
    return [to_policy(rule) for rule in rules]
