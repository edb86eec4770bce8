"""Reading a listing's body: which kind of seed it is, and the article links it gives.

RSS (0.9x, 1.0, 2.0) and Atom (0.3, 1.0) are read with feedparser, the parser feed
readers use: it copes with byte-order marks, UTF-16/32, wrong encoding declarations,
undeclared prefixes, bare ``&``, ``xml:base``, Atom 0.3 and Dublin Core dates and the
RFC 822 variants sites write. What it returns is guarded here: an entry's link is its
``alternate`` link (an enclosure, ``self`` or ``related`` link is not the article) or an
RSS permalink ``guid``, and only an absolute http(s) URL; dates must be plausible
(:func:`crawler.discovery.listed.plausible`). Sitemaps are read by
:mod:`crawler.discovery.sitemaps` on the tree of :mod:`crawler.discovery.xmldoc`.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime
from typing import Any

import feedparser
from lxml import etree

from crawler.discovery.listed import Link, Listing, SeedKind, absolute_http_url, plausible
from crawler.discovery.sitemaps import is_news_sitemap, sitemap_links
from crawler.discovery.xmldoc import local_name, parse_xml, xml_text

_FEED_ROOTS = {"rss": SeedKind.RSS, "rdf": SeedKind.RSS, "feed": SeedKind.ATOM}
# A feed's root element after the prolog, for documents too broken for the XML parser.
_FEED_START = re.compile(r"^(?:\s|<\?[^>]*>|<!--.*?-->|<!DOCTYPE[^>]*>)*<(?:\w+:)?(rss|rdf|feed)\b",
                         re.IGNORECASE | re.DOTALL)


def detect_kind(root: etree._Element | None) -> SeedKind:
    """Tell what kind of seed a parsed document is (None, or any other root, means HTML)."""
    if root is None:
        return SeedKind.HTML
    name = local_name(root)
    if name in _FEED_ROOTS:
        return _FEED_ROOTS[name]
    if name == "sitemapindex":
        return SeedKind.SITEMAP_INDEX
    if name == "urlset":
        return SeedKind.NEWS_SITEMAP if is_news_sitemap(root) else SeedKind.SITEMAP
    return SeedKind.HTML


SITEMAP_KINDS = frozenset({SeedKind.SITEMAP, SeedKind.NEWS_SITEMAP})


def parse_listing(body: bytes) -> tuple[etree._Element | None, SeedKind]:
    """``body`` parsed as XML (None when it is not) and the kind its root shows: final for
    sitemaps (``SITEMAP_KINDS``, ``SITEMAP_INDEX``); a feed's is settled by :func:`read_listing`."""
    root = parse_xml(body)
    return root, detect_kind(root)


def read_listing(body: bytes, base_url: str, now: datetime | None = None,
                 parsed: tuple[etree._Element | None, SeedKind] | None = None) -> Listing:
    """The kind of ``body`` (served at ``base_url``) and, for feeds and sitemaps, its links.

    HTML pages are returned without links: their links are the section parser's job.
    ``now`` bounds plausible dates (default: the clock); ``parsed`` is what
    :func:`parse_listing` gave for ``body``, when the caller has it. Never raises on bad input.
    """
    root, kind = parsed or parse_listing(body)
    if kind in (SeedKind.RSS, SeedKind.ATOM) or (
            kind is SeedKind.HTML and _FEED_START.match(xml_text(body[:4096]))):
        return feed_listing(body, base_url, now)
    if kind is SeedKind.HTML or root is None:
        return Listing(kind)
    links, entries = sitemap_links(root, base_url, now)
    return Listing(kind, links, entries)


def feed_listing(body: bytes, base_url: str, now: datetime | None = None) -> Listing:
    """An RSS or Atom feed's entries that link to a page, in feed order.

    A document feedparser does not take for a feed is HTML (no links).
    """
    # Bytes, never text: feedparser takes a string for a URL or a file name to open.
    document = xml_text(body).encode("utf-8")
    parsed = feedparser.parse(document, response_headers={"content-location": base_url},
                              sanitize_html=False, resolve_relative_uris=False)
    version = parsed.get("version") or ""
    if not version:
        return Listing(SeedKind.HTML)
    atom = version.startswith("atom")
    links = []
    for entry in parsed.entries:
        url = _entry_url(entry, base_url, atom)
        if url is not None:
            published = _date(entry, "published_parsed", now) or _date(entry, "created_parsed", now)
            modified = _date(entry, "updated_parsed", now)
            links.append(Link(url, published or modified, modified, published))
    return Listing(SeedKind.ATOM if atom else SeedKind.RSS, links, len(parsed.entries))


def _is_page(link: dict[str, Any]) -> bool:
    kind = (link.get("type") or "").lower()
    return not kind or "html" in kind


def _entry_url(entry: dict[str, Any], base_url: str, atom: bool) -> str | None:
    """The entry's alternate link (HTML ones first), else an RSS permalink guid."""
    alternates = [link for link in entry.get("links", []) if link.get("rel") == "alternate"]
    ordered = [link for link in alternates if _is_page(link)] + alternates
    for link in ordered:
        url = absolute_http_url(link.get("href"), base_url)
        if url is not None:
            return url
    if not atom and entry.get("guidislink"):
        return absolute_http_url(entry.get("link"), base_url)
    return None


def _date(entry: dict[str, Any], key: str, now: datetime | None) -> datetime | None:
    # dict.get: feedparser's own lookup maps a missing "updated" to "published", with a warning.
    value = dict.get(entry, key)
    if not isinstance(value, time.struct_time):
        return None
    try:
        return plausible(datetime(*value[:6], tzinfo=UTC), now)
    except (ValueError, OverflowError):
        return None
