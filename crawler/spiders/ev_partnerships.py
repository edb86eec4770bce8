"""The ev_partnerships spider: from seed feeds, sitemaps and topic pages to article pages.

Every run fetches the seeds and the listings they lead to with conditional headers
(a 304, or a body identical to the last one, costs nothing more), plus the article
URLs the database says are due: left pending by an earlier run, to be retried, or to
be revisited. A discovered article link is recorded as pending in the database before
it is requested, and only if it is new. A known article is fetched again by the
revisit schedule, or, conditionally, when a listing dates it (sitemap ``lastmod``, Atom
``updated``, ...) after our last fetch of it. A listing that gives no links although
it is not empty is counted as a parse failure and read in full again next run.

Settings read: ``DISCOVERY_SEEDS_FILE`` (default seed list), ``DISCOVERY_SINCE_DAYS``
(default for ``-a since``), ``DISCOVERY_PAGINATION_DEPTH`` (next pages followed from
an HTML seed page), ``DISCOVERY_LISTING_TIMEOUT`` (seconds a seed, feed or sitemap may
take), ``DISCOVERY_REQUEST_WINDOW`` (new article requests out at a time, see
:mod:`crawler.discovery.backlog`), ``DOWNLOAD_MAXSIZE`` (limit for gunzipped sitemaps),
``DATABASE_URL`` and the schedule settings of :mod:`pipelines.storage.revisit`.
Arguments: ``-a seeds=PATH`` replaces the seed list; ``-a since=2026-11-01`` or
``-a since=7`` (days) skips feed and sitemap entries dated before it.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from crawler.discovery.backlog import Backlog, RequestWindowSpider
from crawler.discovery.feeds import SITEMAP_KINDS, parse_listing, read_listing
from crawler.discovery.frontier import Frontier, failure_outcome
from crawler.discovery.links import article_links, next_page_link
from crawler.discovery.listed import Link, SeedKind, unread
from crawler.discovery.listings import listing_body, response_header
from crawler.discovery.options import CrawlOptions
from crawler.fetching.content_type_guard import not_article_reason
from pipelines.dedupe.urls import canonical_url, fetchable_url, registrable_domain
from pipelines.extract.results import NO_ARTICLE_REASONS
from pipelines.items import FetchedPage
from pipelines.storage.revisit import Schedule
from pipelines.storage.url_state import ARTICLE, LISTING, SEED, DueUrl, Outcome, Validators

_NOT_MODIFIED = [304]
# Extraction drop reason -> what becomes of the page's URL (pipelines/extract/pipeline.py).
_EXTRACT_DROPS = {**dict.fromkeys(NO_ARTICLE_REASONS, "not_article"),
                  "timeout": "failed", "worker_crashed": "failed"}


class EvPartnershipsSpider(RequestWindowSpider):
    """Finds partnership news articles; the pipelines clean, tag, de-duplicate and store them."""

    name = "ev_partnerships"
    options: CrawlOptions
    allowed_domains: list[str]
    frontier: Frontier
    backlog: Backlog
    _listing_timeout: float

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> EvPartnershipsSpider:
        options = CrawlOptions.from_arguments(kwargs, crawler.settings)
        spider = super().from_crawler(crawler, *args)
        spider.options = options
        spider.allowed_domains = sorted({registrable_domain(seed) for seed in options.seeds})
        # Big sitemaps and feeds take longer than an article page (DOWNLOAD_TIMEOUT).
        spider._listing_timeout = crawler.settings.getfloat("DISCOVERY_LISTING_TIMEOUT", 30)
        spider.frontier = Frontier(crawler.settings.get("DATABASE_URL"),
                                   Schedule.from_settings(crawler.settings), crawler)
        spider.backlog = Backlog(crawler.settings.getint("DISCOVERY_REQUEST_WINDOW", 256))
        crawler.signals.connect(spider.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(spider.size_backlog, signal=signals.spider_opened)
        crawler.signals.connect(spider.frontier.close, signal=signals.spider_closed)
        return spider

    @classmethod
    def check_arguments(cls, arguments: dict[str, Any], settings: BaseSettings) -> None:
        """Validate ``-a`` arguments and the seed file before a crawl starts."""
        CrawlOptions.from_arguments(arguments, settings)

    async def start(self) -> AsyncIterator[Request]:
        due = await self.frontier.open()
        self._count("discovery/seeds", len(self.options.seeds))
        self._count("discovery/due_articles", len(due))
        for seed in self.options.seeds:
            yield self._listing(seed, seed, SEED)
        for article in due:
            yield self.article_request(article)

    async def parse_seed(self, response: Response) -> AsyncIterator[Request | FetchedPage]:
        """A seed or a listing it led to: dispatch on the kind its body shows."""
        seed, key = response.meta["seed"], response.meta["state_url"]
        known = self.frontier.validators(key)
        if response.status == 304:
            for request in await self._unchanged(response, known, "not_modified"):
                yield request
            return
        body, skipped = listing_body(response.body, self.settings.getint("DOWNLOAD_MAXSIZE"))
        if skipped:
            self._count(f"discovery/skipped/{skipped}")
        digest = hashlib.sha256(body).hexdigest()
        parsed = parse_listing(body)
        # A sitemap's kind shows in its root; its (many) entries are read only when it changed.
        listing = None if parsed[1] in SITEMAP_KINDS else read_listing(body, response.url,
                                                                        parsed=parsed)
        kind = listing.kind if listing else parsed[1]
        # The kind must match too: a body once misread (as HTML, say) is read again.
        if (digest, kind.value) == (known.content_hash, known.kind) \
                and kind is not SeedKind.SITEMAP_INDEX:
            for request in await self._unchanged(response, known, "unchanged"):
                yield request
            return
        listing = listing or read_listing(body, response.url, parsed=parsed)
        self._count(f"discovery/kind/{kind.value}")
        links = self._section_links(response) if kind is SeedKind.HTML else listing.links
        failed = unread(listing, links, body)
        # The document and its tree are not needed while the links are admitted: with
        # several large sitemaps admitted at once, they would all be held together.
        del body, parsed, listing
        requests = await self._follow(response, kind, links)
        for request in requests:
            yield request
        # Validators are saved only once the links are pending: a crash in between
        # means the listing is read in full again, never that its links are lost.
        next_url = next((r.url for r in requests if "page_depth" in r.meta), None)
        validators = Validators(kind=kind.value, next_url=next_url)  # read it all next time
        if failed:
            self._count(f"discovery/parse_failed/{kind.value}")
        else:
            validators = Validators(response_header(response, b"ETag"),
                                    response_header(response, b"Last-Modified"),
                                    digest, kind.value, next_url)
        await self.frontier.listing_fetched(key, response.meta["kind"], seed, response.status,
                                            validators)

    async def _follow(self, response: Response, kind: SeedKind, links: list[Link]
                      ) -> list[Request]:
        seed = response.meta["seed"]
        if kind is SeedKind.SITEMAP_INDEX:
            return [self._listing(link.url, seed, LISTING) for link in self._recent(links)]
        requests = await self._articles(seed, links)
        if kind is SeedKind.HTML and isinstance(response, TextResponse):
            requests += self._next_page(response, next_page_link(response.selector,
                                                                 response.url))
        return requests

    def _section_links(self, response: Response) -> list[Link]:
        """A topic or section page's article links (its next page is followed, bounded)."""
        if not isinstance(response, TextResponse):
            self._count("discovery/skipped/seed_not_text")
            return []
        return [Link(url) for url in article_links(response.selector, response.url)]

    def parse_article(self, response: Response) -> Iterator[FetchedPage]:
        """An article page: handed to the pipelines as it is, never mined for more links."""
        meta = response.meta
        self._answered(meta)
        if response.status == 304:
            self.frontier.outcome(Outcome(meta["state_url"], meta["seed"], "not_modified", 304))
            self._count("discovery/not_modified")
            return
        reason = not_article_reason(response)
        if reason is not None:
            self.frontier.outcome(Outcome(meta["state_url"], meta["seed"], "not_article",
                                          response.status))
            self._count(f"discovery/skipped/{reason}")
            return
        yield FetchedPage(
            url=response.url, html=response.text, seed=meta["seed"],
            discovered_url=meta.get("discovered_url", response.url),
            redirect_urls=list(meta.get("redirect_urls", [])), state_url=meta["state_url"],
            etag=response_header(response, b"ETag"),
            last_modified=response_header(response, b"Last-Modified"),
            listed_at=meta.get("listed_at"),
        )

    def on_error(self, failure: Failure) -> None:
        """Count a failed request by error type; remember what became of an article URL."""
        request = failure.request  # type: ignore[attr-defined]
        meta = request.meta
        self._answered(meta)
        error = failure.type.__name__ if failure.type else "Exception"
        if failure.check(IgnoreRequest) and str(failure.value) == "max redirections reached":
            error = "TooManyRedirects"
        self._count(f"discovery/errors/{error}")
        self._count(f"seed/{meta['seed']}/failures")
        if meta.get("kind") == SEED:
            self._count("discovery/seeds_failed")
            self.logger.warning("seed %s failed: %s", request.url, failure.getErrorMessage())
        if meta.get("kind") == ARTICLE:
            self.frontier.outcome(failure_outcome(failure, meta["state_url"], meta["seed"]))

    def item_dropped(self, item: Any, response: Response, exception: Exception,
                     spider: Spider) -> None:
        """A page the extraction stage dropped: not an article, or one that broke the extractor.

        Scrapy reports every drop with the item the spider yielded; drops of the later
        stages (duplicates, database errors) are settled by the store, or left pending.
        """
        result = _EXTRACT_DROPS.get(str(exception))
        if isinstance(item, FetchedPage) and result is not None:
            self.frontier.outcome(Outcome(item.state_url, item.seed, result, 200))

    async def _unchanged(self, response: Response, known: Validators, how: str) -> list[Request]:
        """A listing as it was last time: nothing new on it, but its next page may have news."""
        meta = response.meta
        self._count(f"discovery/{how}")
        self._count(f"seed/{meta['seed']}/not_modified")
        await self.frontier.listing_fetched(meta["state_url"], meta["kind"], meta["seed"],
                                            response.status, known)
        return self._next_page(response, known.next_url)

    def _next_page(self, response: Response, url: str | None) -> list[Request]:
        depth = response.meta.get("page_depth", 0)
        if not url or depth >= self.settings.getint("DISCOVERY_PAGINATION_DEPTH", 3):
            return []
        request = self._listing(url, response.meta["seed"], LISTING)
        request.meta["page_depth"] = depth + 1
        return [request]

    async def _articles(self, seed: str, links: Iterable[Link]) -> list[Request]:
        admission = await self.frontier.admit(links, seed, self.options.since)
        found = admission.listed - admission.too_old
        self._count("discovery/skipped/older_than_since", admission.too_old)
        self._count(f"seed/{seed}/found", found)
        self._count("discovery/article_links", found)
        self._count("discovery/known_articles", found - len(admission.new))
        self._count("discovery/announced_edits", len(admission.edits))
        self.backlog.add(admission.edits + admission.new)
        return self._released()

    def _recent(self, links: Iterable[Link]) -> Iterator[Link]:
        for link in links:
            if link.date is not None and link.date < self.options.since:
                self._count("discovery/skipped/older_than_since")
                continue
            yield link

    def _listing(self, url: str, seed: str, kind: str) -> Request:
        key = canonical_url(url)
        known = self.frontier.validators(key)
        headers = {} if known.kind == SeedKind.SITEMAP_INDEX.value else known.headers()
        return Request(fetchable_url(url), callback=self.parse_seed, errback=self.on_error,
                       headers=headers, meta={"seed": seed, "state_url": key, "kind": kind,
                                              "handle_httpstatus_list": _NOT_MODIFIED,
                                              "download_timeout": self._listing_timeout})

    def article_request(self, due: DueUrl) -> Request:
        meta = {"seed": due.seed, "state_url": due.url, "discovered_url": due.request_url,
                "kind": ARTICLE, "handle_httpstatus_list": _NOT_MODIFIED}
        if due.listed_at is not None:
            meta["listed_at"] = due.listed_at
        return Request(due.request_url, callback=self.parse_article, errback=self.on_error,
                       headers=due.validators.headers(), meta=meta)

    def _count(self, key: str, count: int = 1) -> None:
        assert self.crawler.stats is not None
        if count:
            self.crawler.stats.inc_value(key, count)

