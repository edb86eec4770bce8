"""Stage 1: HTML to clean text, metadata, topic and fingerprint, in worker processes.

Extraction is CPU-heavy; done on the reactor thread it would stall every download, and
in threads the GIL would keep it on one core. A pool of worker processes keeps the
reactor free and uses every core. The other per-page computations on the text (topic
tagging, the text fingerprint, the story signals) cost milliseconds each too, so the
worker does them in the same task: the reactor process only moves items along. A page
on which trafilatura hangs or blows up costs one worker, which is killed and replaced,
and the page is dropped with a reason. Workers are also replaced after a number of pages, because
trafilatura's caches grow.

Settings read: ``EXTRACT_WORKERS`` (0 = one per core; in a shared run, the cores divided
among the run's processes on the machine, see ``CoreShare``; ``SCALEOUT_RUN_ID`` and
``DATABASE_URL`` say which run), ``EXTRACT_TASKS_PER_WORKER``,
``EXTRACT_TIMEOUT`` (seconds per page; 0 = no limit), ``TOPIC_COMPANIES_FILE`` and
``TOPIC_RELEVANCE_THRESHOLD`` (see :mod:`pipelines.topics`), ``STORIES_ENABLED`` and
``STORIES_SHINGLE_SIZE`` (the story signals, see :mod:`pipelines.stories`).
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from pipelines.drops import drop
from pipelines.extract.results import CleanPage
from pipelines.extract.workers import WorkerError, WorkerLost, WorkerPool, WorkerTimeout
from pipelines.items import ArticleItem, FetchedPage
from pipelines.stated_day import on_day
from pipelines.storage.shared_runs import CoreShare
from pipelines.topics.catalog import companies_file, load_catalog

logger = logging.getLogger(__name__)

# The workers' task and warm-up, named by import path: the crawl process never imports them.
TASK = "pipelines.extract.clean:clean_page"
WARM_UP = "pipelines.extract.clean:warm_up"


def published(stated: datetime | None, precision: str | None, listed: datetime | None
              ) -> tuple[datetime | None, str | None]:
    """(publication time, precision) of an article: the time its page states; else the
    time the feed or sitemap that listed it states (``FetchedPage.listed_at``), which
    also makes exact a day the page states alone (``precision`` "day", 00:00 UTC) when
    it falls on that day in some time zone (``stated_day.on_day``). A listed
    time of 00:00 UTC is a day. Times are aware UTC."""
    if listed is None or (stated is not None and precision != "day"):
        return stated, precision
    if stated is not None and not on_day(listed, stated):
        return stated, precision  # the listing dates another day: the page's own stands
    return listed, "day" if listed.time() == time() else "time"


def to_item(page: FetchedPage, clean: CleanPage) -> ArticleItem:
    """Combine what was fetched with what was extracted; the HTML is left behind."""
    article, topic = clean.article, clean.topic
    at, precision = published(article.published_at, article.published_precision,
                              page.listed_at)
    return ArticleItem(
        url=page.url, title=article.title, text=article.text, authors=list(article.authors),
        published_at=at, published_precision=precision,
        modified_at=article.modified_at, language=article.language, site=article.site,
        description=article.description,
        seed=page.seed, declared_canonical=article.canonical_url,
        aliases=[page.discovered_url, *page.redirect_urls, page.url],
        state_url=page.state_url, etag=page.etag, last_modified=page.last_modified,
        companies=topic.companies, relevance=topic.relevance, relevant=topic.relevant,
        fingerprint=clean.fingerprint, story_signals=clean.story,
    )


class ExtractPipeline:
    """Turns each FetchedPage into an ArticleItem; a page without an article is dropped and
    counted as ``extract/dropped/<reason>`` (``NO_ARTICLE_REASONS``, or timeout,
    worker_crashed, extraction_error)."""

    def __init__(self, stats: StatsCollector | None, workers: int | Callable[[], int],
                 tasks_per_worker: int,
                 timeout: float = 0.0, topic: tuple[Path, float] | None = None,
                 shingle_size: int = 0) -> None:
        self.stats = stats
        companies, self.threshold = topic or (companies_file(None), 0.5)
        load_catalog(companies)  # a broken companies file stops the crawl before it starts
        self.companies = str(companies)
        self.workers = workers or os.cpu_count() or 1
        self.tasks_per_worker = tasks_per_worker
        self.timeout = timeout or None
        self.shingle_size = shingle_size  # 0: no story signals
        self.pool: WorkerPool | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        settings = crawler.settings
        workers: int | Callable[[], int] = settings.getint("EXTRACT_WORKERS")
        if not workers and settings.getint("SCALEOUT_RUN_ID"):
            # Processes of one run on one machine share its cores: on 2 cores, two processes
            # of 2 workers each store fewer articles per second than one (benchmarks/scaleout).
            workers = CoreShare(settings.get("DATABASE_URL"), settings.getint("SCALEOUT_RUN_ID"),
                                socket.gethostname())
        return cls(crawler.stats, workers,
                   settings.getint("EXTRACT_TASKS_PER_WORKER", 2000),
                   settings.getfloat("EXTRACT_TIMEOUT", 20.0),
                   (companies_file(settings), settings.getfloat("TOPIC_RELEVANCE_THRESHOLD", 0.5)),
                   settings.getint("STORIES_SHINGLE_SIZE", 3)
                   if settings.getbool("STORIES_ENABLED", True) else 0)

    async def open_spider(self) -> None:
        self.pool = WorkerPool(TASK, self.workers, self.tasks_per_worker, self.timeout,
                               WARM_UP)
        self.pool.start()

    async def close_spider(self) -> None:
        if self.pool is not None:
            await self.pool.close()
            self.pool = None

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, FetchedPage):
            return item
        clean = await self._extract(item)
        if isinstance(clean, str):
            if clean == "extraction_error":
                logger.warning("extraction failed for %s: the parser or extractor raised", item.url)
            raise drop(self.stats, "extract", clean)
        if self.stats is not None:
            self.stats.inc_value(f"tag/{'relevant' if clean.topic.relevant else 'off_topic'}")
        return to_item(item, clean)

    async def _extract(self, page: FetchedPage) -> CleanPage | str:
        assert self.pool is not None, "ExtractPipeline used before open_spider"
        try:
            clean: CleanPage | str = await self.pool.run(page.html, page.url, self.companies,
                                                          self.threshold, self.shingle_size)
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
        return clean

    def _log_failure(self, page: FetchedPage, why: str) -> None:
        logger.warning("extraction failed for %s: %s", page.url, why)
