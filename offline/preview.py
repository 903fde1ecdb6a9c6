"""`scripts/preview STACK [--json FILE]`: the offline `pulumi preview --policy-pack policies`.

Runs the real program for one stack file under Pulumi's mock runtime, prints resource counts by
type and by component, evaluates the CrossGuard rules over every resource and exits non-zero on
a mandatory violation (1) or a configuration error (2). ``bootstrap/STACK`` previews a stack of the
bootstrap project (``bootstrap/Pulumi.STACK.yaml``) the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from components.config import ADOPT_KEY, ConfigError
from offline.mocks import RecordedResource
from offline.runner import ProgramRun, run_bootstrap, run_program
from offline.stack_file import BOOTSTRAP_ROOT, SECRET_PLACEHOLDER, adoption_block, available_stacks
from policies.evaluate import Violation, evaluate
from policies.model import SECRET_SIGNATURE_KEY, ResourceView, StackView


def to_view(resource: RecordedResource) -> ResourceView:
    return ResourceView(
        type=resource.type,
        urn=resource.urn,
        name=resource.name,
        props=resource.inputs,
        parent_urn=resource.parent_urn,
        protect=resource.protect,
        retain_on_delete=resource.retain_on_delete,
        dependencies=resource.dependencies,
    )


BOOTSTRAP_PREFIX = f"{BOOTSTRAP_ROOT.name}/"


def stack_view(run: ProgramRun) -> StackView:
    prefix = f"{run.namespace}:"
    config = {
        key.removeprefix(prefix): value for key, value in run.raw_config.items() if key.startswith(prefix)
    }
    return StackView([to_view(resource) for resource in run.resources], stack_config=config)


def stack_choices() -> list[str]:
    """The main program's stacks, then the bootstrap project's as ``bootstrap/<stack>``."""
    return [*available_stacks(), *(BOOTSTRAP_PREFIX + stack for stack in available_stacks(BOOTSTRAP_ROOT))]


def stack_file_label(choice: str) -> str:
    if choice.startswith(BOOTSTRAP_PREFIX):
        return f"{BOOTSTRAP_PREFIX}Pulumi.{choice.removeprefix(BOOTSTRAP_PREFIX)}.yaml"
    return f"Pulumi.{choice}.yaml"


def component_of(resource: RecordedResource, by_urn: dict[str, RecordedResource]) -> str:
    """The top-level component a resource belongs to (its outermost non-stack ancestor)."""
    current = resource
    while current.parent_urn and current.parent_urn in by_urn:
        current = by_urn[current.parent_urn]
    return f"{current.type.rsplit(':', 1)[-1]}:{current.name}" if not current.custom else "(top level)"


def masked(value: Any) -> Any:
    """``value`` with every secret replaced by ``[secret]``, as ``pulumi preview`` shows it."""
    if isinstance(value, dict):
        if SECRET_SIGNATURE_KEY in value:
            return SECRET_PLACEHOLDER
        return {key: masked(item) for key, item in value.items()}
    if isinstance(value, list):
        return [masked(item) for item in value]
    return value


def adoption_config(path: Path | None) -> dict[str, object] | None:
    """The stack config an adoption file adds: its ``compact-connect:adopt`` block (or the bare block)."""
    return None if path is None else {ADOPT_KEY: adoption_block(path, ADOPT_KEY)}


def report(run: ProgramRun, violations: list[Violation]) -> dict[str, Any]:
    custom = [resource for resource in run.resources if resource.custom]
    by_urn = {resource.urn: resource for resource in run.resources}
    return {
        "stack": run.label,
        "resourceCount": len(custom),
        "byType": dict(sorted(Counter(resource.type for resource in custom).items())),
        "byComponent": dict(sorted(Counter(component_of(r, by_urn) for r in custom).items())),
        "resources": [
            {
                "urn": resource.urn,
                "type": resource.type,
                "name": resource.name,
                "parent": resource.parent_urn,
                "protect": resource.protect,
                "retainOnDelete": resource.retain_on_delete,
                "inputs": masked(resource.inputs),
                "importId": resource.import_id,
            }
            for resource in run.resources
        ],
        "imports": [
            {"urn": resource.urn, "type": resource.type, "importId": resource.import_id}
            for resource in run.resources
            if resource.import_id
        ],
        "violations": [
            {"policy": v.policy, "level": v.level, "urn": v.urn, "message": v.message} for v in violations
        ],
    }


def print_summary(summary: dict[str, Any]) -> None:
    print(f"Stack {summary['stack']}: {summary['resourceCount']} resources")
    print("\nBy component:")
    for component, count in summary["byComponent"].items():
        print(f"  {count:5d}  {component}")
    print("\nBy type:")
    for token, count in summary["byType"].items():
        print(f"  {count:5d}  {token}")
    if summary["imports"]:
        print(f"\nAdopted (imported, not created): {len(summary['imports'])}")
        for adopted in summary["imports"]:
            print(f"  {adopted['type']}  {adopted['importId']}")
    violations = summary["violations"]
    mandatory = [v for v in violations if v["level"] == "mandatory"]
    print(f"\nPolicy violations: {len(mandatory)} mandatory, {len(violations) - len(mandatory)} advisory")
    for violation in violations:
        print(f"  [{violation['level']}] {violation['policy']}: {violation['urn']}")
        print(f"      {violation['message']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/preview", description=__doc__)
    parser.add_argument(
        "stack",
        choices=stack_choices(),
        help="stack file Pulumi.<stack>.yaml, or bootstrap/<stack> for bootstrap/Pulumi.<stack>.yaml",
    )
    parser.add_argument("--json", type=Path, help="also write the full result as JSON to this file")
    parser.add_argument(
        "--adopt",
        type=Path,
        help="a YAML file with a compact-connect:adopt block (scripts/adopt), as if in the stack file",
    )
    args = parser.parse_args(argv)
    bootstrap_stack = (
        args.stack.removeprefix(BOOTSTRAP_PREFIX) if args.stack.startswith(BOOTSTRAP_PREFIX) else None
    )
    try:
        run: ProgramRun[Any]
        if bootstrap_stack:
            run = run_bootstrap(bootstrap_stack)
        elif args.adopt:
            run = run_program(args.stack, extra_config=adoption_config(args.adopt))
        else:
            run = run_program(args.stack)
    except ConfigError as error:
        print(f"{stack_file_label(args.stack)}: {error}", file=sys.stderr)
        return 2
    summary = report(run, evaluate(stack_view(run)))
    print_summary(summary)
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=str))
        print(f"\nWrote {args.json}")
    return 1 if any(v["level"] == "mandatory" for v in summary["violations"]) else 0


if __name__ == "__main__":
    sys.exit(main())
