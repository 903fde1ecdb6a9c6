"""`scripts/seed_demo_data`: fill a running sandbox with a few hundred realistic providers.

Every provider has a life story replayed oldest first, through the project's own record models, so
each record and each history ("update") record is what the real flows would have written: license
uploads (with renewal, deactivation and correction updates), registration, privilege purchases and
renewals (one after a lapse), administrator deactivations, encumbrances on privileges and licenses
(some lifted), open and closed investigations, military affiliations with their documents, and moves
out of the compact. Provider ids come from the SSN table, as ingest makes them, and the provider record
mirrors its best license. Most privileges are in the compacts' live jurisdictions, so the public routes
show them.

The same ``--seed`` on the same day gives the same people, records and dates (dates are relative to
"today"). Only the provider ids differ from one emulator to the next (the SSN table draws them), and the
privilege numbers when the compact's counter had already been used (they are claimed from it).
A seed already in the sandbox is refused; another seed adds more providers.

    scripts/seed_demo_data                       # the sandbox of .sandbox/manifest.json
    scripts/seed_demo_data --providers 1000 --seed 7
    scripts/sandbox --demo                       # start a sandbox and seed it

It refuses any target but a local sandbox's emulator: this is made-up data.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from components.config import NAMESPACE, ConfigError, parse_stack_config
from offline.stack_file import load_stack_config, namespace_values
from ops.demo_data import (
    DEFAULT_PROVIDERS,
    DEFAULT_SEED,
    DemoSummary,
    checked_sandbox_endpoint,
    sandbox_resources,
    seed_demo_data,
)
from toolkit.commands import CommandError, sandbox_session
from toolkit.manifest import MANIFEST, write_manifest


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(prog="scripts/seed_demo_data", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    target = command.add_mutually_exclusive_group()
    target.add_argument(
        "--sandbox", action="store_true", help=f"the running local sandbox ({MANIFEST}; default)"
    )
    target.add_argument("--manifest", type=Path, help="the manifest of a sandbox started with --manifest")
    command.add_argument(
        "--providers", type=int, default=DEFAULT_PROVIDERS, help=f"default {DEFAULT_PROVIDERS}"
    )
    command.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"default {DEFAULT_SEED}")
    command.add_argument("--stack", default="local", help="the stack the sandbox runs (default: local)")
    command.add_argument("--json", action="store_true", help="print the whole summary as JSON")
    return command


def print_summary(summary: DemoSummary, out: Any = sys.stdout) -> None:
    print(f"Seeded {summary.line()}", file=out)
    for compact, samples in summary.samples.items():
        picks = {
            case: samples[case]
            for case in ("activePrivileges", "encumberedPrivilege", "militaryAffiliation")
            if case in samples
        }
        shown = "  ".join(f"{case}={provider_id}" for case, provider_id in picks.items())
        print(f"  {compact}: {shown}", file=out)


def main(argv: list[str] | None = None, manifest_path: Path = MANIFEST) -> int:
    args = parser().parse_args(argv)
    path = args.manifest or manifest_path
    try:
        session, endpoint, manifest = sandbox_session(path)
        checked_sandbox_endpoint(endpoint)
        try:
            config = parse_stack_config(namespace_values(load_stack_config(args.stack), NAMESPACE))
        except (ConfigError, FileNotFoundError) as error:
            raise CommandError(str(error)) from None
        if manifest.get("environment") not in (None, str(config.environment_name)):
            raise CommandError(
                f"the sandbox runs the {manifest['environment']} environment: pass its --stack"
            )
        tables, buckets = sandbox_resources(session, endpoint, manifest["tables"], manifest["buckets"])
        summary = seed_demo_data(tables, buckets, config, providers=args.providers, seed=args.seed)
    except CommandError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    manifest["demo"] = {**manifest.get("demo", {}), **summary.as_manifest()}
    write_manifest(manifest, path)
    if args.json:
        print(json.dumps(summary.as_manifest(), indent=2))
    else:
        print_summary(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
