"""Read-only views of a stack that every rule works on, and the `Rule` record.

The same rules run in two places: inside the CrossGuard analyzer (:mod:`policies.pack`) and in the
offline preview that runs the program under Pulumi's mock runtime (:mod:`policies.evaluate`). Both
build these views, so the rules never touch ``pulumi_policy`` objects and tests build them directly.

Property names are the engine's camelCase names (``serverSideEncryption``, ``pointInTimeRecovery``...).
A value the engine does not know yet (preview of a property computed from a resource being created) is
the :data:`UNKNOWN` sentinel; :meth:`ResourceView.get` raises :class:`UnknownValue` when it meets one,
and the runners turn that into an advisory "can't run during preview" result, as CrossGuard does.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal, cast

from policies.conventions import ENVIRONMENT_TAG, MARKER_TRUE, PROD_ENVIRONMENT

Enforcement = Literal["mandatory", "advisory"]
MANDATORY: Enforcement = "mandatory"
ADVISORY: Enforcement = "advisory"

ANY_TYPE = "*"
"""A `Rule.resource_types` entry that matches every resource type."""

# CrossGuard shows policy names in the CLI and the console; keep them kebab-case and short.
RULE_NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RULE_NAME_MAX = 100


class _Unknown:
    """Type of :data:`UNKNOWN`; a singleton so identity checks work across copies."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __copy__(self) -> _Unknown:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> _Unknown:
        return self


UNKNOWN = _Unknown()
"""Placeholder for a property value that is not known during preview."""

SECRET_SIGNATURE_KEY = "4dabf18193072939515e22adb298388d"
"""The key the Pulumi engine marks a secret value with wherever it travels in resource inputs
(``pulumi.runtime.rpc._special_sig_key``)."""


class UnknownValue(Exception):
    """A rule needed a value that is only known after the update (raised by :meth:`ResourceView.get`)."""

    def __init__(self, urn: str, path: Sequence[str | int]) -> None:
        self.urn = urn
        self.path = tuple(path)
        dotted = ".".join(str(part) for part in self.path) or "<props>"
        super().__init__(f"{dotted} can't be known during preview")


_MISSING = object()


def contains_unknown(value: Any) -> bool:
    """True if `value` is, or (in a nested list/dict) holds, the :data:`UNKNOWN` sentinel."""
    if value is UNKNOWN:
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(contains_unknown(item) for item in value)
    return False


@dataclass(frozen=True, eq=False)
class ResourceView:
    """One resource as the engine registered it: type token, URN, inputs, options and references.

    `dependencies` maps an input property name to the URNs of the resources whose outputs flow into
    it, e.g. ``{"bucket": [<bucket urn>]}`` for a ``BucketPublicAccessBlock``. Rules use it to pair
    side-by-side resources with the resource they configure.
    `retain_on_delete` is ``None`` when the source cannot tell (the CrossGuard analyzer protocol does
    not carry it); rules only fail on an explicit ``False``.
    Views compare and hash by identity: two registrations are never "the same" resource.
    """

    type: str
    urn: str
    name: str
    props: Mapping[str, Any] = field(default_factory=dict)
    parent_urn: str | None = None
    protect: bool = False
    retain_on_delete: bool | None = False
    dependencies: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def get(self, *path: str | int, default: Any = None) -> Any:
        """The value at `path` in the inputs, `default` when absent or null.

        Raises :class:`UnknownValue` if the value, or anything inside it, is unknown during preview,
        so a rule never passes or fails on a placeholder.
        """
        value: Any = self.props
        for depth, key in enumerate(path):
            if value is UNKNOWN:
                raise UnknownValue(self.urn, path[:depth])
            if isinstance(value, Mapping) and isinstance(key, str):
                value = value.get(key, _MISSING)
            elif isinstance(value, list | tuple) and isinstance(key, int) and -len(value) <= key < len(value):
                value = value[key]
            else:
                return default
            if value is _MISSING or value is None:
                return default
        if contains_unknown(value):
            raise UnknownValue(self.urn, path)
        return value

    @property
    def tags(self) -> dict[str, str]:
        """The resource's own `tags` input (provider default tags are not visible to policies)."""
        tags = self.get("tags")
        return {str(key): str(value) for key, value in tags.items()} if isinstance(tags, Mapping) else {}

    def tag(self, key: str) -> str | None:
        return self.tags.get(key)

    def marked(self, tag: str) -> bool:
        """True when the marker tag `tag` is set to "true" (see :mod:`policies.conventions`)."""
        return (self.tag(tag) or "").strip().lower() == MARKER_TRUE

    def refs(self, prop: str) -> tuple[str, ...]:
        """URNs of the resources referenced by input property `prop`."""
        return tuple(self.dependencies.get(prop, ()))

    @property
    def label(self) -> str:
        """Short name used in violation messages."""
        return self.name


