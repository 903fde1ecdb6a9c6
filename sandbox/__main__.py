"""`python -m sandbox`: run the local sandbox until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Sized
from pathlib import Path

import boto3

from catalog import routes_of
from components.adoption import Adoption
from components.config import NAMESPACE, ConfigError, parse_stack_config
from core.api_catalog import ApiName
from core.tables import PROVIDER
from offline.stack_file import load_stack_config, namespace_values
from ops.demo_data import (
    DEFAULT_PROVIDERS,
    DemoDataError,
    DemoSummary,
    sandbox_resources,
    seed_demo_data,
)
from provider_users.recaptcha import VERIFY_URL_ENV_VAR
from sandbox import collector
from sandbox.app import Ports, Sandbox, start_sandbox
from sandbox.practitioners import open_demo_accounts
from sandbox.resources import SEEDERS, load_adoption
from toolkit.manifest import MANIFEST, remove_manifest, write_manifest

PUBLIC_PROVIDER = "/v1/public/compacts/{compact}/providers/{providerId}"


def seed_demo(sandbox: Sandbox, providers: int) -> DemoSummary:
    """Demo providers on the sandbox's emulator (what ``scripts/seed_demo_data`` writes)."""
    tables, buckets = sandbox_resources(boto3.Session(), None, sandbox.tables, sandbox.buckets)
    return seed_demo_data(tables, buckets, sandbox.config, providers=providers)


def _public_provider_example(sandbox: Sandbox, demo: DemoSummary) -> str | None:
    """The public provider route of a demo provider with privileges, when this build serves it."""
    paths = {route.path for route in routes_of(ApiName.LICENSE, sandbox.config.public_lookup_enabled)}
    if PUBLIC_PROVIDER not in paths:
        return None
    for compact, samples in demo.samples.items():
        if "activePrivileges" in samples:
            path = PUBLIC_PROVIDER.format(compact=compact, providerId=samples["activePrivileges"])
            return sandbox.urls[ApiName.LICENSE] + path
    return None


def adoption_lines(endpoint: str, adoption: Adoption) -> list[str]:
    """What the sandbox took over on the running emulator, by kind (the names are in the manifest's
    ``adopted``), and the demo seeding it left out for it."""
    kinds: dict[str, Sized] = {
        "tables": adoption.tables,
        "buckets": adoption.buckets,
        "user pools": adoption.user_pools,
        "event bus": [adoption.event_bus] if adoption.event_bus else [],
    }
    adopted = ", ".join(f"{len(found)} {kind}" for kind, found in kinds.items() if found) or "nothing"
    lines = [f"                 in front of {endpoint}; adopted there: {adopted} (manifest adopted)"]
    skipped = [seeder.name for seeder in SEEDERS if not seeder.may_run(adoption)]
    if skipped:
        lines.append(f"  not seeded   : {', '.join(skipped)}  (each would write into adopted resources)")
    return lines


