"""Renders one OpenAPI 3.0 document per API from the catalog.

The same document is the RestApi ``body`` (with API Gateway's ``x-amazon-apigateway-*``
extensions: Lambda proxy integrations, Cognito authorizers with per-route scopes, request
validation and CORS) and the published docs, so the deployed API and its documentation cannot
drift. It is a pure function of the routes and the stack's compacts: no Pulumi, no AWS.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from typing import Any

from pydantic import BaseModel, TypeAdapter

from core.api_catalog import (
    CORS_ALLOW_HEADERS,
    PARAMETER_SCHEMAS,
    STACK_ENUM,
    ApiName,
    AuthKind,
    QueryParam,
    Route,
    Vocabulary,
)
from core.catalog import FunctionSpec
from core.compacts import CompactCatalog
from core.errors import ErrorResponse

API_TITLES = {ApiName.LICENSE: "LicenseApi", ApiName.STATE: "StateApi", ApiName.SEARCH: "SearchApi"}
AUTHORIZER_NAMES = {
    AuthKind.STAFF: "StaffUsersPoolAuthorizer",
    AuthKind.PROVIDER: "ProviderUsersPoolAuthorizer",
    AuthKind.STATE: "StateAuthPoolAuthorizer",
}
_VALIDATOR = "body-and-parameters"
_PARAMETERS_VALIDATOR = "parameters-only"
_REF_TEMPLATE = "#/components/schemas/{model}"
_CORS_ALLOW_METHODS = "OPTIONS,GET,PUT,POST,DELETE,PATCH"
_ERROR_DESCRIPTIONS = {
    400: "Invalid request: the message names the parameter or field",
    401: "No valid token",
    403: (
        "The token lacks a scope the route accepts, the caller may not act on this resource, "
        "or a public form's reCAPTCHA token was refused"
    ),
    404: "Not found",
    409: "The record changed while the request was handled; retrying is safe",
    413: "The request body is larger than 1 MiB",
    415: "The request body is not application/json",
    429: "Too many requests",
    503: "Temporarily unavailable; retrying later is safe",
}
_SIGNATURE_401 = "No valid token, or a missing or invalid request signature (X-Signature and its headers)"


def render_openapi(
    api: ApiName,
    routes: Iterable[Route],
    compacts: CompactCatalog,
    allowed_origins: list[str],
    integration_uri: Callable[[FunctionSpec], str],
    authorizer_arns: dict[AuthKind, str],
    server_url: str | None = None,
) -> dict[str, Any]:
    """The OpenAPI document of one API, ready to be the RestApi body."""
    schemas: dict[str, Any] = {}
    paths: dict[str, dict[str, Any]] = {}
    for route in sorted(routes, key=lambda r: (r.path, r.method)):
        operations = paths.setdefault(route.path, {})
        operations[route.method.lower()] = _operation(route, compacts, integration_uri, schemas)
        operations.setdefault("options", _preflight(route.path, allowed_origins))
    used_auth = {route.auth.kind for route in routes if not route.auth.is_public}
    document: dict[str, Any] = {
        "openapi": "3.0.1",
        "info": {"title": API_TITLES[api], "version": "1.0.0"},
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                AUTHORIZER_NAMES[kind]: _authorizer(authorizer_arns[kind]) for kind in sorted(used_auth)
            },
        },
        "x-amazon-apigateway-request-validators": {
            _VALIDATOR: {"validateRequestBody": True, "validateRequestParameters": True}
        },
        "x-amazon-apigateway-gateway-responses": _gateway_responses(allowed_origins),
    }
    if server_url:
        document["servers"] = [{"url": server_url}]
    if any(not route.gateway_validates_body for route in routes):
        document["x-amazon-apigateway-request-validators"][_PARAMETERS_VALIDATOR] = {
            "validateRequestBody": False,
            "validateRequestParameters": True,
        }
    _fill_stack_enums(document, compacts)
    return document


def _operation(
    route: Route,
    compacts: CompactCatalog,
    integration_uri: Callable[[FunctionSpec], str],
    schemas: dict[str, Any],
) -> dict[str, Any]:
    parameters = _path_parameters(route.path) + [_query_parameter(param) for param in route.query_params]
    parameters += [
        {"name": h.name, "in": "header", "required": False, "schema": h.schema, "description": h.description}
        for h in route.header_params
    ]
    responses = {"200": _response("200 response", route.response_model, schemas)}
    for status in route.error_statuses:
        model = (status == 400 and route.invalid_request_model) or ErrorResponse
        signed = status == 401 and route.auth.signature
        responses[str(status)] = _response(
            _SIGNATURE_401 if signed else _ERROR_DESCRIPTIONS[status], model, schemas
        )
    operation: dict[str, Any] = {
        "operationId": route.operation,
        "summary": route.summary,
        "tags": list(route.tags),
        "parameters": parameters,
        "responses": responses,
        "x-amazon-apigateway-request-validator": (
            _VALIDATOR if route.gateway_validates_body else _PARAMETERS_VALIDATOR
        ),
        "x-amazon-apigateway-integration": {
            "type": "aws_proxy",
            "httpMethod": "POST",
            "uri": integration_uri(route.function),
            "passthroughBehavior": "when_no_match",
        },
    }
    if route.request_model is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": _schema_ref(route.request_model, schemas)}},
        }
    if route.auth.is_public:
        operation["security"] = []
    else:
        scopes = route.auth.scopes.expand(compacts) if route.auth.scopes else []
        operation["security"] = [{AUTHORIZER_NAMES[route.auth.kind]: scopes}]
    return operation


def _response(description: str, model: type[BaseModel] | None, schemas: dict[str, Any]) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "headers": {"Access-Control-Allow-Origin": {"schema": {"type": "string"}}},
    }
    if model is not None:
        response["content"] = {"application/json": {"schema": _schema_ref(model, schemas)}}
    return response


def _schema_ref(model: type[BaseModel], schemas: dict[str, Any]) -> dict[str, str]:
    """Registers the model (and its nested definitions) under components/schemas."""
    schema = copy.deepcopy(model.model_json_schema(by_alias=True, ref_template=_REF_TEMPLATE))
    for name, definition in schema.pop("$defs", {}).items():
        schemas[name] = definition
    schemas[model.__name__] = schema
    return {"$ref": f"#/components/schemas/{model.__name__}"}


def _authorizer(user_pool_arn: str) -> dict[str, Any]:
    return {
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "x-amazon-apigateway-authtype": "cognito_user_pools",
        "x-amazon-apigateway-authorizer": {"type": "cognito_user_pools", "providerARNs": [user_pool_arn]},
    }


def _origin_template(allowed_origins: list[str]) -> str:
    """VTL that echoes the request's Origin only when it is an allowed origin."""
    condition = " || ".join(f'$origin == "{origin}"' for origin in allowed_origins) or "false"
    return (
        '#set($origin = $input.params("Origin"))\n'
        f"#if({condition})\n"
        "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)\n"
        "#end\n"
    )


