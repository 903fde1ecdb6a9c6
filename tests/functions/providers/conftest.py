"""Staff provider route fixtures: records written straight to moto, calls through the handler."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from core.models.history import EncumbranceDetails, InvestigationDetails
from tests.functions.conftest import api_event
from tests.records import CATEGORY, make_license, make_privilege, make_privilege_update, make_provider, put

QUERY = "/v1/compacts/{compact}/providers/query"
PROVIDER = "/v1/compacts/{compact}/providers/{providerId}"
HISTORY = (
    "/v1/compacts/{compact}/providers/{providerId}/privileges/jurisdiction/{jurisdiction}"
    "/licenseType/{licenseType}/history"
)


@pytest.fixture
def providers_api(aws):
    """The handler module, imported once the environment exists (as Lambda would)."""
    from providers import api

    return api


Call = Callable[..., dict[str, Any]]


@pytest.fixture
def call(providers_api, lambda_context) -> Call:
    """Invoke the function as API Gateway would; returns ``{"status", "body"}``."""

    def invoke(
        method: str, resource: str, path_params: dict[str, str], *, body: Any = None, scopes=None
    ) -> dict[str, Any]:
        event = api_event(method, resource, path_params, body=body, scopes=scopes or ["aslp/readGeneral"])
        response = providers_api.lambda_handler(event, lambda_context)
        return {"status": response["statusCode"], "body": json.loads(response["body"] or "null")}

    return invoke


def query(call: Call, body: dict[str, Any], scopes: list[str] | None = None) -> dict[str, Any]:
    return call("POST", QUERY, {"compact": "aslp"}, body=body, scopes=scopes)


def get(call: Call, provider_id: str, scopes: list[str] | None = None) -> dict[str, Any]:
    return call("GET", PROVIDER, {"compact": "aslp", "providerId": provider_id}, scopes=scopes)


@pytest.fixture
def encumbered_privilege(aws) -> str:
    """An aslp provider whose slp privilege in ne was investigated, then encumbered (with a category)."""
    provider = make_provider(privilege_jurisdictions={"ne"})
    privilege = make_privilege(provider, "ne")
    encumbrance = make_privilege_update(
        privilege,
        "encumbrance",
        datetime(2025, 6, 2, 16, tzinfo=UTC),
        updated_values={"encumberedStatus": "encumbered"},
        encumbrance_details=EncumbranceDetails(
            clinical_privilege_action_categories=[CATEGORY], adverse_action_id=str(uuid.uuid4())
        ),
    )
    investigation = make_privilege_update(
        privilege,
        "investigation",
        datetime(2025, 6, 1, 16, tzinfo=UTC),
        investigation_details=InvestigationDetails(investigation_id=str(uuid.uuid4())),
    )
    put(aws["provider"], provider, make_license(provider), privilege, encumbrance, investigation)
    return provider.provider_id
