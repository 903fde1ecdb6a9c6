"""The practitioners' user pool, its client, domain and custom-message trigger, and the provider
authorizer of the license API, as the whole program declares them for every stack file."""

from __future__ import annotations

import json

import pytest

from offline.runner import ProgramRun
from provider_users.functions import CUSTOM_MESSAGE
from tests.components.conftest import STACKS, program_run

POOL = "aws:cognito/userPool:UserPool"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain"
RESOURCE_SERVER = "aws:cognito/resourceServer:ResourceServer"
RISK = "aws:cognito/riskConfiguration:RiskConfiguration"
PERMISSION = "aws:lambda/permission:Permission"
FUNCTION = "aws:lambda/function:Function"
RECORD = "aws:route53/record:Record"
VALIDATION = "aws:acm/certificateValidation:CertificateValidation"
REST_API = "aws:apigateway/restApi:RestApi"


def _pool(run: ProgramRun):
    return run.named(POOL, "ProviderUsers")


@pytest.fixture(params=STACKS)
def run(request: pytest.FixtureRequest) -> ProgramRun:
    return program_run(request.param)


def test_accounts_name_their_provider_with_immutable_attributes(run):
    inputs = _pool(run).inputs
    schemas = {schema["name"]: schema for schema in inputs["schemas"]}

    assert inputs["name"] == f"{run.config.name_prefix}-provider-users"
    assert (schemas["email"]["required"], schemas["email"]["mutable"]) == (True, True)
    for name in ("compact", "providerId"):
        assert (schemas[name]["attributeDataType"], schemas[name]["mutable"]) == ("String", False)
    optional = {name for name, schema in schemas.items() if not schema["required"] and schema["mutable"]}
    assert {"given_name", "family_name", "birthdate", "address", "phone_number"} <= optional


def test_the_baseline_of_human_pools_and_a_one_day_temporary_password(run):
    inputs = _pool(run).inputs

    assert inputs["usernameAttributes"] == ["email"]
    assert inputs["adminCreateUserConfig"]["allowAdminCreateUserOnly"] is True
    assert inputs["passwordPolicy"]["minimumLength"] == 12
    assert inputs["passwordPolicy"]["temporaryPasswordValidityDays"] == 1
    assert inputs["userPoolTier"] == "PLUS"


@pytest.mark.parametrize(
    ("stack", "mfa", "protection", "kept"),
    [
        ("prod", "ON", "ENFORCED", True),
        ("beta", "ON", "ENFORCED", False),
        ("sandbox", "OPTIONAL", "AUDIT", False),
    ],
)
def test_mfa_and_threat_protection_follow_the_security_profile(stack, mfa, protection, kept):
    run = program_run(stack)
    pool = _pool(run)
    risks = [risk for risk in run.of_type(RISK) if risk.inputs["userPoolId"] == pool.outputs["id"]]

    assert pool.inputs["mfaConfiguration"] == mfa
    assert pool.inputs["userPoolAddOns"]["advancedSecurityMode"] == protection
    assert pool.inputs["deletionProtection"] == ("ACTIVE" if kept else "INACTIVE")
    assert len(risks) == (1 if protection == "ENFORCED" else 0)


def test_the_only_trigger_is_the_practitioner_custom_message(run):
    pool = _pool(run)
    custom_message = run.named(FUNCTION, CUSTOM_MESSAGE.name)
    permission = run.named(PERMISSION, "ProviderUsers-invokes-custom-message").inputs

    assert pool.inputs["lambdaConfig"] == {"customMessage": custom_message.outputs["arn"]}
    assert permission["principal"] == "cognito-idp.amazonaws.com"
    assert permission["function"] == custom_message.outputs["name"]
    assert permission["sourceArn"] == pool.outputs["arn"]
    servers = [
        server for server in run.of_type(RESOURCE_SERVER) if server.inputs["userPoolId"] == pool.outputs["id"]
    ]
    assert servers == []  # no scopes: the provider routes take ID tokens


def test_the_ui_client_reads_the_account_attributes_and_writes_only_email(run):
    client = run.named(CLIENT, "ProviderUsers-ui").inputs

    assert client["readAttributes"] == ["email", "custom:compact", "custom:providerId"]
    assert client["writeAttributes"] == ["email"]
    assert client["allowedOauthFlows"] == ["code"]
    assert all(
        url.endswith(("/auth/callback/licensee/jcc", "/auth/callback")) for url in client["callbackUrls"]
    )


def test_prod_signs_in_at_licensee_auth_and_others_at_a_prefix(prod):
    domain = prod.named(DOMAIN, "ProviderUsers-domain")
    validation = prod.named(VALIDATION, "ProviderUsers-certificate-validated")

    assert domain.inputs["domain"] == "licensee-auth.compactconnect.org"
    assert domain.inputs["certificateArn"] == validation.outputs["certificateArn"]
    assert (
        prod.named(RECORD, "ProviderUsers-domain-alias").inputs["name"] == "licensee-auth.compactconnect.org"
    )
    sandbox = program_run("sandbox").named(DOMAIN, "ProviderUsers-domain").inputs
    assert sandbox["domain"] == "compact-connect-provider-sandbox"


def test_the_license_api_authorizes_practitioner_routes_with_the_provider_pool_and_no_scopes(run):
    license_api = next(api for api in run.of_type(REST_API) if "/v1/provider-users/me" in api.inputs["body"])
    document = json.loads(license_api.inputs["body"])
    schemes = document["components"]["securitySchemes"]
    operation = document["paths"]["/v1/provider-users/me"]["get"]

    authorizer = schemes["ProviderUsersPoolAuthorizer"]["x-amazon-apigateway-authorizer"]
    assert authorizer == {"type": "cognito_user_pools", "providerARNs": [_pool(run).outputs["arn"]]}
    assert operation["security"] == [{"ProviderUsersPoolAuthorizer": []}]
