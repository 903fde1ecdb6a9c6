"""The flags' dynamic provider against a local stand-in of StatSig's Console API: every request exact
(method, path, body, the console key and API version headers, a 30-second timeout); two environments
share one gate with a rule each; a rule edited by hand is left alone, and so is a hand-made rule when an
environment's rule is removed; the gate goes with its last rule; a change of flag or environment
replaces the rule; a failure on delete warns instead of blocking the deploy."""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from pulumi.runtime.rpc import _special_secret_sig as SECRET_MARKER
from pulumi.runtime.rpc import _special_sig_key as SECRET_SIGNATURE

from components import statsig_console
from components.feature_flags import GateRuleProvider
from feature_flags.declarations import EXAMPLE_FLAG, FLAGS, SSN_CORRECTION_MIGRATION
from sandbox.statsig_console import StatsigConsoleStandIn

KEY = "console-test-key"


@pytest.fixture
def console() -> Iterator[tuple[StatsigConsoleStandIn, str]]:
    stand_in = StatsigConsoleStandIn(KEY)
    url = stand_in.serve(0)
    yield stand_in, url
    stand_in.stop()


@pytest.fixture
def timeouts(monkeypatch) -> list[Any]:
    seen: list[Any] = []
    real = urllib.request.urlopen

    def recording(request, timeout=None):
        seen.append(timeout)
        return real(request, timeout=timeout)

    monkeypatch.setattr(statsig_console.urllib.request, "urlopen", recording)
    return seen


def props(url: str, flag=EXAMPLE_FLAG, environment: str = "test", key: str = KEY) -> dict[str, Any]:
    return {
        "flagName": flag.name,
        "environment": environment,
        "enabled": flag.starts_enabled(environment),
        "conditions": [[c.field, list(c.values)] for c in flag.conditions],
        "consoleKey": key,
        "consoleUrl": url,
    }


def test_the_first_environment_creates_the_gate_with_its_rule(console, timeouts):
    stand_in, url = console
    created = GateRuleProvider().create(props(url))

    assert created.id == "feature-flag-example-flag-test" and created.outs["gateId"] == "example-flag"
    assert [(r["method"], r["path"]) for r in stand_in.requests] == [
        ("GET", "/console/v1/gates"),
        ("POST", "/console/v1/gates"),
    ]
    assert all(r["headers"]["Statsig-Api-Key"] == KEY for r in stand_in.requests)
    assert all(r["headers"]["Statsig-Api-Version"] == "20240601" for r in stand_in.requests)
    assert timeouts == [30, 30]
    assert stand_in.requests[1]["body"] == {
        "name": "example-flag",
        "description": "Feature gate managed by the CompactConnect program for example-flag",
        "isEnabled": True,
        "rules": [
            {
                "name": "test-rule",
                "conditions": [
                    {"type": "custom_field", "field": "compact", "operator": "any", "targetValue": ["aslp"]}
                ],
                "environments": ["development"],
                "passPercentage": 100,
            }
        ],
    }


def test_a_second_environment_joins_the_gate_and_hand_edits_survive(console):
    stand_in, url = console
    provider = GateRuleProvider()
    provider.create(props(url, SSN_CORRECTION_MIGRATION, "test"))
    provider.create(props(url, SSN_CORRECTION_MIGRATION, "beta"))
    [gate] = stand_in.gates.values()
    assert [(r["name"], r["environments"], r["passPercentage"]) for r in gate["rules"]] == [
        ("test-rule", ["development"], 100),
        ("beta-rule", ["staging"], 100),
    ]
    gate["rules"][0]["passPercentage"] = 25  # a product owner's rollout, in the console
    requests_before = len(stand_in.requests)

    provider.create(props(url, SSN_CORRECTION_MIGRATION, "test"))  # a redeploy of test

    assert [r["method"] for r in stand_in.requests[requests_before:]] == ["GET"]  # nothing written
    assert gate["rules"][0]["passPercentage"] == 25


def test_deleting_removes_only_the_environments_rule(console):
    stand_in, url = console
    provider = GateRuleProvider()
    for environment in ("test", "prod"):
        provider.create(props(url, SSN_CORRECTION_MIGRATION, environment))
    hand_made = {"name": "qa-team", "conditions": [], "environments": ["development"], "passPercentage": 100}
    stand_in.gates[SSN_CORRECTION_MIGRATION.name]["rules"].append(hand_made)

    provider.delete("feature-flag-x-test", props(url, SSN_CORRECTION_MIGRATION, "test"))
    provider.delete(
        "feature-flag-x-test", props(url, SSN_CORRECTION_MIGRATION, "test")
    )  # gone already: nothing

    assert [rule["name"] for rule in stand_in.gates[SSN_CORRECTION_MIGRATION.name]["rules"]] == [
        "prod-rule",
        "qa-team",
    ]


def test_the_gate_goes_with_its_last_rule(console):
    stand_in, url = console
    provider = GateRuleProvider()
    provider.create(props(url, SSN_CORRECTION_MIGRATION, "beta"))

    provider.delete("feature-flag-x-beta", props(url, SSN_CORRECTION_MIGRATION, "beta"))

    assert stand_in.gates == {}
    assert (stand_in.requests[-1]["method"], stand_in.requests[-1]["path"]) == (
        "DELETE",
        f"/console/v1/gates/{SSN_CORRECTION_MIGRATION.name}",
    )


def test_only_a_new_flag_or_environment_replaces_the_rule_and_a_new_key_is_remembered(console):
    stand_in, url = console
    provider = GateRuleProvider()
    olds = {**props(url), "gateId": "example-flag"}
    assert not provider.diff("id", olds, {**olds, "enabled": False}).changes  # edited in the console
    moved = provider.diff("id", olds, {**olds, "environment": "beta"})
    assert moved.changes and moved.replaces == ["environment"] and moved.delete_before_replace
    rotated = {**olds, "consoleKey": "rotated"}
    assert provider.diff("id", olds, rotated).changes and not provider.diff("id", olds, rotated).replaces
    assert provider.update("id", olds, rotated).outs == {**rotated, "gateId": "example-flag"}
    assert stand_in.requests == []  # remembering a key asks nothing of StatSig


def test_a_refused_key_fails_the_create_and_only_warns_on_delete(console, monkeypatch):
    _, url = console
    with pytest.raises(statsig_console.ConsoleError, match="401"):
        GateRuleProvider().create(props(url, key="wrong"))
    warnings: list[str] = []
    monkeypatch.setattr("pulumi.log.warn", warnings.append)
    GateRuleProvider().delete("id", props(url, key="wrong"))
    assert warnings and "stays in StatSig" in warnings[0]


def test_every_stack_declares_its_rule_of_each_flag_with_the_key_kept_secret(any_stack):
    rules = {r.inputs["flagName"]: r.inputs for r in any_stack.of_type("pulumi-python:dynamic:Resource")}
    environment = str(any_stack.config.environment_name)
    assert set(rules) == {flag.name for flag in FLAGS}
    for flag in FLAGS:
        assert (rules[flag.name]["environment"], rules[flag.name]["enabled"]) == (
            environment,
            flag.starts_enabled(environment),
        )
        assert rules[flag.name]["consoleKey"][SECRET_SIGNATURE] == SECRET_MARKER
