"""When a URL is fetched again: the revisit and retry schedules, as pure functions.

Articles published within a window are revisited on a back-off schedule, so edits are
caught while a story is fresh; a failed fetch is retried by later runs with back-off,
a few times; a page that is gone (404, 410), forbidden by robots.txt or not an article
is never fetched again. ``None`` means: never again.

Settings read (by :meth:`Schedule.from_settings`): ``REVISIT_WINDOW_DAYS`` (default 3),
``REVISIT_INTERVAL_HOURS`` (first revisit after this long, then doubling; default 6),
``RETRY_LATER_HOURS`` (first retry of a failed article by a later run, then doubling;
default 1), ``RETRY_LATER_TIMES`` (failed fetches after which a URL is given up; default 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from scrapy.settings import BaseSettings

GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True, slots=True)
class Schedule:
    """The revisit and retry policy of one run."""

    window: timedelta = timedelta(days=3)
    interval: timedelta = timedelta(hours=6)
    retry_after: timedelta = timedelta(hours=1)
    max_failures: int = 5

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> Schedule:
        return cls(
            window=timedelta(days=settings.getfloat("REVISIT_WINDOW_DAYS", 3)),
            interval=timedelta(hours=settings.getfloat("REVISIT_INTERVAL_HOURS", 6)),
            retry_after=timedelta(hours=settings.getfloat("RETRY_LATER_HOURS", 1)),
            max_failures=settings.getint("RETRY_LATER_TIMES", 5),
        )

    def next_revisit(self, published_at: datetime | None, first_seen_at: datetime,
                     revisits: int, now: datetime) -> datetime | None:
        """When a stored article is fetched again; None once it is older than the window."""
        start = published_at or first_seen_at
        when = now + self.interval * (2 ** min(revisits, 20))
        return when if when <= start + self.window else None

    def next_retry(self, failures: int, now: datetime, status: int | None = None) -> datetime | None:
        """When a failed article is tried again; None when gone or tried often enough."""
        if status in GONE_STATUSES or failures >= self.max_failures:
            return None
        return now + self.retry_after * (2 ** max(0, min(failures - 1, 20)))
