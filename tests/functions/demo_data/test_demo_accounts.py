"""With --demo, the demo's registered practitioners can sign in (issue #14): each gets an account of the
provider pool carrying its compact and provider id, and the manifest lists it."""

from __future__ import annotations

import boto3
from moto import mock_aws

from core.buckets import PROVIDER_USERS
from ops.demo_data import seed_demo_data
from sandbox.identity import SANDBOX_PASSWORD, create_provider_pool
from sandbox.practitioners import open_demo_accounts
from sandbox.seed import seed_demo_configuration
from tests.functions.demo_data.conftest import PROVIDERS, create_tables, provider_partitions
from tests.functions.moto_clients import moto_client


def test_every_registered_demo_provider_signs_in_to_their_own_record(aws, local_config):
    with mock_aws():
        tables = create_tables("cc-accounts")
        bucket = boto3.resource("s3").create_bucket(Bucket="cc-accounts-provider-users")
        seed_demo_configuration(local_config, tables["compact_configuration"].name)
        seed_demo_data(tables, {PROVIDER_USERS.key: bucket}, local_config, providers=PROVIDERS)
        cognito = moto_client("cognito-idp")
        emulated = create_provider_pool(local_config, "http://127.0.0.1:5050")  # the sandbox's own pool
        pool, client = emulated.pool_id, emulated.client_id

        opened = open_demo_accounts(tables["provider"].name, pool)

        records = provider_partitions(tables["provider"])
        registered = {
            r.provider.provider_id: r
            for r in records.values()
            if r.provider is not None and r.provider.compact_connect_registered_email_address
        }
        assert {entry["providerId"] for entry in opened} <= set(registered)
        assert len({r.provider.compact_connect_registered_email_address for r in registered.values()}) == len(
            opened
        )
        assert {entry["compact"] for entry in opened} == {"aslp", "octp", "coun"}
        assert any(registered[e["providerId"]].privileges for e in opened)
        assert any(registered[e["providerId"]].military_affiliations for e in opened)
        for entry in opened[:5]:
            assert entry["password"] == SANDBOX_PASSWORD
            signed_in = cognito.admin_initiate_auth(
                UserPoolId=pool,
                ClientId=client,
                AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": entry["email"], "PASSWORD": SANDBOX_PASSWORD},
            )
            assert "AuthenticationResult" in signed_in
            user = cognito.admin_get_user(UserPoolId=pool, Username=entry["email"])
            attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
            assert attributes["custom:providerId"] == entry["providerId"]
