"""State API fixtures: record builders written straight to moto, and signed calls through the handler."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from core.models.license import License
from core.models.privilege import Privilege, format_privilege_id
from core.models.provider import Provider
from core.signature import sign_request
from tests.functions.conftest import api_event
from tests.functions.state_api.signing import new_private_key, private_pem, store_key

UI_BASE_URL = "https://app.example.org"
QUERY = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}/providers/query"
PROVIDER = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}/providers/{providerId}"
LICENSE_TYPES = {"aud": "audiologist", "slp": "speech-language pathologist"}


@pytest.fixture
def state_api(aws, monkeypatch):
    """The handler module, imported once the environment exists (as Lambda would)."""
    monkeypatch.setenv("UI_BASE_URL", UI_BASE_URL)
    from state_api import api

    return api


@pytest.fixture
def state_keys(aws) -> dict[tuple[str, str], ec.EllipticCurvePrivateKey]:
    """One registered key per (compact, jurisdiction) the tests call as."""
    registered = {}
    for compact, jurisdiction in (("aslp", "oh"), ("aslp", "ne"), ("aslp", "ky"), ("octp", "oh")):
        key = new_private_key()
        store_key(aws["compact_configuration"], key, "key-1", compact=compact, jurisdiction=jurisdiction)
        registered[(compact, jurisdiction)] = key
    return registered


Call = Callable[..., dict[str, Any]]


@pytest.fixture
def call(state_api, state_keys, lambda_context) -> Call:
    """Invoke the function as API Gateway would, signed with the state's key unless ``signed=False``;
    returns ``{"status", "body"}``."""

    def invoke(
        method: str,
        resource: str,
        path_params: dict[str, str],
        *,
        body: Any = None,
        scopes: list[str] | None = None,
        signed: bool = True,
        key: ec.EllipticCurvePrivateKey | None = None,
    ) -> dict[str, Any]:
        event = api_event(method, resource, path_params, body=body, scopes=scopes or ["aslp/readGeneral"])
        if signed:
            compact, jurisdiction = path_params["compact"], path_params["jurisdiction"]
            signer = key or state_keys[(compact, jurisdiction)]
            event["headers"].update(sign_request(private_pem(signer), method, event["path"], None, "key-1"))
        response = state_api.lambda_handler(event, lambda_context)
        return {"status": response["statusCode"], "body": json.loads(response["body"] or "null")}

    return invoke


def make_provider(**overrides: Any) -> Provider:
    fields: dict[str, Any] = {
        "provider_id": str(uuid.uuid4()),
        "compact": "aslp",
        "license_jurisdiction": "oh",
        "current_home_jurisdiction": "oh",
        "jurisdiction_uploaded_license_status": "active",
        "jurisdiction_uploaded_compact_eligibility": "eligible",
        "ssn_last_four": "6789",
        "npi": "1234567890",
        "given_name": "Ada",
        "middle_name": "May",
        "family_name": "Lovelace",
        "date_of_expiration": date(2099, 1, 15),
        "date_of_birth": date(1985, 12, 10),
        "compact_connect_registered_email_address": "ada.login@example.org",
        "date_of_update": datetime(2025, 3, 1, tzinfo=UTC),
    }
    fields.update(overrides)
    return Provider(**fields)


def make_license(provider: Provider, **overrides: Any) -> License:
    abbreviation = overrides.pop("license_type_abbreviation", "slp")
    fields: dict[str, Any] = {
        "provider_id": provider.provider_id,
        "compact": provider.compact,
        "jurisdiction": provider.license_jurisdiction,
        "license_type": LICENSE_TYPES[abbreviation],
        "license_type_abbreviation": abbreviation,
        "ssn_last_four": "6789",
        "npi": "1234567890",
        "license_number": f"{abbreviation.upper()}-1001",
        "license_status_name": "ACTIVE IN GOOD STANDING",
        "jurisdiction_uploaded_license_status": "active",
        "jurisdiction_uploaded_compact_eligibility": "eligible",
        "given_name": "Ada",
        "middle_name": "May",
        "family_name": "Lovelace",
        "date_of_issuance": date(2020, 1, 15),
        "date_of_renewal": date(2024, 1, 15),
        "date_of_expiration": date(2099, 1, 15),
        "date_of_birth": date(1985, 12, 10),
        "home_address_street1": "1 Main St",
        "home_address_city": "Columbus",
        "home_address_state": "oh",
        "home_address_postal_code": "43004",
        "email_address": "ada@example.org",
        "phone_number": "+15555550123",
        "first_upload_date": datetime(2025, 1, 3, 14, 30, tzinfo=UTC),
    }
    fields.update(overrides)
    return License(**fields)


def make_privilege(provider: Provider, jurisdiction: str, number: int = 1, **overrides: Any) -> Privilege:
    abbreviation = overrides.pop("license_type_abbreviation", "slp")
    fields: dict[str, Any] = {
        "provider_id": provider.provider_id,
        "compact": provider.compact,
        "jurisdiction": jurisdiction,
        "license_jurisdiction": provider.license_jurisdiction,
        "license_type": LICENSE_TYPES[abbreviation],
        "license_type_abbreviation": abbreviation,
        "privilege_id": format_privilege_id(abbreviation, jurisdiction, number),
        "date_of_issuance": datetime(2024, 5, 5, 12, 59, 59, tzinfo=UTC),
        "date_of_renewal": datetime(2025, 5, 5, 12, 59, 59, tzinfo=UTC),
        "date_of_expiration": date(2099, 1, 15),
        "compact_transaction_id": "tx-1",
        "date_of_update": datetime(2025, 3, 2, tzinfo=UTC),
    }
    fields.update(overrides)
    return Privilege(**fields)


def put(table: Any, *records: Provider | License | Privilege) -> None:
    """Write records with their dates as built (``stamp=False``), so tests control dateOfUpdate."""
    for record in records:
        table.put_item(Item=record.to_item(stamp=False))
