from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from core import clock


def test_now_utc_is_aware_utc_and_whole_seconds() -> None:
    with clock.frozen_time(datetime(2026, 3, 1, 12, 0, 5, 987654, tzinfo=UTC)):
        assert clock.now_utc() == datetime(2026, 3, 1, 12, 0, 5, tzinfo=UTC)
        assert clock.now_utc().tzinfo is UTC


def test_now_utc_precise_keeps_microseconds() -> None:
    with clock.frozen_time(datetime(2026, 3, 1, 12, 0, 5, 987654, tzinfo=UTC)):
        assert clock.now_utc_precise().microsecond == 987654


def test_unfrozen_clock_follows_real_time() -> None:
    before = datetime.now(tz=UTC).replace(microsecond=0)
    now = clock.now_utc()
    assert before <= now <= datetime.now(tz=UTC)
    assert now.microsecond == 0


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Still Feb 28 at UTC-04:00 until 04:00 UTC.
        (datetime(2026, 3, 1, 3, 59, 59, tzinfo=UTC), date(2026, 2, 28)),
        (datetime(2026, 3, 1, 4, 0, 0, tzinfo=UTC), date(2026, 3, 1)),
        # A fixed offset, not America/New_York: in January New York (UTC-5) is still on Jan 14 at 04:30 UTC.
        (datetime(2026, 1, 15, 4, 30, tzinfo=UTC), date(2026, 1, 15)),
        # And in summer (EDT is also UTC-4) the boundary is the same.
        (datetime(2026, 7, 1, 3, 59, 59, tzinfo=UTC), date(2026, 6, 30)),
    ],
)
def test_today_for_expiration_is_the_date_at_fixed_utc_minus_4(moment: datetime, expected: date) -> None:
    with clock.frozen_time(moment):
        assert clock.today_for_expiration() == expected


def test_frozen_time_accepts_other_offsets_and_naive_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    with clock.frozen_time(datetime(2026, 3, 1, 5, 0, tzinfo=plus_two)):
        assert clock.now_utc() == datetime(2026, 3, 1, 3, 0, tzinfo=UTC)
        assert clock.today_for_expiration() == date(2026, 2, 28)
    with clock.frozen_time(datetime(2026, 3, 1, 5, 0)):
        assert clock.now_utc() == datetime(2026, 3, 1, 5, 0, tzinfo=UTC)


def test_frozen_time_nests_and_restores_even_after_errors() -> None:
    outer = datetime(2026, 1, 1, tzinfo=UTC)
    inner = datetime(2027, 1, 1, tzinfo=UTC)
    with clock.frozen_time(outer):
        with pytest.raises(RuntimeError), clock.frozen_time(inner):
            assert clock.now_utc() == inner
            raise RuntimeError("boom")
        assert clock.now_utc() == outer
    assert clock.now_utc().year >= 2025 and clock.now_utc() != outer
