"""Layer 4: broken feeds and sitemaps served by the fixture site still lead to their articles.

Each listing has a fault of a kind found in the field (a byte-order mark, UTF-16, an
undeclared prefix, a DOCTYPE first, a bare ``&``, a malformed URL, an absurd date, links
written with a trailing slash); the crawl must store every article they list, request
each link as it was written, and count a listing with no usable link as a parse failure
that the next run reads in full again.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.storage.database import create_db_engine
from tests.helpers import crawl, last_run, rows
from tests.site import content as c
from tests.site.server import FixtureSite


def _serve_broken_listings(site: FixtureSite) -> list[str]:
    base = site.base_url
    bom_feed = (f'\ufeff<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Autos & Tech</title><item><link>http://[broken/x</link></item>"
                f"<item><title>Ford & Xiaomi</title><link>{base}{c.FORD_XIAOMI.path}</link></item>"
                f"<item><link>{base}{c.VW_XPENG.path}/</link><media:thumbnail url='x.jpg'/></item>"
                "</channel></rss>").encode("utf-8")
    utf16_sitemap = ('<?xml version="1.0" encoding="UTF-16"?><urlset xmlns="http://www.sitemaps.org/'
                     f'schemas/sitemap/0.9"><url><loc>{base}{c.GM_GOOGLE.path}</loc><news:news>'
                     "<news:publication_date>2026-11-17T08:30:00Z</news:publication_date>"
                     "</news:news></url></urlset>").encode("utf-16")
    doctype_feed = ('<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
                    '"http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91">'
                    "<channel><title>T</title><item><link>/never</link><pubDate>Tue, 17 Nov "
                    "99999999999 09:30:00 GMT</pubDate></item><item><title>Honda</title>"
                    f"<link>{base}{c.HONDA_SONY.path}</link></item></channel></rss>").encode()
    podcast = (b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Podcast</title><entry><id>tag:x,1'
               b'</id><link rel="enclosure" type="audio/mpeg" href="/episode-1.mp3"/></entry></feed>')
    listings = {"/broken/bom-feed.xml": ("application/rss+xml", bom_feed),
                "/broken/sitemap-utf16.xml": ("application/xml", utf16_sitemap),
                "/broken/doctype-feed.rss": ("text/xml", doctype_feed),
                "/broken/podcast.atom": ("application/atom+xml", podcast)}
    for path, (content_type, body) in listings.items():
        site.serve(path, content_type, body)
    return [f"{base}{path}" for path in listings]


@pytest.mark.e2e
def test_broken_listings_yield_their_good_links(site: FixtureSite, sqlite_url: str,
                                                tmp_path: Path) -> None:
    seeds = _serve_broken_listings(site)
    first = crawl(seeds, sqlite_url, tmp_path, None, "-a", "since=2026-01-01")
    assert first.returncode == 0, first.stderr[-3000:]
    engine = create_db_engine(sqlite_url)
    stored = set(rows(engine))
    assert stored == {s.path for s in (c.FORD_XIAOMI, c.VW_XPENG, c.GM_GOOGLE, c.HONDA_SONY)}
    requested = site.requested_paths()
    assert c.VW_XPENG.path + "/" in requested  # as the feed wrote it
    assert c.VW_XPENG.path not in requested
    stats = last_run(engine).stats
    assert stats["discovery/parse_failed/atom"] == 1
    assert stats["discovery/kind/news_sitemap"] == 1 and stats["discovery/kind/rss"] == 2

    before = len(site.requests)
    second = crawl(seeds, sqlite_url, tmp_path, None, "-a", "since=2026-01-01")
    assert second.returncode == 0, second.stderr[-3000:]
    again = {r.path: r for r in site.requests_since(before)}
    assert "If-None-Match" not in again["/broken/podcast.atom"].headers  # read in full again
    assert all(again[p].status == 304 for p in again if p.startswith("/broken/")
               and p != "/broken/podcast.atom")
    assert set(again) <= {"/robots.txt", *(p for p in again if p.startswith("/broken/"))}
    engine.dispose()
