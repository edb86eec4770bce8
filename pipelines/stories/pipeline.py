"""Stage 5: place the articles just stored in stories, after storage, off the reactor thread.

Items reach this stage only once stored (new or updated; known and duplicate items were
dropped by the store stage). Their fingerprints, with the story signals the extraction
worker computed (features and shingle hashes), are queued and placed in batches in one
worker thread; the item goes on at once. When the spider closes, the queue is drained
and every article never placed (or edited since) is placed too, so an article stored by
a run that died before placing it is placed by the next run. A story step that fails
is logged and counted (``stories/errors``): the articles are stored, and the next run
places them.

Settings read: ``DATABASE_URL``, ``STORIES_ENABLED``, ``STORIES_BATCH_SIZE``,
``TOPIC_COMPANIES_FILE`` and the ``STORIES_*`` thresholds of
:class:`pipelines.stories.similarity.StorySettings`.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import Engine

from pipelines.items import ArticleItem
from pipelines.storage.articles import sync_companies
from pipelines.storage.database import create_db_engine
from pipelines.stories import records
from pipelines.stories.assign import StoryAssigner
from pipelines.stories.similarity import StorySettings
from pipelines.topics.catalog import Catalog, catalog_from_settings

logger = logging.getLogger(__name__)


class StoryPipeline:
    """Places stored ArticleItems in stories; never drops an item."""

    def __init__(self, crawler: Crawler, url: str, catalog: Catalog, settings: StorySettings,
                 batch_size: int) -> None:
        self.crawler = crawler
        self.url = url
        self.catalog = catalog
        self.settings = settings
        self.batch_size = max(1, batch_size)
        self._queue: dict[str, dict[str, Any] | None] = {}  # fingerprint -> story signals
        self._tasks: set[asyncio.Future[None]] = set()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stories")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StoryPipeline:
        s = crawler.settings
        if not s.getbool("STORIES_ENABLED", True):
            raise NotConfigured("STORIES_ENABLED is off")
        return cls(crawler, s.get("DATABASE_URL"), catalog_from_settings(s),
                   StorySettings.from_settings(s), s.getint("STORIES_BATCH_SIZE", 200))

    async def _run(self, function: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._worker, function, *args)

    async def open_spider(self) -> None:
        # Pipelines open in parallel: the database is read first by the first batch,
        # once the store stage has migrated it and stored articles.
        self.engine: Engine = create_db_engine(self.url)
        self.assigner: StoryAssigner | None = None

    def _assigner(self) -> StoryAssigner:
        if self.assigner is None:
            company_ids = sync_companies(self.engine, self.catalog)
            self.assigner = StoryAssigner(self.catalog, company_ids, self.settings)
        return self.assigner

    def _place_pending(self) -> int:
        return self._assigner().place_pending(self.engine)

    async def close_spider(self) -> None:
        if hasattr(self, "engine"):
            self._spawn_batch()
            await asyncio.gather(*self._tasks)
            await self._guarded("pending", self._place_pending)
            await self._run(self.engine.dispose)
        self._worker.shutdown(wait=True)

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleItem) and item.fingerprint:
            self._queue[item.fingerprint] = item.story_signals
            if len(self._queue) >= self.batch_size:
                self._spawn_batch()
        return item

    def _spawn_batch(self) -> None:
        batch, self._queue = self._queue, {}
        if batch:
            task = asyncio.ensure_future(self._guarded("batch", self._place, batch))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def _place(self, queued: dict[str, dict[str, Any] | None]) -> int:
        with self.engine.connect() as conn:
            ids = records.ids_by_fingerprint(conn, list(queued))
        computed = {i: s for fingerprint, i in ids.items() if (s := queued[fingerprint])}
        return self._assigner().place_all(self.engine, sorted(ids.values()), computed)

    async def _guarded(self, what: str, function: Any, *args: Any) -> None:
        try:
            placed = await self._run(function, *args)
        except Exception:  # noqa: BLE001 - articles are stored; the next run places them
            logger.exception("stories: placing a %s of articles failed", what)
            self._count("stories/errors")
            return
        self._count("stories/placed", placed)

    def _count(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key, count)
