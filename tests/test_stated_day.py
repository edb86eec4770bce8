"""A day stated without a time: the span it covers across time zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from pipelines.stated_day import day_end, on_day

DAY = datetime(2026, 11, 26, tzinfo=UTC)


def test_a_time_is_on_the_day_when_some_zone_reads_that_day() -> None:
    assert on_day(datetime(2026, 11, 25, 10, tzinfo=UTC), DAY)  # 00:00 at UTC+14
    assert on_day(datetime(2026, 11, 26, 22, tzinfo=timezone(timedelta(hours=-5))), DAY)
    assert not on_day(datetime(2026, 11, 25, 9, 59, tzinfo=UTC), DAY)
    assert not on_day(datetime(2026, 11, 27, 12, tzinfo=UTC), DAY)  # 00:00 next day at UTC-12


def test_a_day_ends_when_it_has_ended_everywhere_even_at_the_end_of_the_calendar() -> None:
    assert day_end(DAY) == datetime(2026, 11, 27, 12, tzinfo=UTC)
    last = datetime(9999, 12, 31, tzinfo=UTC)
    assert day_end(last) == datetime.max.replace(tzinfo=UTC)
