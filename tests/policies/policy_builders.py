"""Small builders of compliant resources for the policy tests.

Every builder returns a resource (or a bucket with its side-by-side resources) that satisfies every rule in
prod, so a test starts from a clean stack and changes one thing. `violations(rule, stack)` runs one rule.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from policies.evaluate import Violation, check_stack
from policies.model import ResourceView, StackView
from policies.rules import RULES_BY_NAME

ACCOUNT = "444444444444"
REGION = "us-east-1"
ENV = "prod"


def urn_of(type_token: str, name: str) -> str:
    return f"urn:pulumi:{ENV}::compact-connect::{type_token}::{name}"


def tags(env: str = ENV, **extra: str) -> dict[str, str]:
    return {"Project": "compact-connect", "Service": "jcc", "Environment": env, **extra}


def res(
    type_token: str,
    name: str,
    props: dict[str, Any] | None = None,
    *,
    deps: dict[str, list[ResourceView]] | None = None,
    protect: bool = False,
    retain: bool | None = False,
    parent: str | None = None,
) -> ResourceView:
    """A resource; `deps` maps a property to the resources it references (their URNs are stored)."""
    return ResourceView(
        type=type_token,
        urn=urn_of(type_token, name),
        name=name,
        props=props or {},
        parent_urn=parent,
        protect=protect,
        retain_on_delete=retain,
        dependencies={prop: [r.urn for r in refs] for prop, refs in (deps or {}).items()},
    )


def data(type_token: str, name: str, props: dict[str, Any], **kwargs: Any) -> ResourceView:
    """A data-bearing resource: protected and retained, as prod requires."""
    return res(type_token, name, props, protect=True, retain=True, **kwargs)


def changed(resource: ResourceView, **props: Any) -> ResourceView:
    """A copy of `resource` with some inputs replaced (None removes the input)."""
    merged = {**resource.props, **props}
    return dataclasses.replace(resource, props={k: v for k, v in merged.items() if v is not None})


def replace(resources: list[ResourceView], old: ResourceView, new: ResourceView | None) -> list[ResourceView]:
    """The list with `old` swapped for `new` (or dropped when `new` is None)."""
    return [new if r is old else r for r in resources if r is not old or new is not None]


def stack(*resources: ResourceView | list[ResourceView], env: str | None = ENV, **config: Any) -> StackView:
    flat: list[ResourceView] = []
    for item in resources:
        flat.extend(item if isinstance(item, list) else [item])
    if env is not None:
        config.setdefault("environmentName", env)
    return StackView(flat, config)


def violations(rule_name: str, stack_view: StackView) -> list[Violation]:
    return check_stack(RULES_BY_NAME[rule_name], stack_view)


def messages(rule_name: str, stack_view: StackView) -> list[str]:
    return [v.message for v in violations(rule_name, stack_view)]


def arn(service: str, resource: str) -> str:
    return f"arn:aws:{service}:{REGION}:{ACCOUNT}:{resource}"


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def tls_deny(resource_arn: str = "*") -> dict[str, Any]:
    return {
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": "*",
        "Resource": resource_arn,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


# ---- KMS and DynamoDB -------------------------------------------------------------------------------


def kms_key(name: str = "shared-key", **props: Any) -> ResourceView:
    base = {"enableKeyRotation": True, "deletionWindowInDays": 30, "tags": tags()}
    return data("aws:kms/key:Key", name, {**base, **props})


def table(name: str, key: ResourceView, **props: Any) -> ResourceView:
    base = {
        "name": name,
        "billingMode": "PAY_PER_REQUEST",
        "serverSideEncryption": {"enabled": True, "kmsKeyArn": arn("kms", f"key/{key.name}")},
        "pointInTimeRecovery": {"enabled": True},
        "deletionProtectionEnabled": True,
        "tags": tags(),
    }
    return data("aws:dynamodb/table:Table", name, {**base, **props}, deps={"serverSideEncryption": [key]})


def ssn_table_policy(ssn_table: ResourceView, *statements: dict[str, Any]) -> ResourceView:
    table_arn = arn("dynamodb", "table/ssn-table-DataEventsLog")
    default = (
        {"Effect": "Deny", "Principal": "*", "Action": "dynamodb:CreateBackup", "Resource": "*"},
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": [
                "dynamodb:BatchGetItem",
                "dynamodb:BatchWriteItem",
                "dynamodb:PartiQL*",
                "dynamodb:Scan",
            ],
            "Resource": "*",
        },
        {
            "Effect": "Deny",
            "Principal": "*",
            "Action": ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:ConditionCheckItem"],
            "NotResource": f"{table_arn}/index/ssnIndex",
        },
    )
    return res(
        "aws:dynamodb/resourcePolicy:ResourcePolicy",
        "ssn-table-policy",
        {"resourceArn": table_arn, "policy": doc(*(statements or default))},
        deps={"resourceArn": [ssn_table]},
    )


def ssn_key_policy_statement() -> dict[str, Any]:
    return {
        "Effect": "Deny",
        "Principal": {"AWS": "*"},
        "Action": ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
        "Resource": "*",
        "Condition": {
            "ArnNotLike": {"aws:PrincipalArn": [arn("iam", "role/LicenseIngestRole")]},
            "StringNotEquals": {
                "aws:PrincipalServiceName": ["dynamodb.amazonaws.com", "events.amazonaws.com"]
            },
        },
    }


def ssn_key(**props: Any) -> ResourceView:
    return kms_key("ssn-key", policy=doc(ssn_key_policy_statement()), **props)


# ---- S3 -------------------------------------------------------------------------------------------


def bucket(
    name: str,
    key: ResourceView | None = None,
    logs: ResourceView | None = None,
    *,
    access_logs: bool = False,
    transient: bool = False,
) -> list[ResourceView]:
    """A bucket followed by its compliant side-by-side resources (logs bucket style if `access_logs`)."""
    marker = {"AccessLogs": "true"} if access_logs else {"Transient": "true"} if transient else {}
    main = data("aws:s3/bucket:Bucket", name, {"bucket": f"cc-{name}", "tags": tags(**marker)})

    def side(kind: str, props: dict[str, Any]) -> ResourceView:
        token = f"aws:s3/bucket{kind}:Bucket{kind}"
        return res(token, f"{name}-{kind}", {"bucket": f"cc-{name}", **props}, deps={"bucket": [main]})

    flags = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    statements = [tls_deny(f"arn:aws:s3:::cc-{name}/*")]
    if access_logs:
        statements.append({"Effect": "Deny", "Principal": "*", "Action": "s3:DeleteObject", "Resource": "*"})
        sse = {"sseAlgorithm": "AES256"}
    else:
        sse = {"sseAlgorithm": "aws:kms", "kmsMasterKeyId": arn("kms", f"key/{key.name if key else 'k'}")}
    companions = [
        side("PublicAccessBlock", dict.fromkeys(flags, True)),
        side("Policy", {"policy": doc(*statements)}),
        side(
            "OwnershipControls",
            {"rule": {"objectOwnership": "BucketOwnerPreferred" if access_logs else "BucketOwnerEnforced"}},
        ),
        res(
            "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
            f"{name}-encryption",
            {"bucket": f"cc-{name}", "rules": [{"applyServerSideEncryptionByDefault": sse}]},
            deps={"bucket": [main]},
        ),
        side("Versioning", {"versioningConfiguration": {"status": "Enabled"}}),
    ]
    if access_logs:
        lock = {"rule": {"defaultRetention": {"mode": "COMPLIANCE", "days": 90}}}
        companions.append(
            res(
                "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
                f"{name}-lock",
                {"bucket": f"cc-{name}", **lock},
                deps={"bucket": [main]},
            )
        )
    else:
        target = logs.get("bucket") if logs else "cc-access-logs"
        companions.append(side("Logging", {"targetBucket": target, "targetPrefix": f"_logs/{name}/"}))
    return [main, *companions]


def part(resources: list[ResourceView], type_fragment: str) -> ResourceView:
    """The first resource whose type contains `type_fragment` (e.g. "bucketVersioning")."""
    return next(r for r in resources if type_fragment in r.type)


def named(resources: list[ResourceView], name: str) -> ResourceView:
    """The resource called `name` (Pulumi resource name)."""
    return next(r for r in resources if r.name == name)


def relinked(resource: ResourceView, **deps: list[ResourceView]) -> ResourceView:
    """A copy of `resource` whose given properties reference other resources (empty list drops them)."""
    merged = {**resource.dependencies, **{prop: [r.urn for r in refs] for prop, refs in deps.items()}}
    return dataclasses.replace(resource, dependencies={k: v for k, v in merged.items() if v})


def assert_fails(rule_name: str, stack_view: StackView, fragment: str = "") -> list[Violation]:
    """The rule reports at least one violation, one of them mentioning `fragment`."""
    found = violations(rule_name, stack_view)
    assert found, f"{rule_name} did not fail"
    assert any(fragment in v.message for v in found), [v.message for v in found]
    assert all(v.level == RULES_BY_NAME[rule_name].enforcement for v in found)
    return found


def assert_passes(rule_name: str, stack_view: StackView) -> None:
    found = violations(rule_name, stack_view)
    assert found == [], [str(v) for v in found]
