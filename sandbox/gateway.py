"""A local stand-in for API Gateway: routes HTTP requests to the catalog's handlers.

It speaks the REST API's Lambda proxy format (v1 events), answers CORS preflights like the
deployed mock integration does, and answers unknown routes like API Gateway does (403
"Missing Authentication Token").
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from werkzeug.serving import BaseWSGIServer
from werkzeug.wrappers import Request, Response

from core.api_catalog import CORS_ALLOW_HEADERS, Route
from sandbox.authorizer import Authorizer
from sandbox.invoke import invoke
from sandbox.serving import serve_in_thread

_CORS_HEADERS = {
    "Access-Control-Allow-Methods": "OPTIONS,GET,PUT,POST,DELETE,PATCH",
    "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS,
    "Vary": "Origin",
}


@dataclass(frozen=True)
class _CompiledRoute:
    route: Route
    pattern: re.Pattern[str]
    literal_segments: int


def _compile(route: Route) -> _CompiledRoute:
    regex = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(route.path))
    literals = sum(1 for segment in route.path.split("/") if segment and not segment.startswith("{"))
    return _CompiledRoute(route, re.compile(f"^{regex}$"), literals)


class LocalApi:
    """One API (license, state or search) served on its own loopback port."""

    def __init__(
        self,
        name: str,
        routes: Sequence[Route],
        allowed_origins: list[str],
        authorizer: Authorizer,
        endpoints: Mapping[str, Callable[[Request], Response]] | None = None,
    ) -> None:
        self.name = name
        self.authorizer = authorizer
        # Paths served beside the API, such as the state pool's /oauth2/token.
        self.endpoints = dict(endpoints or {})
        self.allowed_origins = allowed_origins
        # Most literal segments first: `/staff-users/me` wins over `/staff-users/{userId}`.
        self.routes = sorted((_compile(route) for route in routes), key=lambda c: -c.literal_segments)
        self._server: BaseWSGIServer | None = None

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        for compiled in self.routes:
            found = compiled.pattern.match(path)
            if found and compiled.route.method == method:
                return compiled.route, found.groupdict()
        return None

    def path_exists(self, path: str) -> bool:
        return any(compiled.pattern.match(path) for compiled in self.routes)

    # ---- WSGI --------------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = self.handle(request)
        return response(environ, start_response)

    def handle(self, request: Request) -> Response:
        origin = request.headers.get("Origin")
        if request.path in self.endpoints and request.method == "POST":
            return self.endpoints[request.path](request)
        if request.method == "OPTIONS" and self.path_exists(request.path):
            return self._with_cors(Response(status=204, headers=_CORS_HEADERS), origin)
        matched = self.match(request.method, request.path)
        if matched is None:
            return self._json(403, {"message": "Missing Authentication Token"}, origin)
        route, path_params = matched
        decision = self.authorizer.authorize(route, request)
        if decision.denied:
            return self._json(decision.status, {"message": decision.message}, origin)
        result = invoke(route.function, self._event(route, request, path_params, decision.claims))
        headers = dict(result.get("headers") or {})
        for key, values in (result.get("multiValueHeaders") or {}).items():
            headers[key] = ", ".join(values)
        return Response(result.get("body") or "", status=result["statusCode"], headers=headers)

    def _event(
        self, route: Route, request: Request, path_params: dict[str, str], claims: dict[str, Any] | None
    ) -> dict[str, Any]:
        query = {key: request.args.getlist(key) for key in request.args}
        request_context: dict[str, Any] = {
            "requestId": str(uuid.uuid4()),
            "stage": "local",
            "resourcePath": route.path,
            "httpMethod": route.method,
            "path": request.path,
            "identity": {"sourceIp": client_address(request)},
        }
        if claims is not None:
            request_context["authorizer"] = {"claims": claims}
        return {
            "resource": route.path,
            "path": request.path,
            "httpMethod": route.method,
            "headers": dict(request.headers),
            "multiValueHeaders": {key: request.headers.getlist(key) for key, _value in request.headers},
            "queryStringParameters": {key: values[-1] for key, values in query.items()} or None,
            "multiValueQueryStringParameters": query or None,
            "pathParameters": path_params or None,
            "stageVariables": None,
            "requestContext": request_context,
            "body": request.get_data(as_text=True) or None,
            "isBase64Encoded": False,
        }

    def _with_cors(self, response: Response, origin: str | None) -> Response:
        if origin and origin in self.allowed_origins:
            response.headers["Access-Control-Allow-Origin"] = origin
        return response

    def _json(self, status: int, body: dict[str, Any], origin: str | None) -> Response:
        response = Response(json.dumps(body), status=status, content_type="application/json")
        return self._with_cors(response, origin)

    # ---- lifecycle ---------------------------------------------------------------------------

    def serve(self, port: int) -> str:
        self._server = serve_in_thread(self, port, f"api-{self.name}")
        return f"http://127.0.0.1:{self._server.server_port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()


def client_address(request: Request) -> str:
    """The caller's address as API Gateway reports it: the first ``X-Forwarded-For`` entry when the request
    carries one (the client a proxy forwarded), else the peer."""
    forwarded = request.headers.get("X-Forwarded-For", "").split(",")[0].strip()
    return forwarded or request.remote_addr or "127.0.0.1"
