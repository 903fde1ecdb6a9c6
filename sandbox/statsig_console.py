"""A local stand-in of StatSig's Console API (``/console/v1/gates``), for the flags' dynamic provider's
tests: it keeps gates in memory, speaks the API's shapes (``{"data": ...}``, ids, rules), refuses a
request without the console key or the API version header, and records every request (method, path,
headers, body) so tests can assert exactly what was sent."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from werkzeug.wrappers import Request, Response

from sandbox.serving import LocalService

PREFIX = "/console/v1"


class StatsigConsoleStandIn(LocalService):
    thread_name = "statsig-console"

    def __init__(self, key: str) -> None:
        self.key = key
        self.gates: dict[str, dict[str, Any]] = {}
        self.requests: list[dict[str, Any]] = []

    def serve(self, port: int) -> str:
        """Start answering; returns the Console API's base URL."""
        return super().serve(port) + PREFIX

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        body = json.loads(request.get_data() or b"null")
        self.requests.append(
            {"method": request.method, "path": request.path, "headers": dict(request.headers), "body": body}
        )
        status, answer = self.answer(request, body)
        payload = b"" if answer is None else json.dumps(answer).encode()
        return Response(payload, status=status, content_type="application/json")(environ, start_response)

    def answer(self, request: Request, body: Any) -> tuple[int, Any]:
        if request.headers.get("STATSIG-API-KEY") != self.key:
            return 401, {"status": 401, "message": "Invalid or missing STATSIG-API-KEY"}
        if request.headers.get("STATSIG-API-VERSION") != "20240601":
            return 400, {"status": 400, "message": "Unsupported STATSIG-API-VERSION"}
        path = request.path.removeprefix(PREFIX)
        if path == "/gates" and request.method == "GET":
            return 200, {"message": "Gates listed successfully.", "data": list(self.gates.values())}
        if path == "/gates" and request.method == "POST":
            if any(gate["name"] == body.get("name") for gate in self.gates.values()):
                return 400, {"status": 400, "message": "A gate with this name already exists"}
            gate = {"id": body["name"], "uid": str(uuid.uuid4()), **body}
            self.gates[gate["id"]] = gate
            return 201, {"message": "Gate created successfully.", "data": gate}
        gate_id = path.removeprefix("/gates/")
        if gate_id not in self.gates:
            return 404, {"status": 404, "message": "Gate not found"}
        if request.method == "PATCH":
            self.gates[gate_id].update(body)
            return 200, {"message": "Gate updated successfully.", "data": self.gates[gate_id]}
        if request.method == "DELETE":
            del self.gates[gate_id]
            return 204, None
        return 405, {"status": 405, "message": "Method not allowed"}
