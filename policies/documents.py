"""Reading IAM-style policy documents (identity, bucket, queue, topic, key and table policies).

Pulumi hands policies over as JSON strings. These helpers normalise the JSON shapes IAM accepts (a single
statement or a list, a string or a list of actions...) so rules can ask simple questions such as "does
some Deny statement cover these actions for everyone?".
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from fnmatch import fnmatchcase
from typing import Any


class InvalidDocument(ValueError):
    """The policy input is neither a JSON object nor a JSON string holding one."""


def load_document(value: Any) -> dict[str, Any] | None:
    """The policy as a dict; ``None`` when the input is absent or empty.

    Raises :class:`InvalidDocument` for anything that is not a JSON object, so a rule can say so
    instead of silently passing.
    """
    if value is None or value == "":
        return None
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as error:
            raise InvalidDocument(f"policy is not valid JSON ({error.msg})") from None
        if isinstance(parsed, dict):
            return parsed
    raise InvalidDocument("policy is not a JSON object")


def as_list(value: Any) -> list[Any]:
    """IAM fields take a scalar or a list; always get a list (empty for absent)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def statements(document: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    if not document:
        return []
    return [statement for statement in as_list(document.get("Statement")) if isinstance(statement, dict)]


def is_allow(statement: Mapping[str, Any]) -> bool:
    return str(statement.get("Effect", "")).lower() == "allow"


def is_deny(statement: Mapping[str, Any]) -> bool:
    return str(statement.get("Effect", "")).lower() == "deny"


def actions(statement: Mapping[str, Any]) -> list[str]:
    return [str(action) for action in as_list(statement.get("Action"))]


def resources(statement: Mapping[str, Any]) -> list[str]:
    return [str(resource) for resource in as_list(statement.get("Resource"))]


def grants(patterns: Iterable[str], action: str) -> bool:
    """True if one of the statement's action `patterns` (IAM wildcards, case-insensitive) covers `action`."""
    lowered = action.lower()
    return any(fnmatchcase(lowered, pattern.lower()) for pattern in patterns)


def covers_all(statement: Mapping[str, Any], required: Iterable[str]) -> bool:
    """True if the statement's `Action` covers every action in `required`."""
    patterns = actions(statement)
    return all(grants(patterns, action) for action in required)


def principal_is_anyone(statement: Mapping[str, Any]) -> bool:
    """``"Principal": "*"`` or ``{"AWS": "*"}``: the statement applies to every caller."""
    principal = statement.get("Principal")
    if principal == "*":
        return True
    return isinstance(principal, Mapping) and "*" in as_list(principal.get("AWS"))


def condition_entries(statement: Mapping[str, Any], key: str) -> list[tuple[str, list[str]]]:
    """``(operator, values)`` for every condition on `key` (context keys are case-insensitive)."""
    found: list[tuple[str, list[str]]] = []
    condition = statement.get("Condition")
    if not isinstance(condition, Mapping):
        return found
    for operator, clauses in condition.items():
        if not isinstance(clauses, Mapping):
            continue
        for context_key, values in clauses.items():
            if str(context_key).lower() == key.lower():
                found.append((str(operator), [str(value) for value in as_list(values)]))
    return found


def denies_insecure_transport(document: Mapping[str, Any] | None) -> bool:
    """True if some statement denies everyone when ``aws:SecureTransport`` is false (TLS only)."""
    for statement in statements(document):
        if not (is_deny(statement) and principal_is_anyone(statement) and actions(statement)):
            continue
        for operator, values in condition_entries(statement, "aws:SecureTransport"):
            if operator.lower() == "bool" and any(value.lower() == "false" for value in values):
                return True
    return False
