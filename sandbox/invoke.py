"""Invokes a catalog function's real handler in-process, as Lambda would."""

from __future__ import annotations

import importlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core.catalog import FunctionSpec

_HANDLERS: dict[str, Callable[[dict[str, Any], Any], Any]] = {}


@dataclass
class LocalContext:
    """The subset of Lambda's context object that handlers and Powertools read."""

    function_name: str
    memory_limit_in_mb: int
    timeout_seconds: int
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started: float = field(default_factory=time.monotonic)

    @property
    def invoked_function_arn(self) -> str:
        return f"arn:aws:lambda:us-east-1:000000000000:function:{self.function_name}"

    @property
    def function_version(self) -> str:
        return "$LATEST"

    @property
    def log_group_name(self) -> str:
        return f"/aws/lambda/{self.function_name}"

    def get_remaining_time_in_millis(self) -> int:
        elapsed = time.monotonic() - self.started
        return max(0, int((self.timeout_seconds - elapsed) * 1000))


def handler_for(spec: FunctionSpec) -> Callable[[dict[str, Any], Any], Any]:
    """Import ``package.module.function`` once, as a warm Lambda container would keep it."""
    if spec.handler not in _HANDLERS:
        module_name, _, attribute = spec.handler.rpartition(".")
        _HANDLERS[spec.handler] = getattr(importlib.import_module(module_name), attribute)
    return _HANDLERS[spec.handler]


def invoke(spec: FunctionSpec, event: dict[str, Any]) -> Any:
    context = LocalContext(spec.name, spec.memory_mb, spec.timeout_seconds)
    return handler_for(spec)(event, context)
