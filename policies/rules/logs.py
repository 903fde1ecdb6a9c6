"""CloudWatch log groups: retention is a decision, never an accident."""

from __future__ import annotations

from policies.aws_types import LOG_GROUP
from policies.conventions import INFINITE_RETENTION_TAG
from policies.model import ADVISORY, MANDATORY, ResourceView, Rule, StackView


def _never_expires(group: ResourceView) -> bool:
    return not group.get("retentionInDays")


def has_retention(group: ResourceView, stack: StackView) -> list[str]:
    """Logs hold request data; unlimited retention must be chosen explicitly with the marker tag."""
    if not _never_expires(group) or group.marked(INFINITE_RETENTION_TAG):
        return []
    return [f"retentionInDays must be set (or tag {INFINITE_RETENTION_TAG}=true to keep logs forever)"]


def flags_infinite_retention(group: ResourceView, stack: StackView) -> list[str]:
    """Keeps deliberate never-expiring groups visible in every preview so the choice gets revisited."""
    if _never_expires(group) and group.marked(INFINITE_RETENTION_TAG):
        return ["log group never expires (tagged InfiniteRetention=true)"]
    return []


RULES: tuple[Rule, ...] = (
    Rule(
        "log-group-retention",
        "CloudWatch log groups set retentionInDays, unless tagged InfiniteRetention=true.",
        MANDATORY,
        (LOG_GROUP,),
        has_retention,
    ),
    Rule(
        "log-group-infinite-retention",
        "Reports log groups that deliberately keep logs forever.",
        ADVISORY,
        (LOG_GROUP,),
        flags_infinite_retention,
    ),
)
