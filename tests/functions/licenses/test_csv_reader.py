"""Reading an uploaded CSV file: row by row, straight from the stream (spec §5.1)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import pytest

from core.clock import frozen_time
from licenses.csv_reader import CsvFormatError, InvalidRow, ValidRow, read_licenses
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
        (b"ssn,ssn\r\n1,2\r\n", "Columns named more than once: ssn."),
        (
            csv_bytes([valid_row()]).replace(b"Lovelace", b"Lovel\xe9ce"),
            "not valid UTF-8 text (after record 0)",
        ),
        (csv_bytes([valid_row()]) + b'"unterminated,' + b"x" * 200_000 + b"\r\n", "not valid CSV at line"),
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