def _preflight(path: str, allowed_origins: list[str]) -> dict[str, Any]:
    params = _path_parameters(path)
    headers = {
        "Access-Control-Allow-Origin": {"schema": {"type": "string"}},
        "Access-Control-Allow-Methods": {"schema": {"type": "string"}},
        "Access-Control-Allow-Headers": {"schema": {"type": "string"}},
        "Vary": {"schema": {"type": "string"}},
    }
    return {
        "summary": "CORS preflight",
        "parameters": params,
        "security": [],
        "responses": {"204": {"description": "204 response", "headers": headers}},
        "x-amazon-apigateway-integration": {
            "type": "mock",
            "requestTemplates": {"application/json": '{"statusCode": 204}'},
            "passthroughBehavior": "when_no_match",
            "responses": {
                "default": {
                    "statusCode": "204",
                    "responseParameters": {
                        "method.response.header.Access-Control-Allow-Methods": f"'{_CORS_ALLOW_METHODS}'",
                        "method.response.header.Access-Control-Allow-Headers": f"'{CORS_ALLOW_HEADERS}'",
                        "method.response.header.Vary": "'Origin'",
                    },
                    "responseTemplates": {"application/json": _origin_template(allowed_origins)},
                }
            },
        },
    }


def _path_parameters(path: str) -> list[dict[str, Any]]:
    return [
        {"name": name, "in": "path", "required": True, "schema": _parameter_schema(name)}
        for name in re.findall(r"\{(\w+)\}", path)
    ]


def _parameter_schema(name: str) -> dict[str, Any]:
    if name not in PARAMETER_SCHEMAS:
        raise ValueError(f"parameter {name!r} has no schema in core.api_catalog.PARAMETER_SCHEMAS")
    return copy.deepcopy(PARAMETER_SCHEMAS[name])


def _query_parameter(param: QueryParam) -> dict[str, Any]:
    """A query parameter as its handler types it; query strings are optional on every route."""
    if param.annotation is None:
        schema = _parameter_schema(param.name)
    else:
        schema = TypeAdapter(param.annotation).json_schema(ref_template=_REF_TEMPLATE)
        schema.pop("title", None)
    parameter: dict[str, Any] = {"name": param.name, "in": "query", "required": False, "schema": schema}
    if param.description:
        parameter["description"] = param.description
    return parameter


def _fill_stack_enums(node: Any, compacts: CompactCatalog) -> None:
    """Replace every ``x-stack-enum`` marker (see :func:`core.catalog.stack_enum`) with the stack's values."""
    if isinstance(node, dict):
        vocabulary = node.pop(STACK_ENUM, None)
        if vocabulary is not None:
            node["enum"] = Vocabulary(vocabulary).values(compacts)
        for value in node.values():
            _fill_stack_enums(value, compacts)
    elif isinstance(node, list):
        for value in node:
            _fill_stack_enums(value, compacts)


def _gateway_responses(allowed_origins: list[str]) -> dict[str, Any]:
    """Errors produced by API Gateway itself still carry CORS headers and a JSON message."""
    origin = f"'{allowed_origins[0]}'" if len(allowed_origins) == 1 else "'*'"
    headers = {"gatewayresponse.header.Access-Control-Allow-Origin": origin}
    # Every other error the gateway produces (throttling, a request too large, an integration failure...)
    # keeps API Gateway's own {"message": ...} body and gains the CORS header.
    default = {"application/json": '{"message": $context.error.messageString}'}
    return {
        "DEFAULT_4XX": {"responseParameters": headers, "responseTemplates": default},
        "DEFAULT_5XX": {"responseParameters": headers, "responseTemplates": default},
        "BAD_REQUEST_BODY": {
            "statusCode": 400,
            "responseParameters": headers,
            "responseTemplates": {"application/json": '{"message": "$context.error.validationErrorString"}'},
        },
        "UNAUTHORIZED": {
            "statusCode": 401,
            "responseParameters": headers,
            "responseTemplates": {"application/json": '{"message": "Unauthorized"}'},
        },
        "ACCESS_DENIED": {
            "statusCode": 403,
            "responseParameters": headers,
            "responseTemplates": {"application/json": '{"message": "Access denied"}'},
        },
    }
