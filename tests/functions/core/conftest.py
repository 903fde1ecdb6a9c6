"""The core tests' record builders, as fixtures (the fixed records of ``tests.records``), and a DynamoDB
table to round-trip items through."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from core.models.history import PrivilegeUpdate
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider import Provider
from tests.records import fixed_license, fixed_privilege, fixed_privilege_update, fixed_provider


@pytest.fixture
def make_provider() -> Callable[..., Provider]:
    return fixed_provider


@pytest.fixture
def make_license() -> Callable[..., License]:
    return fixed_license


@pytest.fixture
def make_privilege() -> Callable[..., Privilege]:
    return fixed_privilege


@pytest.fixture
def make_privilege_update() -> Callable[..., PrivilegeUpdate]:
    return fixed_privilege_update


@pytest.fixture
def dynamodb_roundtrip(
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[Callable[[dict[str, Any]], dict[str, Any]]]:
    """Put an item into an emulated table and return it as boto3 reads it back (Decimals, sets)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    with mock_aws():
        table = boto3.resource("dynamodb").create_table(
            TableName="items",
            KeySchema=[
                {"AttributeName": "pk", "KeyType": "HASH"},
                {"AttributeName": "sk", "KeyType": "RANGE"},
            ],
            AttributeDefinitions=[
                {"AttributeName": "pk", "AttributeType": "S"},
                {"AttributeName": "sk", "AttributeType": "S"},
            ],
            BillingMode="PAY_PER_REQUEST",
        )

        def roundtrip(item: dict[str, Any]) -> dict[str, Any]:
            table.put_item(Item=item)
            return table.get_item(Key={"pk": item["pk"], "sk": item["sk"]}, ConsistentRead=True)["Item"]

        yield roundtrip
