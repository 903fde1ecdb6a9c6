"""Streaming reader of an uploaded license CSV (spec §5.1).

The file is decoded as UTF-8 (a byte-order mark is tolerated) and parsed in Excel's dialect, one row at
a time straight from the stream, so memory does not depend on the file's size: a 30 MB upload and a
30 KB one use the same few MB (plus one hash per row to find duplicates).

Rows are read as ``csv.DictReader`` would read them (a dict of header -> cell; missing cells are
absent; cells beyond the header are extra columns, which make the row invalid), but built with
``csv.reader`` and one comprehension that also trims the values and drops the empty ones: one dict
per row instead of two, which makes reading, trimming and dropping as fast as ``DictReader`` alone.
Rows with no data at all (a spreadsheet's trailing ``,,,`` lines) are skipped, but still numbered.

Each row comes out as a :class:`ValidRow` (its preprocessing message) or an :class:`InvalidRow` (its
1-based record number, its report-safe values and its errors). A file that is not UTF-8 or not CSV
raises :class:`CsvFormatError` where the problem is met; rows already yielded stay valid.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from typing import Any, BinaryIO, Literal, NamedTuple

from core.clock import now_utc
from core.keys import iso_utc
from licenses.schema import (
    ROW,
    DuplicateTracker,
    FieldErrors,
    RowValidator,
    duplicate_error,
    report_safe,
    to_preprocessing_message,
)
from licenses.uploads import MAX_UPLOAD_BYTES

ENCODING = "utf-8-sig"
_LINE_BITS = 32
"""A row's position for duplicate detection packs its record and start line into one int."""


# The shortest valid row is about 100 bytes, so an upload URL's size cap bounds the rows of a file.
MAX_UPLOAD_ROWS = MAX_UPLOAD_BYTES // 100


class CsvFormatError(Exception):
    """The upload cannot be read as a UTF-8 CSV file; the message says why (never with file content)."""


VALID: Literal["valid"] = "valid"
INVALID: Literal["invalid"] = "invalid"


class ValidRow(NamedTuple):
    kind: Literal["valid"]
    message: dict[str, str]


class InvalidRow(NamedTuple):
    kind: Literal["invalid"]
    record_number: int
    valid_data: dict[str, str]
    errors: FieldErrors


class _EventClock:
    """The ISO timestamp of "now" for each row, formatted once per second rather than once per row."""

    def __init__(self) -> None:
        self._second = -1
        self._stamp = ""

    def stamp(self) -> str:
        second = int(time.time())
        if second != self._second:
            self._second, self._stamp = second, iso_utc(now_utc())
        return self._stamp


def _header(reader: Any) -> list[str]:
    try:
        names = [name.strip() for name in next(reader)]
    except StopIteration:
        raise CsvFormatError("The file is empty: the first line must name the columns.") from None
    repeated = sorted({name for name in names if names.count(name) > 1 and name})
    if repeated:
        raise CsvFormatError(f"Columns named more than once: {', '.join(repeated)}.")
    # A column without a name is reported, by position, for the rows that have a value in it.
    return [name or f"(unnamed column {index + 1})" for index, name in enumerate(names)]


def _extra_cells(cells: list[str], width: int) -> FieldErrors | None:
    extra = sum(1 for cell in cells[width:] if cell.strip())
    return {ROW: [f"{extra} more value(s) than the header has columns."]} if extra else None


def read_licenses(
    stream: BinaryIO, validator: RowValidator, compact: str, jurisdiction: str
) -> Iterator[ValidRow | InvalidRow]:
    """Validate the rows of ``stream`` (binary: an open file, boto3's ``StreamingBody``) one by one.

    A repeated (ssn, licenseType) pair is an error on the later row naming the earlier record and
    the file line it started on.
    """
    text = io.TextIOWrapper(stream, encoding=ENCODING, newline="")
    reader = csv.reader(text, dialect="excel")
    record = 0
    try:
        header = _header(reader)
        width = len(header)
        known_keys = set(header) <= validator.rules.keys()  # then no row needs its keys checked
        # The loop runs once per row of a 200,000-row file: names are bound locally, calls positional.
        validate, earlier_row, stamp = (
            validator.validate,
            DuplicateTracker(MAX_UPLOAD_ROWS).earlier,
            _EventClock().stamp,
        )
        strip, new_tuple = str.strip, tuple.__new__
        line = reader.line_num
        for cells in reader:
            start_line, line = line + 1, reader.line_num
            if not cells:
                continue  # a blank line, which DictReader skips too
            record += 1
            raw = {name: cell for name, cell in zip(header, map(strip, cells), strict=False) if cell}
            errors = _extra_cells(cells, width) if len(cells) > width else None
            if errors is None:
                if not raw:
                    continue
                row, errors = validate(raw, True, known_keys)
                if row is not None:
                    earlier = earlier_row(row, record << _LINE_BITS | start_line)
                    if earlier is None:
                        message = to_preprocessing_message(row, compact, jurisdiction, stamp())
                        # ValidRow(VALID, message), without the Python-level __new__ of a NamedTuple
                        yield new_tuple(ValidRow, (VALID, message))
                        continue
                    first_record, first_line = divmod(earlier, 1 << _LINE_BITS)
                    errors = duplicate_error(f"record {first_record} (line {first_line})")
            yield InvalidRow(INVALID, record, report_safe(raw, errors), errors or {})
    except UnicodeDecodeError:
        raise CsvFormatError(f"The file is not valid UTF-8 text (after record {record}).") from None
    except csv.Error as error:
        raise CsvFormatError(f"The file is not valid CSV at line {reader.line_num}: {error}.") from None
    finally:
        text.detach()  # the caller owns the stream
