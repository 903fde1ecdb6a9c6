"""Handlers for the Lambda gate's tests: one that answers, one that fails."""

from __future__ import annotations

import threading
from typing import Any

ran = threading.Event()


def echo(event: dict[str, Any], context: Any) -> dict[str, Any]:
    ran.set()
    return {"got": event, "function": context.function_name}


def fail(event: dict[str, Any], context: Any) -> None:
    raise ValueError("templateVariables.privilegeId: Field required")
