"""Records each run in the ``crawl_runs`` table: when, how it ended, and its counts.

Settings read: ``DATABASE_URL``. The schema is migrated by the store pipeline, which
opens before this extension's ``spider_opened`` handler runs.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from sqlalchemy import Engine, insert, update

from pipelines.database import create_db_engine
from pipelines.models import CrawlRun

logger = logging.getLogger(__name__)
SUCCESS_REASONS = frozenset({"finished"})


def json_safe(stats: dict[str, Any]) -> dict[str, Any]:
    """Scrapy's stats with datetimes as ISO strings, ready for a JSON column."""
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in sorted(stats.items())}


def verdict(stats: dict[str, Any], reason: str | None) -> str | None:
    """The run's real close reason: a run whose every seed failed did not finish its work."""
    seeds = stats.get("discovery/seeds", 0)
    if reason == "finished" and seeds and stats.get("discovery/seeds_failed", 0) >= seeds:
        return "all_seeds_failed"
    return reason


def run_summary(stats: dict[str, Any], closed_reason: str) -> dict[str, Any]:
    """The columns of a finished run's row."""
    reason = verdict(stats, closed_reason) or closed_reason
    return {
        "finished_at": datetime.now(UTC),
        "status": "finished" if reason in SUCCESS_REASONS else "failed",
        "finish_reason": reason,
        "pages_fetched": stats.get("response_received_count", 0),
        "articles_new": stats.get("store/new", 0),
        "articles_duplicate": stats.get("store/dropped/duplicate", 0),
        "items_dropped": stats.get("items_dropped", 0),
        "errors": stats.get("log_count/ERROR", 0),
        "stats": json_safe(stats),
    }


class CrawlRunRecorder:
    """Inserts a ``running`` row when the spider opens and completes it when it closes."""

    def __init__(self, crawler: Crawler, url: str) -> None:
        self.crawler = crawler
        self.url = url
        self.run_id: int | None = None
        self.engine: Engine | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        recorder = cls(crawler, crawler.settings.get("DATABASE_URL"))
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def _start(self, spider_name: str) -> int:
        self.engine = create_db_engine(self.url)
        with self.engine.begin() as conn:
            row = {"spider": spider_name, "started_at": datetime.now(UTC),
                   "status": "running", "stats": {}}
            return conn.execute(insert(CrawlRun).values(row).returning(CrawlRun.id)).scalar_one()

    def _finish(self, values: dict[str, Any]) -> None:
        assert self.engine is not None
        with self.engine.begin() as conn:
            conn.execute(update(CrawlRun).where(CrawlRun.id == self.run_id).values(values))
        self.engine.dispose()

    async def spider_opened(self, spider: Spider) -> None:
        self.run_id = await asyncio.to_thread(self._start, spider.name)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("crawl_run_id", self.run_id)

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.run_id is None:
            return
        assert self.crawler.stats is not None
        values = run_summary(self.crawler.stats.get_stats(), reason)
        await asyncio.to_thread(self._finish, values)
        logger.info("crawl run %s recorded: status=%s reason=%s new=%s duplicates=%s dropped=%s",
                    self.run_id, values["status"], values["finish_reason"], values["articles_new"],
                    values["articles_duplicate"], values["items_dropped"])
