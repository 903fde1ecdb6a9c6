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
1-based record number, its report-safe values and its errors). Reading stops with a
:class:`ReadingStopped` error where a problem is met; rows already yielded stay valid:

- :class:`CsvFormatError`: the file is not UTF-8 CSV, its header is unusable, or it breaks one of
  the :class:`CsvLimits` (:class:`LimitExceeded`);
- :class:`OutOfTime`: the caller's ``out_of_time`` check said to stop (the parser's time watch).

Every piece of work is linear in the file: the header is checked with one pass and a hash count
(a 10 MB header used to take hours with a pairwise check), and a row is read from a line source that
hands ``csv.reader`` at most :attr:`CsvLimits.line_chars` characters for one row, so a file without a
line break is refused after 64 K characters instead of being buffered whole.
"""

from __future__ import annotations

import csv
import io
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO, Literal, NamedTuple

from core.clock import now_utc
from core.keys import iso_utc
from licenses.fields import FieldRule
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

TIME_CHECK_LINES = 100
"""How often (in lines) ``out_of_time`` is asked: at most 100 rows of at most 64 K characters are read
between two checks, well under a second of work."""

EMPTY_FILE = "The file is empty: the first line must name the columns."


@dataclass(frozen=True)
class CsvLimits:
    """What one uploaded file may hold. A real license row has about 25 fields of at most 100
    characters (about 2,600 characters at worst), so each limit is far above any real file and
    exists only to keep a hostile one from costing more than its size; breaking one stops the file.

    - ``columns``: cells in the header. 500 is twenty times the fields of a row, and leaves room for
      the trailing empty columns some spreadsheets export.
    - ``line_chars``: characters in one row, from the start of its first line to the end of its last
      (a quoted value may hold line breaks). 65,536 is twenty-five times the largest valid row.
    - ``field_chars``: characters in one value (header names included). 10,000 is a hundred times the
      longest valid value, so an over-long value fails its row, and only an absurd one the file.

    Python's ``csv`` module refuses fields over its own process-wide ``field_size_limit`` (131,072 by
    default) with a bare error; these limits are below it and are checked first, so what a state reads
    is always one of ours, naming the limit and the line.
    """

    columns: int = 500
    line_chars: int = 65_536
    field_chars: int = 10_000

    def __post_init__(self) -> None:
        if not 0 < self.field_chars <= self.line_chars <= csv.field_size_limit() or self.columns < 1:
            raise ValueError(f"inconsistent CSV limits: {self}")


LIMITS = CsvLimits()


class ReadingStopped(Exception):
    """Reading stopped before the end of the file. ``line`` is the last line whose rows were all read
    and yielded (0: none, not even the header); the message says why and where, never with file content.
    """

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


class CsvFormatError(ReadingStopped):
    """The upload cannot be read as a UTF-8 CSV file of license rows."""


class LimitExceeded(CsvFormatError):
    """The file breaks one of the :class:`CsvLimits`."""


class OutOfTime(ReadingStopped):
    """The caller asked to stop (its time is running out) before the end of the file."""


class _RowTooLong(Exception):
    """Raised by :class:`_Lines` inside ``csv.reader``; becomes a :class:`LimitExceeded` naming the row."""


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


class _Lines:
    """The lines of the text for ``csv.reader``, with a budget of characters for the row being read.

    ``readline(room + 1)`` never returns more than the budget allows, so a line that never ends costs
    at most ``line_chars`` characters of memory before it is refused. The reader resets ``room`` after
    each row (``csv.reader`` pulls lines only until a row is complete).
    """

    __slots__ = ("_readline", "room")

    def __init__(self, text: io.TextIOWrapper, room: int) -> None:
        self._readline = text.readline
        self.room = room

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._readline(self.room + 1)
        if not line:
            raise StopIteration
        self.room -= len(line)
        if self.room < 0:
            raise _RowTooLong
        return line


def _row_name(start_line: int) -> str:
    """The row in a message: ``header (line 1)`` or ``row starting at line N`` (a row may span lines)."""
    return "header (line 1)" if start_line == 1 else f"row starting at line {start_line:,}"


def _check_values(cells: list[str], limits: CsvLimits, start_line: int) -> None:
    """Refuse a row with a value over ``field_chars``; called only for rows long enough to hold one."""
    for column, cell in enumerate(cells, 1):
        if len(cell) > limits.field_chars:
            raise LimitExceeded(
                f"The value in column {column:,} of the {_row_name(start_line)} is longer than "
                f"{limits.field_chars:,} characters, the limit for one value.",
                start_line - 1,
            )


def _listed(names: list[str], most: int = 10, width: int = 100) -> str:
    """Names for a message: at most ``most`` of them, each cut to ``width`` characters."""
    shown = [name if len(name) <= width else name[: width - 1] + "…" for name in names[:most]]
    more = f" and {len(names) - most:,} more" if len(names) > most else ""
    return ", ".join(shown) + more


def _header(cells: list[str], rules: Mapping[str, FieldRule], limits: CsvLimits) -> list[str]:
    """The column names, checked in one pass.

    A header that does not name every required field is refused as a whole: no row of the file could
    be valid, and a file without a header would otherwise have its first row's values (an SSN, a birth
    date) repeated as column names in every row's report.
    """
    if len(cells) > limits.columns:
        raise LimitExceeded(
            f"The header (line 1) has {len(cells):,} columns, more than the limit of {limits.columns:,}."
        )
    names = [name.strip() for name in cells]
    present = set(names)
    missing = [field for field, rule in rules.items() if rule.required and field not in present]
    if missing:
        raise CsvFormatError(
            "The first line must name the columns; it does not name the required "
            f"column{'s' if len(missing) > 1 else ''} {_listed(missing, most=len(missing))}."
        )
    repeated = sorted(name for name, count in Counter(names).items() if count > 1 and name)
    if repeated:
        raise CsvFormatError(f"Columns named more than once: {_listed(repeated)}.")
    # A column without a name is reported, by position, for the rows that have a value in it.
    return [name or f"(unnamed column {index + 1})" for index, name in enumerate(names)]


def _extra_cells(cells: list[str], width: int) -> FieldErrors | None:
    extra = sum(1 for cell in cells[width:] if cell.strip())
    return {ROW: [f"{extra} more value(s) than the header has columns."]} if extra else None


def _never() -> bool:
    return False


def read_licenses(
    stream: BinaryIO,
    validator: RowValidator,
    compact: str,
    jurisdiction: str,
    out_of_time: Callable[[], bool] = _never,
    limits: CsvLimits | None = None,
) -> Iterator[ValidRow | InvalidRow]:
    """Validate the rows of ``stream`` (binary: an open file, boto3's ``StreamingBody``) one by one.

    A repeated (ssn, licenseType) pair is an error on the later row naming the earlier record and
    the file line it started on. ``out_of_time`` is asked every :data:`TIME_CHECK_LINES` lines, between
    rows; when it says so, :class:`OutOfTime` is raised. ``limits`` default to :data:`LIMITS`.
    """
    limits = limits or LIMITS
    text = io.TextIOWrapper(stream, encoding=ENCODING, newline="")
    line_chars = limits.line_chars
    lines = _Lines(text, line_chars)
    reader = csv.reader(lines, dialect="excel")
    record = line = 0
    try:
        try:
            cells = next(reader)
        except StopIteration:
            raise CsvFormatError(EMPTY_FILE) from None
        # A row whose budget fell below this may hold a value over the limit: only then are values measured.
        values_fit = line_chars - limits.field_chars
        if lines.room < values_fit:
            _check_values(cells, limits, 1)
        lines.room, line = line_chars, reader.line_num
        header = _header(cells, validator.rules, limits)
        width = len(header)
        known_keys = set(header) <= validator.rules.keys()  # then no row needs its keys checked
        # The loop runs once per row of a 200,000-row file: names are bound locally, calls positional.
        validate, earlier_row, stamp = (
            validator.validate,
            DuplicateTracker(MAX_UPLOAD_ROWS).earlier,
            _EventClock().stamp,
        )
        strip, new_tuple = str.strip, tuple.__new__
        next_check = line
        for cells in reader:
            if line >= next_check:
                if out_of_time():
                    raise OutOfTime(
                        f"Processing stopped before line {line + 1:,}: the parser was running out of time, "
                        "and the file from that line on was not processed.",
                        line,
                    )
                next_check = line + TIME_CHECK_LINES
            start_line, line = line + 1, reader.line_num
            if lines.room < values_fit:
                _check_values(cells, limits, start_line)
            lines.room = line_chars
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
    except _RowTooLong:
        raise LimitExceeded(
            f"The {_row_name(line + 1)} is longer than {line_chars:,} characters, the limit for one row.",
            line,
        ) from None
    except UnicodeDecodeError:
        raise CsvFormatError(f"The file is not valid UTF-8 text (after record {record}).", line) from None
    except csv.Error as error:
        raise CsvFormatError(f"The file is not valid CSV at line {reader.line_num}: {error}.", line) from None
    finally:
        text.detach()  # the caller owns the stream
