"""From one API request to the arguments of its handler, and from the handler's result to the response body.

Powertools' resolver can do this itself (``enable_validation=True``), but its validation middleware
brings its OpenAPI machinery into every cold start (15-20 ms, 0.1-0.15 of ``import boto3``: the
request model it creates at import, and ``importlib.metadata`` with it). A handler here asks for three
kinds of argument only, so this module binds them itself:

- a path parameter of the route, by name, as the string the resolver matched;
- a query-string parameter, marked ``Annotated[T, Query()]`` (``Query("pageSize")`` when its name in the
  query string differs), coerced to ``T`` by pydantic, its default when absent;
- the request body: the one parameter annotated with a pydantic model (a ``RootModel`` too).

The binding reads the handler's signature once, when the route is bound; validators
(``TypeAdapter``) are built on first use and cached, so nothing is built at import. It answers as
Powertools' middleware did — what the project's 400 messages and tests are written against: errors
are pydantic's, located ``("query", name, ...)`` or ``("body", ...)``, collected from every query
parameter and the body at once; a body is parsed with ``json.loads`` (so parsing agrees with
:func:`core.request_limits.check_json_body`) and validated in Python mode with ``from_attributes``
(which words a few messages: "a valid dictionary or object to extract fields from"); a return value is
validated against the handler's return annotation and dumped by alias in JSON mode, so a response
model's fields are sent as its serializer says (unset optional ones as null), not as
:func:`core.encoding.json_dumps` left them.
"""

from __future__ import annotations

import inspect
import json
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.data_classes.common import BaseProxyEvent
    from pydantic import TypeAdapter

_JSON = "application/json"
_FORM = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"


class Query:
    """Marks a handler parameter as read from the query string: ``Annotated[int, Query("pageSize")]``.
    Without a name, the parameter's own name is the query-string name."""

    __slots__ = ("alias",)

    def __init__(self, alias: str | None = None) -> None:
        self.alias = alias

    def __repr__(self) -> str:
        return f"Query({self.alias!r})"


class InvalidArguments(Exception):
    """The request does not bind. ``errors`` are pydantic's error dicts, each ``loc`` starting with where
    the value was (``query``, ``body``, or ``response`` for a return value its annotation refuses)."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} invalid value(s)")
        self.errors = errors


class UnsupportedBody(Exception):
    """The request's content type is not one a body can be read from (415)."""


class _QueryParameter:
    """One ``Annotated[T, Query()]`` parameter: its name in the query string, type and default."""

    __slots__ = ("_adapter", "annotation", "default", "name", "query_name")

    def __init__(self, name: str, query_name: str, annotation: Any, default: Any) -> None:
        self.name = name
        self.query_name = query_name
        self.annotation = annotation
        self.default = default
        self._adapter: TypeAdapter[Any] | None = None

    def validate(self, value: Any) -> Any:
        if self._adapter is None:
            self._adapter = _adapter(self.annotation)
        return self._adapter.validate_python(value)


