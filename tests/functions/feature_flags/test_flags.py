"""Feature flags through the check route's handler and the client other functions use: offline (the
sandbox's mode) each declared flag answers its declared value for the environment, an override wins, a
flag's conditions apply to the caller's attributes, an unknown flag is off, a malformed body is a 400
naming the field; with StatSig, the client is built once per key and a rotated key is picked up after
the secret cache's age; when StatSig cannot answer, each call site gets its own default."""

from __future__ import annotations

import json

import pytest

from core import secret_values
from core.resources import running_as
from core.secrets import STATSIG_SERVER_KEY
from feature_flags import check_api, gates
from feature_flags.declarations import EXAMPLE_FLAG, SSN_CORRECTION_MIGRATION
from feature_flags.functions import FEATURE_FLAG_API
from tests.functions.conftest import api_event
from tests.functions.moto_clients import moto_client

CHECK = "/v1/flags/{flagId}/check"


@pytest.fixture
def offline(aws, monkeypatch):
    monkeypatch.setenv(gates.OFFLINE_ENV_VAR, "true")
    monkeypatch.delenv(gates.OVERRIDES_ENV_VAR, raising=False)


def checked(flag: str, body=None, raw: str | None = None):
    event = api_event("POST", CHECK, {"flagId": flag}, body=raw if raw is not None else (body or {}))
    response = check_api.lambda_handler(event, None)
    return response["statusCode"], json.loads(response["body"])


def test_declared_flags_answer_their_value_for_the_environment(offline):
    assert checked(SSN_CORRECTION_MIGRATION.name) == (200, {"enabled": True})  # enabled in test
    assert checked("not-declared") == (200, {"enabled": False})


def test_a_flags_conditions_apply_to_the_callers_attributes(offline):
    aslp = {"context": {"userId": "u-1", "customAttributes": {"compact": "aslp"}}}
    octp = {"context": {"customAttributes": {"compact": "octp"}}}
    assert checked(EXAMPLE_FLAG.name, aslp) == (200, {"enabled": True})
    assert checked(EXAMPLE_FLAG.name, octp) == (200, {"enabled": False})
    assert checked(EXAMPLE_FLAG.name) == (200, {"enabled": False})


def test_an_override_wins_over_the_declaration(offline, monkeypatch):
    monkeypatch.setenv(gates.OVERRIDES_ENV_VAR, json.dumps({SSN_CORRECTION_MIGRATION.name: False}))
    assert checked(SSN_CORRECTION_MIGRATION.name) == (200, {"enabled": False})


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"context": {"userId": ""}}, "context.userId"),
        ({"context": {"customAttributes": {"compact": 1}}}, "customAttributes"),
        ({"flag": "x"}, "flag"),
        ({"context": None}, "context"),
    ],
)
def test_a_malformed_body_is_refused_naming_the_field(offline, body, named):
    status, answer = checked(EXAMPLE_FLAG.name, body)
    assert status == 400 and named in answer["message"]


def test_bad_json_and_impossible_flag_names_are_refused(offline):
    assert checked(EXAMPLE_FLAG.name, raw="{")[0] == 400
    status, answer = checked("flag with spaces")
    assert status == 400 and "flagId" in answer["message"]


class FakeStatsig:
    """StatSig's client as far as the module uses it, recording the key it was built with."""

    built: list[tuple[str, str]] = []

    def __init__(self, key: str, environment: str, _overrides) -> None:
        self.key, self.stopped = key, False
        FakeStatsig.built.append((key, environment))

    def check_gate(self, user, name: str) -> bool:
        return self.key == "new-key"

    def shutdown(self):
        self.stopped = True
        return self

    def wait(self) -> None:
        return None


@pytest.fixture
def statsig(aws, monkeypatch):
    """StatSig reached with the key in Secrets Manager (the SDK itself replaced by a fake)."""
    monkeypatch.delenv(gates.OFFLINE_ENV_VAR, raising=False)
    FakeStatsig.built = []
    monkeypatch.setattr(gates, "_start", FakeStatsig)
    monkeypatch.setattr(gates, "_client", gates._Client())
    name = STATSIG_SERVER_KEY.secret_name("test")
    arn = moto_client("secretsmanager").create_secret(
        Name=name, SecretString=json.dumps({"serverKey": "old-key"})
    )["ARN"]
    monkeypatch.setenv(STATSIG_SERVER_KEY.env_var, arn)
    secret_values.forget_id(arn)
    return arn


def test_the_client_is_built_once_and_again_only_for_a_rotated_key(statsig, monkeypatch):
    with running_as(FEATURE_FLAG_API):
        assert [gates.check(EXAMPLE_FLAG.name) for _ in range(3)] == [False, False, False]
        moto_client("secretsmanager").put_secret_value(
            SecretId=statsig, SecretString=json.dumps({"serverKey": "new-key"})
        )
        assert gates.check(EXAMPLE_FLAG.name) is False  # the cached value, within the cache's age
        monkeypatch.setattr(secret_values, "CACHE_SECONDS", 0.0)
        assert gates.check(EXAMPLE_FLAG.name) is True
    assert FakeStatsig.built == [("old-key", "test"), ("new-key", "test")]


def test_each_call_site_states_what_it_gets_when_statsig_cannot_answer(aws, monkeypatch):
    monkeypatch.delenv(gates.OFFLINE_ENV_VAR, raising=False)
    monkeypatch.setenv(
        STATSIG_SERVER_KEY.env_var, "arn:aws:secretsmanager:us-east-1:123456789012:secret:missing"
    )
    with running_as(FEATURE_FLAG_API):
        assert gates.flag_enabled(SSN_CORRECTION_MIGRATION, default=False) is False  # fails closed
        assert gates.flag_enabled(EXAMPLE_FLAG, default=True) is True  # fails open
