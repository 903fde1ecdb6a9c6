"""The views, the policy-document helpers and `evaluate` (preview-unknown handling)."""

from __future__ import annotations

import pytest

from policies.documents import InvalidDocument, covers_all, denies_insecure_transport, load_document
from policies.evaluate import Violation, evaluate, mandatory
from policies.model import ADVISORY, MANDATORY, UNKNOWN, Rule, StackView, UnknownValue
from tests.policies.policy_builders import bucket, changed, doc, kms_key, res, stack, table, tls_deny


def test_get_walks_nested_inputs_and_defaults() -> None:
    key = kms_key()
    t = table("t", key)
    assert t.get("serverSideEncryption", "enabled") is True
    assert t.get("serverSideEncryption", "missing", default="d") == "d"
    assert t.get("billingMode", "deeper") is None
    item = res("x:y:Z", "z", {"list": [{"a": 1}]})
    assert item.get("list", 0, "a") == 1
    assert item.get("list", 5, default=0) == 0


def test_get_raises_on_unknown_values_even_nested() -> None:
    item = res("x:y:Z", "z", {"a": UNKNOWN, "b": {"c": [UNKNOWN]}, "d": "known"})
    with pytest.raises(UnknownValue, match="a can't be known"):
        item.get("a")
    with pytest.raises(UnknownValue):
        item.get("a", "deeper")
    with pytest.raises(UnknownValue):
        item.get("b")
    assert item.get("d") == "known"


def test_stack_indexes_types_references_and_children() -> None:
    resources = bucket("reports", kms_key())
    main = resources[0]
    child = res("x:y:Child", "child", parent=main.urn)
    view = StackView([*resources, child])
    assert view.by_type("aws:s3/bucket:Bucket") == [main]
    assert len(view.by_type("aws:s3/bucket:Bucket", "aws:s3/bucketVersioning:BucketVersioning")) == 2
    block = view.referencing(main.urn, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bucket")
    assert [b.name for b in block] == ["reports-PublicAccessBlock"]
    assert len(view.referencing(main.urn)) == len(resources) - 1
    assert view.referenced(block[0], "bucket") == [main]
    assert view.children(main.urn) == [child]
    assert view.get(main.urn) is main and view.get("nope") is None


def test_environment_from_config_then_most_common_tag() -> None:
    key = kms_key()
    assert StackView([key], {"environmentName": "Beta"}).environment == "beta"
    test_key = changed(kms_key("k2"), tags={"Environment": "test"})
    assert (
        StackView([key, test_key, changed(kms_key("k3"), tags={"Environment": "test"})]).environment == "test"
    )
    unknown_tags = changed(kms_key("k4"), tags=UNKNOWN)
    assert StackView([unknown_tags]).environment is None
    assert not StackView([]).is_prod


def test_documents() -> None:
    assert load_document(None) is None
    assert load_document({"Statement": []}) == {"Statement": []}
    with pytest.raises(InvalidDocument):
        load_document("[1]")
    statement = {"Effect": "Deny", "Action": ["kms:Generate*"]}
    assert covers_all(statement, ["kms:GenerateDataKey", "KMS:GenerateRandom"])
    assert not covers_all(statement, ["kms:Decrypt"])
    assert denies_insecure_transport(load_document(doc(tls_deny())))
    bool_false = {**tls_deny(), "Condition": {"Bool": {"aws:securetransport": False}}}
    assert denies_insecure_transport(load_document(doc(bool_false)))


def _boom(resource, stack):
    """Reads an unknown value."""
    return resource.get("name")


def test_evaluate_reports_unknowns_as_advisory() -> None:
    rule = Rule("reads-name", "Reads a name.", MANDATORY, ("x:y:Z",), _boom)
    found = evaluate(StackView([res("x:y:Z", "z", {"name": UNKNOWN})]), [rule])
    assert [(v.policy, v.level) for v in found] == [("reads-name", ADVISORY)]
    assert "can't run during preview" in found[0].message
    assert mandatory(found) == []


def test_evaluate_runs_stack_rules_and_formats_violations() -> None:
    rule = Rule("stack-rule", "Checks the stack.", MANDATORY, None, lambda s: [(None, "bad stack")])
    found = evaluate(StackView([]), [rule])
    assert found == [Violation("stack-rule", MANDATORY, None, "bad stack")]
    assert str(found[0]) == "[mandatory] stack-rule: <stack>: bad stack"
    assert mandatory(found) == found


def test_evaluate_whole_pack_on_a_broken_stack_reports_mandatory_violations() -> None:
    key = changed(kms_key(), enableKeyRotation=False, tags=None)
    found = evaluate(stack(key))
    assert {v.policy for v in mandatory(found)} == {"required-tags", "kms-key-rotation"}
