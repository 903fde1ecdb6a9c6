"""`scripts/fetch_resources` turns a stack's outputs (the program's exports, as `pulumi stack output
--json` prints them) and the pools' sign-in domains into readable lines or the UI's `.env`; a failing or
missing Pulumi CLI is an error naming why."""

from __future__ import annotations

import json
import subprocess

from ops import fetch_resources

OUTPUTS = {
    "environment": "test",
    "licenseApiUrl": "https://api.test.example.org",
    "stateApiUrl": "https://state-api.test.example.org",
    "searchApiUrl": "https://search.test.example.org",
    "staffUserPoolId": "us-east-1_staff",
    "staffUiClientId": "staff-client",
    "providerUserPoolId": "us-east-1_provider",
    "providerUiClientId": "provider-client",
    "stateAuthTokenUrl": "https://state-auth.test.example.org/oauth2/token",
    "tables": {"provider": "cc-test-ProviderTable", "users": "cc-test-UsersTable"},
}


class Pools:
    def describe_user_pool(self, UserPoolId: str) -> dict:
        if UserPoolId == "us-east-1_staff":
            return {"UserPool": {"Domain": "cc-test-staff"}}
        return {"UserPool": {"Domain": "x", "CustomDomain": "app-auth.test.example.org"}}


def pulumi(stdout: str = "", returncode: int = 0, stderr: str = ""):
    calls = []

    def run(command, **kwargs):
        calls.append(command)
        return subprocess.CompletedProcess(command, returncode, stdout, stderr)

    run.calls = calls  # type: ignore[attr-defined]
    return run


def test_the_env_lines_name_every_endpoint_pool_and_domain(capsys):
    run = pulumi(json.dumps(OUTPUTS))
    assert (
        fetch_resources.main(["--stack", "org/compact-connect/test", "--as-env"], run=run, cognito=Pools())
        == 0
    )
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    assert run.calls == [["pulumi", "stack", "output", "--json", "--stack", "org/compact-connect/test"]]
    assert lines["VUE_APP_API_LICENSE_ROOT"] == "https://api.test.example.org"
    assert lines["VUE_APP_API_SEARCH_ROOT"] == "https://search.test.example.org"
    assert (
        lines["VUE_APP_COGNITO_AUTH_DOMAIN_STAFF"] == "https://cc-test-staff.auth.us-east-1.amazoncognito.com"
    )
    assert lines["VUE_APP_COGNITO_AUTH_DOMAIN_LICENSEE"] == "https://app-auth.test.example.org"
    assert lines["VUE_APP_COGNITO_CLIENT_ID_STAFF"] == "staff-client"
    assert lines["VUE_APP_DYNAMO_TABLE_STAFF"] == "cc-test-UsersTable"


def test_the_readable_form_lists_each_resource(capsys):
    assert fetch_resources.main(["--stack", "s"], run=pulumi(json.dumps(OUTPUTS)), cognito=Pools()) == 0
    out = capsys.readouterr().out
    assert "stateAuthTokenUrl" in out and "https://state-auth.test.example.org/oauth2/token" in out


def test_a_failing_pulumi_is_an_error_naming_why(capsys):
    assert (
        fetch_resources.main(["--stack", "s"], run=pulumi(returncode=255, stderr="no stack named 's'")) == 1
    )
    assert "no stack named 's'" in capsys.readouterr().err

    def missing(*args, **kwargs):
        raise FileNotFoundError("pulumi")

    assert fetch_resources.main(["--stack", "s"], run=missing) == 1
    assert "not installed" in capsys.readouterr().err