def flag_override(text: str) -> tuple[str, bool]:
    """``NAME=on`` or ``NAME=off``."""
    name, _, value = text.partition("=")
    if not name or value not in ("on", "off"):
        raise argparse.ArgumentTypeError(f"{text!r}: expected NAME=on or NAME=off")
    return name, value == "on"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/sandbox", description=__doc__)
    parser.add_argument(
        "--stack", default="local", help="stack file to run (default: local, the embedded default)"
    )
    parser.add_argument(
        "--ephemeral-ports", action="store_true", help="bind free ports instead of 5050/3100-3106"
    )
    parser.add_argument(
        "--manifest", type=Path, default=MANIFEST, help=f"where to write it (default {MANIFEST})"
    )
    parser.add_argument(
        "--demo", action="store_true", help="seed demo providers, as scripts/seed_demo_data does"
    )
    parser.add_argument(
        "--demo-providers",
        type=int,
        default=DEFAULT_PROVIDERS,
        metavar="N",
        help=f"how many with --demo (default {DEFAULT_PROVIDERS})",
    )
    parser.add_argument(
        "--opensearch",
        metavar="URL",
        help="search on this OpenSearch (e.g. http://localhost:9200) instead of the in-process stand-in",
    )
    parser.add_argument(
        "--flag",
        action="append",
        default=[],
        type=flag_override,
        metavar="NAME=on|off",
        help="turn a declared feature flag on or off for this run (repeatable)",
    )
    parser.add_argument(
        "--aws-endpoint",
        metavar="URL",
        help="run over this running AWS emulator (e.g. http://127.0.0.1:5000) instead of starting one",
    )
    parser.add_argument(
        "--adopt",
        type=Path,
        metavar="FILE",
        help="use the resources this compact-connect:adopt block (YAML or JSON) names on --aws-endpoint "
        "instead of provisioning and seeding them",
    )
    args = parser.parse_args(argv)
    if args.adopt and not args.aws_endpoint:
        parser.error("--adopt: the adopted resources are on a running emulator; give its --aws-endpoint")
    if args.adopt and args.demo:
        parser.error("--demo would write demo providers into the adopted deployment's tables")

    try:
        config = parse_stack_config(namespace_values(load_stack_config(args.stack), NAMESPACE))
        adoption = load_adoption(args.adopt) if args.adopt else None
    except (ConfigError, FileNotFoundError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    try:
        sandbox = start_sandbox(
            config,
            Ports.ephemeral() if args.ephemeral_ports else Ports(),
            args.opensearch,
            dict(args.flag),
            args.aws_endpoint,
            adoption,
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    manifest = sandbox.manifest()
    demo = None
    if args.demo:
        try:
            demo = seed_demo(sandbox, args.demo_providers)
        except DemoDataError as error:
            sandbox.stop()
            print(f"error: {error}", file=sys.stderr)
            return 2
        except BaseException:
            sandbox.stop()
            raise
        manifest["demo"] = {**manifest["demo"], **demo.as_manifest()}
        demo_accounts = open_demo_accounts(sandbox.tables[PROVIDER.key], sandbox.user_pools["provider"]["id"])
        manifest["practitioners"] = [*manifest["practitioners"], *demo_accounts]
    collector.settle()
    write_manifest(manifest, args.manifest)  # once it exists, the demo data is there too
    print(f"CompactConnect sandbox ({config.environment_name}) up in {sandbox.started_in_seconds:.2f}s")
    print(f"  AWS emulator : {sandbox.emulator.endpoint}  (region {manifest['region']})")
    if args.aws_endpoint:
        print(*adoption_lines(args.aws_endpoint, adoption or Adoption()), sep="\n")
    for api, url in sandbox.urls.items():
        print(f"  {api.value:<13}: {url}")
    print(f"  mailbox      : {sandbox.mailbox_url}  (every email the sandbox sends)")
    print(f"  reCAPTCHA    : {os.environ[VERIFY_URL_ENV_VAR]}  (stand-in; manifest recaptcha)")
    print(f"  Authorize.Net: {sandbox.payment_processor_url}  (stand-in; manifest paymentProcessor)")
    print(f"  search engine: {sandbox.search_url}  ({'stand-in' if sandbox.search_engine else 'OpenSearch'})")
    print(f"  tables       : {len(sandbox.tables)} on the emulator")
    flags = ", ".join(f"{name}={'on' if on else 'off'}" for name, on in sandbox.flags.items())
    print(f"  flags        : {flags}  (offline; --flag NAME=on|off)")
    print(f"  manifest     : {args.manifest}")
    print("  bound to     : 127.0.0.1 only (loopback): nothing here is reachable from another machine")
    print("  tokens       : signed with the emulator's published key: for local use only, never trust them")
    if demo is not None:
        print(f"  demo data    : {demo.line()}")
        print("                 sample provider ids per compact and case: manifest demo.samples")
    print("Try: curl -s " + sandbox.urls[next(iter(sandbox.urls))] + "/v1/public/jurisdictions/live")
    if demo is not None and (example := _public_provider_example(sandbox, demo)):
        print(f"     curl -s {example}")
    print("Press Ctrl+C to stop.", flush=True)
    try:
        # Wake every second: the kernel may deliver SIGTERM to any of the sandbox's threads, and Python
        # runs the handler only when the main thread runs again; a main thread blocked in an unbounded
        # wait would never notice (seen: a sandbox over a running emulator "ignored" SIGTERM).
        while not stop.wait(timeout=1.0):
            pass
    finally:
        print("Stopping sandbox ...", flush=True)
        sandbox.stop()
        remove_manifest(args.manifest)
    return 0


def exit_without_teardown(status: int) -> None:
    """Ends the process without the interpreter's teardown. Everything the sandbox holds is in memory
    and goes with the process; after a large ingest, freeing it object by object (and joining the
    threads of requests still being served) took longer than SIGTERM's few seconds. Output is flushed
    first, so nothing printed or logged is lost."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


if __name__ == "__main__":
    exit_without_teardown(main())
