"""The staff user pool, its client, domain, resource servers and triggers, and the SES identity
Cognito sends from, as the whole program declares them for every stack file."""

from __future__ import annotations

import json
from urllib.parse import urlparse

import pytest

from catalog import FUNCTIONS
from core.user_pools import UserPoolName
from offline.runner import ProgramRun
from staff_auth.functions import CUSTOM_MESSAGE, PRE_TOKEN
from tests.components.conftest import STACKS, program_run

POOL = "aws:cognito/userPool:UserPool"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain"
RESOURCE_SERVER = "aws:cognito/resourceServer:ResourceServer"
RISK = "aws:cognito/riskConfiguration:RiskConfiguration"
PERMISSION = "aws:lambda/permission:Permission"
FUNCTION = "aws:lambda/function:Function"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
RECORD = "aws:route53/record:Record"
SES_IDENTITY = "aws:sesv2/emailIdentity:EmailIdentity"
MAIL_FROM = "aws:sesv2/emailIdentityMailFromAttributes:EmailIdentityMailFromAttributes"
IDENTITY_POLICY = "aws:sesv2/emailIdentityPolicy:EmailIdentityPolicy"
VERIFICATION = "aws:ses/domainIdentityVerification:DomainIdentityVerification"
VALIDATION = "aws:acm/certificateValidation:CertificateValidation"
COMPACT_SCOPES = {"admin", "write", "readGeneral", "readSSN", "readPrivate"}
JURISDICTION_ACTIONS = ("admin", "write", "readPrivate", "readSSN")
VULNERABLE_STACKS = ("local", "sandbox")
DOMAIN_STACKS = ("test", "beta", "prod")


def _pool(run: ProgramRun):
    return run.named(POOL, "StaffUsers")


def _client(run: ProgramRun):
    return run.named(CLIENT, "StaffUsers-ui")


@pytest.fixture(params=STACKS)
def run(request: pytest.FixtureRequest) -> ProgramRun:
    return program_run(request.param)


@pytest.mark.parametrize(("stack", "count"), [("prod", 44), ("beta", 44), ("local", 20), ("sandbox", 20)])
def test_resource_server_count_stays_within_the_quota(stack, count):
    """Per pool: the staff and the state pools each carry the same set (quota is per pool)."""
    run = program_run(stack)
    staff_pool = run.named("aws:cognito/userPool:UserPool", "StaffUsers").outputs["id"]
    servers = [server for server in run.of_type(RESOURCE_SERVER) if server.inputs["userPoolId"] == staff_pool]
    assert len(servers) == count


def test_one_resource_server_per_compact_and_active_jurisdiction(run):
    compacts = run.config.compacts.compacts
    servers = {server.inputs["identifier"]: server for server in run.of_type(RESOURCE_SERVER)}

    assert set(servers) == set(compacts) | set(run.config.compacts.all_active_jurisdictions())
    for identifier, server in servers.items():
        scopes = {scope["scopeName"] for scope in server.inputs["scopes"]}
        active_in = [c for c, definition in compacts.items() if identifier in definition.active_jurisdictions]
        in_jurisdiction = {f"{compact}.{action}" for compact in active_in for action in JURISDICTION_ACTIONS}
        assert scopes == (COMPACT_SCOPES if identifier in compacts else in_jurisdiction), identifier
        assert server.inputs["userPoolId"] == _pool(run).outputs["id"]
        assert all(scope["scopeDescription"] for scope in server.inputs["scopes"])


def test_a_jurisdiction_in_every_prod_compact_has_twelve_scopes(prod):
    server = prod.named(RESOURCE_SERVER, "StaffUsers-oh")
    scopes = {scope["scopeName"] for scope in server.inputs["scopes"]}

    assert scopes == {f"{c}.{a}" for c in ("aslp", "octp", "coun") for a in JURISDICTION_ACTIONS}


