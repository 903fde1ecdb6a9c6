"""The real program's run per stack file, once per test process.

A module of its own, not the conftest: pytest loads a conftest as ``conftest``, and a test that imports
``tests.components.conftest`` gets a second copy of it — with a second cache, so every stack's program
(several seconds each) ran twice in every worker.
"""

from __future__ import annotations

from offline.runner import ProgramRun, run_program
from offline.stack_file import available_stacks

STACKS = available_stacks()
_RUNS: dict[str, ProgramRun] = {}


def program_run(stack: str) -> ProgramRun:
    if stack not in _RUNS:
        _RUNS[stack] = run_program(stack)
    return _RUNS[stack]
