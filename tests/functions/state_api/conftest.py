"""State API fixtures: registered state keys, and signed calls through the handler."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from core.signature import sign_request
from tests.functions.conftest import api_event
from tests.functions.state_api.signing import new_private_key, private_pem, store_key

UI_BASE_URL = "https://app.example.org"
QUERY = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}/providers/query"
PROVIDER = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}/providers/{providerId}"


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
