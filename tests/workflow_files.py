"""What the workflow tests share: the project's GitHub Actions workflows parsed, and the helpers that
find jobs, steps and permissions in them."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS_DIR = ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted([*WORKFLOWS_DIR.glob("*.yml"), *WORKFLOWS_DIR.glob("*.yaml")])
PROJECT = yaml.safe_load((ROOT / "Pulumi.yaml").read_text())["name"]
# Every stack file but the embedded default, which never leaves this machine.
DEPLOYED_STACKS = sorted(
    p.name.removeprefix("Pulumi.").removesuffix(".yaml") for p in ROOT.glob("Pulumi.*.yaml")
)
DEPLOYED_STACKS.remove("local")

AWS_CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials"
PROVIDER_ROLE_OVERRIDE = (
    "{'compact-connect:deployRoleArn': {value: '${{ vars.AWS_ROLE_ARN }}', secret: false}}"
)
"""Read-only runs point the program's provider (it assumes deployRoleArn) at the job's own preview role."""
PULUMI_ACTION = "pulumi/actions"
SCRIPT_REF = re.compile(r"(?<![\w./-])(?:\./)?scripts/([\w.-]+)")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    if True in data:
        data["on"] = data.pop(True)
    return data


WORKFLOWS = {p.name: _load(p) for p in WORKFLOW_FILES}


def _validate(schema: str, files: list[Path]) -> subprocess.CompletedProcess[str]:
    # Any attempt to reach the network fails fast through this proxy: the check must work offline.
    dead_proxy = "http://127.0.0.1:9"
    env = {**os.environ, "HTTP_PROXY": dead_proxy, "HTTPS_PROXY": dead_proxy, "NO_PROXY": ""}
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )


def _events(workflow: dict[str, Any]) -> set[str]:
    on = workflow["on"]
    if isinstance(on, str):
        return {on}
    return set(on)


def _jobs(workflow: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return workflow["jobs"]


def _action(step: dict[str, Any]) -> str | None:
    """``owner/repo`` of a step's action (the ref dropped), or None for a `run` step."""
    uses = step.get("uses")
    return uses.split("@", 1)[0] if uses else None


def _step_index(job: dict[str, Any], predicate) -> int:
    for index, step in enumerate(job.get("steps", [])):
        if predicate(step):
            return index
    raise AssertionError(f"no step matches {predicate.__doc__ or predicate}")


def _runs(command: str):
    def predicate(step: dict[str, Any]) -> bool:
        return any(line.strip().startswith(command) for line in step.get("run", "").splitlines())

    predicate.__doc__ = f"run: {command}"
    return predicate


def _uses(action: str):
    def predicate(step: dict[str, Any]) -> bool:
        return _action(step) == action

    predicate.__doc__ = f"uses: {action}"
    return predicate


def _all_jobs() -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    for name, workflow in WORKFLOWS.items():
        for job_id, job in _jobs(workflow).items():
            yield name, job_id, job, workflow


def _effective_permissions(job: dict[str, Any], workflow: dict[str, Any]) -> dict[str, str] | str | None:
    # A job's `permissions` replaces the workflow's; absent both, the repository default applies.
    return job["permissions"] if "permissions" in job else workflow.get("permissions")


def _grants(permissions: dict[str, str] | str | None, scope: str, level: str) -> bool:
    if permissions == f"{level}-all" or (level == "read" and permissions == "write-all"):
        return True
    if not isinstance(permissions, dict):
        return False
    granted = permissions.get(scope, "none")
    return granted == level or (level == "read" and granted == "write")
