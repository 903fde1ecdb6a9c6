"""What ``scripts/adopt`` reads of a running reference deployment: its CloudFormation stacks, each resource's
physical id, and the deletion and replacement policies its template gives it.

The reference (the CDK app) deploys one stage per environment, so its stacks are named
``<Stage>-<StackId>`` (``Prod-PersistentStack``, ``Sandbox-ProviderUsersStack``...); the backup vaults and
their keys sit in a nested stack of PersistentStack. Only the CloudFormation API is used here: the live
resources are described later, once each one is known to be what the program adopts.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from core.aws import client_error, error_code
from toolkit.commands import CommandError

STAGES = {"sandbox": "Sandbox", "test": "Test", "beta": "Beta", "prod": "Prod"}
"""The reference's stage construct id per environment: the first part of every stack name."""

REQUIRED_STACKS = ("PersistentStack", "EventStateStack", "ProviderUsersStack", "StateAuthStack")
"""The stacks that hold data or identities in every environment; without them there is nothing to adopt."""

DELETION_WAVES: tuple[tuple[str, ...], ...] = (
    ("APIStack",),
    (
        "ApiLambdaStack",
        "IngestStack",
        "ManagedLoginStack",
        "NotificationStack",
        "SearchAPIStack",
        "ExpirationReminderStack",
    ),
    (
        "EventStateStack",
        "ProviderUsersStack",
        "StateAPIStack",
        "EventListenerStack",
        "SearchPersistentStack",
        "TransactionMonitoringStack",
        "DisasterRecoveryStack",
        "FeatureFlagStack",
        "ReportingStack",
    ),
    ("VpcStack", "PersistentStack", "StateAuthStack"),
)
"""The reference's deployment waves (spec/infra.md §1.2), last first: CloudFormation refuses to delete a
stack while another imports one of its exports, and each wave only imports from earlier ones."""

RETAINING_DELETION_POLICIES = frozenset({"Retain", "RetainExceptOnCreate"})
"""Both keep an existing resource when its stack is deleted (the second differs only for a failed create)."""

_UNSETTLED = ("_IN_PROGRESS", "_FAILED")


@dataclass(frozen=True)
class StackResource:
    """One resource of a reference stack, with what its template says about deleting and replacing it."""

    stack: str
    """The top-level stack's name (the one an operator deletes), also for a nested stack's resources."""
    logical_id: str
    resource_type: str
    physical_id: str
    deletion_policy: str = "Delete"
    update_replace_policy: str = "Delete"
    properties: Mapping[str, Any] = field(default_factory=dict)

    @property
    def retained(self) -> bool:
        """Whether deleting (or replacing) the stack's copy of it leaves the resource where it is."""
        return self.deletion_policy in RETAINING_DELETION_POLICIES and self.update_replace_policy == "Retain"

    @property
    def label(self) -> str:
        return f"{self.stack}/{self.logical_id} ({self.resource_type} {self.physical_id})"


@dataclass(frozen=True)
class ReferenceStacks:
    """The top-level stacks read (in the order they were named) and every resource in them."""

    names: tuple[str, ...]
    resources: tuple[StackResource, ...]
    outputs: Mapping[str, Mapping[str, str]]


def stack_prefix(environment: str, override: str | None = None) -> str:
    """``Prod-`` for prod: the stage name every stack of the environment starts with."""
    if override:
        return override if override.endswith("-") else f"{override}-"
    if environment not in STAGES:
        raise CommandError(f"no reference stage for environment {environment!r}: pass --stack-prefix")
    return f"{STAGES[environment]}-"


def discover(cfn: Any, prefix: str) -> list[str]:
    """The top-level stacks named ``<prefix>...`` (nested stacks go with their parent)."""
    names = []
    for page in cfn.get_paginator("describe_stacks").paginate():
        for stack in page["Stacks"]:
            if stack["StackName"].startswith(prefix) and not stack.get("ParentId"):
                names.append(stack["StackName"])
    return names


def stack_id(name: str) -> str | None:
    """The reference's construct id of a stack named ``<Stage>-<id>`` (or just ``<id>``)."""
    known = (stack for wave in DELETION_WAVES for stack in wave)
    return next((stack for stack in known if name == stack or name.endswith(f"-{stack}")), None)


def missing_required(names: Iterable[str], prefix: str) -> list[str]:
    present = {stack_id(name) for name in names}
    return [f"{prefix}{stack}" for stack in REQUIRED_STACKS if stack not in present]


