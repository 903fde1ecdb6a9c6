"""Reads ``Pulumi.<stack>.yaml`` the way the Pulumi CLI hands config to a program."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SECRET_PLACEHOLDER = "[secret]"
NAMESPACE_PREFIX = "compact-connect:"


def stack_file(stack: str) -> Path:
    return ROOT / f"Pulumi.{stack}.yaml"


def available_stacks() -> list[str]:
    return sorted(path.name.split(".")[1] for path in ROOT.glob("Pulumi.*.yaml"))


def load_stack_config(stack: str) -> dict[str, Any]:
    """All ``namespace:key`` values of a stack, decoded.

    Encrypted ``secure:`` values cannot be decrypted without the stack's secrets provider, so they
    become a placeholder string, as the issue's offline preview requires.
    """
    path = stack_file(stack)
    if not path.exists():
        known = ", ".join(available_stacks())
        raise FileNotFoundError(f"no stack file {path.name} (known stacks: {known})")
    document = yaml.safe_load(path.read_text()) or {}
    config = document.get("config") or {}
    return {key: _decode_secure(value) for key, value in config.items()}


def namespace_values(config: dict[str, Any], namespace: str) -> dict[str, Any]:
    prefix = f"{namespace}:"
    return {key.removeprefix(prefix): value for key, value in config.items() if key.startswith(prefix)}


def engine_config(config: dict[str, Any]) -> dict[str, str]:
    """Config as the engine passes it to a program: every value a string, objects as JSON."""
    return {key: value if isinstance(value, str) else json.dumps(value) for key, value in config.items()}


def _decode_secure(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"secure"}:
            return SECRET_PLACEHOLDER
        return {key: _decode_secure(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode_secure(item) for item in value]
    return value
