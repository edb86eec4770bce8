"""Layer 1: seed kinds detected from the body, and the links feeds and sitemaps give."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.discovery.feeds import (
    SeedKind,
    detect_kind,
    feed_links,
    parse_date,
    parse_xml,
    sitemap_links,
)
from tests.hostile.server import HostileSite

RSS = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><link>https://s.example/</link>
<item><title>A</title><link>https://s.example/news/a</link><pubDate>Tue, 17 Nov 2026 09:30:00 +0800</pubDate></item>
<item><title>B</title><guid isPermaLink="true">https://s.example/news/b</guid></item>
<item><title>C</title><guid isPermaLink="false">tag:s.example,2026:c</guid></item>
</channel></rss>"""
ATOM = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><title>A</title><link rel="self" href="/self/a"/><link href="/news/a"/><published>2026-11-17T09:30:00Z</published></entry>
</feed>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://s.example/sm-1.xml.gz</loc><lastmod>2026-11-01</lastmod></sitemap></sitemapindex>"""
NEWS = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
 xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://s.example/news/a</loc>
<news:news><news:publication_date>2026-11-17T09:30:00+08:00</news:publication_date></news:news></url></urlset>"""
PLAIN = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://s.example/p</loc></url></urlset>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY ext SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&lol3;&ext;</title><link>https://s.example/x</link></item></channel></rss>"""


@pytest.mark.parametrize(
    ("body", "kind"),
    [(RSS, SeedKind.RSS), (ATOM, SeedKind.ATOM), (INDEX, SeedKind.SITEMAP_INDEX),
     (NEWS, SeedKind.NEWS_SITEMAP), (PLAIN, SeedKind.SITEMAP),
     (b"<!DOCTYPE html><html><body><a href='/x'>x</a></body></html>", SeedKind.HTML),
     (b"not xml at all", SeedKind.HTML)],
)
def test_kind_is_detected_from_the_body(body: bytes, kind: SeedKind) -> None:
    assert detect_kind(parse_xml(body)) is kind


def test_rss_items_links_and_dates() -> None:
    links = feed_links(parse_xml(RSS), "https://s.example/feed")
    assert [link.url for link in links] == ["https://s.example/news/a", "https://s.example/news/b"]
    assert links[0].date == datetime(2026, 11, 17, 1, 30, tzinfo=UTC)
    assert links[1].date is None


def test_atom_prefers_the_alternate_link_and_resolves_it() -> None:
    links = feed_links(parse_xml(ATOM), "https://s.example/atom.xml")
    assert [link.url for link in links] == ["https://s.example/news/a"]


def test_sitemaps_give_news_publication_date_or_lastmod() -> None:
    (news,) = sitemap_links(parse_xml(NEWS), "https://s.example/sm.xml")
    assert news.date == datetime(2026, 11, 17, 1, 30, tzinfo=UTC)
    (child,) = sitemap_links(parse_xml(INDEX), "https://s.example/index.xml")
    assert child.url.endswith(".xml.gz") and child.date == datetime(2026, 11, 1, tzinfo=UTC)


def test_gzip_is_the_spiders_business_xml_parser_rejects_it() -> None:
    assert parse_xml(gzip.compress(NEWS)) is None


def test_entities_are_neither_expanded_nor_read_from_files() -> None:
    root = parse_xml(BILLION_LAUGHS)
    assert root is not None
    title = "".join(root.itertext())
    assert "lollollol" not in title and "root:" not in title


@pytest.mark.parametrize("value", ["", "soon", "32/13/2026", None])
def test_bad_dates_are_none(value: str | None) -> None:
    assert parse_date(value) is None


def test_no_entity_reaches_a_file_the_network_or_an_external_dtd(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-MARKER")
    with HostileSite("127.0.0.1") as listener:
        base = listener.base_url
        levels = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
        body = (f'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "{base}/external.dtd" ['
                f'<!ENTITY l0 "lol">{levels}<!ENTITY file SYSTEM "file://{secret}">'
                f'<!ENTITY net SYSTEM "{base}/entity"><!ENTITY % param SYSTEM "{base}/param">'
                f"%param;]><rss><channel><item><link>https://s.example/news/a</link>"
                f"<title>&l9;&file;&net;</title></item></channel></rss>").encode()
        root = parse_xml(body)
        assert listener.requests == []
    assert root is not None
    text = "".join(root.itertext())
    assert "SECRET-MARKER" not in text and "lollol" not in text
    assert [link.url for link in feed_links(root, "https://s.example/feed")] == [
        "https://s.example/news/a"]
