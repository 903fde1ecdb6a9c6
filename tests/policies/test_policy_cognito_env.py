"""Cognito rules, required tags and the environment-wide rules."""

from __future__ import annotations

import dataclasses

import pytest

from policies.model import ResourceView
from tests.policies.policy_builders import (
    assert_fails,
    assert_passes,
    changed,
    kms_key,
    named,
    replace,
    res,
    stack,
    tags,
)
from tests.policies.policy_builders_app import risk_configuration, user_pool, user_pool_client

RULES = [
    "cognito-prod-mfa-required",
    "cognito-prod-threat-protection",
    "cognito-prod-deletion-protection",
    "cognito-admin-create-only",
    "cognito-client-no-implicit-flow",
    "cognito-prod-no-localhost-urls",
    "cognito-client-token-validity",
    "cognito-risk-configuration",
    "required-tags",
    "prod-data-resources-retained",
    "prod-security-profile-not-vulnerable",
]


@pytest.mark.parametrize("rule", RULES)
def test_compliant_stack_passes(compliant: list[ResourceView], rule: str) -> None:
    assert_passes(rule, stack(compliant))


@pytest.mark.parametrize(
    ("rule", "props", "fragment"),
    [
        ("cognito-prod-mfa-required", {"mfaConfiguration": "OPTIONAL"}, "mfaConfiguration"),
        ("cognito-prod-threat-protection", {"userPoolAddOns": {"advancedSecurityMode": "AUDIT"}}, "ENFORCED"),
        ("cognito-prod-deletion-protection", {"deletionProtection": "INACTIVE"}, "ACTIVE"),
    ],
)
def test_prod_pool_settings(rule: str, props: dict, fragment: str) -> None:
    pool = user_pool(**props)
    assert_fails(rule, stack(pool), fragment)
    assert_passes(rule, stack(pool, env="sandbox"))


def test_lite_pools_are_exempt_from_threat_protection() -> None:
    pool = user_pool(userPoolTier="LITE", userPoolAddOns=None)
    assert_passes("cognito-prod-threat-protection", stack(pool))
    assert_passes("cognito-risk-configuration", stack(pool))


@pytest.mark.parametrize("config", [None, {"allowAdminCreateUserOnly": False}])
def test_self_sign_up_is_rejected_everywhere(config: dict | None) -> None:
    assert_fails("cognito-admin-create-only", stack(user_pool(adminCreateUserConfig=config), env="sandbox"))


def test_implicit_flow_is_rejected() -> None:
    client = user_pool_client(user_pool(), allowedOauthFlows=["code", "implicit"])
    assert_fails("cognito-client-no-implicit-flow", stack(client, env="sandbox"), "implicit")


@pytest.mark.parametrize("url", ["http://localhost:3018/auth/callback", "http://127.0.0.1/cb"])
def test_localhost_callbacks_rejected_in_prod_only(url: str) -> None:
    pool = user_pool()
    client = user_pool_client(pool, callbackUrls=["https://app.compactconnect.org/cb", url])
    assert_fails("cognito-prod-no-localhost-urls", stack(pool, client), url)
    assert_passes("cognito-prod-no-localhost-urls", stack(pool, client, env="sandbox"))


def test_localhost_logout_urls_rejected_using_tags_for_the_environment() -> None:
    pool = user_pool()
    client = user_pool_client(pool, logoutUrls=["http://localhost:3018/Logout"])
    # No stack config: the environment comes from the pool's Environment tag (the client has no tags).
    assert_fails("cognito-prod-no-localhost-urls", stack(pool, client, env=None), "localhost")


@pytest.mark.parametrize(
    "props",
    [
        {"accessTokenValidity": 2, "tokenValidityUnits": {"accessToken": "hours", "idToken": "minutes"}},
        {"idTokenValidity": 2, "tokenValidityUnits": None},
        {"accessTokenValidity": 1, "tokenValidityUnits": {"accessToken": "days"}},
    ],
)
def test_long_token_validity_is_reported(props: dict) -> None:
    assert_fails("cognito-client-token-validity", stack(user_pool_client(user_pool(), **props)), "minutes")


def test_default_token_validity_is_fine() -> None:
    client = user_pool_client(user_pool(), accessTokenValidity=None, idTokenValidity=None)
    assert_passes("cognito-client-token-validity", stack(client))


@pytest.mark.parametrize("action", ["NO_BLOCK", None])
def test_risk_configuration_must_block(action: str | None) -> None:
    pool = user_pool()
    risks = [risk_configuration(pool, action)] if action else []
    assert_fails("cognito-risk-configuration", stack(pool, *risks), "BLOCK")
    assert_passes(
        "cognito-risk-configuration", stack(pool, *risks, securityProfile="VULNERABLE", env="sandbox")
    )


@pytest.mark.parametrize("missing", ["Project", "Service", "Environment"])
def test_required_tags(missing: str) -> None:
    key = kms_key()
    key = changed(key, tags={k: v for k, v in key.tags.items() if k != missing})
    assert_fails("required-tags", stack(key), missing)


def test_required_tags_checks_any_resource_that_sets_tags() -> None:
    custom = res("aws:sfn/activity:Activity", "a", {"tags": {"Project": "compact-connect"}})
    assert_fails("required-tags", stack(custom), "Service, Environment")
    assert_passes("required-tags", stack(res("aws:cognito/userPoolClient:UserPoolClient", "c", {})))


def test_environment_tag_must_match_the_stack() -> None:
    key = changed(kms_key(), tags=tags(env="test"))
    assert_fails("required-tags", stack(key), "does not match")


@pytest.mark.parametrize(("protect", "retain"), [(False, True), (True, False)])
def test_prod_data_resources_are_retained(compliant: list[ResourceView], protect: bool, retain: bool) -> None:
    table = named(compliant, "provider-table")
    loose = dataclasses.replace(table, protect=protect, retain_on_delete=retain)
    resources = replace(compliant, table, loose)
    assert_fails(
        "prod-data-resources-retained", stack(resources), "protect" if not protect else "retain_on_delete"
    )
    assert_passes("prod-data-resources-retained", stack(resources, env="test"))


def test_unknown_retain_on_delete_is_not_a_violation(compliant: list[ResourceView]) -> None:
    table = named(compliant, "provider-table")
    resources = replace(compliant, table, dataclasses.replace(table, retain_on_delete=None))
    assert_passes("prod-data-resources-retained", stack(resources))


def test_vulnerable_profile_rejected_in_prod() -> None:
    found = assert_fails(
        "prod-security-profile-not-vulnerable", stack(securityProfile="VULNERABLE"), "VULNERABLE"
    )
    assert found[0].urn is None
    assert_passes("prod-security-profile-not-vulnerable", stack(securityProfile="VULNERABLE", env="sandbox"))
