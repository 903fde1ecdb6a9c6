"""The public configuration routes, through the function's real handler."""

from __future__ import annotations

import json

import pytest

from configuration.api import lambda_handler
from configuration.uploader import lambda_handler as upload
from core.models.configuration import CompactCommissionFee, CompactConfiguration, ConfiguredState
from core.repositories.configuration import ConfigurationRepository
from tests.conftest import TEST_ORIGINS
from tests.functions.conftest import api_event

LIVE = "/v1/public/jurisdictions/live"
JURISDICTIONS = "/v1/public/compacts/{compact}/jurisdictions"


def _call(event: dict) -> tuple[int, object, dict]:
    response = lambda_handler(event, None)
    headers = {key: ", ".join(values) for key, values in response.get("multiValueHeaders", {}).items()}
    return response["statusCode"], json.loads(response["body"]), {**headers, **response.get("headers", {})}


@pytest.fixture
def configured(aws):
    upload({"compacts": {"aslp": ["oh", "ky", "ne"], "octp": ["al"]}, "attestations": []}, None)
    ConfigurationRepository(aws["compact_configuration"]).table.put_item(
        Item=CompactConfiguration(
            compact_abbr="aslp",
            compact_name="Audiology and Speech Language Pathology",
            compact_commission_fee=CompactCommissionFee(fee_type="FLAT_RATE", fee_amount="3.50"),
            configured_states=[
                ConfiguredState(postal_abbreviation="oh", is_live=True),
                ConfiguredState(postal_abbreviation="ky", is_live=False),
                ConfiguredState(postal_abbreviation="ne", is_live=True),
            ],
        ).to_item()
    )
    return aws


def test_live_jurisdictions_for_every_compact(configured):
    status, body, _ = _call(api_event("GET", LIVE))

    assert status == 200
    assert body == {"aslp": ["oh", "ne"], "octp": [], "coun": []}


def test_live_jurisdictions_for_one_compact(configured):
    status, body, _ = _call(api_event("GET", LIVE, query={"compact": "aslp"}))

    assert (status, body) == (200, {"aslp": ["oh", "ne"]})


@pytest.mark.parametrize("compact", ["xyz", ""])
def test_live_jurisdictions_rejects_an_unknown_compact(configured, compact):
    status, body, _ = _call(api_event("GET", LIVE, query={"compact": compact}))

    assert status == 400
    assert f"{compact!r} is not one of" in body["message"]


def test_active_member_jurisdictions_of_a_compact(configured):
    status, body, _ = _call(api_event("GET", JURISDICTIONS, {"compact": "aslp"}))

    assert status == 200
    assert body == [
        {"jurisdictionName": "Ohio", "postalAbbreviation": "oh", "compact": "aslp"},
        {"jurisdictionName": "Kentucky", "postalAbbreviation": "ky", "compact": "aslp"},
        {"jurisdictionName": "Nebraska", "postalAbbreviation": "ne", "compact": "aslp"},
    ]


def test_a_compact_without_member_record_has_an_empty_list(configured):
    status, body, _ = _call(api_event("GET", JURISDICTIONS, {"compact": "coun"}))

    assert (status, body) == (200, [])


def test_unknown_compact_in_path_is_a_400_naming_it(configured):
    status, body, _ = _call(api_event("GET", JURISDICTIONS, {"compact": "nursing"}))

    assert status == 400
    assert "nursing" in body["message"]


def test_cors_echoes_an_allowed_origin_only(configured):
    _, _, allowed = _call(api_event("GET", LIVE, headers={"Origin": TEST_ORIGINS[1]}))
    _, _, other = _call(api_event("GET", LIVE, headers={"Origin": "https://evil.example"}))

    assert allowed["Access-Control-Allow-Origin"] == TEST_ORIGINS[1]
    assert "Access-Control-Allow-Origin" not in other
