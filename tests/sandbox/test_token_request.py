"""The sandbox's token endpoint answers malformed client-credentials requests with OAuth errors (RFC 6749
§5.2), never a 500: the hostile corpus found undecodable Basic credentials answered 500."""

from __future__ import annotations

import base64
import json

import pytest
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from sandbox.state_auth import StatePool
from sandbox.token_request import TokenRequest, TokenRequestError, read_token_request

GRANT = "grant_type=client_credentials"


def _basic(raw: bytes) -> str:
    return "Basic " + base64.b64encode(raw).decode()


def test_basic_credentials_and_scopes_are_read() -> None:
    asked = read_token_request(f"{GRANT}&scope=aslp/write+oh/aslp.write", _basic(b"client:s3cret:x"))

    assert asked == TokenRequest("client", "s3cret:x", ["aslp/write", "oh/aslp.write"])


def test_form_credentials_are_read_without_basic() -> None:
    asked = read_token_request(f"{GRANT}&client_id=client&client_secret=s3cret", None)

    assert asked == TokenRequest("client", "s3cret", [])


@pytest.mark.parametrize(
    ("body", "authorization", "error", "described"),
    [
        (GRANT, "Basic YWJjZA", "invalid_client", "base64"),
        (GRANT, "Basic !!!", "invalid_client", "base64"),
        (GRANT, _basic(b"\xff\xfe:\xc0"), "invalid_client", "UTF-8"),
        (GRANT, _basic(b"client-only"), "invalid_client", "client_id:client_secret"),
        (GRANT, "Basic", "invalid_client", "client_id:client_secret"),
        (GRANT, "Bearer token", "invalid_client", "Basic scheme"),
        (f"{GRANT}&client_secret=x", _basic(b"client:secret"), "invalid_request", "not both"),
        (f"{GRANT}&client_id=other", _basic(b"client:secret"), "invalid_request", "differs"),
        (f"{GRANT}&scope=a&scope=b", _basic(b"client:secret"), "invalid_request", "more than once: scope"),
        ("scope=a", _basic(b"client:secret"), "invalid_request", "grant_type is required"),
        ("grant_type=password", _basic(b"client:secret"), "unsupported_grant_type", "client_credentials"),
    ],
    ids=["bad padding", "not base64", "not UTF-8", "no colon", "scheme only", "other scheme", "two methods",
         "other client id", "repeated parameter", "no grant type", "other grant type"],
)  # fmt: skip
def test_malformed_requests_are_oauth_errors(
    body: str, authorization: str, error: str, described: str
) -> None:
    with pytest.raises(TokenRequestError) as refused:
        read_token_request(body, authorization)

    assert refused.value.error == error
    assert described in refused.value.body()["error_description"]


def test_the_endpoint_answers_undecodable_basic_credentials_with_a_400() -> None:
    headers = {"Authorization": _basic(b"\xff\xfe:\xc0")}
    builder = EnvironBuilder(
        method="POST", data=GRANT, headers=headers, content_type="application/x-www-form-urlencoded"
    )

    response = StatePool(pool_id="us-east-1_test").token_endpoint(Request(builder.get_environ()))

    assert response.status_code == 400
    assert json.loads(response.get_data())["error"] == "invalid_client"
