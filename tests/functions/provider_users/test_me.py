"""GET /v1/provider-users/me: the caller's own record, named by their ID token, in the private schema."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.functions.conftest import api_event
from tests.records import make_license, make_military_affiliation, make_privilege, make_provider, put

ME = "/v1/provider-users/me"


@pytest.fixture
def provider_users_api(aws):
    from provider_users import api

    return api


def id_token_claims(compact: str, provider_id: str, **extra: Any) -> dict[str, Any]:
    """What the provider pool's authorizer puts on the request from an ID token."""
    return {
        "sub": "cognito-sub-1",
        "email": "ada.login@example.org",
        "custom:compact": compact,
        "custom:providerId": provider_id,
        "token_use": "id",
        **extra,
    }


def get_me(api: Any, context: Any, claims: dict[str, Any] | None) -> dict[str, Any]:
    response = api.lambda_handler(api_event("GET", ME, claims=claims), context)
    return {"status": response["statusCode"], "body": json.loads(response["body"] or "null")}


@pytest.fixture
def two_providers(aws):
    """Ada (licensed in oh, a privilege in ne, a military affiliation) and someone else entirely."""
    ada = make_provider(privilege_jurisdictions={"ne"})
    other = make_provider(given_name="Grace", family_name="Hopper", ssn_last_four="1111")
    put(
        aws["provider"],
        ada,
        make_license(ada),
        make_privilege(ada, "ne"),
        make_military_affiliation(ada),
        other,
        make_license(other),
    )
    return ada, other


def test_me_is_the_callers_own_record_in_the_private_schema(
    provider_users_api, lambda_context, two_providers
):
    ada, _ = two_providers

    response = get_me(provider_users_api, lambda_context, id_token_claims("aslp", ada.provider_id))

    assert response["status"] == 200
    body = response["body"]
    assert body["providerId"] == ada.provider_id and body["givenName"] == "Ada"
    assert body["ssnLastFour"] == "6789" and body["dateOfBirth"] == "1985-12-10"  # private fields
    assert [lic["jurisdiction"] for lic in body["licenses"]] == ["oh"]
    assert [privilege["jurisdiction"] for privilege in body["privileges"]] == ["ne"]
    assert len(body["militaryAffiliations"]) == 1
    assert "downloadLinks" not in body["militaryAffiliations"][0]


def test_me_never_carries_a_full_ssn(provider_users_api, lambda_context, two_providers):
    ada, _ = two_providers

    body = get_me(provider_users_api, lambda_context, id_token_claims("aslp", ada.provider_id))["body"]

    assert "ssn" not in json.dumps(body).lower().replace("ssnlastfour", "")


def test_another_providers_id_in_the_request_changes_nothing(
    provider_users_api, lambda_context, two_providers
):
    """The record is the token's: a path or query naming another provider is not read."""
    ada, other = two_providers
    event = api_event(
        "GET", ME, query={"providerId": other.provider_id}, claims=id_token_claims("aslp", ada.provider_id)
    )

    response = provider_users_api.lambda_handler(event, lambda_context)

    assert json.loads(response["body"])["providerId"] == ada.provider_id


@pytest.mark.parametrize("missing", ["custom:compact", "custom:providerId"])
def test_a_token_without_the_account_attributes_is_400(provider_users_api, lambda_context, missing):
    claims = id_token_claims("aslp", "89a6377e-c3a5-40e5-bca5-317ec854c570")
    del claims[missing]

    response = get_me(provider_users_api, lambda_context, claims)

    assert response["status"] == 400
    assert response["body"]["message"] == "Missing required user profile attribute"


def test_no_claims_is_401(provider_users_api, lambda_context):
    assert get_me(provider_users_api, lambda_context, None)["status"] == 401


def test_an_account_whose_record_is_gone_is_404(provider_users_api, lambda_context, aws):
    response = get_me(
        provider_users_api, lambda_context, id_token_claims("aslp", "89a6377e-c3a5-40e5-bca5-317ec854c570")
    )

    assert response["status"] == 404
