"""Stage 4: store articles in SQL, in batches, off the reactor thread.

Before anything is fetched, the database is migrated to the newest schema; a database
that cannot be reached or migrated stops the crawl before it starts. Items wait until
the batch that holds them is committed: an item counts as scraped only once stored.
A batch that cannot be written closes the spider with ``database_error``.

A batch whose write fails (the database went away) is retried with back-off; if it
still cannot be written the run ends with ``database_error``. The URLs of its articles
are settled in the same transaction as the articles themselves, so an article that was
not written stays due for the next run.

A partial batch is written once ``STORE_BATCH_MAX_DELAY`` has passed, or as soon as no
other item can join it (nothing downloading, nothing else in the item pipelines): the
last articles of a run, or of a burst, are not kept waiting.

Settings read: ``DATABASE_URL``, ``STORE_BATCH_SIZE``, ``STORE_BATCH_MAX_DELAY``
(seconds), ``STORE_RETRY_TIMES`` and ``STORE_RETRY_DELAY`` (seconds, doubling),
``TOPIC_COMPANIES_FILE`` (the companies table mirrors it), and the schedule settings
of :mod:`pipelines.storage.revisit` (when a stored article is revisited).
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from pipelines.drops import drop
from pipelines.items import ArticleItem
from pipelines.storage.articles import Inserts, Outcome, store_batch, sync_companies
from pipelines.storage.database import create_db_engine, migrate
from pipelines.storage.revisit import Schedule
from pipelines.storage.statistics import PlannerStatistics
from pipelines.topics.catalog import Catalog, catalog_from_settings

logger = logging.getLogger(__name__)
QUIET_POLL = 0.1  # seconds between looks at whether a partial batch can still grow
_Pending = tuple[ArticleItem, "asyncio.Future[Outcome]"]


class StorePipeline:
    """Writes ArticleItems; duplicates are merged as aliases and dropped with a counted reason."""

    def __init__(self, crawler: Crawler, url: str, catalog: Catalog, batch_size: int,
                 max_delay: float, schedule: Schedule, retry: tuple[int, float] = (3, 1.0)) -> None:
        self.crawler = crawler
        self.url = url
        self.catalog = catalog
        self.batch_size = max(1, batch_size)
        self.max_delay = max_delay
        self.schedule = schedule
        self.retry_times, self.retry_delay = retry
        self._pending: list[_Pending] = []
        self._timer: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Future[None]] = set()
        # One writer thread: batches are written in order, and SQLite sees one writer.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store")
        self.statistics = PlannerStatistics()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        s = crawler.settings
        return cls(crawler, s.get("DATABASE_URL"), catalog_from_settings(s),
                   s.getint("STORE_BATCH_SIZE", 50), s.getfloat("STORE_BATCH_MAX_DELAY", 2.0),
                   Schedule.from_settings(s),
                   (s.getint("STORE_RETRY_TIMES", 3), s.getfloat("STORE_RETRY_DELAY", 1.0)))

    @property
    def stats(self) -> StatsCollector | None:
        return self.crawler.stats

    async def _run(self, function: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._writer, function, *args)

    async def open_spider(self) -> None:
        await self._run(migrate, self.url)
        self.engine = create_db_engine(self.url)
        self.inserts = Inserts.for_engine(self.engine)
        self.company_ids = await self._run(sync_companies, self.engine, self.catalog)

    async def close_spider(self) -> None:
        if hasattr(self, "engine"):
            await self._flush()
            await self._run(self.engine.dispose)  # queued behind every earlier batch
        self._writer.shutdown(wait=True)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleItem):
            return item
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if len(self._pending) >= self.batch_size:
            self._spawn(self._flush())
        elif self._timer is None:
            self._watch(asyncio.get_running_loop().time() + self.max_delay)
        outcome = await future
        if outcome in (Outcome.KNOWN, Outcome.DUPLICATE):
            raise drop(self.stats, "store", outcome.value)
        self._count(f"store/{outcome.value}")
        self._count(f"seed/{item.seed}/{outcome.value}")
        return item

    def _watch(self, deadline: float) -> None:
        """Flush the partial batch at ``deadline`` (loop time), or sooner once nothing else
        can join it: an item that waits for company would only hold its response, and
        with it Scrapy's room for new downloads."""
        loop = asyncio.get_running_loop()
        if loop.time() >= deadline or self._nothing_else_coming():
            self._spawn(self._flush())
        else:
            self._timer = loop.call_later(QUIET_POLL, self._watch, deadline)

    def _nothing_else_coming(self) -> bool:
        """No download under way, no response waiting for its callback, and every item in
        the item pipelines is one of this batch's (Scrapy's scraper slot counts them)."""
        try:
            engine = self.crawler.engine
        except RuntimeError:  # driven without a crawl (Scrapy raises until one starts)
            return False
        slot = getattr(getattr(engine, "scraper", None), "slot", None)
        if engine is None or slot is None:
            return False
        return (not engine.downloader.active and not slot.queue
                and slot.itemproc_size <= len(self._pending))

    async def _flush(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._pending = self._pending, []
        if not batch:
            return
        try:
            outcomes = await self._write([item for item, _ in batch])
        except Exception as exc:  # noqa: BLE001 - reported on every item, and the run fails
            self._fail(batch, exc)
            return
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            future.set_result(outcome)

    async def _write(self, items: list[ArticleItem]) -> list[Outcome]:
        """One transaction for the batch, tried again with back-off while the database is away."""
        attempt = 0
        while True:
            try:
                return await self._run(self._store, items, datetime.now(UTC))
            except OperationalError as exc:
                if attempt >= self.retry_times:
                    raise
                delay = self.retry_delay * 2 ** attempt
                attempt += 1
                logger.warning("storing %d articles failed (%s); retry %d in %.1f s",
                               len(items), exc.__class__.__name__, attempt, delay)
                self._count("store/retries")
                await asyncio.sleep(delay)

    def _store(self, items: list[ArticleItem], now: datetime) -> list[Outcome]:
        """In the writer thread: store the batch, then count its new articles for the
        planner statistics."""
        outcomes = store_batch(self.engine, self.inserts, items, now, self.company_ids,
                               self.schedule)
        self._analyze(outcomes.count(Outcome.NEW))
        return outcomes

    def _analyze(self, stored: int) -> None:
        """Count ``stored`` new articles and refresh the planner's statistics when due
        (``statistics``); a failure only warns: the batch is stored, and plans are merely
        slower."""
        try:
            self.statistics.stored(self.engine, stored)
        except SQLAlchemyError as exc:
            logger.warning("refreshing the planner statistics failed: %s", exc)

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)  # a task nobody references may be garbage-collected mid-flight
        task.add_done_callback(self._tasks.discard)

    def _fail(self, batch: list[_Pending], exc: Exception) -> None:
        logger.error("cannot store a batch of %d articles: %s", len(batch), exc)
        self._count("store/errors", len(batch))
        for _, future in batch:
            future.set_exception(drop(self.stats, "store", "database_error", "ERROR"))
        if self.crawler.engine is not None and self.crawler.spider is not None:
            self._spawn(self.crawler.engine.close_spider_async(reason="database_error"))

    def _count(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(key, count)
