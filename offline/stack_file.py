"""Reads ``Pulumi.<stack>.yaml`` the way the Pulumi CLI hands config to a program."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BOOTSTRAP_ROOT = ROOT / "bootstrap"
"""The bootstrap project (its own ``Pulumi.yaml`` and one stack file per AWS account)."""
SECRET_PLACEHOLDER = "[secret]"


def stack_file(stack: str, root: Path = ROOT) -> Path:
    return root / f"Pulumi.{stack}.yaml"


def available_stacks(root: Path = ROOT) -> list[str]:
    """The stacks of the project in ``root`` (the main program's by default)."""
    return sorted(
        path.name.removeprefix("Pulumi.").removesuffix(".yaml") for path in root.glob("Pulumi.*.yaml")
    )


def load_stack_config(stack: str, root: Path = ROOT) -> dict[str, Any]:
    """All ``namespace:key`` values of a stack of the project in ``root``, decoded.

    Encrypted ``secure:`` values cannot be decrypted without the stack's secrets provider, so they
    become a placeholder string, as the issue's offline preview requires.
    """
    path = stack_file(stack, root)
    if not path.exists():
        known = ", ".join(available_stacks(root))
        raise FileNotFoundError(f"no stack file {path.name} (known stacks: {known})")
    document = yaml.safe_load(path.read_text()) or {}
    config = document.get("config") or {}
    return {key: _decode_secure(value) for key, value in config.items()}


def adoption_block(path: Path, key: str) -> Any:
    """The adoption block (``key``, ``compact-connect:adopt``) an adoption file holds: a stack file's
    (under ``config``), a fragment's, or the whole file when it is the bare block. ``scripts/preview
    --adopt`` and ``scripts/sandbox --adopt`` read the same files."""
    document = yaml.safe_load(path.read_text()) or {}
    if not isinstance(document, dict):
        raise ValueError(f"{path}: expected a mapping, not {type(document).__name__}")
    config = document.get("config")
    return document.get(key, config.get(key, document) if isinstance(config, dict) else document)


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
