"""Layer 2: the spider's callbacks on hand-built responses."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import DropItem
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.discovery.seeds import SeedFileError
from crawler.spiders.ev_partnerships import EvPartnershipsSpider
from pipelines.items import FetchedPage
from pipelines.storage.database import migrate

SEED = "https://news.autoworld.example/feed.xml"
NOW = datetime.now(UTC)


def _rss(*items: tuple[str, datetime]) -> bytes:
    entries = "".join(
        f"<item><link>{url}</link><pubDate>{date:%a, %d %b %Y %H:%M:%S +0000}</pubDate></item>"
        for url, date in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{entries}</channel></rss>'.encode()


@pytest.fixture
def spider(tmp_path: Path, sqlite_url: str) -> EvPartnershipsSpider:
    seeds = tmp_path / "seeds.txt"
    seeds.write_text(f"{SEED}  # test feed\nhttps://www.othersite.example/topics/ev/  # topic page\n")
    migrate(sqlite_url)
    crawler = get_crawler(EvPartnershipsSpider, {"DISCOVERY_SEEDS_FILE": str(seeds),
                                                 "DISCOVERY_PAGINATION_DEPTH": 2,
                                                 "DATABASE_URL": sqlite_url})
    spider = EvPartnershipsSpider.from_crawler(crawler)
    crawler.spider = spider
    return spider


def _request(url: str = SEED, **meta: object) -> Request:
    return Request(url, meta={"seed": SEED, "state_url": url, "kind": "seed", **meta})


def collect(outputs: AsyncIterator[Any]) -> list[Any]:
    """Run an async callback to its end, as the engine would."""
    async def run() -> list[Any]:
        return [output async for output in outputs]
    return asyncio.run(run())


def _stat(spider: EvPartnershipsSpider, key: str) -> int:
    return spider.crawler.stats.get_value(key, 0)


def test_allowed_domains_come_from_the_seeds(spider: EvPartnershipsSpider) -> None:
    assert spider.allowed_domains == ["autoworld.example", "othersite.example"]


def test_a_bad_seed_file_stops_the_spider_being_built(tmp_path: Path) -> None:
    seeds = tmp_path / "bad.txt"
    seeds.write_text("https://ok.example/feed\nnot-a-url\n")
    crawler = get_crawler(EvPartnershipsSpider, {"DISCOVERY_SEEDS_FILE": str(seeds)})
    with pytest.raises(SeedFileError, match="line 2"):
        EvPartnershipsSpider.from_crawler(crawler)


def test_feed_entries_become_article_requests_within_since(spider: EvPartnershipsSpider) -> None:
    body = _rss(
        ("https://news.autoworld.example/news/ford-xiaomi-talks?utm_source=rss", NOW),
        ("https://news.autoworld.example/news/very-old-story-here", NOW - timedelta(days=90)),
    )
    response = XmlResponse(SEED, body=body, request=_request())
    requests = collect(spider.parse_seed(response))
    assert [r.url for r in requests] == ["https://news.autoworld.example/news/ford-xiaomi-talks"]
    assert requests[0].callback == spider.parse_article
    assert requests[0].meta["seed"] == SEED
    assert _stat(spider, "discovery/skipped/older_than_since") == 1
    assert _stat(spider, "discovery/kind/rss") == 1


def test_gzipped_sitemap_served_as_a_file_is_unpacked(spider: EvPartnershipsSpider) -> None:
    xml = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url>'
           b"<loc>https://news.autoworld.example/news/gm-google-ai</loc></url></urlset>")
    url = "https://news.autoworld.example/sitemap.xml.gz"
    response = Response(url, body=gzip.compress(xml), request=_request(url),
                        headers={"Content-Type": "application/gzip"})
    (request,) = collect(spider.parse_seed(response))
    assert request.url == "https://news.autoworld.example/news/gm-google-ai"


def test_sitemap_index_children_are_parsed_as_seeds(spider: EvPartnershipsSpider) -> None:
    xml = (b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
           b"<loc>https://news.autoworld.example/sm-1.xml.gz</loc></sitemap></sitemapindex>")
    response = XmlResponse(SEED, body=xml, request=_request())
    (request,) = collect(spider.parse_seed(response))
    assert request.callback == spider.parse_seed


def _topic_page(url: str, depth: int) -> HtmlResponse:
    html = b"""<html><body><nav><a href="/tag/ev/">EV</a><a href="/login">Log in</a></nav>
      <a href="/news/nissan-baidu-ai-cockpit-deal">Story</a>
      <a rel="next" href="?page=2">Next</a></body></html>"""
    return HtmlResponse(url, body=html, request=_request(url, page_depth=depth))


def test_topic_page_yields_articles_then_its_next_page(spider: EvPartnershipsSpider) -> None:
    url = "https://www.othersite.example/topics/ev/"
    article, next_page = collect(spider.parse_seed(_topic_page(url, 0)))
    assert article.url == "https://www.othersite.example/news/nissan-baidu-ai-cockpit-deal"
    assert next_page.url == url + "?page=2" and next_page.meta["page_depth"] == 1
    assert next_page.callback == spider.parse_seed


def test_pagination_stops_at_the_configured_depth(spider: EvPartnershipsSpider) -> None:
    page = _topic_page("https://www.othersite.example/t/?page=3", 2)
    requests = collect(spider.parse_seed(page))
    assert [r.callback for r in requests] == [spider.parse_article]


def test_article_page_is_handed_on_and_not_mined_for_links(spider: EvPartnershipsSpider) -> None:
    url = "https://news.autoworld.example/news/ford-xiaomi-talks"
    html = b'<html><body><h1>T</h1><a href="/news/another-story-to-follow">x</a></body></html>'
    request = _request(url, discovered_url=url + "?utm_source=rss", kind="article")
    (page,) = spider.parse_article(HtmlResponse(url, body=html, request=request))
    assert isinstance(page, FetchedPage)
    assert page.discovered_url.endswith("utm_source=rss") and "<h1>T</h1>" in page.html


def test_binary_behind_an_article_url_is_skipped_and_counted(spider: EvPartnershipsSpider) -> None:
    url = "https://news.autoworld.example/news/annual-report-2026"
    response = Response(url, body=b"%PDF-1.7", request=_request(url),
                        headers={"Content-Type": "application/pdf"})
    assert list(spider.parse_article(response)) == []
    assert _stat(spider, "discovery/skipped/article_not_html") == 1
    stopped = _request(url, content_type_skipped="content_type/application/pdf")
    response = Response(url, body=b"%PDF", request=stopped, flags=["download_stopped"],
                        headers={"Content-Type": "application/pdf"})
    assert list(spider.parse_article(response)) == []
    assert _stat(spider, "discovery/skipped/content_type/application/pdf") == 1


def test_only_extraction_drops_settle_a_page_url(spider: EvPartnershipsSpider) -> None:
    url = "https://news.autoworld.example/news/ford-xiaomi-talks"
    page = FetchedPage(url=url, html="<html></html>", seed=SEED, discovered_url=url,
                       state_url=url)
    response = HtmlResponse(url, body=b"", request=_request(url))
    # Scrapy reports a later stage's drop with the page the spider yielded.
    spider.item_dropped(page, response, DropItem("duplicate"), spider)
    spider.item_dropped(page, response, DropItem("database_error"), spider)
    assert _stat(spider, "frontier/not_article") == 0
    spider.item_dropped(page, response, DropItem("short_text"), spider)
    spider.item_dropped(page, response, DropItem("timeout"), spider)
    assert (_stat(spider, "frontier/not_article"), _stat(spider, "frontier/failed")) == (1, 1)
