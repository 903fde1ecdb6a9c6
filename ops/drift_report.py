"""`scripts/drift_report DIGEST --stack STACK --out FILE`: what `pulumi refresh --preview-only --json` found.

The drift workflow (`.github/workflows/drift.yml`) refreshes each deployed stack without writing its state
and hands the JSON digest here. A resource has drifted when the refresh would update it (its settings in
AWS differ from the state: the changed properties are listed) or delete it (it is gone from AWS). Unchanged
resources (``refresh``/``same`` steps) and providers (their settings come from the program, not from AWS)
are not drift. Only property *names* are reported, never values, so the report can go into a GitHub issue
whatever the resources hold.

Writes the Markdown report to ``--out`` and, when ``$GITHUB_OUTPUT`` is set, ``drifted=true|false`` for the
workflow's next step; prints the report's first line.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

UNCHANGED_OPS = frozenset({"same", "refresh"})
PROVIDER_TYPE_PREFIX = "pulumi:providers:"
STACK_TYPE = "pulumi:pulumi:Stack"
MAX_REPORT_CHARS = 60_000
"""A GitHub issue or comment body holds at most 65,536 characters; the rest is counted, not listed."""


@dataclass(frozen=True)
class Drifted:
    op: str
    type: str
    name: str
    properties: tuple[str, ...]


def _type_and_name(urn: str) -> tuple[str, str]:
    """``urn:pulumi:<stack>::<project>::<parent types>$<type>::<name>`` -> (type, name)."""
    parts = urn.split("::", 3)
    if len(parts) < 4:
        return "", urn
    return parts[2].rsplit("$", 1)[-1], parts[3]


def drifted(digest: Mapping[str, Any]) -> list[Drifted]:
    """The resources whose refresh would change the state, sorted by type and name."""
    found = []
    for step in digest.get("steps") or []:
        op = str(step.get("op", ""))
        type_, name = _type_and_name(str(step.get("urn", "")))
        if op in UNCHANGED_OPS or type_ == STACK_TYPE or type_.startswith(PROVIDER_TYPE_PREFIX):
            continue
        properties = sorted(step.get("detailedDiff") or {}) or sorted(step.get("diffReasons") or [])
        found.append(Drifted(op, type_, name, tuple(properties)))
    return sorted(found, key=lambda item: (item.type, item.name))


def render(stack: str, items: list[Drifted], run_url: str | None) -> str:
    lines = [f"`pulumi refresh --preview-only` found {len(items)} drifted resource(s) in stack **{stack}**."]
    if run_url:
        lines.append(f"Run: {run_url}")
    lines += [
        "",
        "Reconcile by changing the program (keep what was changed in AWS) or by running `pulumi up` "
        "(put back what the program declares). Property values are left out on purpose.",
        "",
        "| change | type | resource | properties |",
        "|---|---|---|---|",
    ]
    body = "\n".join(lines)
    for index, item in enumerate(items):
        props = ", ".join(f"`{p}`" for p in item.properties) or "—"
        row = f"\n| {item.op} | `{item.type}` | `{item.name}` | {props} |"
        if len(body) + len(row) > MAX_REPORT_CHARS:
            return body + f"\n\n…and {len(items) - index} more (see the run's log)."
        body += row
    return body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/drift_report", description=__doc__)
    parser.add_argument("digest", type=Path, help="output of pulumi refresh --preview-only --json")
    parser.add_argument("--stack", required=True, help="the stack's name, for the report")
    parser.add_argument("--out", type=Path, required=True, help="where to write the Markdown report")
    args = parser.parse_args(argv)
    items = drifted(json.loads(args.digest.read_text()))
    server, repository, run_id = (
        os.environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
    )
    run_url = f"{server}/{repository}/actions/runs/{run_id}" if server and repository and run_id else None
    report = render(args.stack, items, run_url)
    args.out.write_text(report + "\n")
    github_output = os.environ.get("GITHUB_OUTPUT")
    if github_output:
        with open(github_output, "a") as outputs:
            outputs.write(f"drifted={'true' if items else 'false'}\n")
    print(report.splitlines()[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
