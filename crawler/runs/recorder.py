"""Records each run in the ``crawl_runs`` table: when, how it ended, and its counts.

A row left ``running`` by a run that was killed is marked ``killed`` by the next run
(the run lock guarantees that no other run is alive). A seed that yielded no article
links (failed, or answered without any) for ``SILENT_SEED_RUNS`` runs in a row is
flagged in the log and in the row: a moved feed or a redesigned page must not go unseen.

Settings read: ``DATABASE_URL``, ``MAX_ERROR_SHARE``, ``SILENT_SEED_RUNS`` (default 3).
The schema is migrated by the store pipeline, which opens before this extension's
``spider_opened`` handler runs.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from sqlalchemy import Engine

from crawler.runs import reports
from pipelines.storage import runs
from pipelines.storage.database import create_db_engine

logger = logging.getLogger(__name__)


def json_safe(stats: dict[str, Any]) -> dict[str, Any]:
    """Scrapy's stats with datetimes as ISO strings, ready for a JSON column."""
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in sorted(stats.items())}


def run_summary(stats: dict[str, Any], closed_reason: str, seeds: list[str],
                max_error_share: float = 0.5) -> dict[str, Any]:
    """The columns of a finished run's row (all but ``silent_seeds``)."""
    reason = reports.verdict(stats, closed_reason, max_error_share) or closed_reason
    return {
        "finished_at": datetime.now(UTC),
        "status": reports.status(reason),
        "finish_reason": reason,
        "pages_fetched": stats.get("response_received_count", 0),
        "not_modified": stats.get("discovery/not_modified", 0),
        "articles_new": stats.get("store/new", 0),
        "articles_updated": stats.get("store/updated", 0),
        "articles_duplicate": stats.get("store/dropped/duplicate", 0),
        "items_dropped": stats.get("items_dropped", 0),
        "errors": sum(reports.error_types(stats).values()),
        "drops": reports.drops(stats),
        "error_types": reports.error_types(stats),
        "seeds": reports.seed_report(stats, seeds),
        "stats": json_safe(stats),
    }


class CrawlRunRecorder:
    """Inserts a ``running`` row when the spider opens and completes it when it closes."""

    def __init__(self, crawler: Crawler, url: str, max_error_share: float,
                 silent_runs: int) -> None:
        self.crawler = crawler
        self.url = url
        self.max_error_share = max_error_share
        self.silent_runs = silent_runs
        self.run_id: int | None = None
        self.engine: Engine | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlRunRecorder:
        s = crawler.settings
        recorder = cls(crawler, s.get("DATABASE_URL"), s.getfloat("MAX_ERROR_SHARE", 0.5),
                       s.getint("SILENT_SEED_RUNS", 3))
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def _start(self, spider_name: str) -> int:
        self.engine = create_db_engine(self.url)
        with self.engine.begin() as conn:
            return runs.start_run(conn, spider_name)

    def _finish(self, values: dict[str, Any]) -> None:
        assert self.engine is not None and self.run_id is not None
        with self.engine.begin() as conn:
            history = runs.seed_history(conn, self.run_id, self.silent_runs - 1)
            values["silent_seeds"] = reports.silent_seeds(values["seeds"], history,
                                                          self.silent_runs)
            runs.finish_run(conn, self.run_id, values)
        self.engine.dispose()

    async def spider_opened(self, spider: Spider) -> None:
        self.run_id = await asyncio.to_thread(self._start, spider.name)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("crawl_run_id", self.run_id)

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.run_id is None:
            return
        assert self.crawler.stats is not None
        seeds = list(getattr(getattr(spider, "options", None), "seeds", ()))
        values = run_summary(self.crawler.stats.get_stats(), reason, seeds, self.max_error_share)
        await asyncio.to_thread(self._finish, values)
        for seed in values["silent_seeds"]:
            logger.warning("seed %s yielded no articles in the last %d runs: check it",
                           seed, self.silent_runs)
        logger.info("crawl run %s recorded: status=%s reason=%s new=%s updated=%s "
                    "duplicates=%s dropped=%s", self.run_id, values["status"],
                    values["finish_reason"], values["articles_new"], values["articles_updated"],
                    values["articles_duplicate"], values["items_dropped"])
