"""WSGI middleware in front of the emulator that refuses malformed AWS JSON-protocol requests as AWS does.

A call to a JSON-protocol service (Cognito — the staff pool's sign-in —, DynamoDB, SQS, EventBridge)
names its operation in ``X-Amz-Target`` and sends its input as a JSON object. moto takes both as well
formed: a body that is not JSON, not an object, holds a field of the wrong type or (DynamoDB) lacks a
required one raises inside moto and is answered with an HTML 500. AWS answers a 400 —
``SerializationException`` for a body it cannot read, the service's validation error for a missing
field — and so does this gate, before moto sees the request. The input is checked against the
operation's shape in botocore's own service model, the one boto3 validates against before it sends, so
every SDK call passes unchanged; the rest (lengths, ranges, unknown operations) is left to moto.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Response
from werkzeug.wsgi import get_input_stream

from sandbox.s3_post_gate import with_body

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

SERVICES = ("cognito-idp", "dynamodb", "sqs", "events")
"""The JSON-protocol services the sandbox's code and clients call on the emulator."""
SERIALIZATION = "SerializationException"
MISSING_FIELD = {"cognito-idp": "InvalidParameterException"}
"""A service's error for a missing field, where it is not ``ValidationException``."""


class AwsJsonGate:
    """Wraps a WSGI app (the emulator) and answers the JSON-protocol requests AWS would refuse."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET")
        if not target:
            return self.app(environ, start_response)
        body = get_input_stream(environ).read()
        refusal = refused(target, body)
        if refusal is not None:
            return refusal.response()(environ, start_response)
        return self.app(with_body(environ, body), start_response)


@dataclass(frozen=True)
class Refusal:
    code: str
    message: str

    def response(self) -> Response:
        body = {"__type": self.code, "message": self.message}
        return Response(json.dumps(body), status=400, content_type="application/x-amz-json-1.1")


def refused(target: str, body: bytes) -> Refusal | None:
    """AWS's answer to ``body`` as the input of the operation ``target`` names, if AWS would refuse it.
    An empty body reads as no fields at all."""
    try:
        params = json.loads(body) if body.strip() else {}
    except (ValueError, RecursionError):
        return Refusal(SERIALIZATION, "the body is not JSON")
    if not isinstance(params, dict):
        return Refusal(SERIALIZATION, "the body is not a JSON object")
    operation = _operations().get(target)
    return None if operation is None else _shape_refusal(params, operation)


def _shape_refusal(params: dict[str, Any], operation: Any) -> Refusal | None:
    from botocore.validate import ParamValidator

    # botocore offers its findings only as one report string; these are its (kind, field, details) tuples.
    findings = ParamValidator().validate(params, operation.input_shape)._errors
    wrong = [name.lstrip(".") or "the input" for kind, name, _ in findings if kind == "invalid type"]
    if wrong:
        return Refusal(SERIALIZATION, f"wrong type: {', '.join(wrong[:10])}")
    missing = [
        f"{name}.{details['required_name']}".lstrip(".")
        for kind, name, details in findings
        if kind == "missing required field"
    ]
    if missing:
        code = MISSING_FIELD.get(operation.service_model.service_name, "ValidationException")
        return Refusal(code, f"required: {', '.join(missing[:10])}")
    return None


@functools.cache
def _operations() -> dict[str, Any]:
    """``X-Amz-Target`` → operation model, for every operation of :data:`SERVICES` (loaded once)."""
    import botocore.session

    session = botocore.session.get_session()
    operations: dict[str, Any] = {}
    for service in SERVICES:
        model = session.get_service_model(service)
        prefix = model.metadata["targetPrefix"]
        for name in model.operation_names:
            operations[f"{prefix}.{name}"] = model.operation_model(name)
    return operations
