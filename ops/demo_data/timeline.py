"""When things happen in a demo provider's story: plausible, strictly increasing moments before today.

Dates are relative to "today", so a seed replayed on another day tells the same story shifted in time;
moments fall in working hours at the expiration timezone, as staff and uploads would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from core.clock import EXPIRATION_TIMEZONE

CYCLE = timedelta(days=730)
"""A license (and so a privilege) runs for two years between renewals."""


def day_of(moment: datetime) -> date:
    """The calendar day of ``moment`` where expirations are counted."""
    return moment.astimezone(EXPIRATION_TIMEZONE).date()


@dataclass(frozen=True)
class Timeline:
    """Moments and days for one provider, drawn from that provider's ``Random``."""

    rng: random.Random
    today: date

    def ago(self, days: int) -> date:
        """The day ``days`` before today (after it, when negative)."""
        return self.today - timedelta(days=days)

    def moment(self, day: date) -> datetime:
        """A moment of a working day (09:00-17:59 at UTC-04:00) in UTC, whole seconds."""
        seconds = self.rng.randrange(9 * 3600, 18 * 3600)
        local = datetime.combine(day, datetime.min.time(), tzinfo=EXPIRATION_TIMEZONE) + timedelta(
            seconds=seconds
        )
        return local.astimezone(UTC)

    def after(self, previous: datetime, day: date) -> datetime:
        """A moment on ``day`` strictly after ``previous`` (later the same day if need be)."""
        candidate = self.moment(day)
        if candidate > previous:
            return candidate
        return previous + timedelta(minutes=self.rng.randrange(5, 90))

    def later(self, previous: datetime, day: date) -> datetime:
        """A moment after ``previous`` on ``day``, or on ``previous``'s own day when ``day`` is behind it."""
        return self.after(previous, max(day, day_of(previous)))

    def days_between(self, first: date, last: date) -> date:
        """A day from ``first`` to ``last`` (``first`` when ``last`` is earlier)."""
        return first + timedelta(days=self.rng.randint(0, max((last - first).days, 0)))

    def moments_between(self, start: datetime, count: int) -> list[datetime]:
        """``count`` increasing moments after ``start``, before today began (at UTC-04:00)."""
        today_began = datetime.combine(self.today, datetime.min.time(), tzinfo=EXPIRATION_TIMEZONE)
        end = max(self.moment(self.today - timedelta(days=1)), start + timedelta(hours=count + 1))
        span = int((min(end, today_began.astimezone(UTC) - timedelta(minutes=1)) - start).total_seconds())
        offsets = sorted(self.rng.sample(range(1, max(span, count + 1)), count))
        return [start + timedelta(seconds=offset) for offset in offsets]
