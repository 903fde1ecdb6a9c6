"""WAF: the prod WebACL carries the rate limit and AWS's common rule set; logs never keep credentials."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from policies.aws_types import WAF_LOGGING_CONFIGURATION, WAF_WEB_ACL
from policies.model import ADVISORY, MANDATORY, ResourceView, Rule, StackView

COMMON_RULE_SET = "AWSManagedRulesCommonRuleSet"
REDACTED_HEADER = "authorization"


def _walk(value: Any) -> Iterator[tuple[str, Any]]:
    """Every (key, value) pair in a nested structure: rules may come as `rules` (camelCase) or as the
    `ruleJson` string (PascalCase API shape), so keys are compared case-insensitively."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key), item
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def web_acl_rules(acl: ResourceView) -> list[Any]:
    rules = list(acl.get("rules", default=[]))
    raw = acl.get("ruleJson")
    if isinstance(raw, str) and raw:
        try:
            parsed = json.loads(raw)
        except json.JSONDecodeError:
            parsed = []
        rules.extend(parsed if isinstance(parsed, list) else [parsed])
    return rules


def has_prod_managed_rules(acl: ResourceView, stack: StackView) -> list[str]:
    """The IP rate limit stops brute force on public routes; the common rule set blocks known exploits."""
    if not stack.is_prod:
        return []
    pairs = list(_walk(web_acl_rules(acl)))
    problems = []
    if not any(key.lower() == "ratebasedstatement" and value for key, value in pairs):
        problems.append("prod WebACL needs a rate-based rule")
    managed = [
        value
        for key, value in pairs
        if key.lower() == "managedrulegroupstatement" and isinstance(value, dict)
    ]
    names = {str(value.get("name") or value.get("Name")) for value in managed}
    if COMMON_RULE_SET not in names:
        problems.append(f"prod WebACL needs the {COMMON_RULE_SET} managed rule group")
    return problems


def redacts_authorization(config: ResourceView, stack: StackView) -> list[str]:
    """WAF logs keep full request headers; the bearer token must not end up in a log group."""
    for field in config.get("redactedFields", default=[]):
        header = field.get("singleHeader") if isinstance(field, dict) else None
        if isinstance(header, dict) and str(header.get("name", "")).lower() == REDACTED_HEADER:
            return []
    return [f"redactedFields must include singleHeader {REDACTED_HEADER!r}"]


RULES: tuple[Rule, ...] = (
    Rule(
        "wafv2-prod-managed-rules",
        f"In prod, WebACLs include a rate-based rule and {COMMON_RULE_SET}.",
        MANDATORY,
        (WAF_WEB_ACL,),
        has_prod_managed_rules,
    ),
    Rule(
        "wafv2-logging-redacts-authorization",
        "WAF logging configurations redact the Authorization header.",
        ADVISORY,
        (WAF_LOGGING_CONFIGURATION,),
        redacts_authorization,
    ),
)
