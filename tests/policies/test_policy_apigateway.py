"""API Gateway and WAF rules; routes are read from the RestApi's OpenAPI body."""

from __future__ import annotations

import json

import pytest

from policies.model import ResourceView
from policies.rules.apigateway import PUBLIC_PATHS
from tests.policies.policy_builders import assert_fails, assert_passes, changed, named, replace, res, stack
from tests.policies.policy_builders_app import STAFF_AUTH, api_set, openapi, rest_api, secured

RULES = [
    "apigateway-cognito-authorizer",
    "apigateway-ssn-read-ssn-only",
    "apigateway-execute-api-disabled",
    "apigateway-stage-tracing-and-access-logs",
    "apigateway-stage-metrics",
    "apigateway-stage-waf",
    "apigateway-domain-tls12",
    "wafv2-prod-managed-rules",
    "wafv2-logging-redacts-authorization",
]


def swap(resources: list[ResourceView], name: str, **props: object) -> list[ResourceView]:
    old = named(resources, name)
    return replace(resources, old, changed(old, **props))


def api_with(paths: dict, **extra: object) -> ResourceView:
    return rest_api(openapi(paths, **extra))


@pytest.mark.parametrize("rule", RULES)
def test_compliant_stack_passes(compliant: list[ResourceView], rule: str) -> None:
    assert_passes(rule, stack(compliant))


@pytest.mark.parametrize(
    "operation",
    [
        {},
        {"security": []},
        {"security": [{}]},
        {"security": [{STAFF_AUTH: []}, {}]},
        {"security": [{"ApiKey": []}]},
    ],
    ids=["none", "empty", "anonymous", "anonymous-alternative", "not-cognito"],
)
def test_private_route_needs_cognito(operation: dict) -> None:
    api = api_with({"/v1/compacts/{compact}": {"post": operation}})
    assert_fails("apigateway-cognito-authorizer", stack(api), "POST /v1/compacts/{compact}")


def test_document_level_security_applies_to_operations() -> None:
    api = api_with({"/v1/compacts/{compact}": {"get": {}}}, security=[{STAFF_AUTH: ["aslp/readGeneral"]}])
    assert_passes("apigateway-cognito-authorizer", stack(api))


def test_public_paths_and_options_need_no_authorizer() -> None:
    paths = {path: {"get": {}, "options": {}} for path in PUBLIC_PATHS}
    paths["/v1/compacts/{compact}"] = {"options": {}}
    assert_passes("apigateway-cognito-authorizer", stack(api_with(paths)))


def test_swagger2_security_definitions_are_understood() -> None:
    scheme = {"type": "apiKey", "x-amazon-apigateway-authtype": "cognito_user_pools"}
    body = {
        "swagger": "2.0",
        "securityDefinitions": {"Pool": scheme},
        "paths": {"/v1/x": {"get": {"security": [{"Pool": []}]}}},
    }
    assert_passes("apigateway-cognito-authorizer", stack(rest_api(body)))


@pytest.mark.parametrize(
    ("body", "fragment"), [(None, "OpenAPI"), ("not json", "not valid JSON"), ("[]", "not a JSON object")]
)
def test_api_without_readable_body_fails(body: str | None, fragment: str) -> None:
    api = changed(rest_api(), body=body)
    assert_fails("apigateway-cognito-authorizer", stack(api), fragment)


@pytest.mark.parametrize(
    "operation",
    [secured("aslp/readGeneral"), secured("aslp/readSSN", "aslp/admin"), secured(), {}],
    ids=["general", "mixed", "no-scopes", "no-security"],
)
def test_ssn_route_requires_only_read_ssn(operation: dict) -> None:
    api = api_with({"/v1/compacts/{compact}/providers/{providerId}/ssn": {"get": operation, "options": {}}})
    assert_fails("apigateway-ssn-read-ssn-only", stack(api), "readSSN")


def test_read_ssn_scopes_pass_and_other_paths_are_ignored() -> None:
    api = api_with(
        {
            "/v1/compacts/{compact}/providers/{providerId}/ssn": {
                "get": secured("aslp/readSSN", "ky/aslp.readSSN")
            },
            "/v1/compacts/{compact}/ssnreport": {"get": secured("aslp/readGeneral")},
        }
    )
    assert_passes("apigateway-ssn-read-ssn-only", stack(api))


