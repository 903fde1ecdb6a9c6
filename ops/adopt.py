"""`scripts/adopt`: take a running reference (CDK) deployment over without losing a record or a login.

Reads the environment's CloudFormation stacks (``Prod-PersistentStack``, ``Prod-ProviderUsersStack``...,
and the backup stack nested in the first), places every resource that holds state (ops/adoption_rules.py:
adopted by the program, kept where it is, or rebuilt), describes the adopted ones live and writes the
``compact-connect:adopt`` block (components/adoption.py) that makes the program's first ``pulumi up``
import them where they stand. Then it checks that deleting the stacks cannot delete any of them (every
one ``DeletionPolicy: Retain`` and ``UpdateReplacePolicy: Retain``, no CDK bucket emptier left) and prints
the cut-over, step by step, with this environment's commands (docs/migration.md walks through it).

    scripts/adopt --environment prod                  # prints the block (stdout) and the report
    scripts/adopt --environment prod --write          # writes the block into Pulumi.prod.yaml
    scripts/adopt --environment prod --inventory      # JSON facts on the adopted resources (before/after)

Exit status 1 when something would be lost or cannot be placed: a missing stack, a stateful resource no
rule names (listed; never guessed), two candidates for one of the program's resources, an adopted
resource that is not there, or one that is not retained yet. Needs the environment account's read access
(CloudFormation, Cognito, KMS, DynamoDB, S3, EventBridge, Backup).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, TextIO

import boto3
import yaml

from components.config import NAMESPACE
from core.aws import client_error, error_code
from core.secrets import ALL_SECRETS
from offline.stack_file import namespace_values, stack_file
from ops.adoption_block import ADOPT_KEY, Clients, adoption_block, render, write_into
from ops.adoption_inventory import inventory, stack_adoption
from ops.adoption_rules import Classification, classify, retain_problems
from ops.adoption_sources import deletion_order, discover, missing_required, read_stacks, stack_prefix
from ops.cutover_steps import CutOver, steps
from toolkit.commands import CommandError

DEFAULT_COMPACTS = ("aslp", "octp", "coun")
HOW_TO_RETAIN = """\
CloudFormation deletes these with their stacks. Do not delete any stack yet: in the CDK app, give each one
RemovalPolicy.RETAIN (docs/migration.md, step 2, has an aspect that does exactly this and removes the bucket
emptiers), deploy the reference once through its pipeline (or cdk deploy), and run scripts/adopt again."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/adopt", description=__doc__.splitlines()[0])
    parser.add_argument("--environment", required=True, choices=("sandbox", "test", "beta", "prod"))
    parser.add_argument("--region", help="default: the stack file's compact-connect:region, else us-east-1")
    parser.add_argument(
        "--stack-prefix", help="the reference's stage prefix when not the usual (Prod-, Test-...)"
    )
    parser.add_argument(
        "--cfn-stack", action="append", default=[], metavar="NAME", help="read exactly these stacks (repeat)"
    )
    parser.add_argument("--endpoint-url", help="an AWS emulator's endpoint (tests)")
    parser.add_argument("--stack-file", type=Path, help="default: Pulumi.<environment>.yaml")
    parser.add_argument("--pulumi-org", default="organization", help="the Pulumi organization (PULUMI_ORG)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the block into the stack file")
    mode.add_argument("--inventory", action="store_true", help="describe what the stack file's block adopts")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None, session: boto3.Session | None = None) -> int:
    args = parse_args(argv)
    try:
        return run(args, session)
    except CommandError as error:
        print(f"scripts/adopt: {error}", file=sys.stderr)
        return 1


