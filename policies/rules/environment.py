"""Environment-wide guarantees: prod keeps its data, and prod never runs the VULNERABLE profile."""

from __future__ import annotations

from policies.aws_types import COGNITO_USER_POOL, DYNAMODB_TABLE, KMS_KEY, S3_BUCKET
from policies.model import MANDATORY, ResourceView, Rule, StackView

DATA_RESOURCE_TYPES = (DYNAMODB_TABLE, S3_BUCKET, KMS_KEY, COGNITO_USER_POOL)
"""Resources whose loss loses data (or the ability to decrypt it)."""


def prod_data_resource_is_retained(resource: ResourceView, stack: StackView) -> list[str]:
    """In prod a refactor or `pulumi destroy` must not delete data: `protect` and `retain_on_delete`.

    `retain_on_delete` is only checked when known (the CrossGuard protocol does not carry it; the offline
    preview does).
    """
    if not stack.is_prod:
        return []
    problems = []
    if not resource.protect:
        problems.append("must be created with protect=True in prod")
    if resource.retain_on_delete is False:
        problems.append("must be created with retain_on_delete=True in prod")
    return problems


def prod_is_not_vulnerable(stack: StackView) -> list[tuple[str | None, str]]:
    """The VULNERABLE profile weakens Cognito (optional MFA, audit-only threat protection) for sandboxes."""
    profile = str(stack.config("securityProfile", "RECOMMENDED")).upper()
    if stack.is_prod and profile == "VULNERABLE":
        return [(None, "securityProfile VULNERABLE is not allowed in prod")]
    return []


RULES: tuple[Rule, ...] = (
    Rule(
        "prod-data-resources-retained",
        "In prod, tables, buckets, KMS keys and user pools are protected and retained on delete.",
        MANDATORY,
        DATA_RESOURCE_TYPES,
        prod_data_resource_is_retained,
    ),
    Rule(
        "prod-security-profile-not-vulnerable",
        "The stack configuration does not select the VULNERABLE security profile in prod.",
        MANDATORY,
        None,
        prod_is_not_vulnerable,
    ),
)
