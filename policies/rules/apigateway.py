"""API Gateway: Cognito on every non-public route, readSSN-only SSN routes, observable and locked-down stages.

The REST APIs are deployed from an OpenAPI document in the RestApi `body` input (JSON), so the route rules
read that document rather than per-method resources.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from policies.aws_types import (
    APIGW_DOMAIN_NAME,
    APIGW_METHOD_SETTINGS,
    APIGW_REST_API,
    APIGW_STAGE,
    WAF_WEB_ACL_ASSOCIATION,
)
from policies.conventions import DEPLOYED_ENVIRONMENTS
from policies.model import ADVISORY, MANDATORY, ResourceView, Rule, StackView

PUBLIC_PATHS = frozenset(
    {
        "/v1/public/jurisdictions/live",
        "/v1/public/compacts/{compact}/jurisdictions",
        "/v1/public/compacts/{compact}/providers/query",
        "/v1/public/compacts/{compact}/providers/{providerId}",
        "/v1/public/compacts/{compact}/providers/{providerId}/jurisdiction/{jurisdiction}"
        "/licenseType/{licenseType}/history",
        "/v1/provider-users/registration",
        "/v1/provider-users/initiateRecovery",
        "/v1/provider-users/verifyRecovery",
        "/v1/flags/{flagId}/check",
    }
)
"""Routes that are public by design (reCAPTCHA and rate limiting are enforced in code)."""

HTTP_METHODS = frozenset(
    {"get", "put", "post", "delete", "head", "patch", "trace", "x-amazon-apigateway-any-method"}
)
COGNITO = "cognito_user_pools"
SSN_SCOPE_SUFFIX = "readSSN"
ENDPOINT_CONFIGURATION = "x-amazon-apigateway-endpoint-configuration"


class InvalidBody(ValueError):
    """The RestApi body is not a JSON OpenAPI document."""


def load_openapi(api: ResourceView) -> dict[str, Any] | None:
    body = api.get("body")
    if not body:
        return None
    try:
        document = json.loads(body) if isinstance(body, str) else body
    except json.JSONDecodeError as error:
        raise InvalidBody(f"body is not valid JSON ({error.msg})") from None
    if not isinstance(document, dict):
        raise InvalidBody("body is not a JSON object")
    return document


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, METHOD, operation) for every non-OPTIONS operation (CORS preflight is always anonymous)."""
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method, operation in item.items():
            if method.lower() in HTTP_METHODS and isinstance(operation, dict):
                yield str(path), method.upper(), operation


def cognito_schemes(document: dict[str, Any]) -> set[str]:
    """Names of the security schemes that are Cognito user-pool authorizers (OpenAPI 3 or Swagger 2)."""
    schemes = dict((document.get("components") or {}).get("securitySchemes") or {})
    schemes.update(document.get("securityDefinitions") or {})
    found = set()
    for name, scheme in schemes.items():
        if not isinstance(scheme, dict):
            continue
        authorizer = scheme.get("x-amazon-apigateway-authorizer") or {}
        kinds = {
            str(scheme.get("x-amazon-apigateway-authtype", "")).lower(),
            str(authorizer.get("type", "")).lower(),
        }
        if COGNITO in kinds:
            found.add(name)
    return found


def security_of(document: dict[str, Any], operation: dict[str, Any]) -> list[dict[str, Any]]:
    """The operation's security requirements (alternatives), falling back to the document default."""
    security = operation.get("security", document.get("security")) or []
    return [requirement if isinstance(requirement, dict) else {} for requirement in security]


def _is_public(path: str) -> bool:
    return path.rstrip("/") in PUBLIC_PATHS


def routes_require_cognito(api: ResourceView, stack: StackView) -> list[str]:
    """Every alternative of every non-public operation must name a Cognito authorizer: an empty or
    non-Cognito alternative lets anonymous or differently-authenticated callers in."""
    try:
        document = load_openapi(api)
    except InvalidBody as error:
        return [str(error)]
    if document is None:
        return ["RestApi must be defined by an OpenAPI `body` so its routes can be checked"]
    schemes = cognito_schemes(document)
    problems = []
    for path, method, operation in operations(document):
        if _is_public(path):
            continue
        security = security_of(document, operation)
        if not security or any(not req or not set(req) <= schemes for req in security):
            problems.append(f"{method} {path} is not protected by a Cognito authorizer")
    return problems


def _is_ssn_path(path: str) -> bool:
    return "ssn" in path.lower().split("/")


def ssn_routes_require_read_ssn(api: ResourceView, stack: StackView) -> list[str]:
    """SSN routes need a readSSN scope and nothing weaker: any other scope would be a second way in."""
    try:
        document = load_openapi(api)
    except InvalidBody:
        return []  # reported by apigateway-cognito-authorizer
    problems = []
    for path, method, operation in operations(document or {}):
        if not _is_ssn_path(path):
            continue
        scopes = [
            scope
            for req in security_of(document or {}, operation)
            for scope_list in req.values()
            for scope in (scope_list or [None])
        ]
        if not scopes or any(not isinstance(s, str) or not s.endswith(SSN_SCOPE_SUFFIX) for s in scopes):
            problems.append(f"{method} {path} must require only {SSN_SCOPE_SUFFIX} scopes")
    return problems


