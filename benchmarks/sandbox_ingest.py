"""`python -m benchmarks.sandbox_ingest --rows N [--demo]`: a state's license file through the local
sandbox, end to end, against the emulator's own floor measured in the same run.

It starts the sandbox (``python -m sandbox --ephemeral-ports``, with ``--demo`` seeding the demo
providers first, ``--demo-providers N`` of them to start from a larger provider table) or, with
``--manifest``, uses one already running, then sends N generated rows
(:func:`ops.generate_mock_licenses.mock_rows`) through each path a state system has:

- ``api``: the State API's signed ``POST .../licenses``, 100 rows a request, one after another;
- ``csv``: one CSV file through the presigned upload the State API hands out.

Each path uses its own state client and rows (``oh`` and ``ky``, different SSNs). A path's clock
starts at its first request and stops when the last row is readable: every queue on the way (the upload
notifications, preprocessing, ingest) has been seen empty, nothing waiting and nothing in flight, on two
polls in a row. Then, off the clock, the provider table is counted: every row must be there as a license
of its jurisdiction, and the dead-letter queues must be empty, or the run fails.

The floor is the bare emulator storing one license-shaped item per row with a conditional put (one
client, one request per item, no pipeline) on a table of its own on the same emulator (``--floor-rows``,
2,000 by default: its rate does not depend on the table's size). It is measured before and after each
path and the two averaged, so that a machine whose load changes during the run moves both sides alike;
after a path, only once every queue of the sandbox is empty (the data-event log and the listeners may
still be working when the last license is readable, and the floor must not share the emulator with
them). ``settle_seconds`` is how long that took.
``ratio`` = a path's rows per second / its floor's.

It prints JSON: ``rows``, ``demo`` (providers seeded, 0 without), ``tables`` (the emulator's table sizes
before the first path), per path ``{rows_per_s, seconds, settle_seconds, floor_rows_per_s, floors, ratio,
tables, progress}`` (``floors``: the two measurements averaged; ``tables``: sizes after the path;
``progress``: ``[seconds, provider items, resident MB]`` every
``--progress-seconds``, to see the rate and the sandbox's memory as the provider table grows), and the
sandbox's ``idle_memory_mb`` (resident, before the first path), ``peak_memory_mb`` (its high-water mark
at the end) and, when this run started it, ``stop_seconds`` (SIGTERM to exit).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ops.demo_data.seeding import DEFAULT_PROVIDERS
from ops.generate_mock_licenses import license_types_of, mock_rows
from toolkit.sandbox_process import SandboxProcess, resident_memory_mb
from toolkit.state_client import (
    StateClient,
    csv_file,
    emulator,
    post_upload,
    queue_depth,
    scan_pages,
    state_client,
)

COMPACT = "aslp"
BATCH = 100  # rows per State API request, its limit
PATHS = {"api": "oh", "csv": "ky"}
PIPELINE = ("uploads-ParseBulkUpload", "license_preprocessing", "license_ingest")
POLL_SECONDS = 0.2
MAX_POLL_SECONDS = 30.0
DRAIN_ESTIMATE = 500
"""Messages per second the pipeline's queues are assumed to drain at most, which spaces out the polls
of deep queues: counting a queue walks all its messages on the emulator (three times: visible, in
flight, delayed), so the wait before the next poll is ``waiting / DRAIN_ESTIMATE`` seconds (0.2 to 30):
no poll comes later than the queues could possibly have emptied (the sandbox moves about three messages
a row, at about a hundred rows a second), and polling costs the sandbox about 0.5% of its time whatever
the queues hold. With 2,000 a second and a 5-second cap, the polls took 15% of the sandbox's time in
the middle of a 100,000-row ingest (py-spy), and polling every 0.2 s took half of it."""
DEFAULT_FLOOR_ROWS = 2_000
DEFAULT_PROGRESS_SECONDS = 30.0


class IngestIncomplete(RuntimeError):
    """The pipeline went quiet without every row readable."""


def license_rows(count: int, jurisdiction: str, seed: int) -> list[dict[str, str]]:
    return list(mock_rows(count, license_types_of(COMPACT), jurisdiction, seed=seed))


def send_through_api(client: StateClient, rows: list[dict[str, str]]) -> None:
    path = f"{client.base()}/licenses"
    for start in range(0, len(rows), BATCH):
        response = client.call("POST", path, rows[start : start + BATCH])
        if response.status_code != 200:
            raise RuntimeError(f"POST of rows {start}..{start + BATCH} refused: {response.text[:500]}")


def send_as_csv(client: StateClient, rows: list[dict[str, str]]) -> None:
    response = post_upload(client.bulk_upload(), csv_file(rows))
    if response.status_code >= 300:
        raise RuntimeError(f"upload refused ({response.status_code}): {response.text[:500]}")


SENDERS: dict[str, Callable[[StateClient, list[dict[str, str]]], None]] = {
    "api": send_through_api,
    "csv": send_as_csv,
}


def wait_until_drained(manifest: dict[str, Any], timeout: float, queues: Iterable[str] = PIPELINE) -> float:
    """Poll ``queues`` (by default the pipeline's) until two polls in a row find them all empty; returns
    the moment of the first of the two (``time.perf_counter``)."""
    sqs = emulator(manifest, "sqs")
    deadline = time.monotonic() + timeout
    quiet_since: float | None = None
    while time.monotonic() < deadline:
        now = time.perf_counter()
        waiting = sum(queue_depth(manifest, queue, sqs) for queue in queues)
        if waiting == 0:
            if quiet_since is not None:
                return quiet_since
            quiet_since = now
        else:
            quiet_since = None
        time.sleep(min(MAX_POLL_SECONDS, max(POLL_SECONDS, waiting / DRAIN_ESTIMATE)))
    raise IngestIncomplete(f"the pipeline was still busy after {timeout:.0f}s")


def licenses_readable(manifest: dict[str, Any], jurisdiction: str) -> int:
    """License records of ``jurisdiction`` in the provider table (one paginated COUNT scan)."""
    dynamodb = emulator(manifest, "dynamodb")
    pages = scan_pages(
        dynamodb,
        TableName=manifest["tables"]["provider"],
        Select="COUNT",
        FilterExpression="#type = :license AND jurisdiction = :jurisdiction",
        ExpressionAttributeNames={"#type": "type"},
        ExpressionAttributeValues={":license": {"S": "license"}, ":jurisdiction": {"S": jurisdiction}},
    )
    return sum(int(page["Count"]) for page in pages)


def dead_letters(manifest: dict[str, Any]) -> dict[str, int]:
    """Messages on any dead-letter queue of the sandbox, by queue name (only the non-empty ones)."""
    sqs = emulator(manifest, "sqs")
    found = {}
    for url in sqs.list_queues().get("QueueUrls", []):
        if url.endswith("-dlq"):
            waiting = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages"])
            if count := int(waiting["Attributes"]["ApproximateNumberOfMessages"]):
                found[url.rsplit("/", 1)[-1]] = count
    return found


def table_sizes(manifest: dict[str, Any]) -> dict[str, int]:
    """Items per table of the sandbox (DescribeTable's ``ItemCount``, exact on the emulator)."""
    dynamodb = emulator(manifest, "dynamodb")
    return {
        key: int(dynamodb.describe_table(TableName=name)["Table"]["ItemCount"])
        for key, name in sorted(manifest["tables"].items())
    }


def floor_rows_per_s(manifest: dict[str, Any], rows: int) -> float:
    """The bare emulator: one conditional PutItem of a license-shaped item per row, one client, on a
    table of its own with the provider table's key schema (deleted afterwards)."""
    dynamodb = emulator(manifest, "dynamodb")
    table = f"benchmark-floor-{time.time_ns()}"
    dynamodb.create_table(
        TableName=table,
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        AttributeDefinitions=[
            {"AttributeName": "pk", "AttributeType": "S"},
            {"AttributeName": "sk", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    items = [_license_item(index, row) for index, row in enumerate(license_rows(rows, "oh", seed=7))]
    started = time.perf_counter()
    for item in items:
        dynamodb.put_item(TableName=table, Item=item, ConditionExpression="attribute_not_exists(pk)")
    elapsed = time.perf_counter() - started
    dynamodb.delete_table(TableName=table)
    return rows / elapsed


def _license_item(index: int, row: dict[str, str]) -> dict[str, Any]:
    """About what the ingest stores for a license: its keys, type and the row's fields."""
    fields = {key: {"S": value} for key, value in row.items() if key != "ssn" and value}
    return {
        "pk": {"S": f"{COMPACT}#PROVIDER#{index:08d}"},
        "sk": {"S": f"{COMPACT}#PROVIDER#license/{row['homeAddressState'].lower()}/{row['licenseType']}#"},
        "type": {"S": "license"},
        **fields,
    }


@contextmanager
def progress_of(manifest: dict[str, Any], every: float) -> Iterator[list[list[float]]]:
    """``[seconds, provider items, sandbox resident MB]`` every ``every`` seconds while the block runs
    (``DescribeTable`` on a thread of its own: exact and cheap on the emulator, and it does not wait
    for the senders)."""
    dynamodb = emulator(manifest, "dynamodb")
    samples: list[list[float]] = []
    stop = threading.Event()
    started = time.perf_counter()

    def sample() -> None:
        while not stop.wait(every):
            table = dynamodb.describe_table(TableName=manifest["tables"]["provider"])["Table"]
            resident = round(resident_memory_mb(manifest["pid"]), 1)
            samples.append([round(time.perf_counter() - started, 1), int(table["ItemCount"]), resident])

    sampler = threading.Thread(target=sample, daemon=True, name="progress")
    sampler.start()
    try:
        yield samples
    finally:
        stop.set()
        sampler.join()


def run_path(
    sandbox: dict[str, Any], path: str, rows: int, seed: int, timeout: float, progress_seconds: float
) -> dict[str, Any]:
    jurisdiction = PATHS[path]
    client = state_client(sandbox, jurisdiction, COMPACT)
    payload = license_rows(rows, jurisdiction, seed)
    before = licenses_readable(sandbox, jurisdiction)
    client.token  # noqa: B018 - signing in is not part of the ingest
    with progress_of(sandbox, progress_seconds) as progress:
        started = time.perf_counter()
        SENDERS[path](client, payload)
        finished = wait_until_drained(sandbox, timeout)
    seconds = finished - started
    readable = licenses_readable(sandbox, jurisdiction) - before
    dead = dead_letters(sandbox)
    if readable != rows or dead:
        raise IngestIncomplete(f"{path}: {readable} of {rows} licenses readable; dead letters: {dead}")
    return {
        "rows_per_s": round(rows / seconds, 1),
        "seconds": round(seconds, 2),
        "tables": table_sizes(sandbox),
        "progress": progress,
    }


@contextmanager
def sandbox_for(manifest: Path | None, demo: int) -> Iterator[tuple[dict[str, Any], SandboxProcess | None]]:
    """The running sandbox ``manifest`` describes, or a new one on free ports, stopped afterwards."""
    if manifest is not None:
        yield json.loads(manifest.read_text()), None
        return
    with tempfile.TemporaryDirectory(prefix="sandbox-ingest-") as directory:
        arguments = ("--demo", "--demo-providers", str(demo)) if demo else ()
        process = SandboxProcess.start(Path(directory) / "manifest.json", *arguments, timeout=600)
        try:
            yield process.manifest, process
        finally:
            process.stop()


def run(
    rows: int, demo: int, paths: list[str], manifest: Path | None, floor_rows: int, progress_seconds: float
) -> dict[str, Any]:
    report: dict[str, Any] = {"rows": rows, "demo": demo}
    timeout = 120 + rows  # far beyond any healthy run: a stuck pipeline fails instead of hanging
    with sandbox_for(manifest, demo) as (sandbox, process):
        pid = sandbox["pid"]
        report["idle_memory_mb"] = round(resident_memory_mb(pid), 1)
        report["tables"] = table_sizes(sandbox)
        floor_before = floor_rows_per_s(sandbox, floor_rows)
        for seed, path in enumerate(paths, start=1):
            seed_of_path = seed * 1_000_003 + time.time_ns() % 1000
            result = run_path(sandbox, path, rows, seed_of_path, timeout, progress_seconds)
            settling = time.perf_counter()
            wait_until_drained(sandbox, timeout, queues=sandbox["queues"])
            result["settle_seconds"] = round(time.perf_counter() - settling, 2)
            floor_after = floor_rows_per_s(sandbox, floor_rows)
            floor = (floor_before + floor_after) / 2
            report[path] = {
                **result,
                "floor_rows_per_s": round(floor, 1),
                "floors": [round(floor_before, 1), round(floor_after, 1)],
                "ratio": round(result["rows_per_s"] / floor, 3),
            }
            floor_before = floor_after
        report["peak_memory_mb"] = round(resident_memory_mb(pid, "VmHWM"), 1)
        if process is not None:
            report["stop_seconds"] = round(process.stop(), 2)
    return report


def main(argv: list[str] | None = None) -> int:
    command = argparse.ArgumentParser(prog="python -m benchmarks.sandbox_ingest", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    command.add_argument("--rows", type=int, default=10_000, help="rows per path (default 10,000)")
    command.add_argument("--demo", action="store_true", help="start the sandbox with its demo data")
    command.add_argument(
        "--demo-providers", type=int, metavar="N", help="with --demo: how many (default: the sandbox's)"
    )
    command.add_argument("--path", choices=sorted(PATHS), action="append", help="only this path (repeatable)")
    command.add_argument("--manifest", type=Path, help="use the running sandbox this manifest describes")
    command.add_argument("--floor-rows", type=int, default=DEFAULT_FLOOR_ROWS)
    command.add_argument("--progress-seconds", type=float, default=DEFAULT_PROGRESS_SECONDS)
    args = command.parse_args(argv)
    if args.rows < 1 or args.floor_rows < 1 or args.progress_seconds <= 0:
        command.error("--rows and --floor-rows must be at least 1, --progress-seconds above 0")
    paths = args.path or list(PATHS)
    demo = (args.demo_providers or DEFAULT_PROVIDERS) if args.demo else 0
    report = run(args.rows, demo, paths, args.manifest, args.floor_rows, args.progress_seconds)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
