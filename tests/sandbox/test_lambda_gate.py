"""Lambda's Invoke for the functions the sandbox hosts (sandbox/lambda_gate.py): by name or ARN, the
handler's answer as the payload, a raising handler as Lambda reports it, asynchronous and dry-run
invocations, and everything else left to the emulator."""

from __future__ import annotations

import json

import pytest
from werkzeug.test import Client
from werkzeug.wrappers import Response

from core.catalog import FunctionSpec
from sandbox.lambda_gate import LambdaInvokeGate
from tests.sandbox import lambda_targets

ECHO = FunctionSpec(name="Echo", handler="tests.sandbox.lambda_targets.echo", description="echoes")
FAIL = FunctionSpec(name="Fail", handler="tests.sandbox.lambda_targets.fail", description="fails")


def _emulator(environ, start_response):
    return Response("emulator", status=404)(environ, start_response)


@pytest.fixture
def lambdas() -> Client:
    gate = LambdaInvokeGate(_emulator)
    gate.host({"cc-local-Echo": ECHO, "cc-local-Fail": FAIL})
    return Client(gate)


def _invoke(client: Client, function: str, payload: object, **headers: str):
    return client.post(
        f"/2015-03-31/functions/{function}/invocations", data=json.dumps(payload), headers=headers
    )


def test_a_hosted_function_answers_with_its_handlers_result(lambdas):
    for name in ("cc-local-Echo", "arn:aws:lambda:us-east-1:123456789012:function:cc-local-Echo"):
        response = _invoke(lambdas, name, {"a": 1})
        assert response.status_code == 200 and "X-Amz-Function-Error" not in response.headers
        assert response.json == {"got": {"a": 1}, "function": "Echo"}


def test_a_failing_handler_is_reported_as_lambda_reports_it(lambdas):
    response = _invoke(lambdas, "cc-local-Fail", {})
    assert response.status_code == 200 and response.headers["X-Amz-Function-Error"] == "Unhandled"
    assert response.json == {
        "errorMessage": "templateVariables.privilegeId: Field required",
        "errorType": "ValueError",
    }


def test_asynchronous_and_dry_run_invocations(lambdas):
    lambda_targets.ran.clear()
    assert _invoke(lambdas, "cc-local-Echo", {}, **{"X-Amz-Invocation-Type": "Event"}).status_code == 202
    assert lambda_targets.ran.wait(5)
    assert _invoke(lambdas, "cc-local-Echo", {}, **{"X-Amz-Invocation-Type": "DryRun"}).status_code == 204


def test_a_body_that_is_not_json_is_refused(lambdas):
    response = lambdas.post("/2015-03-31/functions/cc-local-Echo/invocations", data=b"{not json")
    assert (
        response.status_code == 400
        and response.headers["X-Amzn-ErrorType"] == "InvalidRequestContentException"
    )


def test_other_functions_and_requests_reach_the_emulator(lambdas):
    assert _invoke(lambdas, "cc-local-Other", {}).text == "emulator"
    assert lambdas.get("/2015-03-31/functions/cc-local-Echo").text == "emulator"
