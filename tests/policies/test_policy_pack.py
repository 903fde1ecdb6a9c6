"""The CrossGuard adapter: policies are built and validated through the SDK's own argument objects.

No PolicyPack is constructed here (its constructor starts a server and never returns).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UNKNOWN_BOOLEAN_VALUE, UnknownValueError, unknown_checking_proxy

from policies.pack import build_policies, plain, stack_config
from policies.rules import ALL_RULES, RULES_BY_NAME

PACK_DIR = Path(__file__).resolve().parents[2] / "policies"
TAGS = {"Project": "compact-connect", "Service": "jcc", "Environment": "prod"}


def options(protect: bool = False) -> PolicyResourceOptions:
    return PolicyResourceOptions(protect, [], None, [], PolicyCustomTimeouts(0, 0, 0), [], None)


def by_name(name: str) -> Any:
    return next(policy for policy in build_policies() if policy.name == name)


def resource_args(
    token: str, props: dict[str, Any], config: dict[str, Any] | None = None
) -> ResourceValidationArgs:
    return ResourceValidationArgs(
        token, unknown_checking_proxy(props), f"urn:{token}::r", "r", options(), None, config
    )


def policy_resource(token: str, name: str, props: dict[str, Any]) -> PolicyResource:
    return PolicyResource(
        token, unknown_checking_proxy(props), f"urn:{token}::{name}", name, options(), None, None, [], {}
    )


def run(policy: Any, args: Any) -> list[tuple[str, str | None]]:
    reported: list[tuple[str, str | None]] = []
    policy.validate(args, lambda message, urn=None: reported.append((message, urn)))
    return reported


@pytest.fixture(autouse=True)
def no_stack_config(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PULUMI_CONFIG", raising=False)


def test_one_policy_per_rule_with_matching_kind_and_level() -> None:
    policies = build_policies()
    assert [p.name for p in policies] == [r.name for r in ALL_RULES]
    for policy in policies:
        rule = RULES_BY_NAME[policy.name]
        expected = StackValidationPolicy if rule.needs_stack else ResourceValidationPolicy
        assert isinstance(policy, expected), policy.name
        level = EnforcementLevel.MANDATORY if rule.enforcement == "mandatory" else EnforcementLevel.ADVISORY
        assert policy.enforcement_level == level
        assert "enforcementLevel" not in (policy.config_schema.properties or {})


def test_resource_policy_reports_on_matching_type_only() -> None:
    rotation = by_name("kms-key-rotation")
    args = resource_args("aws:kms/key:Key", {"enableKeyRotation": False, "tags": TAGS})
    assert run(rotation, args) == [("enableKeyRotation must be true", "urn:aws:kms/key:Key::r")]
    assert run(rotation, resource_args("aws:sqs/queue:Queue", {"tags": TAGS})) == []


def test_resource_policy_raises_sdk_unknown_during_preview() -> None:
    args = resource_args("aws:kms/key:Key", {"enableKeyRotation": UNKNOWN_BOOLEAN_VALUE})
    with pytest.raises(UnknownValueError) as raised:
        run(by_name("kms-key-rotation"), args)
    assert raised.value.message.startswith("enableKeyRotation can't be known during preview")


def test_environment_from_stack_config_then_policy_config(monkeypatch: pytest.MonkeyPatch) -> None:
    table = {"name": "t", "deletionProtectionEnabled": False}
    protection = by_name("dynamodb-prod-deletion-protection")
    assert run(protection, resource_args("aws:dynamodb/table:Table", table)) == []
    monkeypatch.setenv(
        "PULUMI_CONFIG", json.dumps({"compact-connect:environmentName": "prod", "aws:region": "x"})
    )
    assert stack_config(None) == {"environmentName": "prod"}
    assert len(run(protection, resource_args("aws:dynamodb/table:Table", table))) == 1
    overridden = resource_args("aws:dynamodb/table:Table", table, {"environmentName": "test"})
    assert run(protection, overridden) == []


def test_environment_falls_back_to_the_resource_tag() -> None:
    table = {"name": "t", "deletionProtectionEnabled": False, "tags": TAGS}
    assert (
        len(
            run(
                by_name("dynamodb-prod-deletion-protection"), resource_args("aws:dynamodb/table:Table", table)
            )
        )
        == 1
    )


def test_stack_policy_pairs_companions_through_property_dependencies() -> None:
    bucket = policy_resource("aws:s3/bucket:Bucket", "b", {"tags": TAGS})
    flags = dict.fromkeys(
        ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"), True
    )
    block = policy_resource(
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "pab",
        {"bucket": "id", **flags, "ignorePublicAcls": False},
    )
    block.property_dependencies = {"bucket": [bucket]}
    found = run(by_name("s3-bucket-public-access-block"), StackValidationArgs([bucket, block]))
    assert found == [("public access block must set ignorePublicAcls to true", bucket.urn)]
    block.props = unknown_checking_proxy({"bucket": "id", **flags})
    assert run(by_name("s3-bucket-public-access-block"), StackValidationArgs([bucket, block])) == []


def test_stack_policy_reports_known_violations_before_raising_unknown() -> None:
    unknown = policy_resource(
        "aws:sqs/queue:Queue", "a", {"kmsMasterKeyId": "k", "redrivePolicy": UNKNOWN_BOOLEAN_VALUE}
    )
    bad = policy_resource("aws:sqs/queue:Queue", "b", {"kmsMasterKeyId": "k"})
    reported: list[tuple[str, str | None]] = []
    with pytest.raises(UnknownValueError):
        by_name("sqs-queue-redrive-or-dlq").validate(
            StackValidationArgs([unknown, bad]), lambda message, urn=None: reported.append((message, urn))
        )
    assert [urn for _, urn in reported] == [bad.urn]


def test_stack_level_rule_uses_policy_config() -> None:
    policy = by_name("prod-security-profile-not-vulnerable")
    config = {"environmentName": "prod", "securityProfile": "VULNERABLE"}
    assert run(policy, StackValidationArgs([], config)) == [
        ("securityProfile VULNERABLE is not allowed in prod", None)
    ]
    assert run(policy, StackValidationArgs([], {"environmentName": "prod"})) == []


def test_plain_copies_proxies_and_marks_unknowns() -> None:
    from policies.model import UNKNOWN

    proxied = unknown_checking_proxy({"a": [1, {"b": UNKNOWN_BOOLEAN_VALUE}], "c": "x"})
    assert plain(proxied) == {"a": [1, {"b": UNKNOWN}], "c": "x"}


def test_pack_files() -> None:
    manifest = yaml.safe_load((PACK_DIR / "PulumiPolicy.yaml").read_text())
    assert manifest["runtime"]["name"] == "python" and manifest["version"] and manifest["description"]
    requirements = (PACK_DIR / "requirements.txt").read_text()
    assert re.search(r"^pulumi-policy\b", requirements, re.MULTILINE)
    main = (PACK_DIR / "__main__.py").read_text()
    assert 'PolicyPack(\n    "compact-connect"' in main
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,100}", "compact-connect")  # the CLI's rule for pack names
    assert "policies.__main__" not in sys.modules
