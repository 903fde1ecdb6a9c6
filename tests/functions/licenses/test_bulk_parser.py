"""The parser of uploaded CSV files, end to end on moto: S3 event in, queue and bus out (spec §5.1)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote_plus

import pytest

from ingest.events import BULK_INGEST_SOURCE
from licenses.bulk_parser import INTERNAL_FAILURE, NO_ROWS, REPORT_BYTES, lambda_handler
from licenses.csv_reader import TIME_CHECK_LINES
from tests.functions.licenses.conftest import BUCKET, ScriptedContext, valid_row
from tests.functions.licenses.test_csv_reader import COLUMNS, csv_bytes
from tests.functions.moto_clients import moto_client

PII_FIELDS = {
    "ssn",
    "previousSSN",
    "dateOfBirth",
    "homeAddressStreet1",
    "homeAddressStreet2",
    "homeAddressCity",
}
PII_FIELDS |= {"homeAddressState", "homeAddressPostalCode", "emailAddress", "phoneNumber"}


def s3_event(key: str) -> dict[str, Any]:
    """An ObjectCreated notification as S3 sends it (keys URL-encoded, spaces as '+')."""
    record = {
        "eventName": "ObjectCreated:Post",
        "s3": {"bucket": {"name": BUCKET}, "object": {"key": quote_plus(key)}},
    }
    return {"Records": [record]}


@pytest.fixture
def parse(bucket, queue, events, lambda_context):
    """Store ``data`` under ``key`` and run the parser on its creation event (with ``context``, if given)."""

    def run(data: bytes, key: str = "aslp/oh/0123456789abcdef0123456789abcdef", context: Any = None) -> str:
        moto_client("s3").put_object(Bucket=BUCKET, Key=key, Body=data, ContentType="text/csv")
        lambda_handler(s3_event(key), context or lambda_context)
        return key

    return run


def stored_keys() -> list[str]:
    return [item["Key"] for item in moto_client("s3").list_objects_v2(Bucket=BUCKET).get("Contents", [])]


def test_valid_rows_are_queued_and_the_file_deleted(parse, queue, events):
    rows = [valid_row(ssn=f"111-22-{index:04d}") for index in range(23)]

    parse(csv_bytes(rows, bom=True))

    messages = queue.messages()
    assert sorted(message["ssn"] for message in messages) == [row["ssn"] for row in rows]
    assert {(message["compact"], message["jurisdiction"]) for message in messages} == {("aslp", "oh")}
    assert events.all() == []
    assert stored_keys() == []


def test_valid_rows_are_sent_ten_per_batch(parse, send_spy):
    parse(csv_bytes([valid_row(ssn=f"111-22-{index:04d}") for index in range(23)]))

    assert send_spy.batch_sizes == [10, 10, 3]


def test_invalid_rows_are_reported_without_private_data(parse, queue, events):
    rows = [
        valid_row(),
        valid_row(ssn="111-22-3333", licenseStatus="inactive"),
        valid_row(ssn="222-33-4444", dateOfBirth="1985-02-30", previousSSN="987-65-4321"),
        valid_row(givenName="Duplicate"),
    ]

    parse(csv_bytes(rows, [*COLUMNS, "previousSSN"]))

    assert [message["ssn"] for message in queue.messages()] == ["123-45-6789"]
    envelopes = events.all()
    assert {(event["source"], event["detail-type"]) for event in envelopes} == {
        (BULK_INGEST_SOURCE, "license.validation-error")
    }
    details = sorted((event["detail"] for event in envelopes), key=lambda detail: detail["recordNumber"])
    assert [detail["recordNumber"] for detail in details] == [2, 3, 4]
    assert details[0]["errors"] == {
        "compactEligibility": ["Cannot be 'eligible' when licenseStatus is 'inactive'."]
    }
    assert details[1]["errors"] == {
        "dateOfBirth": ["Must be a real date in the format YYYY-MM-DD."],
        "previousSSN": ["previousSSN corrections are not enabled."],
    }
    assert "record 1 (line 2)" in details[2]["errors"]["ssn"][0]
    for detail in details:
        assert set(detail) == {"eventTime", "compact", "jurisdiction", "recordNumber", "validData", "errors"}
        assert (detail["compact"], detail["jurisdiction"]) == ("aslp", "oh")
        assert not PII_FIELDS & set(detail["validData"])
        assert detail["validData"]["familyName"] == "Lovelace"
    published = json.dumps(envelopes)
    for secret in (
        "123-45-6789",
        "111-22-3333",
        "987-65-4321",
        "1985-",
        "Main St",
        "43004",
        "ada@example.org",
    ):
        assert secret not in published
    assert stored_keys() == []


def test_an_extra_column_fails_its_row(parse, queue, events):
    header, good = ",".join(COLUMNS), ",".join(valid_row().values())

    parse(f"{header}\r\n{good},extra\r\n".encode())

    assert queue.messages() == []
    assert [event["detail"]["errors"] for event in events.all()] == [
        {"row": ["1 more value(s) than the header has columns."]}
    ]


def test_an_undecodable_file_is_one_ingest_failure(parse, queue, events):
    parse("ssn,givenName\r\n123-45-6789,Zoë\r\n".encode("latin-1"))

    assert queue.messages() == []
    failures = [event for event in events.all() if event["detail-type"] == "license.ingest-failure"]
    assert len(failures) == 1 and failures[0]["source"] == BULK_INGEST_SOURCE
    detail = failures[0]["detail"]
    assert set(detail) == {"eventTime", "compact", "jurisdiction", "errors"}
    assert (detail["compact"], detail["jurisdiction"]) == ("aslp", "oh")
    assert "not valid UTF-8" in detail["errors"][0]
    assert stored_keys() == []


def test_an_empty_file_is_an_ingest_failure(parse, events):
    parse(b"")

    assert [event["detail"]["errors"] for event in events.all()] == [
        ["The file is empty: the first line must name the columns."]
    ]


@pytest.mark.parametrize(
    ("key", "compact", "jurisdiction"),
    [("stray.csv", "stray.csv", ""), ("nope/oh/file", "nope", "oh"), ("aslp/tx/file name", "aslp", "tx")],
)
def test_an_object_outside_a_member_jurisdiction_is_refused_and_deleted(
    parse, queue, events, key, compact, jurisdiction
):
    parse(csv_bytes([valid_row()]), key=key)

    assert queue.messages() == []
    [failure] = events.all()
    assert failure["detail-type"] == "license.ingest-failure"
    assert (failure["detail"]["compact"], failure["detail"]["jurisdiction"]) == (compact, jurisdiction)
    assert stored_keys() == []


def test_a_key_with_spaces_is_decoded(parse, queue):
    parse(csv_bytes([valid_row()]), key="aslp/oh/my upload+1.csv")

    assert len(queue.messages()) == 1 and stored_keys() == []


def test_an_object_already_processed_is_skipped(bucket, queue, events, lambda_context):
    lambda_handler(s3_event("aslp/oh/gone"), lambda_context)

    assert queue.messages() == [] and events.all() == []


def test_a_queue_failure_is_reported_raised_and_the_file_still_deleted(parse, send_spy, events):
    send_spy.failures = [{"0"}] * 4

    with pytest.raises(Exception, match="could not be queued"):
        parse(csv_bytes([valid_row()]))

    assert [event["detail"]["errors"] for event in events.all()] == [[INTERNAL_FAILURE]]
    assert stored_keys() == []


def test_a_file_with_only_its_header_is_reported(parse, queue, events):
    parse(csv_bytes([]) + b"\r\n,,,\r\n")

    assert queue.messages() == []
    assert [event["detail"]["errors"] for event in events.all()] == [[NO_ROWS]]
    assert stored_keys() == []


def test_a_file_without_its_header_is_one_failure_that_repeats_none_of_its_values(parse, queue, events):
    parse(csv_bytes([valid_row(), valid_row(ssn="111-22-3333")]).split(b"\r\n", 1)[1])

    assert queue.messages() == []
    [failure] = events.all()
    assert failure["detail-type"] == "license.ingest-failure"
    assert "does not name the required columns ssn, licenseType" in failure["detail"]["errors"][0]
    for value in ("123-45-6789", "111-22-3333", "1985-12-10", "Main St", "43004"):
        assert value not in json.dumps(failure)
    assert stored_keys() == []


def test_a_broken_limit_after_some_rows_is_one_failure_saying_how_far_the_file_was_read(parse, queue, events):
    rows = [valid_row(ssn=f"111-22-{index:04d}") for index in range(12)] + [valid_row(licenseStatus="x")]

    parse(csv_bytes(rows) + b"x" * 100_000)

    assert len(queue.messages()) == 12
    failures = events.of_type("license.ingest-failure")
    assert [failure["errors"] for failure in failures] == [
        [
            "The row starting at line 15 is longer than 65,536 characters, the limit for one row.",
            "The rows up to line 14 were processed (12 queued, 1 reported as invalid); rows from line 15 "
            "on were not. Uploading them again, or the whole file, is safe: a row already processed is "
            "not applied twice.",
        ]
    ]
    assert len(events.of_type("license.validation-error")) == 1
    assert stored_keys() == []


def test_a_parser_running_out_of_time_stops_reports_how_far_it_got_and_deletes_the_file(parse, queue, events):
    rows = [valid_row(ssn=f"111-22-{index:04d}") for index in range(3 * TIME_CHECK_LINES)]
    rows[5]["licenseStatus"] = "unknown"
    context = ScriptedContext(checks=2)

    parse(csv_bytes(rows), context=context)

    assert len(queue.messages()) == 2 * TIME_CHECK_LINES - 1
    [failure] = events.of_type("license.ingest-failure")
    line = 1 + 2 * TIME_CHECK_LINES
    assert failure["errors"] == [
        f"Processing stopped before line {line + 1}: the parser was running out of time, and the file "
        "from that line on was not processed.",
        f"The rows up to line {line} were processed ({2 * TIME_CHECK_LINES - 1} queued, 1 reported as "
        f"invalid); rows from line {line + 1} on were not. Uploading them again, or the whole file, is "
        "safe: a row already processed is not applied twice.",
    ]
    assert len(events.of_type("license.validation-error")) == 1
    assert stored_keys() == []


def test_a_parser_started_without_time_to_spare_reports_the_whole_file_unprocessed(parse, queue, events):
    parse(csv_bytes([valid_row()]), context=ScriptedContext(checks=0))

    assert queue.messages() == []
    assert [event["detail"]["errors"] for event in events.all()] == [
        [
            "Processing stopped before line 2: the parser was running out of time, and the file from "
            "that line on was not processed."
        ]
    ]
    assert stored_keys() == []


def test_a_stray_quote_cannot_carry_the_next_rows_ssn_into_a_report(parse, events):
    columns = ["ssn", "givenName", *[c for c in COLUMNS if c not in ("ssn", "givenName", "licenseNumber")]]
    rows = [valid_row(licenseNumber="AUD-1"), valid_row(ssn="987-65-4321", givenName='Zoe"')]
    # The first row's last value opens a quote the state never closed: the next row pours into it.
    parse(csv_bytes(rows, [*columns, "licenseNumber"]).replace(b",AUD-1", b',"AUD-1', 1))

    [report] = events.of_type("license.validation-error")
    assert report["validData"]["licenseNumber"].startswith("AUD-1\r\n###-##-####,Zoe")
    assert "987-65-4321" not in json.dumps(events.all())


def test_a_rows_report_stays_small_enough_for_eventbridge_whatever_the_file(parse, events):
    unknown = [f"{index:03d}" + "é" * 96 for index in range(400)]  # 100-character names, 6 bytes each in JSON
    rows = [{**valid_row(ssn=f"111-22-{index:04d}"), **dict.fromkeys(unknown, "x")} for index in range(12)]
    # A row with more cells than the header is not validated: its long values reach the report.
    extra = ",".join([*valid_row(givenName="ü" * 5000).values(), *[""] * len(unknown), "surplus"])

    parse(csv_bytes(rows, [*COLUMNS, *unknown]) + extra.encode() + b"\r\n")

    reports = events.of_type("license.validation-error")
    assert len(reports) == 13
    for report in reports:
        assert len(json.dumps(report)) <= REPORT_BYTES  # ten of them fit one PutEvents request
    assert reports[0]["errors"]["row"] == [
        f"{400 - len(reports[0]['errors']) + 1} more fields have problems, not listed: the report of one "
        "row is limited to 24 KB."
    ]
    assert reports[-1]["validData"]["givenName"] == "ü" * 99 + "…"
