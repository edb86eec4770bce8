"""Stage 1: HTML to clean text and metadata, in worker processes.

Extraction is CPU-heavy; done on the reactor thread it would stall every download, and
in threads the GIL would keep it on one core. A process pool keeps the reactor free
and uses every core. Workers are replaced after a number of pages, because
trafilatura's caches grow over long runs.

Settings read: ``EXTRACT_WORKERS`` (0 = one per core), ``EXTRACT_TASKS_PER_WORKER``.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.items import ArticleItem, FetchedPage
from pipelines.common import drop
from pipelines.extract import Article, extract_article

logger = logging.getLogger(__name__)


def to_item(page: FetchedPage, article: Article) -> ArticleItem:
    """Combine what was fetched with what was extracted; the HTML is left behind."""
    return ArticleItem(
        url=page.url, title=article.title, text=article.text, authors=list(article.authors),
        published_at=article.published_at, modified_at=article.modified_at,
        language=article.language, site=article.site, description=article.description,
        seed=page.seed, declared_canonical=article.canonical_url,
        aliases=[page.discovered_url, *page.redirect_urls, page.url],
        state_url=page.state_url, etag=page.etag, last_modified=page.last_modified,
    )


class ExtractPipeline:
    """Turns each FetchedPage into an ArticleItem; pages without article text are dropped."""

    def __init__(self, stats: StatsCollector | None, workers: int, tasks_per_worker: int) -> None:
        self.stats = stats
        self.workers = workers or os.cpu_count() or 1
        self.tasks_per_worker = tasks_per_worker
        self._pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        settings = crawler.settings
        return cls(crawler.stats, settings.getint("EXTRACT_WORKERS"),
                   settings.getint("EXTRACT_TASKS_PER_WORKER", 500))

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: forking a process that runs threads and a reactor is unsafe.
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
            max_tasks_per_child=self.tasks_per_worker or None,
        )

    async def open_spider(self) -> None:
        self._pool = self._new_pool()

    async def close_spider(self) -> None:
        if self._pool is not None:
            await asyncio.to_thread(self._pool.shutdown, True, cancel_futures=True)
            self._pool = None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        article = await self._extract(item)
        if article is None:
            raise drop(self.stats, "extract", "no_article_text")
        return to_item(item, article)

    async def _extract(self, page: FetchedPage) -> Article | None:
        pool = self._pool
        assert pool is not None, "ExtractPipeline used before open_spider"
        try:
            return await asyncio.wrap_future(pool.submit(extract_article, page.html, page.url))
        except BrokenProcessPool:
            # A worker died (out of memory, a crash in lxml): replace the pool once, skip the page.
            if self._pool is pool:
                pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
            raise drop(self.stats, "extract", "worker_crashed", "WARNING") from None
        except Exception as exc:  # noqa: BLE001 - one bad page must not stop the crawl
            self._log_failure(page, exc)
            raise drop(self.stats, "extract", "extraction_error", "WARNING") from None

    def _log_failure(self, page: FetchedPage, exc: Exception) -> None:
        logger.warning("extraction failed for %s: %r", page.url, exc)
