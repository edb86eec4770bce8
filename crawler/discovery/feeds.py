"""Seed kinds detected from the response, and the links that feeds and sitemaps list.

XML is parsed with entity resolution and network access switched off, so a hostile
feed cannot expand entities or make the parser read files.
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from urllib.parse import urljoin

from lxml import etree

MAX_XML_BYTES = 32 * 1024 * 1024


class SeedKind(str, Enum):
    RSS = "rss"
    ATOM = "atom"
    SITEMAP_INDEX = "sitemap_index"
    SITEMAP = "sitemap"
    NEWS_SITEMAP = "news_sitemap"
    HTML = "html"


@dataclass(frozen=True, slots=True)
class Link:
    """A URL listed by a feed or sitemap, with the date it gives (if any)."""

    url: str
    date: datetime | None = None


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, huge_tree=False,
        remove_comments=True, remove_pis=True, load_dtd=False,
    )


def parse_xml(body: bytes) -> etree._Element | None:
    """Parse ``body`` as XML, or return None if it is not XML."""
    head = body[:512].lstrip()
    if not head.startswith(b"<") or head[:9].lower() in (b"<!doctype", b"<html"):
        return None
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError:
        return None
    return root


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def detect_kind(root: etree._Element | None) -> SeedKind:
    """Tell what kind of seed a parsed document is (None means HTML)."""
    if root is None:
        return SeedKind.HTML
    name = _local(root)
    if name in ("rss", "rdf"):
        return SeedKind.RSS
    if name == "feed":
        return SeedKind.ATOM
    if name == "sitemapindex":
        return SeedKind.SITEMAP_INDEX
    if name == "urlset":
        has_news = any(_local(e) == "news" for e in root.iter() if e is not root)
        return SeedKind.NEWS_SITEMAP if has_news else SeedKind.SITEMAP
    return SeedKind.HTML


def parse_date(value: str | None) -> datetime | None:
    """Parse an ISO 8601 or RFC 822 date; naive values are taken as UTC."""
    if not value or not value.strip():
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _child_text(element: etree._Element, *names: str) -> str | None:
    for child in element.iter():
        if child is not element and _local(child) in names and child.text:
            return child.text.strip()
    return None


def _atom_link(entry: etree._Element) -> str | None:
    links = [e for e in entry if _local(e) == "link"]
    for link in links:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href")
    return links[0].get("href") if links and links[0].get("href") else None


def feed_links(root: etree._Element, base_url: str) -> list[Link]:
    """The entries of an RSS 2.0, RSS 1.0 (RDF) or Atom feed."""
    links: list[Link] = []
    for entry in root.iter():
        name = _local(entry)
        if name == "item":
            href = _child_text(entry, "link") or _permalink_guid(entry)
            date = _child_text(entry, "pubdate", "date", "published", "updated")
        elif name == "entry":
            href = _atom_link(entry)
            date = _child_text(entry, "published", "updated")
        else:
            continue
        if href:
            links.append(Link(urljoin(base_url, href.strip()), parse_date(date)))
    return links


def _permalink_guid(item: etree._Element) -> str | None:
    for child in item:
        if _local(child) == "guid" and child.get("isPermaLink", "true") != "false":
            text = (child.text or "").strip()
            return text if text.startswith("http") else None
    return None


def sitemap_links(root: etree._Element, base_url: str) -> list[Link]:
    """The locations of a sitemap or sitemap index, with their news or lastmod dates."""
    links: list[Link] = []
    for entry in root:
        if _local(entry) not in ("url", "sitemap"):
            continue
        loc = next((c.text.strip() for c in entry if _local(c) == "loc" and c.text), None)
        if not loc:
            continue
        date = _child_text(entry, "publication_date") or _child_text(entry, "lastmod")
        links.append(Link(urljoin(base_url, loc), parse_date(date)))
    return links
