"""KMS keys: rotation, a deletion window in prod, and the SSN key's explicit deny."""

from __future__ import annotations

from policies.aws_types import DYNAMODB_TABLE, KMS_ALIAS, KMS_KEY, KMS_KEY_POLICY
from policies.conventions import SSN_KEY_ALIAS, SSN_TABLE_NAME
from policies.documents import (
    InvalidDocument,
    condition_entries,
    covers_all,
    is_deny,
    load_document,
    principal_is_anyone,
    statements,
)
from policies.model import MANDATORY, ResourceView, Rule, StackView

KEY = (KMS_KEY,)
SSN_KEY_DENIED_ACTIONS = (
    "kms:Decrypt",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
)
SSN_KEY_SERVICES = ("dynamodb", "events")
SERVICE_CONDITION_KEYS = ("aws:PrincipalServiceName", "kms:ViaService")


def rotates(key: ResourceView, stack: StackView) -> list[str]:
    """Yearly rotation limits how much data one key version protects."""
    return [] if key.get("enableKeyRotation") is True else ["enableKeyRotation must be true"]


def has_prod_deletion_window(key: ResourceView, stack: StackView) -> list[str]:
    """An explicit window documents how long a scheduled deletion can still be cancelled in prod."""
    if not stack.is_prod or key.get("deletionWindowInDays"):
        return []
    return ["deletionWindowInDays must be set in prod"]


def ssn_key_urns(stack: StackView) -> set[str]:
    """Keys that encrypt the SSN table, or that the `alias/ssn-key` alias targets."""
    urns: set[str] = set()
    for table in stack.by_type(DYNAMODB_TABLE):
        if table.get("name") == SSN_TABLE_NAME:
            urns.update(table.refs("serverSideEncryption"))
    for alias in stack.by_type(KMS_ALIAS):
        if alias.get("name") == SSN_KEY_ALIAS:
            urns.update(alias.refs("targetKeyId"))
    return urns


def _negated(stmt: dict, key: str) -> list[str]:
    """Values of `key` under a negated operator (StringNotEquals, ArnNotLike...): the exceptions."""
    return [
        value
        for operator, values in condition_entries(stmt, key)
        if "not" in operator.lower()
        for value in values
    ]


def _is_ssn_deny(statement: dict) -> bool:
    if not (
        is_deny(statement)
        and principal_is_anyone(statement)
        and covers_all(statement, SSN_KEY_DENIED_ACTIONS)
    ):
        return False
    if not _negated(statement, "aws:PrincipalArn"):
        return False
    services = " ".join(value for key in SERVICE_CONDITION_KEYS for value in _negated(statement, key)).lower()
    return all(service in services for service in SSN_KEY_SERVICES)


def ssn_key_has_explicit_deny(key: ResourceView, stack: StackView) -> list[str]:
    """The SSN key denies crypto to everyone (account admins included) except the allow-listed roles and the
    dynamodb/events services, so IAM alone can never grant access to SSNs."""
    if key.urn not in ssn_key_urns(stack):
        return []
    documents = [key.get("policy")] + [
        p.get("policy") for p in stack.referencing(key.urn, KMS_KEY_POLICY, "keyId")
    ]
    try:
        if any(_is_ssn_deny(s) for d in documents if d for s in statements(load_document(d))):
            return []
    except InvalidDocument as error:
        return [f"key policy: {error}"]
    return [
        "SSN key policy needs a Deny of Decrypt/Encrypt/GenerateDataKey*/ReEncrypt* for Principal * unless "
        "aws:PrincipalArn is an allowed role (negated condition) or the principal service is dynamodb or "
        "events"
    ]


RULES: tuple[Rule, ...] = (
    Rule("kms-key-rotation", "KMS keys have automatic rotation enabled.", MANDATORY, KEY, rotates),
    Rule(
        "kms-key-prod-deletion-window",
        "In prod, KMS keys set deletionWindowInDays explicitly.",
        MANDATORY,
        KEY,
        has_prod_deletion_window,
    ),
    Rule(
        "kms-ssn-key-explicit-deny",
        "The SSN key policy explicitly denies crypto operations to all but the allow-listed principals.",
        MANDATORY,
        KEY,
        ssn_key_has_explicit_deny,
        cross_resource=True,
    ),
)
