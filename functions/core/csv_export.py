"""CSV written for people to open in a spreadsheet, with formula injection neutralised.

A spreadsheet opening a CSV file reads a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula
(a leading tab or carriage return can start one too), and a formula can send data away
(``=HYPERLINK(...)``, ``=WEBSERVICE(...)``) or, through DDE, run a command on the reader's machine.
Names and addresses here come from states' files and from practitioners themselves, so any of them can
be a formula. What is stored stays exactly as it was received: it is data, other systems read it raw,
and escaping it on the way in would corrupt it for them. It is neutralised only here, on the way out to
people, as OWASP's CSV-injection guidance recommends: a cell that a spreadsheet would read as a formula
gets a leading single quote (shown, and never evaluated), and every cell is quoted.

Also neutralised: cells whose formula character follows leading whitespace (some spreadsheets trim
before they look). Left as they are: plain numbers (``-25.00``, ``+15555550100``), which no
spreadsheet runs, so that an amount stays a number.

No export exists yet (privilege exports and transaction reports come with later issues); each one is to
write through :func:`write_csv`, encoded as :data:`ENCODING` so that Excel reads non-ASCII names right.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TextIO

ENCODING = "utf-8-sig"
"""UTF-8 with a byte-order mark, without which Excel reads UTF-8 CSV as the machine's code page."""

FORMULA_STARTS = frozenset("=+-@")
CONTROL_STARTS = frozenset("\t\r")
"""OWASP's list: a cell starting with one of these is read as, or can start, a formula."""

_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def neutralised(text: str) -> str:
    """``text`` as a spreadsheet may safely show it: with a leading ``'`` if it would be read as a formula."""
    if not text:
        return text
    if text[0] in CONTROL_STARTS:
        return "'" + text
    head = text.lstrip()
    if head[:1] in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(head):
        return "'" + text
    return text


def cell_text(value: object) -> str:
    """The text of a cell: nothing for None, ISO dates, ``str`` otherwise, then :func:`neutralised`."""
    if value is None:
        return ""
    text = value.isoformat() if isinstance(value, date) else str(value)
    return neutralised(text)


def write_csv(out: TextIO, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> int:
    """Write a header of ``columns`` and one line per row (its values by column; missing ones empty),
    every cell quoted and neutralised. Returns the number of rows written.

    ``out`` is a text stream opened with ``newline=""`` (the lines end in CRLF, as spreadsheets expect).
    """
    writer = csv.writer(out, dialect="excel", quoting=csv.QUOTE_ALL)
    writer.writerow([neutralised(column) for column in columns])
    count = 0
    for row in rows:
        writer.writerow([cell_text(row.get(column)) for column in columns])
        count += 1
    return count
