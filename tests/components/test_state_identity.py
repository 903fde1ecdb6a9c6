"""The StateIdentity component under mocks: the machine-to-machine pool, its scopes and token domain, for
every stack file, and the policy pack staying green over it."""

from __future__ import annotations

from pathlib import Path

import pulumi
import pulumi_aws as aws
import pytest
from pulumi.runtime.sync_await import _sync_await

from core.resource_servers import resource_servers
from offline.preview import stack_view
from offline.runner import ProgramRun, run_program
from offline.stack_file import available_stacks
from policies.evaluate import evaluate
from policies.model import MANDATORY
from tests.components.programs import CAPTURED

PROGRAM = Path(__file__).parent / "programs" / "state_identity_only.py"
STACKS = available_stacks()
_RUNS: dict[str, ProgramRun] = {}

POOL = "aws:cognito/userPool:UserPool"
CLIENT = "aws:cognito/userPoolClient:UserPoolClient"
DOMAIN = "aws:cognito/userPoolDomain:UserPoolDomain"
RESOURCE_SERVER = "aws:cognito/resourceServer:ResourceServer"
COMPONENT = "compact-connect:components:StateIdentity"


def identity_run(stack: str) -> ProgramRun:
    if stack not in _RUNS:
        _RUNS[stack] = run_program(stack, program=PROGRAM)
    return _RUNS[stack]


@pytest.fixture(params=STACKS)
def run(request: pytest.FixtureRequest) -> ProgramRun:
    return identity_run(request.param)


def _pool(run: ProgramRun):
    return run.named(POOL, "StateAuthUsers")


def test_attribute_api():
    run = identity_run("test")
    identity = CAPTURED["state-identity:test"]

    assert isinstance(identity, pulumi.ComponentResource)
    assert isinstance(identity.user_pool, aws.cognito.UserPool)
    assert isinstance(identity.domain, aws.cognito.UserPoolDomain)
    assert identity.resource_servers.keys() == set(resource_servers(run.config.compacts))
    token_url = _sync_await(identity.token_url.future())
    assert (
        token_url == "https://compact-connect-state-auth-test.auth.us-east-1.amazoncognito.com/oauth2/token"
    )


def test_machine_to_machine_pool_settings(run):
    inputs = _pool(run).inputs

    assert inputs["name"] == f"{run.config.name_prefix}-state-auth"
    assert inputs["userPoolTier"] == "LITE"
    assert inputs["userPoolAddOns"] == {"advancedSecurityMode": "OFF"}
    assert inputs["mfaConfiguration"] == "ON"
    assert inputs["softwareTokenMfaConfiguration"] == {"enabled": True}
    assert "smsConfiguration" not in inputs and "emailMfaConfiguration" not in inputs
    assert inputs["adminCreateUserConfig"]["allowAdminCreateUserOnly"] is True
    assert inputs["accountRecoverySetting"]["recoveryMechanisms"] == [{"name": "admin_only", "priority": 1}]
    policy = inputs["passwordPolicy"]
    assert (policy["minimumLength"], policy["temporaryPasswordValidityDays"]) == (32, 1)
    assert all(
        policy[flag] for flag in ("requireLowercase", "requireUppercase", "requireNumbers", "requireSymbols")
    )
    assert "lambdaConfig" not in inputs  # no triggers: the tokens carry the app client's own scopes
    assert inputs["tags"]["Environment"] == run.stack


@pytest.mark.parametrize("stack", STACKS)
def test_prod_protects_the_pool_and_other_environments_can_destroy_it(stack):
    pool = _pool(identity_run(stack))
    kept = stack == "prod"

    assert pool.inputs["deletionProtection"] == ("ACTIVE" if kept else "INACTIVE")
    assert (pool.protect, pool.retain_on_delete) == (kept, kept)


@pytest.mark.parametrize(
    ("stack", "prefix"),
    [
        ("prod", "compact-connect-state-auth"),
        ("beta", "compact-connect-state-auth-beta"),
        ("local", "compact-connect-state-auth-local"),
    ],
)
def test_token_domain_is_a_cognito_prefix_domain(stack, prefix):
    run = identity_run(stack)
    domain = run.named(DOMAIN, "StateAuthUsers-domain").inputs

    assert domain["domain"] == prefix
    assert domain["userPoolId"] == _pool(run).outputs["id"]
    assert "certificateArn" not in domain  # the token endpoint needs no custom domain


def test_same_resource_servers_and_scopes_as_the_staff_pool(run):
    expected = resource_servers(run.config.compacts)
    servers = {server.inputs["identifier"]: server for server in run.of_type(RESOURCE_SERVER)}

    assert servers.keys() == expected.keys()
    for identifier, server in servers.items():
        assert [scope["scopeName"] for scope in server.inputs["scopes"]] == expected[identifier]
        assert server.inputs["userPoolId"] == _pool(run).outputs["id"]


def test_app_clients_are_not_part_of_the_stack(run):
    assert run.of_type(CLIENT) == []


def test_everything_is_parented_under_the_component(run):
    (root,) = run.of_type(COMPONENT)
    for resource in run.resources:
        if resource.custom and not resource.type.startswith("pulumi:providers:"):
            assert resource.parent_urn == root.urn, resource.name


def test_the_policy_pack_passes(run):
    violations = evaluate(stack_view(run))

    assert [str(v) for v in violations if v.level == MANDATORY] == []
    assert [str(v) for v in violations if v.policy.startswith("cognito-")] == []
