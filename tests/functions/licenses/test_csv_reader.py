"""Reading an uploaded CSV file: row by row, straight from the stream (spec §5.1)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import pytest

from core.clock import frozen_time
from licenses.csv_reader import (
    LIMITS,
    TIME_CHECK_LINES,
    CsvFormatError,
    CsvLimits,
    InvalidRow,
    LimitExceeded,
    OutOfTime,
    ValidRow,
    read_licenses,
)
from licenses.fields import FIELDS
from licenses.schema import RowValidator
from tests.functions.licenses.conftest import valid_row

VALIDATOR = RowValidator(["audiologist", "speech-language pathologist"])
COLUMNS = list(valid_row())


def csv_bytes(rows: list[dict[str, Any]], columns: list[str] = COLUMNS, bom: bool = False) -> bytes:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=columns, dialect="excel")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "").encode() + text.getvalue().encode()


def read(data: bytes) -> list[ValidRow | InvalidRow]:
    return list(read_licenses(io.BytesIO(data), VALIDATOR, "aslp", "oh"))


def test_valid_rows_become_preprocessing_messages():
    with frozen_time(datetime(2025, 3, 1, 12, 0, 0)):
        items = read(csv_bytes([valid_row(), valid_row(ssn="111-22-3333", middleName="")]))

    assert [item.kind for item in items] == ["valid", "valid"]
    assert items[0].message == {
        **valid_row(),
        "compact": "aslp",
        "jurisdiction": "oh",
        "eventTime": "2025-03-01T12:00:00+00:00",
    }
    assert "middleName" not in items[1].message  # an empty cell is no value


def test_a_byte_order_mark_is_tolerated():
    items = read(csv_bytes([valid_row()], bom=True))

    assert [item.kind for item in items] == ["valid"]
    assert items[0].message["ssn"] == "123-45-6789"


def test_invalid_rows_carry_their_number_safe_values_and_errors():
    items = read(
        csv_bytes(
            [valid_row(), valid_row(ssn="111-22-3333", dateOfBirth="1985-13-01", licenseStatus="inactive")]
        )
    )

    invalid = items[1]
    assert isinstance(invalid, InvalidRow) and invalid.record_number == 2
    assert invalid.errors == {
        "dateOfBirth": ["Must be a real date in the format YYYY-MM-DD."],
        "compactEligibility": ["Cannot be 'eligible' when licenseStatus is 'inactive'."],
    }
    assert "ssn" not in invalid.valid_data and "dateOfBirth" not in invalid.valid_data
    assert "homeAddressStreet1" not in invalid.valid_data and invalid.valid_data["familyName"] == "Lovelace"


def test_cells_beyond_the_header_make_the_row_invalid():
    header = ",".join(COLUMNS)
    good = ",".join(valid_row(ssn="111-22-3333").values())
    data = f"{header}\r\n{good},surprise\r\n{good.replace('111', '222')},,\r\n".encode()

    items = read(data)

    assert isinstance(items[0], InvalidRow)
    assert items[0].errors == {"row": ["1 more value(s) than the header has columns."]}
    assert isinstance(items[1], ValidRow)  # trailing empty cells are no values


def test_unknown_and_unsupported_columns_fail_the_rows_that_fill_them():
    columns = [*COLUMNS, "compact", "notes"]
    items = read(
        csv_bytes(
            [
                valid_row(compact="aslp"),
                valid_row(ssn="111-22-3333", notes="hi"),
                valid_row(ssn="222-33-4444"),
            ],
            columns,
        )
    )

    assert items[0].errors == {
        "compact": [
            "Unsupported field: the compact and jurisdiction are taken from the request path or upload key."
        ]
    }
    assert items[1].errors == {"notes": ["Unknown field."]}
    assert isinstance(items[2], ValidRow)


def test_duplicates_name_the_earlier_record_and_line():
    # A quoted value may span lines in CSV; a line break is a control character, so the record is
    # refused, and the records after it are still numbered by the lines they start on.
    multiline = valid_row(ssn="111-22-3333", homeAddressStreet2="Building 2\nFloor 3")
    rows = [
        valid_row(),
        multiline,
        valid_row(givenName="Again"),
        valid_row(ssn="222-33-4444", givenName="Other"),
        valid_row(ssn="222-33-4444", givenName="Again"),
    ]

    items = read(csv_bytes(rows, [*COLUMNS, "homeAddressStreet2"]))

    assert [item.kind for item in items] == ["valid", "invalid", "invalid", "valid", "invalid"]
    assert items[1].errors == {"homeAddressStreet2": ["Must be text without control characters."]}
    assert items[2].errors == {
        "ssn": ["Duplicate license: record 1 (line 2) has the same ssn and licenseType."]
    }
    assert items[4].errors == {
        "ssn": ["Duplicate license: record 4 (line 6) has the same ssn and licenseType."]
    }
    assert items[4].record_number == 5


def test_blank_rows_are_skipped_but_numbered():
    header = ",".join(COLUMNS)
    good = ",".join(valid_row().values())
    data = f"{header}\r\n\r\n{',' * (len(COLUMNS) - 1)}\r\n  ,\t\r\n{good}\r\n".encode()

    items = read(data)

    assert len(items) == 1 and items[0].kind == "valid"


def test_header_names_are_trimmed():
    data = csv_bytes([valid_row()]).replace(b"ssn,", b" ssn ,", 1)

    assert [item.kind for item in read(data)] == ["valid"]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "The file is empty"),
        (",".join([*COLUMNS, " ssn"]).encode() + b"\r\n", "Columns named more than once: ssn."),
        (
            csv_bytes([valid_row()]).replace(b"Lovelace", b"Lovel\xe9ce"),
            "not valid UTF-8 text (after record 0)",
        ),
        (b"ssn,givenName\r\n", "does not name the required columns licenseType, licenseStatus,"),
    ],
)
def test_unreadable_files_raise(data, problem):
    with pytest.raises(CsvFormatError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        read(data)


def test_rows_before_an_undecodable_byte_are_still_yielded():
    rows = [valid_row(ssn=f"111-22-{index:04d}") for index in range(100)]  # more than one read
    reader = read_licenses(io.BytesIO(csv_bytes(rows) + b"\xff\xfe,broken\r\n"), VALIDATOR, "aslp", "oh")

    assert next(reader).kind == "valid"
    with pytest.raises(CsvFormatError):
        list(reader)


class CountingStream(io.RawIOBase):
    """A binary stream that records how many bytes have been read from it."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        self.bytes_read += len(chunk)
        return len(chunk)


