"""`scripts/create_app_client` and `scripts/manage_signature_keys` against moto, as an operator runs them
when onboarding a state's IT system."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from core.resource_servers import resource_servers
from core.resources import running_as
from core.signature import enforce, sign_request
from ops import create_app_client, manage_signature_keys
from state_api.routes import STATE_PROVIDER_API
from tests.functions.conftest import api_event
from tests.functions.moto_clients import moto_client
from tests.functions.state_api.signing import new_private_key, private_pem, public_pem

TOKEN_URL = "https://compact-connect-state-auth-test.auth.us-east-1.amazoncognito.com/oauth2/token"
RESOURCE = "/v1/compacts/{compact}/jurisdictions/{jurisdiction}/providers/query"


# ---- create_app_client ------------------------------------------------------------------------------


@pytest.fixture
def pool(aws, local_config):
    """A StateAuth-like pool: the resource servers of the local stack and a prefix domain."""
    client = moto_client("cognito-idp")
    pool_id = client.create_user_pool(PoolName="state-auth")["UserPool"]["Id"]
    for identifier, scopes in resource_servers(local_config.compacts).items():
        client.create_resource_server(
            UserPoolId=pool_id,
            Identifier=identifier,
            Name=identifier,
            Scopes=[{"ScopeName": scope, "ScopeDescription": scope} for scope in scopes],
        )
    client.create_user_pool_domain(Domain="compact-connect-state-auth-test", UserPoolId=pool_id)
    return client, pool_id


def clients(client, pool_id: str) -> list[dict]:
    return client.list_user_pool_clients(UserPoolId=pool_id, MaxResults=60)["UserPoolClients"]


def test_creates_a_client_credentials_client_with_the_default_scopes(pool, capsys):
    client, pool_id = pool

    assert create_app_client.main(["--pool-id", pool_id, "--compact", "aslp", "--jurisdiction", "OH"]) == 0

    out, err = capsys.readouterr()
    credentials = json.loads(out)
    assert credentials["scopes"] == ["aslp/readGeneral", "oh/aslp.write"]
    assert credentials["tokenUrl"] == TOKEN_URL and credentials["clientSecret"]
    created = client.describe_user_pool_client(UserPoolId=pool_id, ClientId=credentials["clientId"])[
        "UserPoolClient"
    ]
    assert (
        created["AllowedOAuthFlows"] == ["client_credentials"] and created["AllowedOAuthFlowsUserPoolClient"]
    )
    assert created["ClientSecret"] == credentials["clientSecret"]
    assert (created["AccessTokenValidity"], created["TokenValidityUnits"]["AccessToken"]) == (15, "minutes")
    assert created["PreventUserExistenceErrors"] == "ENABLED"
    assert created["ClientName"] == "aslp-oh-state-api"
    assert "client_credentials" in err and "manage_signature_keys" in err and TOKEN_URL in err


def test_an_extra_read_private_scope_of_the_same_state_is_added(pool, capsys):
    _, pool_id = pool
    argv = [
        "--pool-id",
        pool_id,
        "--compact",
        "aslp",
        "--jurisdiction",
        "oh",
        "--extra-scope",
        "oh/aslp.readPrivate",
    ]

    assert create_app_client.main(argv) == 0
    assert json.loads(capsys.readouterr().out)["scopes"] == [
        "aslp/readGeneral",
        "oh/aslp.write",
        "oh/aslp.readPrivate",
    ]


@pytest.mark.parametrize(
    ("compact", "jurisdiction", "extra", "message"),
    [
        ("aslp", "oh", ["oh/aslp.admin"], "may only add"),
        ("aslp", "oh", ["aslp/readSSN"], "may only add"),
        ("aslp", "oh", ["ky/aslp.readPrivate"], "may only add"),
        ("aslp", "oh", ["oh/octp.readPrivate"], "may only add"),
        ("aslp", "wy", [], "is wy an active member of aslp?"),  # wy is not active in the local stack
    ],
)
def test_refusals_create_nothing(pool, capsys, compact, jurisdiction, extra, message):
    client, pool_id = pool
    argv = ["--pool-id", pool_id, "--compact", compact, "--jurisdiction", jurisdiction]
    argv += [arg for scope in extra for arg in ("--extra-scope", scope)]

    assert create_app_client.main(argv) == 1
    assert message in capsys.readouterr().err
    assert clients(client, pool_id) == []


def test_rotation_deletes_the_old_client(pool, capsys):
    client, pool_id = pool
    create_app_client.main(["--pool-id", pool_id, "--compact", "aslp", "--jurisdiction", "oh"])
    old = json.loads(capsys.readouterr().out)["clientId"]
    create_app_client.main(["--pool-id", pool_id, "--compact", "aslp", "--jurisdiction", "oh"])
    new = json.loads(capsys.readouterr().out)["clientId"]

    assert create_app_client.main(["--pool-id", pool_id, "--delete", old]) == 0
    assert json.loads(capsys.readouterr().out)["deleted"] == old
    assert [entry["ClientId"] for entry in clients(client, pool_id)] == [new]
    assert create_app_client.main(["--pool-id", pool_id, "--delete", old]) == 1
    assert "no app client" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--compact", "aslp"], "--compact and --jurisdiction are required"),
        (["--compact", "aslp", "--jurisdiction", "zz"], "not a jurisdiction postal code"),
        (["--delete", "abc", "--compact", "aslp"], "--delete takes only"),
    ],
)
def test_bad_invocations_are_refused(pool, capsys, argv, message):
    with pytest.raises(SystemExit):
        create_app_client.main(["--pool-id", pool[1], *argv])
    assert message in capsys.readouterr().err


def test_sandbox_mode_reads_the_pool_and_token_url_from_the_manifest(pool, tmp_path: Path, capsys):
    _, pool_id = pool
    manifest = tmp_path / "manifest.json"
    state_pool = {"id": pool_id, "tokenUrl": "http://127.0.0.1:3101/oauth2/token"}
    endpoint = "https://cognito-idp.us-east-1.amazonaws.com"
    manifest.write_text(
        json.dumps({"region": "us-east-1", "awsEndpoint": endpoint, "userPools": {"state": state_pool}})
    )

    argv = ["--sandbox", "--compact", "aslp", "--jurisdiction", "oh"]
    assert create_app_client.main(argv, manifest_path=manifest) == 0
    assert json.loads(capsys.readouterr().out)["tokenUrl"] == "http://127.0.0.1:3101/oauth2/token"
    manifest.write_text(json.dumps({"region": "us-east-1", "awsEndpoint": "x", "userPools": {}}))
    assert create_app_client.main(argv, manifest_path=manifest) == 1
    assert "no state pool" in capsys.readouterr().err


# ---- manage_signature_keys --------------------------------------------------------------------------


def keys_cli(aws, *argv: str) -> int:
    table = aws["compact_configuration"].name
    return manage_signature_keys.main([*argv, "--compact", "aslp", "--jurisdiction", "oh", "--table", table])


def signed_request_passes(private_key_pem: str, key_id: str) -> None:
    params = {"compact": "aslp", "jurisdiction": "oh"}
    event = api_event("POST", RESOURCE, params, body={})
    event["headers"].update(sign_request(private_key_pem, "POST", event["path"], None, key_id))
    with running_as(STATE_PROVIDER_API):
        enforce(event, "aslp", "oh", True)


def write_pem(tmp_path: Path, pem: str, name: str = "key.pem") -> str:
    path = tmp_path / name
    path.write_text(pem)
    return str(path)


def test_a_registered_public_key_verifies_the_states_requests(aws, tmp_path, capsys):
    key = new_private_key()

    assert (
        keys_cli(
            aws, "create", "--key-id", "oh-2025", "--public-key-file", write_pem(tmp_path, public_pem(key))
        )
        == 0
    )

    created = json.loads(capsys.readouterr().out)
    assert created["keyId"] == "oh-2025" and created["fingerprint"].startswith("SHA256:")
    (item,) = aws["compact_configuration"].scan()["Items"]
    assert (item["pk"], item["sk"]) == ("aslp#SIGNATURE_KEYS#oh", "aslp#JURISDICTION#oh#oh-2025")
    assert item["type"] == "signingKey" and item["publicKey"] == public_pem(key)
    signed_request_passes(private_pem(key), "oh-2025")


def test_generate_stores_the_public_half_and_prints_the_private_key_once(aws, capsys):
    assert keys_cli(aws, "create", "--key-id", "generated", "--generate") == 0

    out, err = capsys.readouterr()
    document, _, pem_body = out.partition("-----BEGIN")
    assert json.loads(document)["keyId"] == "generated"
    assert "shown once" in err
    signed_request_passes("-----BEGIN" + pem_body, "generated")


def test_list_and_delete_keys_for_rotation(aws, tmp_path, capsys):
    for key_id in ("old", "new"):
        keys_cli(aws, "create", "--key-id", key_id, "--generate")
    capsys.readouterr()

    assert keys_cli(aws, "list") == 0
    assert [entry["keyId"] for entry in json.loads(capsys.readouterr().out)] in (
        ["old", "new"],
        ["new", "old"],
    )
    assert keys_cli(aws, "delete", "--key-id", "old") == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == {"deleted": "old", "remainingKeys": ["new"]}
    assert "no signing key left" not in err
    assert keys_cli(aws, "delete", "--key-id", "new") == 0
    assert "no signing key left" in capsys.readouterr().err
    assert keys_cli(aws, "delete", "--key-id", "new") == 1
    assert "has no key 'new'" in capsys.readouterr().err


def test_an_existing_key_id_is_never_overwritten(aws, capsys):
    keys_cli(aws, "create", "--key-id", "k1", "--generate")
    stored = aws["compact_configuration"].scan()["Items"]

    assert keys_cli(aws, "create", "--key-id", "k1", "--generate") == 1
    assert "already has a key 'k1'" in capsys.readouterr().err
    assert aws["compact_configuration"].scan()["Items"] == stored


def _other_pems() -> dict[str, str]:
    p384 = ec.generate_private_key(ec.SECP384R1()).public_key()
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    spki = (serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return {
        "p384": p384.public_bytes(*spki).decode(),
        "rsa": rsa_key.public_bytes(*spki).decode(),
        "private": private_pem(new_private_key()),
        "garbage": "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----\n",
    }


@pytest.mark.parametrize("kind", ["p384", "rsa", "private", "garbage"])
def test_only_p256_public_keys_are_accepted(aws, tmp_path, capsys, kind):
    assert (
        keys_cli(
            aws, "create", "--key-id", "k", "--public-key-file", write_pem(tmp_path, _other_pems()[kind])
        )
        == 1
    )
    assert "error:" in capsys.readouterr().err
    assert aws["compact_configuration"].scan()["Items"] == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["create", "--key-id", "k"], "--public-key-file or --generate"),
        (["delete"], "--key-id is required"),
        (["create", "--key-id", "bad id", "--generate"], "--key-id: use 1 to 64"),
        (["list", "--generate"], "only apply to create"),
    ],
)
def test_bad_key_invocations_are_refused(aws, capsys, argv, message):
    with pytest.raises(SystemExit):
        keys_cli(aws, *argv)
    assert message in capsys.readouterr().err


def test_keys_sandbox_mode_uses_the_manifest_table(aws, tmp_path, capsys):
    manifest = tmp_path / "manifest.json"
    tables = {"compact_configuration": aws["compact_configuration"].name}
    endpoint = "https://dynamodb.us-east-1.amazonaws.com"
    manifest.write_text(json.dumps({"region": "us-east-1", "awsEndpoint": endpoint, "tables": tables}))
    argv = [
        "create",
        "--compact",
        "aslp",
        "--jurisdiction",
        "oh",
        "--key-id",
        "sb",
        "--generate",
        "--sandbox",
    ]

    assert manage_signature_keys.main(argv, manifest_path=manifest) == 0
    assert len(aws["compact_configuration"].scan()["Items"]) == 1
    assert manage_signature_keys.main(argv, manifest_path=tmp_path / "absent.json") == 1
    assert "start scripts/sandbox" in capsys.readouterr().err
