"""Each environment's StatSig rule of every declared flag (``feature_flags.declarations``), as a Pulumi
dynamic resource over the Console API (:mod:`components.statsig_console`).

Why a dynamic provider and not StatSig's own ``pulumi-statsig`` provider: that provider makes a whole
gate — all its rules — the property of one stack, so the environments (one stack each, one StatSig
project) could not share a gate, and every deploy would undo a rule a product owner edited in the
console. Here each stack owns exactly one rule per gate, ``{env}-rule``: created (with the gate, when
missing) on the first deploy, left alone afterwards — a flag's rule is edited in the console — and
removed on destroy or when the flag's declaration goes. Changing a flag's name or environment replaces
the rule. A Console API failure on delete is reported as a warning, not an error, so a StatSig outage
never blocks a deploy that removes a flag; on create it fails the deploy.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi.dynamic

from components.statsig_console import CONSOLE_URL, Console, ConsoleError, GateRule, ensure_rule, remove_rule
from feature_flags.declarations import FlagSpec

IDENTITY = ("flagName", "environment")
"""A rule is its flag on its environment: a change to either is another rule."""
CONNECTION = ("consoleKey", "consoleUrl")
"""How the rule is reached: kept up to date in the state, so a removal uses the current key."""


def _rule(props: dict[str, Any]) -> GateRule:
    conditions = tuple((str(field), tuple(values)) for field, values in props.get("conditions", []))
    return GateRule(props["flagName"], props["environment"], bool(props["enabled"]), conditions)


class GateRuleProvider(pulumi.dynamic.ResourceProvider):
    def create(self, props: dict[str, Any]) -> pulumi.dynamic.CreateResult:
        console = Console(props["consoleKey"], props.get("consoleUrl", CONSOLE_URL))
        gate_id = ensure_rule(console, _rule(props))
        return pulumi.dynamic.CreateResult(
            f"feature-flag-{props['flagName']}-{props['environment']}", {**props, "gateId": gate_id}
        )

    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.DiffResult:
        replaces = [name for name in IDENTITY if olds.get(name) != news.get(name)]
        rotated = any(olds.get(name) != news.get(name) for name in CONNECTION)
        return pulumi.dynamic.DiffResult(
            changes=bool(replaces) or rotated, replaces=replaces, delete_before_replace=True
        )

    def update(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> pulumi.dynamic.UpdateResult:
        """A rotated console key (or moved Console API) is only remembered, for the rule's removal
        later: the rule itself is the console's to change."""
        return pulumi.dynamic.UpdateResult({**news, "gateId": olds.get("gateId")})

    def delete(self, _id: str, props: dict[str, Any]) -> None:
        try:
            remove_rule(
                Console(props["consoleKey"], props.get("consoleUrl", CONSOLE_URL)),
                props["flagName"],
                props["environment"],
            )
        except ConsoleError as error:
            pulumi.log.warn(
                f"the {props['environment']} rule of {props['flagName']} stays in StatSig: {error}"
            )


class GateRuleResource(pulumi.dynamic.Resource):
    gate_id: pulumi.Output[str]

    def __init__(
        self,
        flag: FlagSpec,
        environment: str,
        console_key: pulumi.Input[str],
        opts: pulumi.ResourceOptions | None = None,
        console_url: str = CONSOLE_URL,
    ) -> None:
        props = {
            "flagName": flag.name,
            "environment": environment,
            "enabled": flag.starts_enabled(environment),
            "conditions": [[condition.field, list(condition.values)] for condition in flag.conditions],
            "consoleKey": pulumi.Output.secret(console_key),
            "consoleUrl": console_url,
            "gateId": None,
        }
        super().__init__(GateRuleProvider(), f"{flag.name}-gate-rule", props, opts)
