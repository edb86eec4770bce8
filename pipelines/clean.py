"""Stage 1: HTML to clean text and metadata, in worker processes.

Extraction is CPU-heavy; done on the reactor thread it would stall every download, and
in threads the GIL would keep it on one core. A pool of worker processes keeps the
reactor free and uses every core. A page on which trafilatura hangs or blows up costs
one worker, which is killed and replaced, and the page is dropped with a reason.
Workers are also replaced after a number of pages, because trafilatura's caches grow.

Settings read: ``EXTRACT_WORKERS`` (0 = one per core), ``EXTRACT_TASKS_PER_WORKER``,
``EXTRACT_TIMEOUT`` (seconds per page; 0 = no limit).
"""

from __future__ import annotations

import logging
import os
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.items import ArticleItem, FetchedPage
from pipelines.common import drop
from pipelines.extract import Article, extract_article
from pipelines.workers import WorkerError, WorkerLost, WorkerPool, WorkerTimeout

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

    def __init__(self, stats: StatsCollector | None, workers: int, tasks_per_worker: int,
                 timeout: float = 0.0) -> None:
        self.stats = stats
        self.workers = workers or os.cpu_count() or 1
        self.tasks_per_worker = tasks_per_worker
        self.timeout = timeout or None
        self.pool: WorkerPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        settings = crawler.settings
        return cls(crawler.stats, settings.getint("EXTRACT_WORKERS"),
                   settings.getint("EXTRACT_TASKS_PER_WORKER", 500),
                   settings.getfloat("EXTRACT_TIMEOUT", 20.0))

    async def open_spider(self) -> None:
        self.pool = WorkerPool(extract_article, self.workers, self.tasks_per_worker, self.timeout)
        self.pool.start()

    async def close_spider(self) -> None:
        if self.pool is not None:
            await self.pool.close()
            self.pool = None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        article = await self._extract(item)
        if article is None:
            raise drop(self.stats, "extract", "no_article_text")
        return to_item(item, article)

    async def _extract(self, page: FetchedPage) -> Article | None:
        assert self.pool is not None, "ExtractPipeline used before open_spider"
        try:
            article: Article | None = await self.pool.run(page.html, page.url)
        except WorkerTimeout:
            # trafilatura hangs on some pathological pages: the worker was killed and replaced.
            self._log_failure(page, f"no result within {self.timeout} s")
            raise drop(self.stats, "extract", "timeout", "WARNING") from None
        except WorkerLost as exc:
            # A worker died (out of memory, a crash in lxml): it was replaced, the page is skipped.
            self._log_failure(page, str(exc))
            raise drop(self.stats, "extract", "worker_crashed", "WARNING") from None
        except WorkerError as exc:
            self._log_failure(page, str(exc))
            raise drop(self.stats, "extract", "extraction_error", "WARNING") from None
        return article

    def _log_failure(self, page: FetchedPage, why: str) -> None:
        logger.warning("extraction failed for %s: %s", page.url, why)
