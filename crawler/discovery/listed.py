"""What a listing (feed, sitemap, topic page) gives: its kind, its links and their dates.

Dates are aware UTC datetimes. A date a site could not mean (before 1990, or more than
two days ahead of the crawl's clock) is taken as no date: such a date would otherwise
filter out a live article or announce an edit on every run.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum
from urllib.parse import urljoin, urlsplit

from dateutil.parser import isoparse

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
AHEAD = timedelta(days=2)  # clock skew and time-zone slips a site's dates may show
_COLON_OFFSET = re.compile(r"([+-]\d{2}):(\d{2})\s*$")


class SeedKind(str, Enum):
    RSS = "rss"
    ATOM = "atom"
    SITEMAP_INDEX = "sitemap_index"
    SITEMAP = "sitemap"
    NEWS_SITEMAP = "news_sitemap"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class Link:
    """A URL a listing gives, as the site wrote it (made absolute), with its dates.

    ``date`` is when the entry says it was published (or, lacking that, its only
    date); ``modified`` when it says it last changed (sitemap ``lastmod``, Atom
    ``updated``, ``dcterms:modified``); ``published`` the publication date alone, None
    where the entry states none (news sitemap ``publication_date``, feed ``pubDate``,
    Atom ``published``). An entry never edited often states both as one instant.
    """

    url: str
    date: datetime | None = None
    modified: datetime | None = None
    published: datetime | None = None

    @property
    def changed_at(self) -> datetime | None:
        """The latest date the listing gives for this entry, or None."""
        dates = [d for d in (self.date, self.modified) if d is not None]
        return max(dates) if dates else None


@dataclass(frozen=True, slots=True)
class Listing:
    """A parsed listing: its kind, its usable links, and how many entries it had."""

    kind: SeedKind
    links: list[Link] = field(default_factory=list)
    entries: int = 0  # entries (items, urls) in the document, usable or not

    @property
    def failed(self) -> bool:
        """Entries there, links none: the document was not read, whatever it says."""
        return self.entries > 0 and not self.links


def unread(listing: Listing, links: list[Link], body: bytes) -> bool:
    """Whether a listing that is not empty gave no links: a feed or sitemap whose entries
    were all unusable, or a page (HTML, or what was taken for it) without article links.
    Such a listing is a parse failure; its validators must not be saved as if it was read."""
    if links:
        return False
    return listing.failed or (listing.kind is SeedKind.HTML and bool(body.strip()))


def plausible(value: datetime | None, now: datetime | None = None) -> datetime | None:
    """``value`` in UTC (naive means UTC), or None when no site could mean it."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(UTC)
    latest = (now or datetime.now(UTC)) + AHEAD
    return value if EARLIEST <= value <= latest else None


def parse_date(value: str | None, now: datetime | None = None) -> datetime | None:
    """A W3C/ISO 8601 (sitemaps) or RFC 822 date (``+hh:mm`` offsets too), or None.

    Never raises: an unreadable, overflowing or implausible date is None.
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    try:
        return plausible(isoparse(text), now)
    except (ValueError, OverflowError):
        pass
    try:
        parsed = email.utils.parsedate_to_datetime(_COLON_OFFSET.sub(r"\1\2", text))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return plausible(parsed, now)


def absolute_http_url(href: str | None, base_url: str) -> str | None:
    """``href`` resolved against ``base_url`` when it is a usable http(s) URL, else None."""
    if not href or not href.strip():
        return None
    try:
        url = urljoin(base_url, href.strip())
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in url:
        return None
    return url
