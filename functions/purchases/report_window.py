"""Which settled transactions a report covers (payments_security §1.11), as whole UTC days.

Weekly: Saturday 00:00 to the next Saturday 00:00 (Saturday to Friday), the last full week before the
run. Monthly: the previous calendar month. An operator may ask for any days instead (both included).
The window's end is exclusive, which is how the settled records' sort keys compare with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

Cycle = Literal["weekly", "monthly"]
SATURDAY = 5  # date.weekday()


@dataclass(frozen=True)
class ReportWindow:
    start: datetime  # inclusive
    end: datetime  # exclusive

    @classmethod
    def for_cycle(cls, cycle: Cycle, now: datetime) -> ReportWindow:
        today = now.astimezone(UTC).date()
        if cycle == "weekly":
            saturday = today - timedelta(days=(today.weekday() - SATURDAY) % 7)
            return cls.of_days(saturday - timedelta(days=7), saturday - timedelta(days=1))
        first = today.replace(day=1)
        return cls.of_days((first - timedelta(days=1)).replace(day=1), first - timedelta(days=1))

    @classmethod
    def of_days(cls, first: date, last: date) -> ReportWindow:
        if last < first:
            raise ValueError(f"the report's end {last} is before its start {first}")
        midnight = time(tzinfo=UTC)
        return cls(datetime.combine(first, midnight), datetime.combine(last + timedelta(days=1), midnight))

    @property
    def first_day(self) -> date:
        return self.start.date()

    @property
    def last_day(self) -> date:
        return (self.end - timedelta(days=1)).date()

    @property
    def text(self) -> str:
        """``2026-11-28--2026-12-04``: how the report's files are named."""
        return f"{self.first_day.isoformat()}--{self.last_day.isoformat()}"