def deletion_order(names: Sequence[str]) -> list[str]:
    """The stacks in the order they can be deleted. A stack the reference's waves do not name (a later
    addition) goes first: it can only depend on the ones named, never the other way round."""
    rank = {stack: index for index, wave in enumerate(DELETION_WAVES, 1) for stack in wave}
    return sorted(names, key=lambda name: (rank.get(stack_id(name) or "", 0), names.index(name)))


def read_stacks(cfn: Any, names: Sequence[str]) -> ReferenceStacks:
    """Every resource of the named stacks and of the stacks nested in them. A nested stack found among
    ``names`` (as discovery may list one whose parent it cannot see) is read once, under its parent."""
    described = {name: _describe(cfn, name) for name in names}
    resources: list[StackResource] = []
    nested_ids: set[str] = set()
    for name, stack in described.items():
        for resource in _resources(cfn, name, stack["StackId"]):
            resources.append(resource)
            if resource.resource_type == "AWS::CloudFormation::Stack":
                nested_ids.add(resource.physical_id)
    # a nested stack's physical id is its ARN (its name on some emulators)
    top = tuple(name for name, stack in described.items() if not {name, stack["StackId"]} & nested_ids)
    kept = tuple(resource for resource in resources if resource.stack in top)
    outputs = {
        name: {output["OutputKey"]: output["OutputValue"] for output in described[name].get("Outputs", [])}
        for name in top
    }
    return ReferenceStacks(top, kept, outputs)


def _describe(cfn: Any, name: str) -> dict[str, Any]:
    try:
        stack: dict[str, Any] = cfn.describe_stacks(StackName=name)["Stacks"][0]
    except client_error() as error:
        if error_code(error) == "ValidationError":
            raise CommandError(f"no CloudFormation stack {name}") from None
        raise
    status = stack["StackStatus"]
    if status.endswith(_UNSETTLED) or status == "ROLLBACK_COMPLETE":
        raise CommandError(f"{name} is {status}: wait for it to settle (or fix it) and run again")
    return stack


def _resources(cfn: Any, top: str, stack_id: str) -> Iterator[StackResource]:
    """The stack's resources, its nested stacks' resources under the same top-level name."""
    template = _template(cfn, stack_id)
    declared = template.get("Resources") or {}
    for page in cfn.get_paginator("list_stack_resources").paginate(StackName=stack_id):
        for summary in page["StackResourceSummaries"]:
            if summary.get("ResourceStatus") == "DELETE_COMPLETE" or not summary.get("PhysicalResourceId"):
                continue
            logical = summary["LogicalResourceId"]
            body = declared.get(logical) or {}
            resource = StackResource(
                stack=top,
                logical_id=logical,
                resource_type=summary["ResourceType"],
                physical_id=summary["PhysicalResourceId"],
                deletion_policy=_policy(body.get("DeletionPolicy")),
                update_replace_policy=_policy(body.get("UpdateReplacePolicy")),
                properties=body.get("Properties") or {},
            )
            yield resource
            if resource.resource_type == "AWS::CloudFormation::Stack":
                yield from _resources(cfn, top, resource.physical_id)


def _policy(value: Any) -> str:
    """CloudFormation deletes or replaces a resource whose template says nothing; a policy computed by an
    intrinsic function cannot be trusted to say Retain, so it counts as not retaining."""
    if value is None:
        return "Delete"
    return value if isinstance(value, str) else f"computed: {json.dumps(value)}"


class _TemplateLoader(yaml.SafeLoader):
    """YAML templates use short intrinsic tags (``!Ref``, ``!GetAtt``); kept as ``{tag: value}`` maps."""


def _intrinsic(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.MappingNode)
        value = loader.construct_mapping(node, deep=True)
    name = suffix if suffix in ("Ref", "Condition") else f"Fn::{suffix}"
    return {name: value}


_TemplateLoader.add_multi_constructor("!", _intrinsic)


def _template(cfn: Any, stack_id: str) -> dict[str, Any]:
    """The stack's template as deployed (boto3 decodes JSON bodies itself; YAML arrives as text)."""
    body = cfn.get_template(StackName=stack_id, TemplateStage="Original")["TemplateBody"]
    if isinstance(body, str):
        body = yaml.load(body, Loader=_TemplateLoader)
    return dict(body or {})
