"""Public lookup fixtures: records written straight to moto, unauthenticated calls through the handler.

Every call runs under a response floor whose clock stands still and whose sleep only records, so the
floor is asserted without being waited out (one test in test_response_floor.py waits for real).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from core.models.configuration import CompactCommissionFee, CompactConfiguration, ConfiguredState
from core.response_floor import ResponseFloor
from tests.functions.conftest import api_event

QUERY = "/v1/public/compacts/{compact}/providers/query"
PROVIDER = "/v1/public/compacts/{compact}/providers/{providerId}"


@pytest.fixture
def public_api(aws):
    """The handler module, imported once the environment exists (as Lambda would)."""
    from public_lookup import api

    return api


@pytest.fixture
def floor_sleeps(public_api, monkeypatch) -> list[float]:
    """What the handler's response floor slept, per call; its clock never advances."""
    sleeps: list[float] = []
    floor = ResponseFloor(public_api.RESPONSE_FLOOR.seconds, clock=lambda: 100.0, sleep=sleeps.append)
    monkeypatch.setattr(public_api, "RESPONSE_FLOOR", floor)
    return sleeps


Call = Callable[..., dict[str, Any]]


@pytest.fixture
def call(public_api, floor_sleeps, lambda_context) -> Call:
    """Invoke the function as API Gateway would, without an authorizer; returns ``{"status", "body"}``."""

    def invoke(
        method: str, resource: str, path_params: dict[str, str], *, body: Any = None
    ) -> dict[str, Any]:
        event = api_event(method, resource, path_params, body=body)
        assert "authorizer" not in event["requestContext"]
        response = public_api.lambda_handler(event, lambda_context)
        return {"status": response["statusCode"], "body": json.loads(response["body"] or "null")}

    return invoke


def query(call: Call, body: Any, compact: str = "aslp") -> dict[str, Any]:
    return call("POST", QUERY, {"compact": compact}, body=body)


def get(call: Call, provider_id: str, compact: str = "aslp") -> dict[str, Any]:
    return call("GET", PROVIDER, {"compact": compact, "providerId": provider_id})


def configure_states(table: Any, compact: str = "aslp", *, live: list[str], not_live: list[str] = ()) -> None:
    """The compact's configuration with these ``configuredStates`` (what makes a jurisdiction live)."""
    states = [ConfiguredState(postal_abbreviation=code, is_live=True) for code in live]
    states += [ConfiguredState(postal_abbreviation=code, is_live=False) for code in not_live]
    record = CompactConfiguration(
        compact_abbr=compact,
        compact_name=compact.upper(),
        compact_commission_fee=CompactCommissionFee(fee_amount="3.50"),
        configured_states=states,
    )
    table.put_item(Item=record.to_item())
