"""The typed stack configuration: every stack file is valid, and bad config names the key."""

from __future__ import annotations

import copy

import pytest

from components.config import NAMESPACE, ConfigError, Environment, parse_stack_config
from offline.stack_file import available_stacks, load_stack_config, namespace_values


def _values(stack: str) -> dict:
    return copy.deepcopy(namespace_values(load_stack_config(stack), NAMESPACE))


@pytest.mark.parametrize("stack", available_stacks())
def test_every_stack_file_is_valid(stack):
    config = parse_stack_config(_values(stack))

    assert config.environment_name == Environment(stack)
    assert config.allowed_origins


def test_the_stack_files_carry_the_reference_compacts():
    prod, local = parse_stack_config(_values("prod")), parse_stack_config(_values("local"))

    assert set(prod.compacts.compacts) == {"aslp", "octp", "coun"}
    assert len(prod.compacts.compacts["aslp"].active_jurisdictions) == 35
    assert len(prod.compacts.all_active_jurisdictions()) == 41
    assert len(local.compacts.all_active_jurisdictions()) == 17  # 3 + 17 < 25 Cognito resource servers


@pytest.mark.parametrize(
    ("stack", "change", "message"),
    [
        ("prod", {"securityProfile": "VULNERABLE"}, "compact-connect:securityProfile"),
        ("prod", {"allowLocalUi": True}, "compact-connect:allowLocalUi"),
        ("prod", {"backupEnabled": False}, "compact-connect:backupEnabled"),
        ("prod", {"backupConfig": None}, "compact-connect:backupConfig"),
        ("prod", {"search": None}, "compact-connect:search"),
        ("prod", {"search": {"multiAzWithStandby": True}}, "compact-connect:search"),
        ("test", {"domainName": None}, "compact-connect:domainName"),
        ("beta", {"securityProfile": "VULNERABLE"}, "compact-connect:securityProfile"),
        ("local", {"allowLocalUi": False}, "domainName or allowLocalUi"),
        ("prod", {"accountId": "12345"}, "compact-connect:accountId"),
        ("prod", {"unknownKey": 1}, "compact-connect:unknownKey"),
        ("prod", {"environmentName": "staging"}, "compact-connect:environmentName"),
    ],
)
def test_bad_config_is_refused_with_the_key_named(stack, change, message):
    values = _values(stack)
    for key, value in change.items():
        if value is None:
            values.pop(key, None)
        else:
            values[key] = value

    with pytest.raises(ConfigError, match=message.replace(".", r"\.")):
        parse_stack_config(values)


def test_unknown_jurisdiction_and_license_type_clash_are_refused():
    values = _values("sandbox")
    values["compacts"]["aslp"]["activeJurisdictions"].append("zz")
    with pytest.raises(ConfigError, match=r"compacts\.aslp\.activeJurisdictions: unknown jurisdiction"):
        parse_stack_config(values)

    values = _values("sandbox")
    values["compacts"]["aslp"]["licenseTypes"].append({"name": "audiologist", "abbreviation": "audx"})
    with pytest.raises(ConfigError, match="unique"):
        parse_stack_config(values)


def test_structured_values_arrive_as_json_strings_from_the_engine():
    import json

    values = {
        key: json.dumps(value) if isinstance(value, dict | list) else value
        for key, value in _values("test").items()
    }

    assert parse_stack_config(values).notifications.email == ("preprod-ops@compactconnect.org",)


def test_derived_values():
    test = parse_stack_config(_values("test"))

    assert test.allowed_origins == ["https://app.test.compactconnect.org", "http://localhost:3018"]
    assert test.host("state-api") == "state-api.test.compactconnect.org"
    assert not test.retains_data and parse_stack_config(_values("prod")).retains_data
