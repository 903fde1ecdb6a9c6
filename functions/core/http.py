"""HTTP plumbing shared by every API function.

A function module builds one :class:`RouteTable` from the catalog routes it serves and binds a
handler to each route by operation name, so the path, method and models live only in the
catalog. Powertools' API Gateway resolver routes requests and answers CORS; each handler's parameters
are bound and validated by :mod:`core.request_binding` (not by Powertools' validation middleware, whose
import would lengthen every cold start). This module adds the project's contract: 400 with a message
naming the field, 400 for a body of the wrong JSON type, 415 for a non-JSON body, domain errors mapped
to their status, path parameters of any characters answered by the handler (never by the resolver's
bare 404), and CORS from the ``ALLOWED_ORIGINS`` of the environment.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig, Response
from pydantic import BaseModel

from core.api_catalog import CORS_ALLOW_HEADERS, Route
from core.auth import Principal
from core.catalog import FunctionSpec
from core.current_permissions import with_current_scopes
from core.encoding import json_dumps
from core.errors import CCError
from core.request_binding import Binding, InvalidArguments, UnsupportedBody
from core.request_limits import check_json_body
from core.resources import running_as
from core.settings import allowed_origins

UNSUPPORTED_MEDIA_TYPE = "Unsupported media type: request bodies must be application/json"

Handler = TypeVar("Handler", bound=Callable[..., Any])

_ONE_REQUEST_AT_A_TIME = threading.Lock()
"""Powertools keeps the request being resolved on class attributes (``BaseRouter.current_event``,
``lambda_context``) that every resolver in the process shares. A Lambda container serves one request at a
time, so the lock is never contended there; where one process serves requests from many threads (the
sandbox's gateway), a request would otherwise read another's event — and its caller."""


def powertools_rule(path: str) -> str:
    """`/v1/compacts/{compact}` -> `/v1/compacts/<compact>` (Powertools' path syntax)."""
    return path.replace("{", "<").replace("}", ">")


def cors_config() -> CORSConfig:
    origins = allowed_origins()
    return CORSConfig(
        allow_origin=origins[0],
        extra_origins=list(origins[1:]),
        allow_headers=[h for h in CORS_ALLOW_HEADERS.split(",") if h not in CORSConfig._REQUIRED_HEADERS],
        max_age=300,
    )


def describe_validation_errors(errors: Sequence[dict[str, Any]]) -> str:
    """One readable sentence per problem, each naming the field, e.g. `query.compact: ...`."""
    problems = []
    for error in errors:
        location = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        location = location or "body"
        problems.append(f"{location}: {error.get('msg', 'invalid value')}")
    return "; ".join(problems)


class RouteTable:
    """The routes one Lambda function serves, bound to their handler functions."""

    def __init__(self, function: FunctionSpec, routes: Sequence[Route]) -> None:
        if any(route.function != function for route in routes):
            raise ValueError(f"every route of {function.name}'s table must be served by it")
        self.function = function
        self.routes = {route.operation: route for route in routes}
        self._bound: set[str] = set()
        self._cors = cors_config()
        self.app = APIGatewayRestResolver(cors=self._cors, serializer=json_dumps)
        self.app.exception_handler(InvalidArguments)(self._invalid_request)
        self.app.exception_handler(UnsupportedBody)(self._unsupported_media_type)
        self.app.exception_handler(CCError)(self._domain_error)

    @classmethod
    def serving(cls, function: FunctionSpec, routes: Sequence[Route]) -> RouteTable:
        """The table of one function: its share of a package's catalog routes."""
        return cls(function, [route for route in routes if route.function == function])

    def operation(self, name: str) -> Callable[[Handler], Handler]:
        """Bind ``fn`` to the catalog route whose ``operation`` is ``name``: its path parameters, the
        query parameters it marks ``Query()`` (those the route declares) and its body (the route's
        request model) are read from each request by a :class:`~core.request_binding.Binding`."""
        route = self.routes[name]

        def register(fn: Handler) -> Handler:
            binding = Binding(fn, route.path_params)
            _check_declared(fn, route, binding)

            def bound(**path_values: Any) -> Any:
                result = fn(**binding.arguments(self.app.current_event, path_values))
                if isinstance(result, Response):
                    return result
                # Our encoding rules (integral Decimal -> int...) apply before the return annotation
                # reads the result, which would otherwise stringify Decimals.
                return binding.response_body(json.loads(json_dumps(result)))

            # Named as the handler; no annotations, so Powertools finds nothing to inject.
            functools.update_wrapper(bound, fn, assigned=("__module__", "__name__", "__qualname__"))
            self.app.route(rule=powertools_rule(route.path), method=route.method)(bound)
            self._bound.add(name)
            return fn

        return register

    def principal(self) -> Principal:
        """The caller of the request being handled (401 when the authorizer left no claims)."""
        return Principal.from_event(self.app.current_event.raw_event)

    @property
    def bound_operations(self) -> set[str]:
        return set(self._bound)

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        """Serve one request with only the function's grants in force, one at a time per process."""
        with _ONE_REQUEST_AT_A_TIME, running_as(self.function):
            return self._serve(event, context)

    def _serve(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        if _has_body(event) and not _is_json(event):
            return self._early_response(event, 415, {"message": UNSUPPORTED_MEDIA_TYPE})
        if _has_body(event):
            try:
                check_json_body(_raw_body(event))
            except CCError as error:
                return self._early_response(event, error.status_code, error.body())
        route = self._route_of(event)
        if route is not None and route.auth.signature:
            try:
                self._enforce_signature(route, event)
            except CCError as error:
                return self._early_response(event, error.status_code, error.body())
        if route is not None and route.rechecks_permissions:
            try:
                event = with_current_scopes(event)
            except CCError as error:
                return self._early_response(event, error.status_code, error.body())
        if route is not None and route.request_model is not None and _has_body(event):
            expected = _json_type(route.request_model)
            if expected and _body_json_type(event) != expected:
                return self._early_response(
                    event, 400, {"message": f"Invalid request: body: must be a JSON {expected}"}
                )
        return self.app.resolve(_routable(event), context)

    def _route_of(self, event: dict[str, Any]) -> Route | None:
        """The catalog route API Gateway matched (``resource`` is the path template)."""
        method, resource = event.get("httpMethod"), event.get("resource")
        return next((r for r in self.routes.values() if (r.method, r.path) == (method, resource)), None)

    @staticmethod
    def _enforce_signature(route: Route, event: dict[str, Any]) -> None:
        """State API request signatures (spec §1.4), checked before the handler runs. Imported on
        demand so functions without signed routes never load the crypto library."""
        from core.signature import enforce

        params = event.get("pathParameters") or {}
        enforce(
            event,
            params.get("compact", ""),
            params.get("jurisdiction", ""),
            route.auth.signature == "required",
        )

    def _early_response(self, event: dict[str, Any], status: int, body: dict[str, Any]) -> dict[str, Any]:
        """A response produced before the resolver runs, with the same CORS headers."""
        headers = {"Content-Type": "application/json", **self._cors.to_dict(_header(event, "origin"))}
        return {"statusCode": status, "headers": headers, "body": json_dumps(body), "isBase64Encoded": False}

    # ---- error mapping -----------------------------------------------------------------------

    @staticmethod
    def _respond(status: int, body: dict[str, Any]) -> Response:
        return Response(status_code=status, content_type="application/json", body=json_dumps(body))

    def _invalid_request(self, error: InvalidArguments) -> Response:
        errors = error.errors
        if any(item.get("type") == "json_invalid" for item in errors):
            return self._respond(400, {"message": "Malformed JSON in request body"})
        return self._respond(400, {"message": f"Invalid request: {describe_validation_errors(errors)}"})

    def _unsupported_media_type(self, _error: Exception | None) -> Response:
        return self._respond(415, {"message": UNSUPPORTED_MEDIA_TYPE})

    def _domain_error(self, error: CCError) -> Response:
        return self._respond(error.status_code, error.body())


def _check_declared(fn: Callable[..., Any], route: Route, binding: Binding) -> None:
    """The handler reads what its catalog route documents: the same query parameters and body model (so
    the JSON-type check of ``RouteTable._serve``, made against the route's model, holds for the body)."""
    declared = {param.name for param in route.query_params}
    read = {param.query_name for param in binding.query}
    if read != declared:
        raise TypeError(f"{fn.__qualname__} reads query {sorted(read)}, route declares {sorted(declared)}")
    body = binding.body[1] if binding.body is not None else None
    if body is not route.request_model:
        raise TypeError(f"{fn.__qualname__} takes body {body}, its route declares {route.request_model}")


_ROUTABLE_SEGMENT = re.compile(r"[-._~()'!*:@,;=+&$%<> \[\]{}|^\w]+")
"""The characters Powertools' resolver matches in a path parameter (it routes on ``path``, not on API
Gateway's ``resource``). API Gateway passes any value on."""


def _routable(event: dict[str, Any]) -> dict[str, Any]:
    """The event, with a ``path`` the resolver can route when a path parameter holds characters it does
    not match (which it would answer with its own bare 404, as if the route did not exist): such values
    are percent-encoded, so the handler's own checks answer them (an unknown compact is a 400, an id that
    names nothing a 404), as they answer any other value that is not one."""
    params = event.get("pathParameters") or {}
    if all(_ROUTABLE_SEGMENT.fullmatch(value or "") for value in params.values()):
        return event
    path = str(event.get("resource", ""))
    for name, value in params.items():
        path = path.replace(f"{{{name}}}", quote(value or "", safe="") or "%20")
    return {**event, "path": path}


def _header(event: dict[str, Any], name: str) -> str | None:
    for key, value in (event.get("headers") or {}).items():
        if key.lower() == name:
            return value
    return None


@functools.cache
def _json_type(model: type[BaseModel]) -> str | None:
    """``object`` or ``array``: the JSON type of the model's body."""
    return model.model_json_schema().get("type")


def _body_json_type(event: dict[str, Any]) -> str | None:
    """The JSON type of the body as sent, from its first character (its syntax is the binding's to
    check), so a body of the wrong type (``[{...}]`` for ``{...}``, a string, ``null``) is answered with
    the type it must be, in one message, before any field is validated."""
    first = _raw_body(event).decode(errors="replace").lstrip()[:1]
    return {"{": "object", "[": "array"}.get(first)


def _raw_body(event: dict[str, Any]) -> bytes:
    """The body's bytes as the client sent them (API Gateway base64-encodes binary bodies)."""
    body = str(event.get("body") or "")
    if event.get("isBase64Encoded"):
        try:
            return base64.b64decode(body)
        except ValueError:
            return body.encode()
    return body.encode(errors="surrogatepass")


def _has_body(event: dict[str, Any]) -> bool:
    return bool(event.get("body"))


def _is_json(event: dict[str, Any]) -> bool:
    content_type = (_header(event, "content-type") or "").split(";")[0].strip().lower()
    return content_type == "application/json"
