"""Smoke test of the wide-header benchmark at a small size: one clear failure, the file deleted (no timing
is asserted)."""

from __future__ import annotations

import json

from benchmarks.wide_header import main, run

ROW_LIMIT = "The header (line 1) is longer than 65,536 characters, the limit for one row."


def test_a_wide_header_is_refused_once_and_deleted():
    report = run(20_000)  # 180 KB of header: past the row limit, as a million columns are

    assert report["columns"] == 20_000 and report["file_mb"] == 0.18
    assert report["events"] == 1 and report["failure"] == [ROW_LIMIT]
    assert report["deleted"] is True and report["seconds"] >= 0


def test_the_command_prints_json(capsys):
    assert main(["--columns", "600"]) == 0

    report = json.loads(capsys.readouterr().out)
    assert report["failure"] == ["The header (line 1) has 600 columns, more than the limit of 500."]
