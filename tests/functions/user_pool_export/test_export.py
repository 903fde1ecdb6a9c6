"""The daily user pool export on moto: every user of both human pools, as JSON lines, one dated object
per pool, re-runnable the same day."""

from __future__ import annotations

import json
from typing import Any

import pytest

from core.aws import s3_client
from tests.functions.moto_clients import moto_client
from user_pool_export import export

BUCKET = "cc-test-user-pool-exports"


@pytest.fixture
def pools(aws, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    client = moto_client("cognito-idp")
    ids = {}
    for pool, variable in (("staff", "STAFF_USER_POOL_ID"), ("provider", "PROVIDER_USER_POOL_ID")):
        ids[pool] = client.create_user_pool(
            PoolName=pool,
            UsernameAttributes=["email"],
            Schema=[{"Name": "providerId", "AttributeDataType": "String", "Mutable": False}],
        )["UserPool"]["Id"]
        monkeypatch.setenv(variable, ids[pool])
    s3_client().create_bucket(Bucket=BUCKET)
    monkeypatch.setenv("USER_POOL_EXPORT_BUCKET_NAME", BUCKET)
    return ids


def add_user(pool_id: str, email: str, **custom: str) -> None:
    attributes = [{"Name": "email", "Value": email}]
    attributes += [{"Name": f"custom:{name}", "Value": value} for name, value in custom.items()]
    moto_client("cognito-idp").admin_create_user(
        UserPoolId=pool_id, Username=email, UserAttributes=attributes, MessageAction="SUPPRESS"
    )


def exported(key: str) -> list[dict[str, Any]]:
    body = s3_client().get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
    return [json.loads(line) for line in body.splitlines()]


def test_every_user_of_both_pools_in_one_dated_object_each(pools, lambda_context) -> None:
    for number in range(130):  # more than two ListUsers pages
        add_user(pools["provider"], f"practitioner{number}@example.org", providerId=f"p-{number}")
    add_user(pools["staff"], "admin@example.org")
    moto_client("cognito-idp").admin_disable_user(UserPoolId=pools["staff"], Username="admin@example.org")

    answer = export.lambda_handler({}, lambda_context)

    by_pool = {item["pool"]: item for item in answer["exports"]}
    assert by_pool["provider"]["users"] == 130 and by_pool["staff"]["users"] == 1
    assert by_pool["provider"]["key"].startswith("provider/") and by_pool["provider"]["key"].endswith(
        ".jsonl"
    )
    practitioners = exported(by_pool["provider"]["key"])
    assert {p["attributes"]["custom:providerId"] for p in practitioners} == {f"p-{n}" for n in range(130)}
    (admin,) = exported(by_pool["staff"]["key"])
    assert admin["attributes"]["email"] == "admin@example.org"
    assert admin["enabled"] is False and admin["status"] == "FORCE_CHANGE_PASSWORD"
    assert admin["created"] and admin["lastModified"]


def test_a_rerun_the_same_day_replaces_that_days_file(pools, lambda_context) -> None:
    add_user(pools["staff"], "first@example.org")
    export.lambda_handler({}, lambda_context)
    add_user(pools["staff"], "second@example.org")
    answer = export.lambda_handler({}, lambda_context)

    staff_key = next(item["key"] for item in answer["exports"] if item["pool"] == "staff")
    assert {u["attributes"]["email"] for u in exported(staff_key)} == {
        "first@example.org",
        "second@example.org",
    }
    listed = s3_client().list_objects_v2(Bucket=BUCKET, Prefix="staff/")["Contents"]
    assert [o["Key"] for o in listed] == [staff_key]


def test_an_empty_pool_writes_an_empty_file(pools, lambda_context) -> None:
    answer = export.lambda_handler({}, lambda_context)
    assert [item["users"] for item in answer["exports"]] == [0, 0]
    assert all(exported(item["key"]) == [] for item in answer["exports"])
