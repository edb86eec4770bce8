"""Per-run options of the ev_partnerships spider (``-a seeds=PATH -a since=...``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy.settings import BaseSettings

from crawler.discovery.seeds import load_seeds


class OptionError(ValueError):
    """A spider argument that cannot be used; the message says which and why."""


def parse_since(value: str | None, default_days: int, now: datetime) -> datetime:
    """``since`` as an aware UTC datetime: an ISO date/time, or a number of days back.

    Raises OptionError naming the value when it is empty (``-a since=`` from an unset shell
    variable), neither, before the year 1, or after ``now`` (a run that would take nothing).
    """
    if value is None:
        return now - timedelta(days=default_days)
    text = value.strip()
    if not text:
        raise OptionError("-a since is empty: give a date such as 2026-11-01 or a number of "
                          "days such as 30, or leave the argument out for the default")
    if re.fullmatch(r"\d+", text):
        try:
            return now - timedelta(days=int(text))
        except OverflowError:
            raise OptionError(
                f"-a since={value!r}: {text} days back is before the year 1") from None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise OptionError(
            f"-a since={value!r}: expected an ISO date such as 2026-11-01, "
            "a date and time, or a number of days such as 30"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    if parsed > now:
        raise OptionError(f"-a since={value!r} is in the future: nothing published could be "
                          "taken from the feeds and sitemaps")
    return parsed


@dataclass(frozen=True, slots=True)
class CrawlOptions:
    """What one run crawls: the seed URLs and the oldest publication date wanted."""

    seeds: tuple[str, ...]
    since: datetime

    @classmethod
    def from_arguments(cls, arguments: dict[str, Any], settings: BaseSettings) -> CrawlOptions:
        """Build the options from spider arguments; raises SeedFileError or OptionError.

        Settings read: ``DISCOVERY_SEEDS_FILE``, ``DISCOVERY_SINCE_DAYS``.
        """
        unknown = sorted(set(arguments) - {"seeds", "since", "_job"})
        if unknown:
            raise OptionError(f"unknown spider argument(s): {', '.join(unknown)} "
                              "(expected seeds=PATH, since=DATE|DAYS)")
        if "seeds" in arguments and not str(arguments["seeds"]).strip():
            raise OptionError("-a seeds is empty: give the path of a seed file, or leave the "
                              "argument out for the default list")
        path = arguments.get("seeds") or settings.get("DISCOVERY_SEEDS_FILE")
        try:
            default_days = settings.getint("DISCOVERY_SINCE_DAYS", 30)
        except ValueError:
            raise OptionError(f"DISCOVERY_SINCE_DAYS={settings.get('DISCOVERY_SINCE_DAYS')!r}: "
                              "expected a whole number of days") from None
        since = parse_since(arguments.get("since"), default_days, datetime.now(UTC))
        return cls(seeds=tuple(load_seeds(path)), since=since)
