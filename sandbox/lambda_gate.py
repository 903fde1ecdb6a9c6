"""Lambda's Invoke API for the functions the sandbox hosts, on the emulator's endpoint.

In AWS a function reaches another through Lambda's ``Invoke`` (a sender invokes the email service), and
an operator runs a scheduled function now with ``aws lambda invoke``. The emulator's own Lambda would run
functions in containers; the sandbox answers ``Invoke`` itself for the catalog's functions, by their
deployed name (``cc-local-EmailNotificationService``) or ARN, running the real handler in-process
(:func:`sandbox.invoke.invoke`) and answering as Lambda does: the handler's return value as the payload;
a handler that raises answers 200 with ``X-Amz-Function-Error: Unhandled`` and ``{"errorMessage",
"errorType"}``; ``InvocationType: Event`` runs it in the background and answers 202, ``DryRun`` 204.
Every other request (other functions, other Lambda calls) goes on to the emulator.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from werkzeug.wrappers import Response
from werkzeug.wsgi import get_input_stream

from core.catalog import FunctionSpec
from sandbox.invoke import invoke

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

logger = logging.getLogger("sandbox.lambda")
INVOKE_PATH = re.compile(r"^/2015-03-31/functions/(?P<function>[^/]+)/invocations/?$")


def _error(status: int, code: str, message: str) -> Response:
    return Response(
        json.dumps({"Type": "User", "message": message}),
        status=status,
        content_type="application/json",
        headers={"X-Amzn-ErrorType": code},
    )


class LambdaInvokeGate:
    """Wraps the emulator; answers ``Invoke`` for the functions :meth:`host` was given."""

    def __init__(self, app: WSGIApplication) -> None:
        self.app = app
        self._functions: dict[str, FunctionSpec] = {}

    def host(self, functions: Mapping[str, FunctionSpec]) -> None:
        """Answer for these functions, by deployed name."""
        self._functions.update(functions)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        match = INVOKE_PATH.match(environ.get("PATH_INFO", ""))
        spec = self._hosted(match["function"]) if match and environ.get("REQUEST_METHOD") == "POST" else None
        if spec is None:
            return self.app(environ, start_response)
        return self._invoke(spec, environ)(environ, start_response)

    def _hosted(self, function: str) -> FunctionSpec | None:
        name = unquote(function)
        parts = name.split(":")
        if name.startswith("arn:") and len(parts) > 6:  # arn:aws:lambda:region:account:function:NAME
            name = parts[6]
        return self._functions.get(name)

    def _invoke(self, spec: FunctionSpec, environ: WSGIEnvironment) -> Response:
        body = get_input_stream(environ).read()
        try:
            event = json.loads(body) if body else {}
        except ValueError:
            return _error(400, "InvalidRequestContentException", "Could not parse request body into json")
        invocation_type = environ.get("HTTP_X_AMZ_INVOCATION_TYPE", "RequestResponse")
        if invocation_type == "DryRun":
            return Response(status=204)
        if invocation_type == "Event":
            threading.Thread(
                target=self._run, args=(spec, event), daemon=True, name=f"invoke-{spec.name}"
            ).start()
            return Response(status=202)
        if invocation_type != "RequestResponse":
            return _error(400, "InvalidParameterValueException", f"Unknown InvocationType {invocation_type}")
        headers = {"X-Amz-Executed-Version": "$LATEST"}
        try:
            result = invoke(spec, event)
        except Exception as error:
            payload: Any = {"errorMessage": str(error), "errorType": type(error).__name__}
            headers["X-Amz-Function-Error"] = "Unhandled"
        else:
            payload = result
        return Response(
            json.dumps(payload, default=str), status=200, content_type="application/json", headers=headers
        )

    @staticmethod
    def _run(spec: FunctionSpec, event: Any) -> None:
        try:
            invoke(spec, event)
        except Exception:
            logger.exception("%s failed an asynchronous invocation", spec.name)
