"""Runs ``__main__.py`` for one stack file under the mock runtime and returns every resource."""

from __future__ import annotations

import contextvars
import runpy
from dataclasses import dataclass
from pathlib import Path

import pulumi
from pulumi.runtime import config as runtime_config
from pulumi.runtime.stack import wait_for_rpcs
from pulumi.runtime.sync_await import _sync_await

from components.config import NAMESPACE, StackConfig, parse_stack_config
from offline.mocks import AwsMocks, RecordedResource, RecordingMonitor
from offline.stack_file import ROOT, engine_config, load_stack_config, namespace_values

PROJECT = "compact-connect"


@dataclass
class ProgramRun:
    stack: str
    config: StackConfig
    raw_config: dict[str, object]
    resources: list[RecordedResource]

    def of_type(self, token: str) -> list[RecordedResource]:
        return [resource for resource in self.resources if resource.type == token]

    def named(self, token: str, name: str) -> RecordedResource:
        matches = [resource for resource in self.of_type(token) if resource.name == name]
        if len(matches) != 1:
            raise LookupError(f"expected one {token} named {name}, found {len(matches)}")
        return matches[0]

    def children_of(self, parent: RecordedResource) -> list[RecordedResource]:
        return [resource for resource in self.resources if resource.parent_urn == parent.urn]


def run_program(
    stack: str, program: Path = ROOT / "__main__.py", extra_config: dict[str, object] | None = None
) -> ProgramRun:
    """Validate the stack's config, then run the real program against mocks.

    Each run happens in a fresh ``contextvars`` context, because the Pulumi SDK keeps its runtime
    state (root stack resource, config, settings) in context variables: several stacks can then be
    run one after another in one process (the component tests do). ``extra_config`` adds values to the
    stack file's, as ``pulumi config set`` would (a secret an operator set, in the tests).
    """
    raw = {**load_stack_config(stack), **(extra_config or {})}
    config = parse_stack_config(namespace_values(raw, NAMESPACE))
    return contextvars.Context().run(_run, stack, program, raw, config)


def _run(stack: str, program: Path, raw: dict[str, object], config: StackConfig) -> ProgramRun:
    monitor = RecordingMonitor(AwsMocks(config.account_id, config.region))
    runtime_config.set_all_config(engine_config(raw))
    pulumi.runtime.set_mocks(monitor.mocks, project=PROJECT, stack=stack, preview=True, monitor=monitor)
    runpy.run_path(str(program), run_name="__main__")
    _sync_await(wait_for_rpcs())
    return ProgramRun(stack=stack, config=config, raw_config=raw, resources=list(monitor.recorded.values()))