def run(args: argparse.Namespace, session: boto3.Session | None) -> int:
    path: Path = args.stack_file or stack_file(args.environment)
    settings = _settings(path)
    region = args.region or settings.get("region") or "us-east-1"
    session = session or boto3.Session(region_name=region)
    clients = Clients.of(session, region, args.endpoint_url)
    if args.inventory:
        print(json.dumps(inventory(stack_adoption(path), clients), indent=2, sort_keys=True))
        return 0
    cfn = session.client("cloudformation", region_name=region, endpoint_url=args.endpoint_url)
    prefix = stack_prefix(args.environment, args.stack_prefix)
    names = args.cfn_stack or discover(cfn, prefix)
    if not names:
        raise CommandError(
            f"no CloudFormation stack named {prefix}* in {region} (--stack-prefix, --cfn-stack)"
        )
    missing = missing_required(names, prefix)
    if missing:
        raise CommandError("missing reference stacks: " + ", ".join(missing))
    if args.write and not path.exists():
        raise CommandError(f"no stack file {path} to write into")
    stacks = read_stacks(cfn, names)
    found = classify(stacks.resources)
    _refuse_unplaced(found)
    adoption, notes = adoption_block(found, clients)
    report = sys.stdout if args.write else sys.stderr
    if args.write:
        write_into(path, adoption)
        print(f"wrote {ADOPT_KEY} into {path.name}")
    else:
        print("config:\n" + render(adoption), end="")
    _report(found, notes, report)
    problems = retain_problems(found, stacks.resources)
    if problems:
        print(f"\nNot retained ({len(problems)}):", file=report)
        print("".join(f"  {problem}\n" for problem in problems) + HOW_TO_RETAIN, file=report)
    else:
        print("\nEvery stateful resource is retained: ready.", file=report)
    plan = CutOver(
        environment=args.environment,
        region=region,
        adopt_command=_adopt_command(args, region),
        pulumi_stack=f"{args.pulumi_org}/compact-connect/{args.environment}",
        stacks=deletion_order(stacks.names),
        resources=stacks.resources,
        adoption=adoption,
        compacts=tuple(settings.get("compacts") or DEFAULT_COMPACTS),
        domain=settings.get("domainName"),
        ready=not problems,
        secrets=_existing_secrets(
            session.client("secretsmanager", region_name=region, endpoint_url=args.endpoint_url),
            args.environment,
        ),
    )
    print("\n" + steps(plan), end="", file=report)
    return 1 if problems else 0


def _settings(path: Path) -> dict[str, Any]:
    """The stack file's ``compact-connect:*`` values (region, domain, compacts), when there is one."""
    if not path.exists():
        return {}
    return namespace_values((yaml.safe_load(path.read_text()) or {}).get("config") or {}, NAMESPACE)


def _refuse_unplaced(found: Classification) -> None:
    problems = []
    if found.unclassified:
        problems.append(
            "stateful resources no rule places (ops/adoption_rules.py; decide: adopt, keep or replace):\n"
            + "".join(f"    {resource.label}\n" for resource in found.unclassified)
        )
    for target, candidates in sorted(found.duplicates.items()):
        problems.append(
            f"two or more candidates for {target}:\n" + "".join(f"    {r.label}\n" for r in candidates)
        )
    if problems:
        raise CommandError("cannot place every resource:\n  " + "  ".join(problems).rstrip())


def _report(found: Classification, notes: list[str], out: TextIO) -> None:
    adopted = sorted(
        (f"{p.rule.kind}.{p.rule.key}" if p.rule.key else str(p.rule.kind), p.resource) for p in found.adopted
    )
    parts = sum(len(pool.parts) for pool in found.pools.values())
    print(
        f"\nAdopted ({len(adopted)}, and {parts} sign-in domains, UI clients and resource servers):", file=out
    )
    print(
        "".join(f"  {target:36} {resource.stack}/{resource.logical_id}\n" for target, resource in adopted),
        end="",
        file=out,
    )
    for title, placements in (("Kept, not adopted", found.kept), ("Rebuilt, not adopted", found.replaced)):
        if placements:
            print(f"{title} ({len(placements)}):", file=out)
            for p in placements:
                print(f"  {p.resource.label}: {p.rule.reason}", file=out)
    print(
        f"Replaced by the program: {found.stateless} stateless resources (functions, roles, APIs, queues...)",
        file=out,
    )
    for note in notes:
        print(f"Note: {note}", file=out)


def _existing_secrets(secretsmanager: Any, environment: str) -> list[tuple[str, str, str]]:
    """The secrets the program creates that already exist (the reference's operators made them by hand,
    outside its stacks): creating one under a taken name fails, so the cut-over moves each value into the
    stack's config and deletes the old secret before ``pulumi up``."""
    found = []
    for spec in ALL_SECRETS:
        name = spec.secret_name(environment)
        try:
            secretsmanager.describe_secret(SecretId=name)
        except client_error() as error:
            if error_code(error) != "ResourceNotFoundException":
                raise
            continue
        found.append((name, spec.config_key, spec.field))
    return found


def _adopt_command(args: argparse.Namespace, region: str) -> str:
    command = f"scripts/adopt --environment {args.environment} --region {region}"
    if args.stack_prefix:
        command += f" --stack-prefix {args.stack_prefix}"
    return command + "".join(f" --cfn-stack {name}" for name in args.cfn_stack)


if __name__ == "__main__":
    sys.exit(main())
