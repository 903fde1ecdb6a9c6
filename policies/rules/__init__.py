"""Every rule of the pack, grouped by area; `ALL_RULES` is the order the pack and the preview use."""

from __future__ import annotations

from policies.model import Rule
from policies.rules import (
    apigateway,
    backup,
    cognito,
    dynamodb,
    environment,
    iam,
    kms,
    lambda_,
    logs,
    messaging,
    network,
    s3,
    search,
    secrets,
    tags,
    waf,
    workflows,
)

ALL_RULES: tuple[Rule, ...] = (
    *tags.RULES,
    *environment.RULES,
    *dynamodb.RULES,
    *s3.RULES,
    *kms.RULES,
    *messaging.RULES,
    *lambda_.RULES,
    *logs.RULES,
    *iam.RULES,
    *apigateway.RULES,
    *waf.RULES,
    *cognito.RULES,
    *search.RULES,
    *network.RULES,
    *workflows.RULES,
    *backup.RULES,
    *secrets.RULES,
)

RULES_BY_NAME: dict[str, Rule] = {rule.name: rule for rule in ALL_RULES}

__all__ = ["ALL_RULES", "RULES_BY_NAME"]
