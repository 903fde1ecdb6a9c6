"""`python -m sandbox`: run the local sandbox until SIGINT or SIGTERM."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from components.config import NAMESPACE, ConfigError, parse_stack_config
from offline.stack_file import load_stack_config, namespace_values
from sandbox.app import Ports, start_sandbox
from sandbox.manifest import MANIFEST, remove_manifest, write_manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/sandbox", description=__doc__)
    parser.add_argument(
        "--stack", default="local", help="stack file to run (default: local, the embedded default)"
    )
    parser.add_argument(
        "--ephemeral-ports", action="store_true", help="bind free ports instead of 5050/3100-3102"
    )
    parser.add_argument(
        "--manifest", type=Path, default=MANIFEST, help=f"where to write it (default {MANIFEST})"
    )
    args = parser.parse_args(argv)

    try:
        config = parse_stack_config(namespace_values(load_stack_config(args.stack), NAMESPACE))
    except (ConfigError, FileNotFoundError) as error:
        print(error, file=sys.stderr)
        return 2

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    sandbox = start_sandbox(config, Ports.ephemeral() if args.ephemeral_ports else Ports())
    write_manifest(sandbox.manifest(), args.manifest)
    print(f"CompactConnect sandbox ({config.environment_name}) up in {sandbox.started_in_seconds:.2f}s")
    print(f"  AWS emulator : {sandbox.emulator.endpoint}  (region {sandbox.manifest()['region']})")
    for api, url in sandbox.urls.items():
        print(f"  {api.value:<13}: {url}")
    print(f"  tables       : {len(sandbox.tables)} on the emulator")
    print(f"  manifest     : {args.manifest}")
    print("Try: curl -s " + sandbox.urls[next(iter(sandbox.urls))] + "/v1/public/jurisdictions/live")
    print("Press Ctrl+C to stop.", flush=True)
    try:
        stop.wait()
    finally:
        print("Stopping sandbox ...", flush=True)
        sandbox.stop()
        remove_manifest(args.manifest)
    return 0


if __name__ == "__main__":
    sys.exit(main())
