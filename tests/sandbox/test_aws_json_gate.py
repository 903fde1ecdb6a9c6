"""The emulator answers malformed JSON-protocol requests with AWS's 400, not moto's 500 (the hostile corpus
sent garbage to the staff pool's sign-in and to DynamoDB)."""

from __future__ import annotations

import json

import pytest
from werkzeug.test import Client

from sandbox.aws_json_gate import Refusal, refused
from sandbox.emulator import emulator_app

SIGN_IN = "AWSCognitoIdentityProviderService.InitiateAuth"
GET_ITEM = "DynamoDB_20120810.GetItem"
SERIALIZATION = "SerializationException"


@pytest.mark.parametrize(
    ("target", "body", "refusal"),
    [
        (SIGN_IN, b"\xff\xfe garbage", Refusal(SERIALIZATION, "the body is not JSON")),
        (SIGN_IN, b"[" * 100_000, Refusal(SERIALIZATION, "the body is not JSON")),
        (SIGN_IN, b'{"n": ' + b"9" * 5_000 + b"}", Refusal(SERIALIZATION, "the body is not JSON")),
        (SIGN_IN, b"[]", Refusal(SERIALIZATION, "the body is not a JSON object")),
        (
            SIGN_IN,
            b'{"AuthFlow": 1, "ClientId": [], "AuthParameters": "x"}',
            Refusal(SERIALIZATION, "wrong type: AuthFlow, ClientId, AuthParameters"),
        ),
        (
            GET_ITEM,
            b'{"TableName": "t", "Key": {"pk": {"S": 5}}}',
            Refusal(SERIALIZATION, "wrong type: Key.pk.S"),
        ),
        (GET_ITEM, b"{}", Refusal("ValidationException", "required: TableName, Key")),
        (GET_ITEM, b"", Refusal("ValidationException", "required: TableName, Key")),
        (SIGN_IN, b"{}", Refusal("InvalidParameterException", "required: AuthFlow, ClientId")),
    ],
)
def test_requests_aws_would_refuse_get_its_answer(target: str, body: bytes, refusal: Refusal) -> None:
    assert refused(target, body) == refusal


@pytest.mark.parametrize(
    ("target", "body"),
    [
        (
            SIGN_IN,
            b'{"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "c", "AuthParameters": {"USERNAME": "u"}}',
        ),
        (GET_ITEM, b'{"TableName": "t", "Key": {"pk": {"S": "x"}}, "UnknownField": 1}'),
        ("Nobody.Knows", b'{"a": 1}'),
    ],
)
def test_what_an_sdk_could_send_is_left_to_the_service(target: str, body: bytes) -> None:
    assert refused(target, body) is None


@pytest.mark.parametrize(
    ("target", "body"),
    [(SIGN_IN, b"\xff\xfe garbage"), (GET_ITEM, b"{}")],
    ids=["sign-in not JSON", "read without a table"],
)
def test_the_emulator_answers_garbage_with_a_400(target: str, body: bytes) -> None:
    headers = {"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"}

    response = Client(emulator_app()).post("/", data=body, headers=headers)

    assert response.status_code == 400
    assert json.loads(response.get_data())["__type"] in (SERIALIZATION, "ValidationException")
