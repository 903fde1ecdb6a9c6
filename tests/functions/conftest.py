"""Function tests run handlers against moto, with the catalog's own table declarations."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from moto import mock_aws

from catalog import ALL_TABLES
from sandbox.provision import table_definition
from tests.conftest import TEST_ORIGINS
from tests.functions.mail import mail  # noqa: F401  (a fixture of every function test)
from tests.functions.moto_clients import moto_dynamodb
from tests.functions.staff_callers import DEFAULT_SUB


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch, local_config) -> Iterator[dict[str, Any]]:
    """Every catalog table on moto, and the function environment pointing at them.

    The boto3 clients the functions cache (``core.aws`` and the like) are kept from test to test:
    building one costs about a tenth of a second, more than most tests, and a client made under one
    ``mock_aws`` reaches the next one's fresh backends (moto's stub is registered once, globally).
    Every test still starts from empty AWS: ``mock_aws`` resets the backends."""
    for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws():
        tables = {}
        for spec in ALL_TABLES:
            name = spec.physical_name("cc-test")
            moto_dynamodb().meta.client.create_table(**table_definition(spec, name))
            monkeypatch.setenv(spec.env_var, name)
            tables[spec.key] = moto_dynamodb().Table(name)
        monkeypatch.setenv("ENVIRONMENT_NAME", "test")
        monkeypatch.setenv("COMPACTS", local_config.compacts.to_env())
        yield tables


def api_event(
    method: str,
    resource: str,
    path_params: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    scopes: list[str] | None = None,
    sub: str = DEFAULT_SUB,
    claims: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST proxy event, as API Gateway sends it to a function.

    With ``scopes``, the event carries the claims a Cognito authorizer would add (space-separated
    ``scope``, ``sub``); with ``claims``, exactly those (an ID token's, for the provider pool)."""
    path = resource
    for name, value in (path_params or {}).items():
        path = path.replace("{" + name + "}", value)
    raw_body = body if isinstance(body, str) or body is None else json.dumps(body)
    all_headers = {"Origin": TEST_ORIGINS[0], **(headers or {})}
    if raw_body is not None and not any(key.lower() == "content-type" for key in all_headers):
        all_headers["Content-Type"] = "application/json"
    request_context: dict[str, Any] = {
        "requestId": "test",
        "stage": "test",
        "resourcePath": resource,
        "httpMethod": method,
    }
    if scopes is not None:
        request_context["authorizer"] = {"claims": {"sub": sub, "scope": " ".join(scopes)}}
    if claims is not None:
        request_context["authorizer"] = {"claims": claims}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {key: [value] for key, value in all_headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": path_params,
        "requestContext": request_context,
        "body": raw_body,
        "isBase64Encoded": False,
    }


@pytest.fixture
def lambda_context():
    """A Lambda context object, for handlers that log it (Powertools' inject_lambda_context)."""
    from sandbox.invoke import LocalContext

    return LocalContext(function_name="test-function", memory_limit_in_mb=256, timeout_seconds=28)


@dataclass
class Bus:
    """The events changes published through the outbox, as ``(detail-type, detail)`` pairs."""

    events: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    refusing: bool = False

    def put(self, entries: Any) -> None:
        if self.refusing:
            raise RuntimeError("EventBridge is unreachable")
        self.events += [(entry.detail_type, json.loads(entry.detail)) for entry in entries]

    def of(self, detail_type: str) -> list[dict[str, Any]]:
        return [detail for kind, detail in self.events if kind == detail_type]


@pytest.fixture
def bus(monkeypatch: pytest.MonkeyPatch) -> Bus:
    """What the outbox writers publish, recorded instead of put on EventBridge (``refusing`` makes the
    bus refuse, leaving the entries to the relay)."""
    import core.outbox

    recorder = Bus()
    monkeypatch.setattr(core.outbox, "put", recorder.put)
    return recorder