def test_triggers_are_the_catalog_functions_and_cognito_may_invoke_them(run):
    pool = _pool(run)
    lambda_config = pool.inputs["lambdaConfig"]
    pre_token = run.named(FUNCTION, PRE_TOKEN.name)
    custom_message = run.named(FUNCTION, CUSTOM_MESSAGE.name)

    pre_token_config = lambda_config["preTokenGenerationConfig"]
    assert (pre_token_config["lambdaArn"], pre_token_config["lambdaVersion"]) == (
        pre_token.outputs["arn"],
        "V2_0",
    )
    assert lambda_config["customMessage"] == custom_message.outputs["arn"]
    for suffix, function in (("pre-token", pre_token), ("custom-message", custom_message)):
        permission = run.named(PERMISSION, f"StaffUsers-invokes-{suffix}").inputs
        assert permission["principal"] == "cognito-idp.amazonaws.com"
        assert permission["action"] == "lambda:InvokeFunction"
        assert permission["function"] == function.outputs["name"]
        assert permission["sourceArn"] == pool.outputs["arn"]


def test_baseline_settings_in_every_stack(run):
    inputs = _pool(run).inputs

    assert inputs["name"] == f"{run.config.name_prefix}-staff-users"
    assert inputs["usernameAttributes"] == ["email"]
    assert inputs["usernameConfiguration"] == {"caseSensitive": False}
    assert inputs["adminCreateUserConfig"]["allowAdminCreateUserOnly"] is True
    recovery = inputs["accountRecoverySetting"]["recoveryMechanisms"]
    assert recovery == [{"name": "verified_email", "priority": 1}]
    device = inputs["deviceConfiguration"]
    assert device["challengeRequiredOnNewDevice"] and device["deviceOnlyRememberedOnUserPrompt"]
    policy = inputs["passwordPolicy"]
    assert (policy["minimumLength"], policy["passwordHistorySize"]) == (12, 4)
    assert policy["requireNumbers"] and policy["requireLowercase"]
    assert not policy["requireUppercase"] and not policy["requireSymbols"]
    assert inputs["softwareTokenMfaConfiguration"] == {"enabled": True}
    assert "smsConfiguration" not in inputs and "emailMfaConfiguration" not in inputs
    assert inputs["userPoolTier"] == "PLUS"
    assert [(s["name"], s["required"], s["mutable"]) for s in inputs["schemas"]] == [("email", True, True)]
    assert inputs["tags"]["Environment"] == run.stack


@pytest.mark.parametrize(
    ("stack", "mfa", "protection", "kept"),
    [
        ("prod", "ON", "ENFORCED", True),
        ("beta", "ON", "ENFORCED", False),
        ("test", "ON", "ENFORCED", False),
        ("sandbox", "OPTIONAL", "AUDIT", False),
        ("local", "OPTIONAL", "AUDIT", False),
    ],
)
def test_security_profile_and_retention(stack, mfa, protection, kept):
    run = program_run(stack)
    pool = _pool(run)
    flows = set(_client(run).inputs["explicitAuthFlows"])

    assert pool.inputs["mfaConfiguration"] == mfa
    assert pool.inputs["userPoolAddOns"]["advancedSecurityMode"] == protection
    assert pool.inputs["deletionProtection"] == ("ACTIVE" if kept else "INACTIVE")
    assert (pool.protect, pool.retain_on_delete) == (kept, kept)
    vulnerable = stack in VULNERABLE_STACKS
    assert bool(run.of_type(RISK)) is not vulnerable
    assert ({"ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"} <= flows) is vulnerable


