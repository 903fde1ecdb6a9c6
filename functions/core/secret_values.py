"""Reading a granted secret's value from Secrets Manager, cached briefly per container.

The cache saves a Secrets Manager call (and its latency) on every request, and expires so a rotated
value reaches running containers within minutes, without a redeploy. A caller that learns the value
was refused (the verifier says the secret is wrong) can drop it with :func:`forget` and read afresh.
"""

from __future__ import annotations

import json
import threading
import time
from functools import cache
from typing import Any

from core.resources import granted
from core.secrets import SecretSpec

CACHE_SECONDS = 300.0

_lock = threading.Lock()
_cache: dict[str, tuple[float, str]] = {}


class SecretUnavailable(RuntimeError):
    """The secret has no value yet (an operator has not set it) or cannot be read."""


@cache
def _client() -> Any:
    import boto3

    return boto3.client("secretsmanager")


def secret_value(secret: SecretSpec) -> str:
    """The current value of ``secret`` (its JSON ``field``), for the function being invoked."""
    arn = granted().secret_arn(secret)
    now = time.monotonic()
    with _lock:
        cached = _cache.get(arn)
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            return cached[1]
    value = _read(arn, secret)
    with _lock:
        _cache[arn] = (now, value)
    return value


def forget(secret: SecretSpec) -> None:
    """Drop the cached value, so the next read asks Secrets Manager again."""
    with _lock:
        _cache.pop(granted().secret_arn(secret), None)


def _read(arn: str, secret: SecretSpec) -> str:
    from core.aws import client_error, error_code

    try:
        document = _client().get_secret_value(SecretId=arn)["SecretString"]
    except client_error() as error:
        raise SecretUnavailable(f"secret {secret.key!r} cannot be read: {error_code(error)}") from error
    try:
        value = json.loads(document)[secret.field]
    except (ValueError, KeyError, TypeError):
        raise SecretUnavailable(f"secret {secret.key!r} holds no JSON {secret.field!r} field") from None
    if not isinstance(value, str) or not value:
        raise SecretUnavailable(f"secret {secret.key!r} has an empty {secret.field!r}")
    return value