def test_the_file_is_streamed_not_loaded():
    rows = [
        valid_row(ssn=f"{index // 10000:03d}-{index // 100 % 100:02d}-{index % 10000:04d}")
        for index in range(5000)
    ]
    stream = CountingStream(csv_bytes(rows))
    total = len(csv_bytes(rows))

    reader = read_licenses(stream, VALIDATOR, "aslp", "oh")
    next(reader)

    assert stream.bytes_read < total / 10
    assert sum(1 for _ in reader) == 4999
    assert not stream.closed  # the caller owns the stream


SMALL = CsvLimits(columns=30, line_chars=600, field_chars=120)
"""Limits a valid row still fits (its longest line is about 250 characters), small enough to break."""
HEADER = ",".join(COLUMNS)
GOOD = csv_bytes([valid_row()])


def read_until_stopped(data: bytes, limits: CsvLimits = SMALL, **options: Any) -> tuple[list[str], Exception]:
    """The kinds of the rows yielded before reading stopped, and why it stopped."""
    kinds: list[str] = []
    with pytest.raises((CsvFormatError, OutOfTime)) as stopped:
        for item in read_licenses(io.BytesIO(data), VALIDATOR, "aslp", "oh", limits=limits, **options):
            kinds.append(item.kind)
    return kinds, stopped.value


