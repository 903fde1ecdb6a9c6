"""The real program's run per stack file, once per test process.

A module of its own, not the conftest: pytest loads a conftest as ``conftest``, and a test that imports
``tests.components.conftest`` gets a second copy of it — with a second cache, so every stack's program
(several seconds each) ran twice in every worker.
"""

from __future__ import annotations

from pathlib import Path

from offline.preview import adoption_config
from offline.runner import ProgramRun, run_program
from offline.stack_file import ROOT, available_stacks

STACKS = available_stacks()
ADOPTION_EXAMPLE = ROOT / "docs" / "examples" / "adopt-prod.yaml"
"""An adoption block as scripts/adopt writes it for prod (issue #20)."""
_RUNS: dict[str, ProgramRun] = {}


def program_run(stack: str, adoption: Path | None = None) -> ProgramRun:
    """The stack's run; with ``adoption``, the run adopting that file's resources."""
    key = f"{stack}+{adoption}" if adoption else stack
    if key not in _RUNS:
        _RUNS[key] = (
            run_program(stack, extra_config=adoption_config(adoption)) if adoption else run_program(stack)
        )
    return _RUNS[key]
