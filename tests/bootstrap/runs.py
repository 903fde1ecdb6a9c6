"""The bootstrap program's run per stack file, once per test process (as ``tests/components/runs.py``)."""

from __future__ import annotations

import json
from typing import Any

from bootstrap.config import BootstrapConfig
from offline.mocks import RecordedResource
from offline.runner import ProgramRun, run_bootstrap
from offline.stack_file import BOOTSTRAP_ROOT, available_stacks

STACKS = available_stacks(BOOTSTRAP_ROOT)
ENVIRONMENT_STACKS = [stack for stack in STACKS if not stack.endswith("-backup")]
BACKUP_STACKS = [stack for stack in STACKS if stack.endswith("-backup")]
_RUNS: dict[str, ProgramRun[BootstrapConfig]] = {}


def bootstrap_run(stack: str) -> ProgramRun[BootstrapConfig]:
    if stack not in _RUNS:
        _RUNS[stack] = run_bootstrap(stack)
    return _RUNS[stack]


def document(resource: RecordedResource, prop: str) -> dict[str, Any]:
    """A policy input as the engine sees it (a JSON string) parsed."""
    value = resource.inputs[prop]
    return json.loads(value) if isinstance(value, str) else value


def statement(policy: dict[str, Any], sid: str) -> dict[str, Any]:
    [found] = [s for s in policy["Statement"] if s.get("Sid") == sid]
    return found
