"""The HTTP contract every API function shares (spec §0), exercised through a real RouteTable."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from urllib.parse import quote

import pytest
from pydantic import BaseModel, ConfigDict, Field

from core.api_catalog import PUBLIC, ApiName, Route
from core.catalog import FunctionSpec
from core.errors import AccessDenied, NotFound, RateLimited, Unauthorized
from core.http import RouteTable
from tests.conftest import TEST_ORIGINS
from tests.functions.conftest import api_event

_FUNCTION = FunctionSpec(name="Probe", handler="tests.probe.lambda_handler", description="test double")


class ProbeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name: str = Field(min_length=1)
    count: int = Field(ge=0)


def _route(method: str, path: str, operation: str, request_model=None) -> Route:
    return Route(
        ApiName.LICENSE, method, path, _FUNCTION, operation, PUBLIC, "probe", request_model=request_model
    )


ROUTES = (
    _route("POST", "/v1/probe", "create", ProbeRequest),
    _route("GET", "/v1/probe/{probeId}", "read"),
    _route("GET", "/v1/values", "values"),
)
table = RouteTable(_FUNCTION, ROUTES)


@table.operation("create")
def create(body: ProbeRequest) -> dict:
    return {"name": body.name, "count": body.count}


@table.operation("read")
def read(probeId: str) -> dict:
    errors = {"missing": NotFound("no such probe"), "locked": AccessDenied(), "anon": Unauthorized()}
    if probeId in errors:
        raise errors[probeId]
    if probeId == "busy":
        raise RateLimited("slow down")
    return {"probeId": probeId}


@table.operation("values")
def values() -> dict:
    return {
        "integral": Decimal("5"),
        "fraction": Decimal("2.50"),
        "day": date(2026, 2, 28),
        "tags": {"b", "a"},
    }


def _call(event: dict) -> tuple[int, dict]:
    response = table(event, None)
    return response["statusCode"], json.loads(response["body"])


def test_a_valid_body_is_parsed_and_trimmed():
    status, body = _call(api_event("POST", "/v1/probe", body={"name": "  Ada  ", "count": 2}))

    assert (status, body) == (200, {"name": "Ada", "count": 2})


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"count": 1}, "name"),
        ({"name": "x", "count": -1}, "count"),
        ({"name": "x", "count": 1, "extra": True}, "extra"),
    ],
)
def test_an_invalid_body_is_a_400_naming_the_field(payload, field):
    status, body = _call(api_event("POST", "/v1/probe", body=payload))

    assert status == 400
    assert field in body["message"]


@pytest.mark.parametrize("raw", ["[1, 2]", '"text"', "42", '[{"name": "Ada", "count": 2}]', "null"])
def test_a_body_that_is_not_an_object_is_a_400(raw):
    # A one-element array of a valid object too: Powertools alone would read it as its element.
    status, body = _call(api_event("POST", "/v1/probe", body=raw))

    assert (status, body) == (400, {"message": "Invalid request: body: must be a JSON object"})


@pytest.mark.parametrize("value", ["a\x80b", "tab\there", 'quote"d', "back`tick", "../../etc"])
def test_path_parameters_of_any_characters_reach_the_handler(value):
    """Powertools' resolver matches only some characters in a path parameter and answers the others with
    a bare 404 of its own; the handler gets them (percent-encoded) and answers as for any other value."""
    status, body = _call(api_event("GET", "/v1/probe/{probeId}", {"probeId": value}))

    assert (status, body) == (200, {"probeId": quote(value, safe="")})


def test_malformed_json_is_a_400():
    status, body = _call(api_event("POST", "/v1/probe", body='{"name": '))

    assert (status, body) == (400, {"message": "Malformed JSON in request body"})


def test_a_non_json_body_is_a_415():
    event = api_event("POST", "/v1/probe", body="name=x", headers={"Content-Type": "text/plain"})

    status, body = _call(event)

    assert status == 415
    assert "application/json" in body["message"]


@pytest.mark.parametrize(
    ("probe", "status", "message"),
    [
        ("missing", 404, "no such probe"),
        ("locked", 403, "Access denied"),
        ("anon", 401, "Unauthorized"),
        ("busy", 429, "slow down"),
    ],
)
def test_domain_errors_map_to_their_status(probe, status, message):
    assert _call(api_event("GET", "/v1/probe/{probeId}", {"probeId": probe})) == (
        status,
        {"message": message},
    )


def test_json_encoding_rules():
    status, body = _call(api_event("GET", "/v1/values"))

    assert status == 200
    assert body == {"integral": 5, "fraction": 2.5, "day": "2026-02-28", "tags": ["a", "b"]}
    assert isinstance(body["integral"], int)


def test_cors_origin_is_echoed_only_when_allowed():
    allowed = table(api_event("GET", "/v1/values", headers={"Origin": TEST_ORIGINS[1]}), None)
    denied = table(api_event("GET", "/v1/values", headers={"Origin": "https://elsewhere.example"}), None)

    assert allowed["multiValueHeaders"]["Access-Control-Allow-Origin"] == [TEST_ORIGINS[1]]
    assert "Access-Control-Allow-Origin" not in denied["multiValueHeaders"]
