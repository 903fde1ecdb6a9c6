"""Each environment's rule on StatSig's feature gates, managed through the Console API (spec
payments_security §2.4) — the logic of the flags' dynamic provider (:mod:`components.feature_flags`).

A gate is shared by every environment: each one's deployment owns only its own rule ``{env}-rule``
(pass percentage 100 where the flag starts enabled there, else 0; the flag's conditions; StatSig's tier
of the environment). Creating adds the gate when missing, or appends the rule to it, and leaves a gate
that already has the rule alone — so a rule edited by hand in the console survives every deploy.
Deleting removes only the environment's rule, and the gate with its last rule.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

CONSOLE_URL = "https://statsigapi.net/console/v1"
API_VERSION = "20240601"
TIMEOUT_SECONDS = 30
TIERS = {"prod": "production", "beta": "staging"}


class ConsoleError(RuntimeError):
    """The Console API refused a request, or could not be reached."""


@dataclass(frozen=True)
class GateRule:
    """What an environment's deployment asks of one gate."""

    flag: str
    environment: str
    enabled: bool
    conditions: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def rule_name(self) -> str:
        return f"{self.environment}-rule"

    def rule(self) -> dict[str, Any]:
        return {
            "name": self.rule_name,
            "conditions": [
                {"type": "custom_field", "field": field, "operator": "any", "targetValue": list(values)}
                for field, values in self.conditions
            ],
            "environments": [TIERS.get(self.environment, "development")],
            "passPercentage": 100 if self.enabled else 0,
        }


class Console:
    """The Console API with one project's console key."""

    def __init__(self, key: str, base_url: str = CONSOLE_URL) -> None:
        if not key:
            raise ConsoleError(
                "no StatSig console key: pulumi config set --secret compact-connect:statsigConsoleKey"
            )
        self.key, self.base_url = key, base_url.rstrip("/")

    def call(
        self, method: str, path: str, body: dict[str, Any] | None = None, accept: Sequence[int] = (200,)
    ) -> Any:
        request = urllib.request.Request(
            f"{self.base_url}{path}",
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={
                "STATSIG-API-KEY": self.key,
                "STATSIG-API-VERSION": API_VERSION,
                "Content-Type": "application/json",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                status, raw = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, raw = error.code, error.read()
        except OSError as error:
            raise ConsoleError(f"StatSig's Console API could not be reached: {error}") from None
        if status not in accept:
            raise ConsoleError(
                f"{method} {path}: StatSig answered {status}: {raw[:500].decode(errors='replace')}"
            )
        return json.loads(raw) if raw else None

    def gate(self, name: str) -> dict[str, Any] | None:
        gates = self.call("GET", "/gates").get("data", [])
        return next((gate for gate in gates if gate.get("name") == name), None)


def ensure_rule(console: Console, wanted: GateRule) -> str:
    """The environment's rule on the flag's gate, made when missing; returns the gate's id."""
    gate = console.gate(wanted.flag)
    if gate is None:
        body = {
            "name": wanted.flag,
            "description": f"Feature gate managed by the CompactConnect program for {wanted.flag}",
            "isEnabled": True,
            "rules": [wanted.rule()],
        }
        return str(console.call("POST", "/gates", body, accept=(200, 201))["data"]["id"])
    rules = gate.get("rules", [])
    if not any(rule.get("name") == wanted.rule_name for rule in rules):
        console.call("PATCH", f"/gates/{gate['id']}", {"rules": [*rules, wanted.rule()]}, accept=(200, 204))
    return str(gate["id"])


def remove_rule(console: Console, flag: str, environment: str) -> None:
    """The environment's rule off the flag's gate; the gate itself when that was its last rule."""
    gate = console.gate(flag)
    rule_name = f"{environment}-rule"
    if gate is None or not any(rule.get("name") == rule_name for rule in gate.get("rules", [])):
        return
    rest = [rule for rule in gate["rules"] if rule.get("name") != rule_name]
    if not rest:
        console.call("DELETE", f"/gates/{gate['id']}", accept=(200, 204))
    else:
        console.call("PATCH", f"/gates/{gate['id']}", {"rules": rest}, accept=(200, 204))
