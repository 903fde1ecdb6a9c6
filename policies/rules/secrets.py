"""Secrets Manager secrets are named by environment, so grants and runbooks can find (and scope) them."""

from __future__ import annotations

import re

from policies.aws_types import SECRETS_MANAGER_SECRET
from policies.conventions import SECRET_NAME_ROOT
from policies.model import MANDATORY, ResourceView, Rule, StackView

ANY_ENVIRONMENT = re.compile(rf"^{re.escape(SECRET_NAME_ROOT)}/[^/]+/.")


def expected_prefix(stack: StackView) -> str | None:
    return f"{SECRET_NAME_ROOT}/{stack.environment}/" if stack.environment else None


def is_named_by_environment(secret: ResourceView, stack: StackView) -> list[str]:
    """IAM grants, the per-compact secrets written at run time and the rotation runbook all find a
    secret under ``compact-connect/env/<env>/``; a secret elsewhere is one no grant pattern scopes and no
    operator looks for, and one environment's name in another's stack is a mix-up."""
    name = secret.get("name") or secret.get("namePrefix")
    if not name:
        return [f"name must be set explicitly, under {SECRET_NAME_ROOT}/<environment>/"]
    prefix = expected_prefix(stack)
    if prefix is not None and not (str(name).startswith(prefix) and len(str(name)) > len(prefix)):
        return [f"name {name!r} must start with {prefix}"]
    if prefix is None and not ANY_ENVIRONMENT.match(str(name)):
        return [f"name {name!r} must start with {SECRET_NAME_ROOT}/<environment>/"]
    return []


RULES: tuple[Rule, ...] = (
    Rule(
        "secretsmanager-secret-name",
        f"Secrets Manager secret names start with {SECRET_NAME_ROOT}/<environment>/.",
        MANDATORY,
        (SECRETS_MANAGER_SECRET,),
        is_named_by_environment,
    ),
)