@pytest.mark.parametrize("env", ["test", "beta", "prod"])
def test_execute_api_endpoint_disabled_in_deployed_environments(env: str) -> None:
    api = changed(rest_api(), disableExecuteApiEndpoint=False)
    assert_fails("apigateway-execute-api-disabled", stack(api, env=env), env)


def test_execute_api_endpoint_may_stay_in_sandbox_or_be_disabled_in_body() -> None:
    assert_passes(
        "apigateway-execute-api-disabled",
        stack(changed(rest_api(), disableExecuteApiEndpoint=None), env="sandbox"),
    )
    in_body = openapi(
        {}, **{"x-amazon-apigateway-endpoint-configuration": {"disableExecuteApiEndpoint": True}}
    )
    assert_passes("apigateway-execute-api-disabled", stack(rest_api(in_body, disableExecuteApiEndpoint=None)))


@pytest.mark.parametrize(
    ("props", "fragment"),
    [
        ({"xrayTracingEnabled": False}, "xrayTracingEnabled"),
        ({"accessLogSettings": None}, "accessLogSettings"),
    ],
)
def test_stage_needs_tracing_and_access_logs(
    compliant: list[ResourceView], props: dict, fragment: str
) -> None:
    assert_fails(
        "apigateway-stage-tracing-and-access-logs", stack(swap(compliant, "prod-blue", **props)), fragment
    )


def test_stage_metrics_need_method_settings(compliant: list[ResourceView]) -> None:
    resources = swap(compliant, "prod-blue-settings", settings={"metricsEnabled": False})
    assert_fails("apigateway-stage-metrics", stack(resources), "metricsEnabled")
    assert_fails(
        "apigateway-stage-metrics", stack(replace(compliant, named(compliant, "prod-blue-settings"), None))
    )


def test_stage_metrics_match_by_api_and_stage_name() -> None:
    api, _, stage, settings, *_ = api_set()
    unlinked = res(settings.type, "s2", dict(settings.props), deps={"restApi": [api]})
    assert_passes("apigateway-stage-metrics", stack(api, stage, unlinked))


def test_stage_needs_waf_association(compliant: list[ResourceView]) -> None:
    resources = replace(compliant, named(compliant, "api-acl-association"), None)
    assert_fails("apigateway-stage-waf", stack(resources), "WebAclAssociation")


@pytest.mark.parametrize("policy", ["TLS_1_0", None])
def test_domain_needs_tls12(compliant: list[ResourceView], policy: str | None) -> None:
    assert_fails(
        "apigateway-domain-tls12", stack(swap(compliant, "api-domain", securityPolicy=policy)), "TLS_1_2"
    )


def test_prod_web_acl_needs_rate_limit_and_common_rules(compliant: list[ResourceView]) -> None:
    acl = named(compliant, "api-acl")
    rate_only, common_only = acl.get("rules")
    assert_fails(
        "wafv2-prod-managed-rules", stack(swap(compliant, "api-acl", rules=[rate_only])), "AWSManagedRules"
    )
    assert_fails(
        "wafv2-prod-managed-rules", stack(swap(compliant, "api-acl", rules=[common_only])), "rate-based"
    )
    assert_passes("wafv2-prod-managed-rules", stack(swap(compliant, "api-acl", rules=[]), env="sandbox"))


def test_web_acl_rule_json_is_understood(compliant: list[ResourceView]) -> None:
    rule_json = json.dumps(
        [
            {"Name": "RateLimit", "Statement": {"RateBasedStatement": {"Limit": 1000}}},
            {
                "Name": "CRS",
                "Statement": {"ManagedRuleGroupStatement": {"Name": "AWSManagedRulesCommonRuleSet"}},
            },
        ]
    )
    assert_passes(
        "wafv2-prod-managed-rules", stack(swap(compliant, "api-acl", rules=None, ruleJson=rule_json))
    )


@pytest.mark.parametrize("fields", [None, [{"singleHeader": {"name": "cookie"}}], [{"method": {}}]])
def test_waf_logging_redacts_authorization(compliant: list[ResourceView], fields: list | None) -> None:
    resources = swap(compliant, "api-acl-logging", redactedFields=fields)
    assert_fails("wafv2-logging-redacts-authorization", stack(resources), "authorization")
