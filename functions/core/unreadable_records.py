"""Stored records that their model refuses are reported, never served and never a 500.

Years of records written by the reference system (and by older versions of this one) live in the
provider table. One that no model can read is left out of the answer (see
:class:`core.models.provider_records.ProviderRecords` and :func:`readable`); this module tells the
operators: one error log line per record with its keys and what is wrong (no values), and one
``unreadable-record`` metric point, on which every function that reads provider records has an alarm.
The logger and metrics are loaded only when there is something to report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from core.models.base import Record
from core.models.provider_records import R, UnreadableRecord, read_record

UNREADABLE_RECORD_METRIC = "unreadable-record"


def readable(model: type[R], items: Iterable[Mapping[str, Any]]) -> list[R]:
    """The items that read as ``model``; the others are reported and left out."""
    records: list[R] = []
    unreadable: list[UnreadableRecord] = []
    for item in items:
        record = read_record(model, item)
        if isinstance(record, Record):
            records.append(record)
        else:
            unreadable.append(record)
    report(unreadable)
    return records


def report(unreadable: Iterable[UnreadableRecord]) -> None:
    records = list(unreadable)
    if not records:
        return
    from aws_lambda_powertools import Logger

    from core.metrics import count
    from core.resources import granted

    logger = Logger(child=True)
    for record in records:
        logger.error(
            "stored record left out: its model refuses it",
            extra={"pk": record.pk, "sk": record.sk, "type": record.record_type, "problems": record.problems},
        )
        count(granted().function, UNREADABLE_RECORD_METRIC)
