"""GET /v1/compacts/{compact}/attestations/{attestationId}: the latest version, by number."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from core.models.configuration import Attestation
from core.repositories.configuration import ConfigurationRepository
from tests.functions.conftest import api_event

ROUTE = "/v1/compacts/{compact}/attestations/{attestationId}"
PRACTITIONER = {
    "sub": "cognito-sub-1",
    "custom:compact": "aslp",
    "custom:providerId": "p-1",
    "token_use": "id",
}


@pytest.fixture
def attestations_api(aws):
    from configuration import attestations

    return attestations


def attestation(version: int, text: str, locale: str = "en") -> Attestation:
    return Attestation(
        attestation_id="jurisprudence-confirmation",
        compact="aslp",
        version=str(version),
        date_created=datetime(2025, 1, version, tzinfo=UTC),
        date_of_update=datetime(2025, 1, version, tzinfo=UTC),
        text=text,
        required=True,
        display_name="Jurisprudence confirmation",
        description="I have read the jurisprudence requirements",
        locale=locale,
    )


def get(api: Any, context: Any, compact: str, attestation_id: str, **query: str) -> dict[str, Any]:
    event = api_event(
        "GET",
        ROUTE,
        {"compact": compact, "attestationId": attestation_id},
        query=query or None,
        claims=PRACTITIONER,
    )
    response = api.lambda_handler(event, context)
    return {"status": response["statusCode"], "body": json.loads(response["body"])}


@pytest.fixture
def ten_versions(aws):
    repository = ConfigurationRepository(aws["compact_configuration"])
    for version in range(1, 11):
        repository.put_attestation(attestation(version, f"Text of version {version}."))


def test_the_latest_version_is_the_highest_number_not_the_highest_key(
    attestations_api, lambda_context, ten_versions
):
    """Keys sort version 9 after version 10 as strings; the reference read the highest key."""
    response = get(attestations_api, lambda_context, "aslp", "jurisprudence-confirmation")

    assert response["status"] == 200
    body = response["body"]
    assert (body["version"], body["text"]) == ("10", "Text of version 10.")
    assert body["type"] == "attestation" and body["compact"] == "aslp" and body["locale"] == "en"
    assert body["displayName"] and body["description"] and body["required"] is True
    assert body["dateCreated"].startswith("2025-01-10") and "pk" not in body and "sk" not in body


def test_an_attestation_not_in_that_locale_or_at_all_is_404(attestations_api, lambda_context, ten_versions):
    assert (
        get(attestations_api, lambda_context, "aslp", "jurisprudence-confirmation", locale="fr")["status"]
        == 404
    )
    missing = get(attestations_api, lambda_context, "aslp", "no-such-attestation")
    assert missing["status"] == 404 and "no-such-attestation" in missing["body"]["message"]


def test_an_unknown_compact_is_400(attestations_api, lambda_context, aws):
    response = get(attestations_api, lambda_context, "nope", "jurisprudence-confirmation")

    assert response["status"] == 400 and "compact" in response["body"]["message"]
