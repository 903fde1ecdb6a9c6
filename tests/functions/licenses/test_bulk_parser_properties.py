"""Property: whatever bytes a state uploads, the parser reports on the file and deletes it (issue #10).

Hypothesis builds files of two kinds: arbitrary bytes, and CSV files that are nearly right — a real
or partial header in any order, rows mixing valid values with junk (quotes, separators, line breaks,
control and non-ASCII characters, over-long values, extra cells), any line ending, a stray quote, a
byte-order mark, a torn or undecodable tail. Limits are shrunk (:data:`LIMITS`) and the time check
made frequent, so that small files break every limit and the scripted clock stops files midway.
For every file:

- the parser returns normally (it never raises, whatever the bytes);
- the file yields rows (queued or reported invalid) or exactly one ``license.ingest-failure``, never
  nothing and never two;
- the object is gone from the bucket;
- no SSN of the file appears in any event or log line.

The moto fixtures are created once per test and shared by its examples (hence the suppressed
function-scoped-fixture health check): each example drains the queue and reads only the events
published after it started. ``derandomize=True`` makes every run try the same files.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from licenses import csv_reader
from licenses.bulk_parser import lambda_handler
from licenses.csv_reader import CsvLimits
from licenses.fields import FIELDS
from tests.functions.licenses.conftest import BUCKET, ScriptedContext, valid_row
from tests.functions.licenses.test_bulk_parser import s3_event, stored_keys
from tests.functions.licenses.test_csv_reader import COLUMNS
from tests.functions.moto_clients import moto_client

KEY = "aslp/oh/0123456789abcdef0123456789abcdef"
LIMITS = CsvLimits(columns=30, line_chars=1_200, field_chars=120)
"""Limits that the files drawn here break now and then (a valid row is about 250 characters)."""
SSN_PREFIX = "987-65-"
"""Every SSN the strategies write starts so; none of the other values can contain it."""

PROPERTY = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

JUNK = st.text(
    alphabet=st.one_of(
        st.sampled_from(['"', ",", "\r", "\n", "\t", " ", "=", "\x00", "é", "\u2028", "\ufeff", "😀"]),
        st.characters(codec="utf-8", exclude_characters="-"),
    ),
    max_size=12,
)
LONG = st.integers(95, 125).map(lambda size: "v" * size)
"""Often over a field's 100 characters, now and then over the shrunk limit of one value (120)."""
TAILS = (b"\xff\xfe", b'"torn,', b"\x00", b"x" * 1300)
"""Endings that break a file: undecodable bytes, an open quote, a NUL, a line over the row limit."""
CHECKS = st.integers(0, 5).map(lambda checks: checks if checks < 4 else None)
"""How many time checks find time to spare (None: all of them)."""
SSNS = st.integers(0, 9999).map(lambda number: f"{SSN_PREFIX}{number:04d}")


def sometimes(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in ``one_in`` draws: keeps most files close enough to right to have rows."""
    return draw(st.integers(1, one_in)) == one_in


def cell(draw: st.DrawFn, column: str, clean: bool) -> str:
    """A value for ``column``: its valid value (a fresh SSN for ``ssn``, nothing for a column that is
    no field), or, in a messy row, now and then junk, nothing, or too much."""
    valid = draw(SSNS) if column == "ssn" else str(valid_row().get(column, ""))
    if clean or not sometimes(draw, 3):
        return valid
    return draw(st.one_of(JUNK, st.just(""), LONG))


@st.composite
def near_csv_files(draw: st.DrawFn) -> bytes:
    if sometimes(draw, 5):
        header = draw(st.lists(st.sampled_from([*FIELDS, "compact", "notes", "", " ssn "]), max_size=8))
    else:
        header = list(draw(st.permutations(COLUMNS)))
    if sometimes(draw, 4):
        header += draw(st.lists(st.sampled_from(["notes", "compact", ""]), min_size=1, max_size=2))
    if sometimes(draw, 8):
        header.append("n" * 130)  # a column name over the limit of one value
    names = [name.strip() for name in header]
    rows = []
    for _ in range(draw(st.integers(0, 12))):
        clean = not sometimes(draw, 4)
        rows.append([cell(draw, name, clean) for name in names])
        if not clean:
            rows[-1] += draw(st.lists(JUNK, max_size=2))  # cells beyond the header
    text = io.StringIO()
    writer = csv.writer(text, dialect="excel", lineterminator=draw(st.sampled_from(["\r\n", "\n", "\r"])))
    writer.writerow(header)
    writer.writerows(rows)
    data = text.getvalue().encode()
    if sometimes(draw, 4):  # an unbalanced quote, which pours what follows into one value
        at = draw(st.integers(0, len(data)))
        data = data[:at] + b'"' + data[at:]
    data = (b"\xef\xbb\xbf" if sometimes(draw, 3) else b"") + data
    if sometimes(draw, 4):
        data = data[: draw(st.integers(len(data) // 2, len(data)))]  # torn in transit
    if sometimes(draw, 3):
        data += TAILS[draw(st.integers(0, len(TAILS) - 1))]
    return data


@pytest.fixture
def shrunk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Limits small files can break, and a time check every third line."""
    monkeypatch.setattr(csv_reader, "LIMITS", LIMITS)
    monkeypatch.setattr(csv_reader, "TIME_CHECK_LINES", 3)


class Upload:
    """Runs the parser on one file and collects what came of it."""

    def __init__(self, queue: Any, events: Any, capsys: pytest.CaptureFixture[str]) -> None:
        self.queue, self.events, self.capsys = queue, events, capsys

    def run(self, data: bytes, checks: int | None) -> None:
        seen = len(self.events.all())
        moto_client("s3").put_object(Bucket=BUCKET, Key=KEY, Body=data, ContentType="text/csv")
        lambda_handler(s3_event(KEY), ScriptedContext(checks=checks))  # must not raise

        published = self.events.all()[seen:]
        queued = self.queue.messages()
        failures = [item for item in published if item["detail-type"] == "license.ingest-failure"]
        reported = [item for item in published if item["detail-type"] == "license.validation-error"]
        assert len(failures) <= 1, failures
        assert failures or queued or reported, "the file was dropped without a word"
        assert stored_keys() == []
        # What the examples covered (pytest --hypothesis-show-statistics):
        event(f"rows queued: {bool(queued)}, reported: {bool(reported)}")
        event(
            "failure: "
            + (re.sub(r"[\d,]+", "N", failures[0]["detail"]["errors"][0])[:60] if failures else "-")
        )
        assert not [text for text in (json.dumps(published), *self.capsys.readouterr()) if SSN_PREFIX in text]


@pytest.fixture
def upload(bucket, queue, events, capsys, shrunk) -> Upload:
    return Upload(queue, events, capsys)


@PROPERTY
@given(data=st.binary(max_size=1500), checks=CHECKS)
def test_any_bytes_are_reported_and_deleted(upload, data, checks):
    upload.run(data, checks)


@PROPERTY
@given(data=near_csv_files(), checks=CHECKS)
def test_any_near_csv_file_is_reported_and_deleted(upload, data, checks):
    upload.run(data, checks)
