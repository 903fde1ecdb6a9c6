"""`python -m benchmarks.ingest --rows N`: bulk-upload parsing throughput against bare CSV parsing.

A CSV file of N mock rows (:mod:`ops.generate_mock_licenses`) is written to a temporary directory, then
read twice per round:

- the floor: ``csv.DictReader`` over the decoded file, every row iterated and nothing else;
- the real path: :func:`licenses.csv_reader.read_licenses` (decoding, parsing, validation, duplicate
  detection) with every valid row's preprocessing message serialised as its SQS body, unsent.

It prints ``{rows, rows_per_s, floor_rows_per_s, ratio, peak_rss_mb, file_mb}``; ``ratio`` is
``rows_per_s / floor_rows_per_s`` (the target is at least 0.3 at 100,000 rows) and ``peak_rss_mb`` the
process's peak resident memory, which should not grow with the file (only the duplicate index does,
by about a hundred bytes a row). Each measurement is the best of ``--repeat`` rounds (3 by default up to
100,000 rows, else 1), floor and real path alternating so that a busy machine slows both alike.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from licenses.csv_reader import ENCODING, ValidRow, read_licenses
from licenses.schema import RowValidator, message_body
from ops.generate_mock_licenses import generate, license_types_of, mock_rows

COMPACT, JURISDICTION = "aslp", "oh"


def floor_pass(path: Path) -> int:
    """Bare parsing: decode and split every row into a dict, as any CSV consumer must."""
    rows = 0
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=ENCODING, newline="")
        for _row in csv.DictReader(text):
            rows += 1
    return rows


def ingest_pass(path: Path, validator: RowValidator) -> int:
    """The bulk parser's path, up to the queue: every valid row's message body is built."""
    rows = 0
    with path.open("rb") as raw:
        for item in read_licenses(raw, validator, COMPACT, JURISDICTION):
            if isinstance(item, ValidRow):
                message_body(item.message)
            rows += 1
    return rows


def _seconds(run: Callable[[], int], expected: int) -> float:
    started = time.perf_counter()
    seen = run()
    elapsed = time.perf_counter() - started
    if seen != expected:
        raise RuntimeError(f"read {seen} rows instead of {expected}")
    return elapsed


def peak_rss_mb() -> float:
    """Peak resident set size of this process (``ru_maxrss`` is KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def run(rows: int, repeat: int | None = None, seed: int = 0) -> dict[str, Any]:
    """Generate the file, measure both paths, and return the report."""
    rounds = repeat or (3 if rows <= 100_000 else 1)
    license_types = license_types_of(COMPACT)
    validator = RowValidator(license_types)
    with tempfile.TemporaryDirectory(prefix="ingest-benchmark-") as directory:
        path = Path(directory) / "licenses.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            generate(out, mock_rows(rows, license_types, JURISDICTION, seed=seed))
        floor = ingest = float("inf")
        for _ in range(rounds):
            floor = min(floor, _seconds(lambda: floor_pass(path), rows))
            ingest = min(ingest, _seconds(lambda: ingest_pass(path, validator), rows))
        file_mb = path.stat().st_size / 1_000_000
    rows_per_s, floor_rows_per_s = rows / ingest, rows / floor
    return {
        "rows": rows,
        "rows_per_s": round(rows_per_s),
        "floor_rows_per_s": round(floor_rows_per_s),
        "ratio": round(rows_per_s / floor_rows_per_s, 3),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "file_mb": round(file_mb, 2),
    }


def main(argv: list[str] | None = None) -> int:
    command = argparse.ArgumentParser(prog="python -m benchmarks.ingest", description=__doc__,
                                      formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    command.add_argument("--rows", type=int, default=100_000)
    command.add_argument("--repeat", type=int, help="rounds per measurement (best is kept)")
    command.add_argument("--seed", type=int, default=0)
    args = command.parse_args(argv)
    if args.rows < 1:
        command.error("--rows must be at least 1")
    print(json.dumps(run(args.rows, args.repeat, args.seed)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
