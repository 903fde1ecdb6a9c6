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
_cache: dict[str, tuple[float, dict[str, Any]]] = {}


class SecretUnavailable(RuntimeError):
    """The secret has no value yet (an operator has not set it) or cannot be read."""


@cache
def secrets_client() -> Any:
    import boto3

    return boto3.client("secretsmanager")


def secret_value(secret: SecretSpec) -> str:
    """The current value of ``secret`` (its JSON ``field``), for the function being invoked."""
    document = secret_document(granted().secret_arn(secret), secret.key)
    value = document.get(secret.field)
    if not isinstance(value, str) or not value:
        raise SecretUnavailable(f"secret {secret.key!r} has no {secret.field!r} value")
    return value


def secret_document(secret_id: str, label: str) -> dict[str, Any]:
    """The JSON object a secret (by ARN or name) holds, read at most every :data:`CACHE_SECONDS`.
    ``label`` names the secret in errors; the caller has checked the grant."""
    now = time.monotonic()
    with _lock:
        cached = _cache.get(secret_id)
        if cached is not None and now - cached[0] < CACHE_SECONDS:
            return cached[1]
    document = _read(secret_id, label)
    with _lock:
        _cache[secret_id] = (now, document)
    return document


def forget(secret: SecretSpec) -> None:
    """Drop the cached value, so the next read asks Secrets Manager again."""
    forget_id(granted().secret_arn(secret))


def forget_id(secret_id: str) -> None:
    with _lock:
        _cache.pop(secret_id, None)


def _read(secret_id: str, label: str) -> dict[str, Any]:
    from core.aws import client_error, error_code

    try:
        text = secrets_client().get_secret_value(SecretId=secret_id)["SecretString"]
    except client_error() as error:
        raise SecretUnavailable(f"secret {label!r} cannot be read: {error_code(error)}") from error
    try:
        document = json.loads(text)
    except ValueError:
        document = None
    if not isinstance(document, dict):
        raise SecretUnavailable(f"secret {label!r} does not hold a JSON object")
    return document