@pytest.mark.parametrize("stack", DOMAIN_STACKS)
def test_recommended_pools_block_leaked_passwords_and_ask_for_mfa_on_risk(stack):
    run = program_run(stack)
    risk = run.named(RISK, "StaffUsers-risk").inputs
    identity_arn = run.named(SES_IDENTITY, "EmailIdentity").outputs["arn"]

    assert risk["userPoolId"] == _pool(run).outputs["id"]
    assert risk["compromisedCredentialsRiskConfiguration"] == {
        "actions": {"eventAction": "BLOCK"},
        "eventFilters": ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"],
    }
    takeover = risk["accountTakeoverRiskConfiguration"]
    for level in ("lowAction", "mediumAction", "highAction"):
        assert takeover["actions"][level] == {"eventAction": "MFA_REQUIRED", "notify": True}
    notify = takeover["notifyConfiguration"]
    assert (notify["from"], notify["sourceArn"]) == (f"no-reply@{run.config.domain_name}", identity_arn)


def test_client_uses_the_code_grant_and_short_lived_tokens(run):
    inputs = _client(run).inputs

    assert inputs["allowedOauthFlows"] == ["code"]
    assert inputs["allowedOauthFlowsUserPoolClient"] is True
    assert inputs["generateSecret"] is False
    assert inputs["enableTokenRevocation"] is True
    assert inputs["preventUserExistenceErrors"] == "ENABLED"
    assert (inputs["accessTokenValidity"], inputs["idTokenValidity"]) == (5, 5)
    assert (inputs["refreshTokenValidity"], inputs["authSessionValidity"]) == (30, 15)
    units = inputs["tokenValidityUnits"]
    assert (units["accessToken"], units["idToken"], units["refreshToken"]) == ("minutes", "minutes", "days")
    scopes = {"openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"}
    assert set(inputs["allowedOauthScopes"]) == scopes
    assert (inputs["readAttributes"], inputs["writeAttributes"]) == (["email"], ["email"])
    assert inputs["supportedIdentityProviders"] == ["COGNITO"]
    assert {"ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"} <= set(inputs["explicitAuthFlows"])


def _hosts(urls: list[str]) -> set[str]:
    return {urlparse(url).hostname or "" for url in urls}


@pytest.mark.parametrize(
    ("stack", "hosts"),
    [("prod", {"app.compactconnect.org"}), ("test", {"app.test.compactconnect.org", "localhost"})],
)
def test_client_urls_are_the_ui_host_and_localhost_only_where_allowed(stack, hosts):
    run = program_run(stack)
    inputs, origins = _client(run).inputs, run.config.allowed_origins

    paths = ("/auth/callback/staff/jcc", "/auth/callback")
    assert inputs["callbackUrls"] == [f"{origin}{path}" for origin in origins for path in paths]
    assert {urlparse(url).path for url in inputs["logoutUrls"]} == {"/Login", "/Dashboard", "/Logout"}
    assert _hosts(inputs["callbackUrls"]) == _hosts(inputs["logoutUrls"]) == hosts


def test_prod_uses_a_custom_domain_behind_a_validated_certificate(prod):
    domain = prod.named(DOMAIN, "StaffUsers-domain")
    validation = prod.named(VALIDATION, "StaffUsers-certificate-validated")
    alias = prod.named(RECORD, "StaffUsers-domain-alias").inputs

    assert domain.inputs["domain"] == "staff-auth.compactconnect.org"
    assert domain.inputs["certificateArn"] == validation.outputs["certificateArn"]
    assert domain.inputs["managedLoginVersion"] == 2
    assert (alias["name"], alias["type"]) == ("staff-auth.compactconnect.org", "A")
    assert alias["aliases"][0]["name"] == domain.outputs["cloudfrontDistribution"]


@pytest.mark.parametrize("stack", VULNERABLE_STACKS)
def test_environments_without_a_domain_use_a_cognito_prefix(stack):
    run = program_run(stack)
    domain = run.named(DOMAIN, "StaffUsers-domain").inputs

    assert domain["domain"] == f"compact-connect-staff-{stack}"
    assert "certificateArn" not in domain
    assert run.of_type("aws:acm/certificate:Certificate") == []


