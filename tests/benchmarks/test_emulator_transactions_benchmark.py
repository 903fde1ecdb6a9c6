"""Smoke test of the emulator transactions benchmark at tiny sizes: both implementations are measured and
reported (no timing is asserted)."""

from __future__ import annotations

import json

import pytest

from benchmarks.emulator_transactions import main, measure


@pytest.fixture(autouse=True)
def moto_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("AWS_ENDPOINT_URL", "AWS_PROFILE"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


def test_both_implementations_commit_on_a_seeded_table():
    report = measure(10, transactions=2, repeat=1)

    assert set(report) == {"items", "moto_per_s", "ours_per_s", "ratio"}
    assert report["items"] == 10 and report["moto_per_s"] > 0 and report["ours_per_s"] > 0


def test_the_command_prints_a_json_line_per_size(capsys):
    assert main(["--sizes", "0,5", "--transactions", "1", "--repeat", "1"]) == 0

    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [report["items"] for report in reports] == [0, 5]
