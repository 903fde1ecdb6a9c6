"""Smoke test of the ingest benchmark: it runs and reports every figure (no timing is asserted)."""

from __future__ import annotations

from benchmarks.ingest import main, run


def test_the_benchmark_reports_throughput_against_its_floor(capsys):
    report = run(500, repeat=1)

    assert set(report) == {"rows", "rows_per_s", "floor_rows_per_s", "ratio", "peak_rss_mb", "file_mb"}
    assert report["rows"] == 500 and report["rows_per_s"] > 0 and report["floor_rows_per_s"] > 0
    assert report["file_mb"] > 0


def test_the_command_prints_json(capsys):
    assert main(["--rows", "200", "--repeat", "1"]) == 0

    assert '"ratio"' in capsys.readouterr().out
