"""A practitioner over HTTP in the sandbox (issue #14, first part): the provider pool on the emulator, its
ID tokens checked by the sandbox gateway as API Gateway's Cognito authorizer checks them, ``GET me`` and
the attestations.

The account is made as registration makes it (an admin-created user of the provider pool carrying
``custom:compact`` and ``custom:providerId``); the provider's records are written straight into the
sandbox's tables.
"""

from __future__ import annotations

from typing import Any

import pytest
import requests

from tests.e2e.practitioners import practitioner_tokens
from tests.e2e.providers import SandboxRecords
from tests.e2e.staff import TIMEOUT, persona

ME = "/v1/provider-users/me"


def get_me(manifest: dict[str, Any], token: str | None) -> requests.Response:
    headers = {"Authorization": token} if token else {}
    return requests.get(manifest["apis"]["license"] + ME, headers=headers, timeout=TIMEOUT)


@pytest.fixture(scope="module")
def practitioner(sandbox) -> dict[str, Any]:
    records = SandboxRecords(sandbox.manifest)
    provider = records.provider("111-22-3401", "ky", privileges=("al",), compact="aslp")
    tokens = practitioner_tokens(
        sandbox.manifest, "ada.practitioner@example.org", "aslp", provider.provider_id
    )
    return {"provider": provider, "tokens": tokens}


def test_the_manifest_names_the_provider_pool(sandbox):
    pool = sandbox.manifest["userPools"]["provider"]

    assert pool["id"] and pool["clientId"] and pool["issuer"].endswith(pool["id"])


def test_a_signed_in_practitioner_reads_their_own_record(sandbox, practitioner):
    response = get_me(sandbox.manifest, practitioner["tokens"]["IdToken"])

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["providerId"] == practitioner["provider"].provider_id
    assert [lic["jurisdiction"] for lic in body["licenses"]] == ["ky"]
    assert [privilege["jurisdiction"] for privilege in body["privileges"]] == ["al"]
    assert body["ssnLastFour"] == "3401" and "ssn" not in body


@pytest.mark.parametrize("token", ["AccessToken", None, "not-a-token"])
def test_only_a_provider_pool_id_token_gets_through(sandbox, practitioner, token):
    """An access token of the same pool, no token, or garbage: 401, as API Gateway answers."""
    value = practitioner["tokens"].get(token, token) if token else None

    assert get_me(sandbox.manifest, value).status_code == 401


def test_a_staff_token_does_not_open_a_practitioner_route(sandbox):
    admin = persona(sandbox.manifest, "compact-admin")

    assert get_me(sandbox.manifest, admin.token).status_code == 401


def test_a_practitioner_reads_the_attestations_the_deploy_uploaded(sandbox, practitioner):
    """The sandbox runs the configuration uploader at start, as a deploy does: version 1 of each."""
    url = sandbox.manifest["apis"]["license"] + "/v1/compacts/aslp/attestations/jurisprudence-confirmation"

    found = requests.get(url, headers={"Authorization": practitioner["tokens"]["IdToken"]}, timeout=TIMEOUT)
    refused = requests.get(url, timeout=TIMEOUT)

    assert found.status_code == 200, found.text
    assert (found.json()["attestationId"], found.json()["version"]) == ("jurisprudence-confirmation", "1")
    assert refused.status_code == 401
