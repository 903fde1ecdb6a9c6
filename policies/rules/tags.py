"""Tagging: cost allocation, ownership and the environment fallback of the other rules all need tags."""

from __future__ import annotations

from policies.aws_types import TAGGABLE_TYPES
from policies.conventions import ENVIRONMENT_TAG, REQUIRED_TAGS
from policies.model import ANY_TYPE, MANDATORY, ResourceView, Rule, StackView


def is_taggable(resource: ResourceView) -> bool:
    """A type known to take `tags`, or any resource that sets a `tags` input."""
    return resource.type in TAGGABLE_TYPES or "tags" in resource.props


def has_required_tags(resource: ResourceView, stack: StackView) -> list[str]:
    """Project/Service/Environment present and non-empty; Environment matches the stack's config."""
    if not is_taggable(resource):
        return []
    tags = resource.tags
    missing = [key for key in REQUIRED_TAGS if not tags.get(key, "").strip()]
    problems = [f"missing required tag(s): {', '.join(missing)}"] if missing else []
    configured = stack.stack_config.get("environmentName")
    tagged = tags.get(ENVIRONMENT_TAG, "").strip()
    if isinstance(configured, str) and tagged and tagged.lower() != configured.lower():
        problems.append(
            f"tag {ENVIRONMENT_TAG}={tagged!r} does not match the stack's environment {configured!r}"
        )
    return problems


RULES: tuple[Rule, ...] = (
    Rule(
        name="required-tags",
        description="Every taggable resource carries the Project, Service and Environment tags.",
        enforcement=MANDATORY,
        resource_types=(ANY_TYPE,),
        check=has_required_tags,
    ),
)