def disables_execute_api_endpoint(api: ResourceView, stack: StackView) -> list[str]:
    """Behind a custom domain the default endpoint would bypass the domain's TLS policy and routing."""
    if stack.environment not in DEPLOYED_ENVIRONMENTS:
        return []
    try:
        document = load_openapi(api) or {}
    except InvalidBody:
        document = {}
    in_body = (document.get(ENDPOINT_CONFIGURATION) or {}).get("disableExecuteApiEndpoint")
    if api.get("disableExecuteApiEndpoint") is True or in_body is True:
        return []
    return [f"disableExecuteApiEndpoint must be true in {stack.environment}"]


def stage_traces_and_logs(stage: ResourceView, stack: StackView) -> list[str]:
    """X-Ray traces and JSON access logs are how a request is followed across API, Lambda and DynamoDB."""
    problems = []
    if stage.get("xrayTracingEnabled") is not True:
        problems.append("xrayTracingEnabled must be true")
    if not (stage.get("accessLogSettings", "destinationArn") and stage.get("accessLogSettings", "format")):
        problems.append("accessLogSettings.destinationArn and format must be set")
    return problems


def _same_api(settings: ResourceView, stage: ResourceView) -> bool:
    mine, theirs = settings.refs("restApi"), stage.refs("restApi")
    if mine or theirs:
        return bool(set(mine) & set(theirs))
    return settings.get("restApi") == stage.get("restApi")


def stage_has_metrics(stage: ResourceView, stack: StackView) -> list[str]:
    """Per-method CloudWatch metrics feed the 4XX/5XX/latency alarms."""
    for settings in stack.by_type(APIGW_METHOD_SETTINGS):
        linked = stage.urn in settings.refs("stageName") or (
            _same_api(settings, stage) and settings.get("stageName") == stage.get("stageName")
        )
        if (
            linked
            and settings.get("methodPath") == "*/*"
            and settings.get("settings", "metricsEnabled") is True
        ):
            return []
    return ["needs MethodSettings for methodPath '*/*' with settings.metricsEnabled=true"]


def stage_has_waf(stage: ResourceView, stack: StackView) -> list[str]:
    """The WebACL (rate limit, common rule set) only protects stages it is associated with."""
    if stack.referencing(stage.urn, WAF_WEB_ACL_ASSOCIATION, "resourceArn"):
        return []
    return ["needs an aws.wafv2.WebAclAssociation whose resourceArn is this stage's ARN"]


def domain_uses_tls12(domain: ResourceView, stack: StackView) -> list[str]:
    """TLS 1.0/1.1 are deprecated; the custom domain sets the minimum for every client."""
    policy = domain.get("securityPolicy")
    return [] if policy == "TLS_1_2" else [f"securityPolicy must be TLS_1_2, not {policy!r}"]


RULES: tuple[Rule, ...] = (
    Rule(
        "apigateway-cognito-authorizer",
        "Every non-OPTIONS API operation uses a Cognito authorizer unless its path is on the public list.",
        MANDATORY,
        (APIGW_REST_API,),
        routes_require_cognito,
    ),
    Rule(
        "apigateway-ssn-read-ssn-only",
        "Operations on /ssn paths require readSSN scopes and no other scope.",
        MANDATORY,
        (APIGW_REST_API,),
        ssn_routes_require_read_ssn,
    ),
    Rule(
        "apigateway-execute-api-disabled",
        "In test, beta and prod the default execute-api endpoint is disabled.",
        MANDATORY,
        (APIGW_REST_API,),
        disables_execute_api_endpoint,
    ),
    Rule(
        "apigateway-stage-tracing-and-access-logs",
        "API stages have X-Ray tracing and access logging enabled.",
        MANDATORY,
        (APIGW_STAGE,),
        stage_traces_and_logs,
    ),
    Rule(
        "apigateway-stage-metrics",
        "API stages enable CloudWatch metrics for all methods.",
        ADVISORY,
        (APIGW_STAGE,),
        stage_has_metrics,
        cross_resource=True,
    ),
    Rule(
        "apigateway-stage-waf",
        "Every API stage is associated with a WAF WebACL.",
        MANDATORY,
        (APIGW_STAGE,),
        stage_has_waf,
        cross_resource=True,
    ),
    Rule(
        "apigateway-domain-tls12",
        "API custom domains use the TLS_1_2 security policy.",
        MANDATORY,
        (APIGW_DOMAIN_NAME,),
        domain_uses_tls12,
    ),
)
