"""Smoke test of the sandbox ingest benchmark on a few rows: it starts a sandbox, sends both paths, and
reports every figure; the run fails unless every row became a readable license (no timing is asserted)."""

from __future__ import annotations

import json

from benchmarks.sandbox_ingest import main


def test_both_paths_are_measured_against_the_floor_and_the_sandbox_stops(capsys):
    assert main(["--rows", "30", "--floor-rows", "30", "--progress-seconds", "0.05"]) == 0

    report = json.loads(capsys.readouterr().out)
    assert report["rows"] == 30 and report["demo"] == 0
    for path in ("api", "csv"):
        assert report[path]["rows_per_s"] > 0 and report[path]["ratio"] > 0
        assert report[path]["tables"]["ssn"] >= 30
        seconds = [second for second, _items, _megabytes in report[path]["progress"]]
        assert seconds and seconds == sorted(seconds)
        assert all(megabytes > 0 for _second, _items, megabytes in report[path]["progress"])
    assert report["csv"]["tables"]["provider"] > report["api"]["tables"]["provider"] > 0
    assert report["csv"]["progress"][-1][1] <= report["csv"]["tables"]["provider"]
    assert report["peak_memory_mb"] >= report["idle_memory_mb"] > 0
    assert report["stop_seconds"] < 20
