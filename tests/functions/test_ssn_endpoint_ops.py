"""`scripts/ssn_endpoint` against moto, as an on-call operator runs it after the kill switch tripped."""

from __future__ import annotations

import json

import pytest

from core.clock import now_utc
from core.repositories.ssn_reads import SsnReadLog, is_on
from ops import ssn_endpoint


def _run(capsys, *argv: str) -> tuple[int, dict]:
    status = ssn_endpoint.main(list(argv))
    out = capsys.readouterr().out
    return status, json.loads(out) if out else {}


def test_status_of_a_never_switched_endpoint_is_on(aws, capsys):
    status, result = _run(capsys, "status", "--table", aws["rate_limiting"].name)
    assert status == 0 and result["enabled"] is True


def test_enable_after_the_switch_tripped_records_who_and_why(aws, capsys):
    log = SsnReadLog(aws["rate_limiting"])
    log.set_switch(enabled=False, changed_at=now_utc(), changed_by="ProviderSsnApi", reason="16 attempts")
    assert not is_on(log.switch())
    status, result = _run(
        capsys, "enable", "--reason", "INC-7 reviewed", "--by", "jo@ops", "--table", aws["rate_limiting"].name
    )
    assert status == 0
    assert is_on(log.switch())
    assert (result["enabled"], result["changedBy"], result["reason"]) == (True, "jo@ops", "INC-7 reviewed")


def test_disable_by_default_names_the_aws_caller(aws, capsys):
    status, result = _run(
        capsys, "disable", "--reason", "leak suspected", "--table", aws["rate_limiting"].name
    )
    assert status == 0 and result["enabled"] is False
    assert result["changedBy"].startswith("arn:aws:")


def test_switching_needs_a_reason(aws):
    with pytest.raises(SystemExit) as exit_info:
        ssn_endpoint.main(["enable", "--table", aws["rate_limiting"].name])
    assert exit_info.value.code == 2


def test_sandbox_target_needs_a_running_sandbox(tmp_path, capsys):
    assert ssn_endpoint.main(["status", "--sandbox"], manifest_path=tmp_path / "absent.json") == 1
    assert "start scripts/sandbox" in capsys.readouterr().err
