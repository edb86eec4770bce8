"""A calendar day a page states without a time of day, as it is stored: 00:00 UTC of it.

The day is some time zone's, and which one the page does not say. In UTC, a local day D
runs from D - 14 h (UTC+14, the earliest zone) to D + 36 h (the end of D at UTC-12, the
latest), the extreme offsets of the IANA time zone database. Used wherever a day stated
alone meets a time: a listing's time that makes the day exact (``extract.pipeline``),
an edit that states a time of the stored day, and which of two copies came out first
(``storage.articles``, ``stories.assign``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

DAY_STARTS, DAY_ENDS = timedelta(hours=-14), timedelta(hours=36)


def on_day(at: datetime, day: datetime) -> bool:
    """Whether the aware time ``at`` falls, in some time zone, on the day stored as
    ``day`` (00:00 UTC)."""
    return DAY_STARTS <= at - day < DAY_ENDS


def day_end(day: datetime) -> datetime:
    """When the day stored as ``day`` (00:00 UTC) has ended in every time zone (aware
    UTC): after every time that can fall on it. The latest datetime for a day within
    DAY_ENDS of the end of the calendar (a page's bad date)."""
    try:
        return day + DAY_ENDS
    except OverflowError:
        return datetime.max.replace(tzinfo=UTC)
