"""The one source of "now" for runtime code, so tests can freeze time without patching datetime.

Two rules of the domain live here (spec §0):

- records carry timestamps in UTC truncated to whole seconds;
- "today", the date that expiration is judged against, is the calendar date at a *fixed* UTC-04:00
  offset. It is deliberately not a DST-aware US zone: a license expiring on a date stays active
  until 04:00 UTC the next day all year round, which is what member states were told.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta, timezone

EXPIRATION_TIMEZONE = timezone(timedelta(hours=-4), "UTC-04:00")

_frozen_at: datetime | None = None


def now_utc_precise() -> datetime:
    """The current instant in UTC with microseconds.

    For keys that must not collide within a second, such as rate-limit attempt timestamps.
    """
    return _frozen_at if _frozen_at is not None else datetime.now(tz=UTC)


def now_utc() -> datetime:
    """The current instant in UTC, truncated to whole seconds, as stored on records."""
    return now_utc_precise().replace(microsecond=0)


def today_for_expiration() -> date:
    """The current date at UTC-04:00, the "today" that expiration dates are compared with."""
    return now_utc_precise().astimezone(EXPIRATION_TIMEZONE).date()


@contextmanager
def frozen_time(moment: datetime) -> Iterator[datetime]:
    """Make every function of this module report ``moment`` until the block exits.

    A naive ``moment`` is taken to be UTC. Nesting restores the outer frozen moment on exit.
    """
    global _frozen_at
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    previous, _frozen_at = _frozen_at, aware.astimezone(UTC)
    try:
        yield _frozen_at
    finally:
        _frozen_at = previous
