"""The sandbox's endpoint in front of a running emulator (``--aws-endpoint``): requests go on unchanged
(the client's Host, the raw path, the body), answers come back unchanged (status, headers, a HEAD's
length), SES stays in the sandbox's own emulator, and an address nothing answers at fails at start."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Request, Response

from sandbox.serving import serve_in_thread
from sandbox.upstream import UnreachableEmulator, Upstream, signing_service

SIGNED = "AWS4-HMAC-SHA256 Credential=sandbox/20260101/us-east-1/{service}/aws4_request, SignedHeaders=host"


def _echo(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """The upstream emulator: says what it received."""
    request = Request(environ)
    body = json.dumps(
        {
            "method": request.method,
            "uri": environ.get("REQUEST_URI"),
            "host": request.host,
            "body": request.get_data(as_text=True),
            "target": request.headers.get("X-Amz-Target"),
        }
    )
    headers = {
        "X-Amzn-RequestId": "upstream-1",
        "Content-Length": "512" if request.method == "HEAD" else None,
    }
    response = Response(body, status=201, content_type="application/json")
    for name, value in headers.items():
        if value:
            response.headers[name] = value
    return response(environ, start_response)


def _local(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    return Response("local", status=200)(environ, start_response)


@pytest.fixture
def front() -> Iterator[Client]:
    server = serve_in_thread(_echo, 0, "upstream-emulator")  # type: ignore[arg-type]
    yield Client(Upstream(f"http://127.0.0.1:{server.server_port}", local=_local))
    server.shutdown()
    server.server_close()


def test_a_request_reaches_the_emulator_as_the_client_sent_it_and_its_answer_comes_back(front):
    response = front.post(
        "/my-bucket/a%20key%2Bplus?uploads",
        data=b'{"TableName": "t"}',
        headers={"Host": "127.0.0.1:5050", "X-Amz-Target": "DynamoDB_20120810.GetItem"},
    )

    assert response.status_code == 201
    assert response.headers["X-Amzn-RequestId"] == "upstream-1"
    assert response.json == {
        "method": "POST",
        "uri": "/my-bucket/a%20key%2Bplus?uploads",  # not decoded on the way: S3 keys stay as they are
        "host": "127.0.0.1:5050",  # the emulator names queue URLs after it: the sandbox's endpoint
        "body": '{"TableName": "t"}',
        "target": "DynamoDB_20120810.GetItem",
    }


def test_a_head_answer_keeps_its_length_without_a_body(front):
    response = front.head("/my-bucket/key")

    assert (response.status_code, response.headers["Content-Length"], response.data) == (201, "512", b"")


def test_email_stays_with_the_sandbox_so_the_mailbox_sees_it(front):
    sent = front.post(
        "/", data="Action=SendRawEmail", headers={"Authorization": SIGNED.format(service="ses")}
    )
    stored = front.post("/", data="{}", headers={"Authorization": SIGNED.format(service="dynamodb")})

    assert sent.data == b"local"
    assert stored.status_code == 201


def test_the_signing_service_is_read_from_the_authorization_header():
    assert signing_service({"HTTP_AUTHORIZATION": SIGNED.format(service="cognito-idp")}) == "cognito-idp"
    assert signing_service({}) is None


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:1", "localhost:5000", "https://emulator.example"])
def test_an_endpoint_nothing_answers_at_is_refused_at_start(endpoint):
    with pytest.raises(UnreachableEmulator, match="--aws-endpoint"):
        Upstream(endpoint, local=_local).check()
