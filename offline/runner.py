"""Runs a Pulumi program for one stack file under the mock runtime and returns every resource: the main
program (``__main__.py``, ``Pulumi.<stack>.yaml``) or the bootstrap project (``bootstrap/``)."""

from __future__ import annotations

import contextvars
import runpy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

import pulumi
from pulumi.runtime import config as runtime_config
from pulumi.runtime.settings import get_root_resource
from pulumi.runtime.stack import Stack, wait_for_rpcs
from pulumi.runtime.sync_await import _sync_await

from bootstrap.config import NAMESPACE as BOOTSTRAP_NAMESPACE
from bootstrap.config import BootstrapConfig, parse_bootstrap_config
from components.config import NAMESPACE, StackConfig, parse_stack_config
from offline.mocks import AwsMocks, RecordedResource, RecordingMonitor
from offline.stack_file import BOOTSTRAP_ROOT, ROOT, engine_config, load_stack_config, namespace_values

PROJECT = "compact-connect"
BOOTSTRAP_PROJECT = "compact-connect-bootstrap"


class AccountConfig(Protocol):
    """What the mocks need from a program's typed config to answer with the account's ARNs."""

    @property
    def account_id(self) -> str: ...

    @property
    def region(self) -> str: ...


ConfigT = TypeVar("ConfigT", bound=AccountConfig)


@dataclass
class ProgramRun(Generic[ConfigT]):
    stack: str
    config: ConfigT
    raw_config: dict[str, object]
    resources: list[RecordedResource]
    namespace: str = NAMESPACE
    """The config namespace the program reads (the policies see its keys, prefix removed)."""
    label: str = ""
    """How `scripts/preview` names the stack (``prod``, ``bootstrap/prod``); the stack by default."""
    outputs: dict[str, object] = field(default_factory=dict)
    """The stack's exports (``None`` where a value is unknown until the resources exist)."""

    def __post_init__(self) -> None:
        self.label = self.label or self.stack

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
) -> ProgramRun[StackConfig]:
    """Validate the stack's config, then run the real program against mocks.

    Each run happens in a fresh ``contextvars`` context, because the Pulumi SDK keeps its runtime
    state (root stack resource, config, settings) in context variables: several stacks can then be
    run one after another in one process (the component tests do). ``extra_config`` adds values to the
    stack file's, as ``pulumi config set`` would (a secret an operator set, in the tests).
    """
    raw = {**load_stack_config(stack), **(extra_config or {})}
    config = parse_stack_config(namespace_values(raw, NAMESPACE))
    run = ProgramRun(stack=stack, config=config, raw_config=raw, resources=[])
    return contextvars.Context().run(_run, run, program, PROJECT)


def run_bootstrap(stack: str, extra_config: dict[str, object] | None = None) -> ProgramRun[BootstrapConfig]:
    """The bootstrap project's program for ``bootstrap/Pulumi.<stack>.yaml``, as :func:`run_program`."""
    raw = {**load_stack_config(stack, BOOTSTRAP_ROOT), **(extra_config or {})}
    config = parse_bootstrap_config(namespace_values(raw, BOOTSTRAP_NAMESPACE))
    run = ProgramRun(
        stack=stack,
        config=config,
        raw_config=raw,
        resources=[],
        namespace=BOOTSTRAP_NAMESPACE,
        label=f"{BOOTSTRAP_ROOT.name}/{stack}",
    )
    return contextvars.Context().run(_run, run, BOOTSTRAP_ROOT / "__main__.py", BOOTSTRAP_PROJECT)


def _run(run: ProgramRun[Any], program: Path, project: str) -> ProgramRun[Any]:
    monitor = RecordingMonitor(AwsMocks(run.config.account_id, run.config.region))
    runtime_config.set_all_config(engine_config(run.raw_config))
    pulumi.runtime.set_mocks(monitor.mocks, project=project, stack=run.stack, preview=True, monitor=monitor)
    runpy.run_path(str(program), run_name="__main__")
    _sync_await(wait_for_rpcs())
    run.resources = list(monitor.recorded.values())
    run.outputs = _stack_outputs()
    return run


def _stack_outputs() -> dict[str, object]:
    """Under mocks ``pulumi.export`` only fills the root stack's output map: resolve it here."""
    root = get_root_resource()
    exports = root.outputs if isinstance(root, Stack) else {}
    return {name: _sync_await(pulumi.Output.from_input(value).future()) for name, value in exports.items()}
