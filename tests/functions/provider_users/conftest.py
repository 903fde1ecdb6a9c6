"""Fixtures of the practitioner account tests."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from core import secret_values
from core.secrets import RECAPTCHA_SECRET
from core.user_pools import (
    PROVIDER_IDENTITY_ATTRIBUTES,
    USER_POOL_CLIENT_ENV_VARS,
    USER_POOL_ENV_VARS,
    UserPoolName,
)
from provider_users.functions import CUSTOM_MESSAGE as PROVIDER_CUSTOM_MESSAGE
from provider_users.recaptcha import VERIFY_URL_ENV_VAR
from sandbox import invitations
from sandbox.invitations import PoolMail
from sandbox.recaptcha import RecaptchaStandIn
from tests.functions.moto_clients import moto_client
from tests.functions.provider_users.registration_world import INVITATION_SENDER, World, open_configuration
from tests.records import make_license, make_provider, put


@pytest.fixture(scope="session")
def siteverify() -> Iterator[tuple[RecaptchaStandIn, str]]:
    """The siteverify stand-in and its URL, one for the session (each server's shutdown waits out its
    polling interval)."""
    stand_in = RecaptchaStandIn(hostname="app.example.org")
    url = stand_in.serve(0)
    yield stand_in, url
    stand_in.stop()


@pytest.fixture
def world(aws, mail, siteverify, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    from provider_users import recovery_api, registration_api, wiring

    secret_values._cache.clear()
    cognito = moto_client("cognito-idp")
    pool_id = cognito.create_user_pool(
        PoolName="providers",
        UsernameAttributes=["email"],
        Schema=[
            {"Name": name, "AttributeDataType": "String", "Mutable": False}
            for name in PROVIDER_IDENTITY_ATTRIBUTES
        ],
    )["UserPool"]["Id"]
    monkeypatch.setenv(USER_POOL_ENV_VARS[UserPoolName.PROVIDER], pool_id)
    client_id = cognito.create_user_pool_client(
        UserPoolId=pool_id, ClientName="ui", ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    monkeypatch.setenv(USER_POOL_CLIENT_ENV_VARS[UserPoolName.PROVIDER], client_id)
    # Cognito's invitation, as the sandbox sends it (the emulator alone sends none, and replaces a user
    # whose invitation is resent).
    invitations.install(pool_id, PoolMail(PROVIDER_CUSTOM_MESSAGE, "provider", INVITATION_SENDER))
    stand_in, url = siteverify
    monkeypatch.setattr(stand_in, "secret", stand_in.secret)  # a test may rotate it
    arn = moto_client("secretsmanager").create_secret(
        Name=RECAPTCHA_SECRET.secret_name("test"), SecretString=json.dumps({"token": stand_in.secret})
    )["ARN"]
    monkeypatch.setenv(RECAPTCHA_SECRET.env_var, arn)
    monkeypatch.setenv(VERIFY_URL_ENV_VAR, url)
    open_configuration(aws["compact_configuration"])
    provider = make_provider(
        current_home_jurisdiction="unknown", middle_name=None, compact_connect_registered_email_address=None
    )
    license = make_license(provider, middle_name=None)
    put(aws["provider"], provider, license)
    world = World(aws, pool_id, client_id, stand_in, provider, license)
    monkeypatch.setattr(wiring, "now_utc_precise", world.now)
    for floor in (registration_api.RESPONSE_FLOOR, recovery_api.INITIATE_FLOOR, recovery_api.VERIFY_FLOOR):
        monkeypatch.setattr(floor, "sleep", world.waits.append)
    yield world
    secret_values._cache.clear()