class Binding:
    """How one handler's parameters are read from a request, and its result written to the body."""

    def __init__(self, handler: Callable[..., Any], path_params: Iterable[str]) -> None:
        hints = typing.get_type_hints(handler, include_extras=True)
        route_params = set(path_params)
        self.path: list[str] = []
        self.query: list[_QueryParameter] = []
        self.body: tuple[str, type[BaseModel]] | None = None
        self.returns: Any = hints.get("return", inspect.Signature.empty)
        self._return_adapter: TypeAdapter[Any] | None = None
        for name, parameter in inspect.signature(handler).parameters.items():
            annotation = hints.get(name, Any)
            marker = _query_marker(annotation)
            if marker is not None:
                default = parameter.default
                self.query.append(_QueryParameter(name, marker.alias or name, _unmarked(annotation), default))
            elif name in route_params:
                if annotation is not str:
                    raise TypeError(f"{handler.__qualname__}: path parameter {name} must be a str")
                self.path.append(name)
            elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and self.body is None:
                self.body = (name, annotation)
            else:
                raise TypeError(
                    f"{handler.__qualname__}: {name} is neither a path parameter of the route, nor marked "
                    "Query(), nor the request body (one pydantic model)"
                )

    def arguments(self, event: BaseProxyEvent, path_values: Mapping[str, Any]) -> dict[str, Any]:
        """The handler's keyword arguments, or :class:`InvalidArguments` naming every invalid value."""
        arguments = {name: path_values[name] for name in self.path}
        errors: list[dict[str, Any]] = []
        if self.query:
            single = event.query_string_parameters
            multiple = event.multi_value_query_string_parameters
            for parameter in self.query:
                value = _query_value(parameter.query_name, single, multiple)
                location = ("query", parameter.query_name)
                if value is None:
                    if parameter.default is inspect.Parameter.empty:
                        errors.append(_missing(location))
                    else:
                        arguments[parameter.name] = parameter.default
                    continue
                try:
                    arguments[parameter.name] = parameter.validate(value)
                except ValidationError as error:
                    errors.extend(_located(error, location))
        if self.body is not None:
            name, model = self.body
            received = _received_body(event)  # raises at once for malformed JSON or a foreign type
            if received is None:
                errors.append(_missing(("body",)))
            else:
                try:
                    arguments[name] = model.model_validate(received, from_attributes=True)
                except ValidationError as error:
                    errors.extend(_located(error, ("body",)))
        if errors:
            raise InvalidArguments(errors)
        return arguments

    def response_body(self, payload: Any) -> Any:
        """The JSON-native ``payload`` (the handler's result after the project's encoding rules) as its
        return annotation reads it: validated, then dumped by alias with every field."""
        returns = self.returns
        if returns is inspect.Signature.empty:
            return payload
        try:
            if isinstance(returns, type) and issubclass(returns, BaseModel):
                model = returns.model_validate(payload, from_attributes=True)
                return model.model_dump(mode="json", by_alias=True)
            if self._return_adapter is None:
                self._return_adapter = _adapter(returns)
            value = self._return_adapter.validate_python(payload, from_attributes=True)
        except ValidationError as error:
            raise InvalidArguments(_located(error, ("response",))) from None
        return self._return_adapter.dump_python(value, mode="json", by_alias=True)


def _query_marker(annotation: Any) -> Query | None:
    if typing.get_origin(annotation) is not Annotated:
        return None
    return next((item for item in annotation.__metadata__ if isinstance(item, Query)), None)


def _unmarked(annotation: Any) -> Any:
    """``Annotated[T, ..., Query()]`` without the marker: what pydantic validates the value against."""
    rest = tuple(item for item in annotation.__metadata__ if not isinstance(item, Query))
    return Annotated[(annotation.__origin__, *rest)] if rest else annotation.__origin__


def _adapter(annotation: Any) -> TypeAdapter[Any]:
    """The validator of one annotation, built on the first request that needs it (pydantic's own module
    for it is imported then too)."""
    from pydantic import TypeAdapter

    return TypeAdapter(annotation)


def _query_value(name: str, single: Mapping[str, str], multiple: Mapping[str, list[str]]) -> Any:
    """The parameter's value: a string, or the list of every value when the name is repeated (which a
    scalar type then refuses). ``None`` when absent."""
    if name in multiple:
        values = multiple[name]
        return values[0] if isinstance(values, list) and len(values) == 1 else values
    return single.get(name)


def _received_body(event: BaseProxyEvent) -> Any:
    """The body as its content type reads it: JSON parsed as ``json.loads`` does (None without a body).
    An empty form (or multipart form) reads as an empty object; a form with content never gets here,
    since ``RouteTable`` answers any body that is not JSON with a 415 first."""
    content_type = event.headers.get("content-type", "").strip()
    if not content_type or content_type.startswith(_JSON):
        try:
            return event.json_body
        except json.JSONDecodeError as error:
            error_dict = {"type": "json_invalid", "loc": ("body", error.pos), "msg": "JSON decode error"}
            raise InvalidArguments([error_dict]) from None
    if content_type.startswith((_FORM, _MULTIPART)) and not event.body:
        return {}
    raise UnsupportedBody(content_type)


def _missing(location: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "missing", "loc": location, "msg": "Field required", "input": None}


def _located(error: ValidationError, prefix: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{**item, "loc": prefix + tuple(item["loc"])} for item in error.errors()]
