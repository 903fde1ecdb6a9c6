"""The flag check over HTTP in the sandbox (issue #18): a declared flag answers its value for the local
environment (its conditions applied to the caller's attributes), an unknown flag is off, a malformed body
is 400; the manifest lists the flags; ``--flag`` overrides one for a run."""

from __future__ import annotations

import argparse

import pytest
import requests

from sandbox.__main__ import flag_override
from toolkit.sandbox_process import SandboxProcess

CHECK = "/v1/flags/{flag}/check"


def check(sandbox, flag: str, body) -> requests.Response:
    return requests.post(sandbox.url("license", CHECK.format(flag=flag)), json=body, timeout=10)


def test_declared_flags_answer_their_local_value_and_unknown_ones_are_off(sandbox):
    assert sandbox.manifest["flags"] == {"example-flag": True, "license-ssn-correction-migration-flag": False}
    aslp = {"context": {"customAttributes": {"compact": "aslp"}}}
    assert check(sandbox, "example-flag", aslp).json() == {"enabled": True}
    assert check(sandbox, "example-flag", {"context": {"customAttributes": {"compact": "coun"}}}).json() == {
        "enabled": False
    }
    assert check(sandbox, "license-ssn-correction-migration-flag", {}).json() == {"enabled": False}
    assert check(sandbox, "no-such-flag", {}).json() == {"enabled": False}


def test_a_malformed_body_is_400(sandbox):
    response = check(sandbox, "example-flag", {"context": {"userId": 7}})
    assert response.status_code == 400 and "context.userId" in response.json()["message"]


def test_a_run_with_an_override_answers_it(tmp_path):
    flag = "license-ssn-correction-migration-flag"
    overridden = SandboxProcess.start(tmp_path / "manifest.json", "--flag", f"{flag}=on")
    try:
        assert overridden.manifest["flags"][flag] is True
        assert check(overridden, flag, {}).json() == {"enabled": True}
    finally:
        overridden.stop()


def test_an_override_is_name_on_or_off():
    assert flag_override("example-flag=off") == ("example-flag", False)
    with pytest.raises(argparse.ArgumentTypeError):
        flag_override("example-flag=yes")
