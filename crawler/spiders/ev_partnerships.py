"""The ev_partnerships spider: from seed feeds, sitemaps and topic pages to article pages.

Settings read: ``DISCOVERY_SEEDS_FILE`` (default seed list), ``DISCOVERY_SINCE_DAYS``
(default for ``-a since``), ``DISCOVERY_PAGINATION_DEPTH`` (next pages followed from
an HTML seed page), ``DOWNLOAD_MAXSIZE`` (limit for gunzipped sitemaps).
Arguments: ``-a seeds=PATH`` replaces the seed list; ``-a since=2026-11-01`` or
``-a since=7`` (days) skips feed and sitemap entries dated before it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from crawler.feeds import Link, SeedKind, detect_kind, feed_links, parse_xml, sitemap_links
from crawler.items import FetchedPage
from crawler.links import article_links, next_page_link
from crawler.options import CrawlOptions
from crawler.urls import fetchable_url, registrable_domain

_GZIP_MAGIC = b"\x1f\x8b"


class EvPartnershipsSpider(Spider):
    """Finds partnership news articles; the pipelines clean, tag, de-duplicate and store them."""

    name = "ev_partnerships"
    options: CrawlOptions
    allowed_domains: list[str]

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> EvPartnershipsSpider:
        options = CrawlOptions.from_arguments(kwargs, crawler.settings)
        spider = super().from_crawler(crawler, *args)
        spider.options = options
        spider.allowed_domains = sorted({registrable_domain(seed) for seed in options.seeds})
        return spider

    @classmethod
    def check_arguments(cls, arguments: dict[str, Any], settings: BaseSettings) -> None:
        """Validate ``-a`` arguments and the seed file before a crawl starts."""
        CrawlOptions.from_arguments(arguments, settings)

    async def start(self) -> AsyncIterator[Request]:
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("discovery/seeds", len(self.options.seeds))
        for seed in self.options.seeds:
            yield Request(seed, callback=self.parse_seed, errback=self.on_error,
                          meta={"seed": seed, "seed_request": True})

    def parse_seed(self, response: Response) -> Iterator[Request | FetchedPage]:
        """A seed or a sitemap listed by one: dispatch on the kind its body shows."""
        root = parse_xml(self._xml_body(response))
        kind = detect_kind(root)
        self._count(f"discovery/kind/{kind.value}")
        if kind is SeedKind.HTML:
            yield from self.parse_section(response)
        elif kind is SeedKind.SITEMAP_INDEX:
            for link in self._recent(sitemap_links(root, response.url)):
                yield self._follow(response, link.url, self.parse_seed)
        elif kind in (SeedKind.RSS, SeedKind.ATOM):
            yield from self._articles(response, feed_links(root, response.url))
        else:
            yield from self._articles(response, sitemap_links(root, response.url))

    def parse_section(self, response: Response) -> Iterator[Request]:
        """A topic or section page: its article links, then its next page (bounded)."""
        if not isinstance(response, TextResponse):
            self._count("discovery/skipped/seed_not_text")
            return
        links = [Link(url) for url in article_links(response.selector, response.url)]
        yield from self._articles(response, links)
        depth = response.meta.get("page_depth", 0)
        next_url = next_page_link(response.selector, response.url)
        if next_url and depth < self.settings.getint("DISCOVERY_PAGINATION_DEPTH", 3):
            request = self._follow(response, next_url, self.parse_section)
            request.meta["page_depth"] = depth + 1
            yield request

    def parse_article(self, response: Response) -> Iterator[FetchedPage]:
        """An article page: handed to the pipelines as it is, never mined for more links."""
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
        if not isinstance(response, TextResponse) or "html" not in (content_type or "html"):
            self._count("discovery/skipped/article_not_html")
            return
        yield FetchedPage(
            url=response.url,
            html=response.text,
            seed=response.meta["seed"],
            discovered_url=response.meta.get("discovered_url", response.url),
            redirect_urls=list(response.meta.get("redirect_urls", [])),
        )

    def on_error(self, failure: Failure) -> None:
        """Count a failed request by error type; a failed seed is also logged."""
        request = failure.request  # type: ignore[attr-defined]
        error = failure.type.__name__ if failure.type else "Exception"
        self._count(f"discovery/errors/{error}")
        if request.meta.get("seed_request"):
            self._count("discovery/seeds_failed")
            self.logger.warning("seed %s failed: %s", request.url, failure.getErrorMessage())

    def _articles(self, response: Response, links: Iterable[Link]) -> Iterator[Request]:
        for link in self._recent(links):
            request = self._follow(response, link.url, self.parse_article)
            request.meta["discovered_url"] = link.url
            self._count("discovery/article_links")
            yield request

    def _recent(self, links: Iterable[Link]) -> Iterator[Link]:
        for link in links:
            if link.date is not None and link.date < self.options.since:
                self._count("discovery/skipped/older_than_since")
                continue
            yield link

    def _follow(self, response: Response, url: str, callback: Any) -> Request:
        return Request(fetchable_url(url), callback=callback, errback=self.on_error,
                       meta={"seed": response.meta["seed"]})

    def _xml_body(self, response: Response) -> bytes:
        body = response.body
        if body[:2] != _GZIP_MAGIC:
            return body
        try:
            return gunzip(body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
        except Exception:  # noqa: BLE001 - any corrupt or oversized archive is one counted case
            self._count("discovery/skipped/bad_gzip")
            return b""

    def _count(self, key: str) -> None:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value(key)