class StackView:
    """Every resource of one stack, plus its ``compact-connect:*`` config (keys without the prefix).

    Lookups that rules need are indexed once: by URN, by type and by reverse reference.
    """

    def __init__(
        self,
        resources: Iterable[ResourceView] = (),
        stack_config: Mapping[str, Any] | None = None,
    ) -> None:
        self.resources: tuple[ResourceView, ...] = tuple(resources)
        self.stack_config: dict[str, Any] = dict(stack_config or {})
        self._by_urn = {resource.urn: resource for resource in self.resources}
        self._by_type: dict[str, list[ResourceView]] = defaultdict(list)
        self._referrers: dict[str, list[tuple[str, ResourceView]]] = defaultdict(list)
        self._children: dict[str, list[ResourceView]] = defaultdict(list)
        for resource in self.resources:
            self._by_type[resource.type].append(resource)
            if resource.parent_urn:
                self._children[resource.parent_urn].append(resource)
            for prop, urns in resource.dependencies.items():
                for urn in urns:
                    self._referrers[urn].append((prop, resource))

    def get(self, urn: str) -> ResourceView | None:
        return self._by_urn.get(urn)

    def by_type(self, *tokens: str) -> list[ResourceView]:
        """Resources of any of the given type tokens, in registration order."""
        if len(tokens) == 1:
            return list(self._by_type.get(tokens[0], ()))
        wanted = set(tokens)
        return [resource for resource in self.resources if resource.type in wanted]

    def referencing(self, urn: str, type: str | None = None, prop: str | None = None) -> list[ResourceView]:
        """Resources whose inputs reference `urn` (optionally only of `type`, only through `prop`).

        E.g. ``referencing(bucket.urn, S3_PUBLIC_ACCESS_BLOCK, "bucket")`` finds a bucket's public access
        block.
        """
        found: list[ResourceView] = []
        for via, resource in self._referrers.get(urn, ()):
            matches = (type is None or resource.type == type) and (prop is None or via == prop)
            if matches and all(resource is not seen for seen in found):
                found.append(resource)
        return found

    def referenced(self, resource: ResourceView, prop: str, type: str | None = None) -> list[ResourceView]:
        """Resources that `resource`'s input `prop` references (optionally only of `type`)."""
        targets = (self._by_urn.get(urn) for urn in resource.refs(prop))
        return [target for target in targets if target is not None and (type is None or target.type == type)]

    def children(self, urn: str) -> list[ResourceView]:
        return list(self._children.get(urn, ()))

    def config(self, key: str, default: Any = None) -> Any:
        value = self.stack_config.get(key)
        return default if value is None else value

    @cached_property
    def environment(self) -> str | None:
        """The environment name: stack config ``environmentName``, else the most common `Environment` tag.

        The tag fallback lets resource-level CrossGuard policies decide on their own (the analyzer may
        run without stack config); `required-tags` makes sure the tag is there.
        """
        configured = self.stack_config.get("environmentName")
        if isinstance(configured, str) and configured.strip():
            return configured.strip().lower()
        seen: Counter[str] = Counter()
        for resource in self.resources:
            try:
                value = resource.tag(ENVIRONMENT_TAG)
            except UnknownValue:
                continue
            if value:
                seen[value.strip().lower()] += 1
        return seen.most_common(1)[0][0] if seen else None

    @property
    def is_prod(self) -> bool:
        return self.environment == PROD_ENVIRONMENT


ResourceCheck = Callable[[ResourceView, StackView], list[str]]
"""Returns one message per problem with the resource; an empty list means compliant."""
StackCheck = Callable[[StackView], list[tuple[str | None, str]]]
"""Returns ``(urn or None, message)`` pairs; ``None`` blames the stack as a whole."""


@dataclass(frozen=True)
class Rule:
    """One policy: metadata plus a plain check function.

    `resource_types` ``None`` makes a stack-level rule (`check` is a :data:`StackCheck`); otherwise
    `check` is a :data:`ResourceCheck` run on each resource of those types (``("*",)`` = every type).
    `cross_resource` says the check looks at other resources of the stack (companions, references,
    other tables...): CrossGuard only shows a resource policy one resource, so such rules run there as
    stack policies.
    """

    name: str
    description: str
    enforcement: Enforcement
    resource_types: tuple[str, ...] | None
    check: ResourceCheck | StackCheck
    cross_resource: bool = False

    def __post_init__(self) -> None:
        if not RULE_NAME_RE.match(self.name) or len(self.name) > RULE_NAME_MAX:
            raise ValueError(f"rule name {self.name!r} is not kebab-case (a-z, 0-9, single hyphens)")
        if self.enforcement not in (MANDATORY, ADVISORY):
            raise ValueError(f"rule {self.name}: enforcement must be mandatory or advisory")
        if self.resource_types is not None and not self.resource_types:
            raise ValueError(f"rule {self.name}: resource_types must be None or a non-empty tuple")

    @property
    def is_stack_rule(self) -> bool:
        return self.resource_types is None

    @property
    def needs_stack(self) -> bool:
        """True if the rule must see the whole stack (stack-level or cross-resource)."""
        return self.is_stack_rule or self.cross_resource

    def applies_to(self, resource_type: str) -> bool:
        types = self.resource_types or ()
        return ANY_TYPE in types or resource_type in types

    def check_resource(self, resource: ResourceView, stack: StackView) -> list[str]:
        return list(cast(ResourceCheck, self.check)(resource, stack))

    def check_stack(self, stack: StackView) -> list[tuple[str | None, str]]:
        return list(cast(StackCheck, self.check)(stack))
