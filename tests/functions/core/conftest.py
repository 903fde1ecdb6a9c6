"""Builders of valid records for the core tests: each returns a model with overridable fields."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from typing import Any

import boto3
import pytest
from moto import mock_aws

from core.models.history import PrivilegeUpdate
from core.models.license import License
from core.models.privilege import Privilege
from core.models.provider import Provider

PROVIDER_ID = "0b8f1a9e-6a55-4f64-9d43-2a4c8d0c7b11"


@pytest.fixture
def make_license() -> Callable[..., License]:
    def build(**overrides: Any) -> License:
        fields: dict[str, Any] = {
            "provider_id": PROVIDER_ID,
            "compact": "aslp",
            "jurisdiction": "oh",
            "license_type": "speech-language pathologist",
            "license_type_abbreviation": "slp",
            "ssn_last_four": "6789",
            "npi": "1234567890",
            "license_number": "SLP-1001",
            "jurisdiction_uploaded_license_status": "active",
            "jurisdiction_uploaded_compact_eligibility": "eligible",
            "given_name": "Ada",
            "middle_name": "May",
            "family_name": "Lovelace",
            "date_of_issuance": date(2020, 1, 15),
            "date_of_renewal": date(2024, 1, 15),
            "date_of_expiration": date(2027, 1, 15),
            "date_of_birth": date(1985, 12, 10),
            "home_address_street1": "1 Main St",
            "home_address_city": "Columbus",
            "home_address_state": "oh",
            "home_address_postal_code": "43004",
            "email_address": "ada@example.org",
            "phone_number": "+15555550123",
            "first_upload_date": datetime(2025, 6, 3, 14, 30, tzinfo=UTC),
        }
        fields.update(overrides)
        return License(**fields)

    return build


@pytest.fixture
def make_provider() -> Callable[..., Provider]:
    def build(**overrides: Any) -> Provider:
        fields: dict[str, Any] = {
            "provider_id": PROVIDER_ID,
            "compact": "aslp",
            "license_jurisdiction": "oh",
            "current_home_jurisdiction": "oh",
            "jurisdiction_uploaded_license_status": "active",
            "jurisdiction_uploaded_compact_eligibility": "eligible",
            "ssn_last_four": "6789",
            "given_name": "Ada",
            "family_name": "Lovelace",
            "date_of_expiration": date(2027, 1, 15),
            "date_of_birth": date(1985, 12, 10),
        }
        fields.update(overrides)
        return Provider(**fields)

    return build


@pytest.fixture
def make_privilege() -> Callable[..., Privilege]:
    def build(**overrides: Any) -> Privilege:
        fields: dict[str, Any] = {
            "provider_id": PROVIDER_ID,
            "compact": "aslp",
            "jurisdiction": "ne",
            "license_jurisdiction": "oh",
            "license_type": "speech-language pathologist",
            "license_type_abbreviation": "slp",
            "privilege_id": "SLP-NE-12",
            "date_of_issuance": datetime(2024, 2, 1, 15, 0, tzinfo=UTC),
            "date_of_renewal": datetime(2024, 2, 1, 15, 0, tzinfo=UTC),
            "date_of_expiration": date(2027, 1, 15),
            "compact_transaction_id": "120034567",
            "attestations": [{"attestationId": "jurisprudence-confirmation", "version": "1"}],
        }
        fields.update(overrides)
        return Privilege(**fields)

    return build


@pytest.fixture
def make_privilege_update() -> Callable[..., PrivilegeUpdate]:
    def build(**overrides: Any) -> PrivilegeUpdate:
        fields: dict[str, Any] = {
            "provider_id": PROVIDER_ID,
            "compact": "aslp",
            "jurisdiction": "ne",
            "license_type": "speech-language pathologist",
            "license_type_abbreviation": "slp",
            "update_type": "renewal",
            "previous": {"dateOfExpiration": "2025-01-15", "compactTransactionId": "120034567"},
            "updated_values": {},
            "create_date": datetime(2025, 1, 10, 12, 0, tzinfo=UTC),
            "effective_date": datetime(2025, 1, 10, 12, 0, tzinfo=UTC),
        }
        fields.update(overrides)
        return PrivilegeUpdate(**fields)

    return build


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
