"""Where demo data may go: a local sandbox's emulator, never a shared environment.

The data is made up, so every way in (``scripts/seed_demo_data``, ``scripts/sandbox --demo``) checks its
target here before writing, and gets its boto3 resources here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlparse

import boto3
from botocore.config import Config as BotocoreConfig

from components.config import Environment, StackConfig
from toolkit.commands import CommandError

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
SEEDABLE_ENVIRONMENTS = frozenset({Environment.LOCAL, Environment.SANDBOX})


class DemoDataError(CommandError):
    """A refusal: not a sandbox, or that seed is already there."""


def check_environment(config: StackConfig) -> None:
    """Refuse the stacks of shared environments."""
    if config.environment_name not in SEEDABLE_ENVIRONMENTS:
        raise DemoDataError(
            f"demo data is for the local sandbox, not the {config.environment_name} environment"
        )


def checked_sandbox_endpoint(endpoint: str) -> str:
    """The emulator endpoint of a local sandbox; anything else is refused."""
    parsed = urlparse(endpoint)
    if parsed.scheme != "http" or parsed.hostname not in LOOPBACK_HOSTS:
        raise DemoDataError(
            f"refusing to seed demo data into {endpoint}: only a local sandbox's emulator "
            "(http://127.0.0.1:...) may receive it"
        )
    return endpoint


def sandbox_resources(
    session: boto3.Session, endpoint: str | None, tables: Mapping[str, str], buckets: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """boto3 ``Table`` and ``Bucket`` resources for the manifest's table and bucket names.

    Request validation is off: every item comes from a model, and the emulator validates anyway.
    """
    quick = BotocoreConfig(parameter_validation=False)
    dynamodb = session.resource("dynamodb", endpoint_url=endpoint, config=quick)
    s3 = session.resource("s3", endpoint_url=endpoint, config=quick)
    return (
        {key: dynamodb.Table(name) for key, name in tables.items()},
        {key: s3.Bucket(name) for key, name in buckets.items()},
    )
