"""The locations a sitemap or sitemap index lists (sitemaps.org 0.9, Google News sitemaps).

Only an entry's own elements are read: ``<loc>`` and ``<lastmod>`` are children of
``<url>``/``<sitemap>``, the publication date is ``<news:news>/<news:publication_date>``
(a video's or image's dates, nested elsewhere, are not the page's). One unusable entry
(a malformed location, an absurd date) is skipped; the others are kept.
"""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from crawler.discovery.listed import Link, absolute_http_url, parse_date
from crawler.discovery.xmldoc import child_text, children, local_name

ENTRY_NAMES = ("url", "sitemap")


def is_news_sitemap(root: etree._Element) -> bool:
    """True when a ``<urlset>`` has Google News entries (``<url><news:news>``)."""
    return any(children(entry, "news") for entry in root if local_name(entry) == "url")


def _publication_date(entry: etree._Element, now: datetime | None) -> datetime | None:
    for news in children(entry, "news"):
        date = parse_date(child_text(news, "publication_date"), now)
        if date is not None:
            return date
    return None


def sitemap_links(root: etree._Element, base_url: str,
                  now: datetime | None = None) -> tuple[list[Link], int]:
    """The usable locations of a sitemap or index, and how many entries it has.

    Each link's ``date`` is its news publication date, else its ``lastmod``; its
    ``modified`` is its ``lastmod``. ``now`` bounds plausible dates (default: the clock).
    """
    links: list[Link] = []
    entries = [entry for entry in root if local_name(entry) in ENTRY_NAMES]
    for entry in entries:
        url = absolute_http_url(child_text(entry, "loc"), base_url)
        if url is None:
            continue
        modified = parse_date(child_text(entry, "lastmod"), now)
        published = _publication_date(entry, now)
        links.append(Link(url, published or modified, modified, published))
    return links, len(entries)
