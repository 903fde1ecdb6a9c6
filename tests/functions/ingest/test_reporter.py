"""The ingest reporter against moto (issue #13, spec §5.3): upload problems reach the state's
operations team once, listed without SSN, birth date or address; a problem that lands while a run
works is reported by the next run (the reference lost it); a run with nothing new sends nothing; the
weekly run summarises the week or raises the no-licenses alert to the state and the compact; one
jurisdiction failing does not stop the others."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from core.clock import frozen_time
from ingest import data_events, reporter
from notifications import client
from tests.functions.ingest.conftest import bus_envelope, sqs_event

RUN = datetime(2026, 3, 5, 12, 15, 0, tzinfo=UTC)
OHIO = ["lead@oh.example.gov", "ops@oh.example.gov"]


def _log(*details: dict[str, Any], at: datetime, event_type: str = "license.validation-error") -> None:
    """The data-event logger storing these events at ``at``."""
    envelopes = [
        bus_envelope(event_type, detail, f"{event_type}-{at.timestamp()}-{n}")
        for n, detail in enumerate(details)
    ]
    with frozen_time(at):
        assert data_events.lambda_handler(sqs_event(*envelopes), _context())["batchItemFailures"] == []


def _context() -> Any:
    from sandbox.invoke import LocalContext

    return LocalContext("test", 256, 28)


def _rejected_row(record: int, happened: datetime) -> dict[str, Any]:
    return {
        "eventTime": happened.isoformat(),
        "compact": "aslp",
        "jurisdiction": "oh",
        "recordNumber": record,
        "validData": {"licenseNumber": f"SLP-{record}", "givenName": "Grace", "familyName": "Hopper"},
        "errors": {"dateOfExpiration": ["Input should be a valid date"]},
    }


def _run(kind: str, at: datetime) -> dict[str, Any]:
    with frozen_time(at):
        return reporter.lambda_handler({"eventType": kind}, _context())


def _texts(mail) -> list[str]:
    return [message.get_body(("plain",)).get_content() for message in mail.refresh()]


def test_problems_reach_the_states_operations_team_once(mail):
    _log(
        _rejected_row(3, RUN - timedelta(minutes=9)),
        _rejected_row(7, RUN - timedelta(minutes=9)),
        at=RUN - timedelta(minutes=9),
    )
    _log({"eventTime": (RUN - timedelta(minutes=8)).isoformat(), "compact": "aslp", "jurisdiction": "oh",
          "errors": ["The license could not be processed (ClientError); please upload it again."]},
         at=RUN - timedelta(minutes=8), event_type="license.ingest-failure")  # fmt: skip

    assert _run("frequent", RUN) == {"eventType": "frequent", "reported": 1}

    assert mail.to() == OHIO  # one message to each address of Ohio's operations team
    text = _texts(mail)[0]
    assert mail[0]["Subject"] == "License data errors: Audiology and Speech Language Pathology / Ohio"
    assert "Row 3: license SLP-3" in text and "Row 7: license SLP-7" in text and "ClientError" in text
    for sensitive in ("ssn", "dateOfBirth", "homeAddress", "Street"):
        assert sensitive not in text

    assert _run("frequent", RUN + timedelta(minutes=15))["reported"] == 0
    assert len(mail.refresh()) == 2  # nothing new


def test_a_problem_that_lands_while_a_run_works_is_reported_by_the_next_run(mail):
    """It happened inside the first run's window but reached the log after that run had looked: the
    reference, reading by when it happened, never reported it."""
    _run("frequent", RUN)  # nothing yet
    _log(_rejected_row(4, RUN - timedelta(minutes=5)), at=RUN + timedelta(seconds=30))
    assert mail.refresh() == []

    assert _run("frequent", RUN + timedelta(minutes=15))["reported"] == 1
    assert "Row 4: license SLP-4" in _texts(mail)[0]


def test_a_problem_logged_just_before_a_run_waits_for_the_index_to_settle(mail):
    _log(_rejected_row(5, RUN), at=RUN - timedelta(seconds=20))
    assert _run("frequent", RUN)["reported"] == 0  # within the settle margin: the next run has it
    assert _run("frequent", RUN + timedelta(minutes=15))["reported"] == 1


def test_a_failed_jurisdiction_is_retried_by_the_next_run_and_the_others_still_go(mail, monkeypatch):
    _log(_rejected_row(3, RUN - timedelta(minutes=9)), at=RUN - timedelta(minutes=9))
    real = client.send_email
    monkeypatch.setattr(
        reporter, "send_email", lambda request: (_ for _ in ()).throw(RuntimeError("throttled"))
    )
    with pytest.raises(reporter.ReportsFailed, match="aslp/oh"):
        _run("frequent", RUN)
    assert mail.refresh() == []

    monkeypatch.setattr(reporter, "send_email", real)
    assert _run("frequent", RUN + timedelta(minutes=15))["reported"] == 1
    assert "Row 3" in _texts(mail)[0]


def test_the_weekly_summary_and_the_no_licenses_alert(mail, aws):
    saturday = datetime(2026, 3, 7, 1, 0, tzinfo=UTC)
    licensed = {
        "eventTime": (saturday - timedelta(days=2)).isoformat(),
        "compact": "aslp",
        "jurisdiction": "oh",
        "licenseType": "audiologist",
    }
    _log(licensed, at=saturday - timedelta(days=2), event_type="license.ingest")
    _log(_rejected_row(2, saturday - timedelta(days=3)), at=saturday - timedelta(days=3))

    reported = _run("weekly", saturday)["reported"]

    by_recipient: dict[str, list[str]] = {}
    for message in mail.refresh():
        by_recipient.setdefault(message["To"], []).append(message["Subject"])
    assert by_recipient["ops@oh.example.gov"] == [
        "License data summary: Audiology and Speech Language Pathology / Ohio"
    ]
    assert "1 license record(s) from Ohio and rejected 1" in " ".join(_texts(mail)).replace("\n", " ")
    # Kentucky sent nothing and has no operations list: the compact's operations team is told.
    assert any(subject.startswith("No license updates in the last 7 days") and subject.endswith("/ Kentucky")
               for subject in by_recipient["ops@example.org"])  # fmt: skip
    assert reported >= 2

    _run("weekly", saturday + timedelta(hours=1))
    assert len(mail.refresh()) == sum(len(subjects) for subjects in by_recipient.values())  # nothing new


def test_an_unknown_event_type_is_refused():
    with pytest.raises(ValueError, match="eventType"):
        reporter.lambda_handler({"eventType": "hourly"}, _context())


def test_a_report_half_sent_is_finished_for_the_rest_only_and_new_problems_wait_their_turn(mail, monkeypatch):
    """SES refuses one of Ohio's addresses: the next run finishes that same report for that address
    alone (the others are not written to twice), and a problem logged meanwhile goes into the run after."""
    from botocore.exceptions import ClientError

    from core import aws as core_aws

    _log(_rejected_row(3, RUN - timedelta(minutes=9)), at=RUN - timedelta(minutes=9))
    ses = core_aws.sesv2_client()
    real_send, refused = ses.send_email, {"lead@oh.example.gov"}

    def flaky(**request: Any) -> Any:
        if request["Destination"]["ToAddresses"][0] in refused:
            raise ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "slow"}}, "SendEmail")
        return real_send(**request)

    monkeypatch.setattr(ses, "send_email", flaky)
    with pytest.raises(reporter.ReportsFailed):
        _run("frequent", RUN)
    assert mail.to() == ["ops@oh.example.gov"]

    refused.clear()
    _log(_rejected_row(8, RUN + timedelta(minutes=5)), at=RUN + timedelta(minutes=5))
    _run("frequent", RUN + timedelta(minutes=15))
    assert mail.to() == OHIO  # the same report, now to the address that was refused
    assert all("Row 8" not in text for text in _texts(mail))

    _run("frequent", RUN + timedelta(minutes=30))
    assert "Row 8" in _texts(mail)[-1] and len(mail) == 4