@pytest.mark.parametrize(
    ("data", "problem", "line"),
    [
        (
            (HEADER + ",x" * 31).encode(),
            "The header (line 1) has 49 columns, more than the limit of 30.",
            0,
        ),
        (
            (HEADER + ",x" * 400).encode(),
            "The header (line 1) is longer than 600 characters, the limit for one row.",
            0,
        ),
        (
            (HEADER + "," + "n" * 121).encode(),
            "The value in column 19 of the header (line 1) is longer than 120 characters, "
            "the limit for one value.",
            0,
        ),
        (
            GOOD + b"x" * 5000,  # a last line without end
            "The row starting at line 3 is longer than 600 characters, the limit for one row.",
            2,
        ),
        (
            GOOD + b'"a quoted value,\r\n' + b"with line breaks\r\n" * 40,
            "The row starting at line 3 is longer than 600 characters, the limit for one row.",
            2,
        ),
        (
            GOOD + b"\r\n\r\n" + b"a," + b"v" * 121 + b"\r\n",
            "The value in column 2 of the row starting at line 5 is longer than 120 characters, "
            "the limit for one value.",
            4,
        ),
    ],
)
def test_limits_stop_the_file_where_they_are_broken(data, problem, line):
    kinds, stopped = read_until_stopped(data)

    assert isinstance(stopped, LimitExceeded)
    assert str(stopped) == problem and stopped.line == line
    assert kinds == (["valid"] if line else [])  # the rows before the problem were yielded


def test_a_value_at_the_limit_only_fails_its_row():
    kinds = [item.kind for item in read_licenses(
        io.BytesIO(csv_bytes([valid_row(givenName="n" * 120)])), VALIDATOR, "aslp", "oh", limits=SMALL
    )]  # fmt: skip

    assert kinds == ["invalid"]  # too long for givenName (100), not for the file


def test_a_line_without_end_is_not_buffered_whole():
    stream = CountingStream(GOOD + b"x" * 30_000_000)

    with pytest.raises(LimitExceeded, match="row starting at line 3"):
        list(read_licenses(stream, VALIDATOR, "aslp", "oh"))

    assert stream.bytes_read < LIMITS.line_chars * 4 + 64 * 1024  # at most the limit, in UTF-8


def test_the_limits_are_ours_not_the_csv_modules():
    assert LIMITS.field_chars <= LIMITS.line_chars <= csv.field_size_limit()
    assert LIMITS.columns >= 20 * len(FIELDS)  # a real row has about 25 fields
    with pytest.raises(ValueError, match="inconsistent CSV limits"):
        CsvLimits(line_chars=csv.field_size_limit() + 1)


def test_a_wide_header_is_checked_in_one_pass():
    columns = [f"c{index}" for index in range(20_000)]
    wide = CsvLimits(columns=40_000, line_chars=csv.field_size_limit(), field_chars=100)
    data = ",".join([*COLUMNS, *columns, *columns[:12]]).encode()

    _kinds, stopped = read_until_stopped(data, wide)

    assert str(stopped) == (
        "Columns named more than once: c0, c1, c10, c11, c2, c3, c4, c5, c6, c7 and 2 more."
    )


def test_a_file_without_a_header_is_refused_without_repeating_its_values():
    data = csv_bytes([valid_row(), valid_row(ssn="111-22-3333")]).split(b"\r\n", 1)[1]

    _kinds, stopped = read_until_stopped(data, LIMITS)

    assert "The first line must name the columns" in str(stopped)
    assert "123-45-6789" not in str(stopped) and "Lovelace" not in str(stopped)


def test_reading_stops_between_rows_when_time_runs_out():
    rows = [valid_row(ssn=f"111-22-{index:04d}") for index in range(250)]
    answers = iter([False, False, True])
    asked: list[int] = []

    def out_of_time() -> bool:
        asked.append(1)
        return next(answers)

    kinds, stopped = read_until_stopped(csv_bytes(rows), LIMITS, out_of_time=out_of_time)

    assert isinstance(stopped, OutOfTime) and len(asked) == 3
    assert stopped.line == 1 + 2 * TIME_CHECK_LINES and len(kinds) == 2 * TIME_CHECK_LINES
    assert str(stopped) == (
        f"Processing stopped before line {stopped.line + 1}: the parser was running out of time, "
        "and the file from that line on was not processed."
    )