def test_pools_send_through_ses_only_where_there_is_a_domain(run):
    email = _pool(run).inputs["emailConfiguration"]
    identities = run.of_type(SES_IDENTITY)

    if run.config.domain_name is None:
        assert identities == []
        assert email == {"emailSendingAccount": "COGNITO_DEFAULT"}
        return
    assert [identity.inputs["emailIdentity"] for identity in identities] == [run.config.domain_name]
    assert email == {
        "emailSendingAccount": "DEVELOPER",
        "fromEmailAddress": f"CompactConnect <no-reply@{run.config.domain_name}>",
        "sourceArn": identities[0].outputs["arn"],
    }
    verification = run.named(VERIFICATION, "EmailIdentity-verified")
    assert verification.urn in _pool(run).dependencies["emailConfiguration"]


def test_prod_domain_records_sign_align_and_report(prod):
    records = {(r.inputs["name"], r.inputs["type"]): r.inputs.get("records") for r in prod.of_type(RECORD)}
    tokens = prod.named(SES_IDENTITY, "EmailIdentity").outputs["dkimSigningAttributes"]["tokens"]

    for token in tokens:
        assert records[(f"{token}._domainkey.compactconnect.org", "CNAME")] == [f"{token}.dkim.amazonses.com"]
    assert records[("no-reply.compactconnect.org", "MX")] == ["10 feedback-smtp.us-east-1.amazonses.com"]
    assert records[("no-reply.compactconnect.org", "TXT")] == ["v=spf1 include:amazonses.com ~all"]
    assert records[("_dmarc.compactconnect.org", "TXT")] == [
        "v=DMARC1;p=reject;rua=mailto:ops@compactconnect.org"
    ]
    mail_from = prod.named(MAIL_FROM, "EmailIdentity-mail-from")
    assert mail_from.inputs["mailFromDomain"] == "no-reply.compactconnect.org"


def test_only_this_accounts_cognito_may_send_as_the_domain(prod):
    policy = prod.named(IDENTITY_POLICY, "EmailIdentity-cognito-sends")
    (statement,) = json.loads(policy.inputs["policy"])["Statement"]

    assert statement["Principal"] == {"Service": "cognito-idp.amazonaws.com"}
    assert statement["Resource"] == prod.named(SES_IDENTITY, "EmailIdentity").outputs["arn"]
    assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": prod.config.account_id}


def test_license_api_authorizes_staff_routes_with_the_staff_pool(run):
    body = json.loads(run.named("aws:apigateway/restApi:RestApi", "LicenseApi").inputs["body"])
    staff_routes = [
        operation
        for item in body["paths"].values()
        for method, operation in item.items()
        if method != "options"
        and any("StaffUsersPoolAuthorizer" in requirement for requirement in operation.get("security", []))
    ]
    if not staff_routes:
        pytest.skip("no LicenseApi route uses the staff authorizer yet")
    scheme = body["components"]["securitySchemes"]["StaffUsersPoolAuthorizer"]
    assert scheme["x-amazon-apigateway-authorizer"]["providerARNs"] == [_pool(run).outputs["arn"]]


def test_functions_that_administer_staff_users_are_granted_this_pool(run):
    pool = _pool(run).outputs
    specs = [spec for spec in FUNCTIONS if any(g.pool is UserPoolName.STAFF for g in spec.pool_grants)]
    if not specs:
        pytest.skip("no function has a staff pool grant yet")
    for spec in specs:
        function = run.named(FUNCTION, spec.name).inputs
        policy = json.loads(run.named(ROLE_POLICY, f"{spec.name}-grants").inputs["policy"])
        pool_statements = [s for s in policy["Statement"] if s["Sid"].startswith("UserPool")]

        assert function["environment"]["variables"]["STAFF_USER_POOL_ID"] == pool["id"]
        staff_grants = [g for g in spec.pool_grants if g.pool is UserPoolName.STAFF]
        on_this_pool = [s for s in pool_statements if s["Resource"] == [pool["arn"]]]
        assert len(on_this_pool) == len(staff_grants)  # one statement per grant, each on this pool only
