"""``crawl_runs`` for a shared run: one row, every process's counts added up, each one's own.

Replaces :class:`crawler.runs.recorder.CrawlRunRecorder` when ``REDIS_URL`` is set. The
row was inserted or joined by the crawl command (:mod:`crawler.scaleout.join`); each
process completes its entry in ``workers`` when it closes, and the row's columns are the
sums over the processes that have closed so far. The last process to close (no other
is alive) gives the row its final status, marks the entries of killed processes
``killed`` and deletes the run's keys from Redis.

Settings read: those of the base recorder, ``SCALEOUT_RUN_ID``, ``SCALEOUT_WORKER_ID``,
``SCALEOUT_LOCK_PID``, ``REDIS_URL``.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler

from crawler.runs import reports
from crawler.runs.recorder import CrawlRunRecorder, run_summary
from crawler.scaleout.board import clear_run
from crawler.scaleout.keys import RunKeys, group_of, redis_client
from pipelines.storage import runs, shared_runs
from pipelines.storage.database import create_db_engine

logger = logging.getLogger(__name__)
# Counted alike by every process (each reads the whole seed list): not added up.
SAME_IN_EVERY_PROCESS = frozenset({"discovery/seeds"})
_COUNTS = ("pages_fetched", "not_modified", "articles_new", "articles_updated",
           "articles_duplicate", "items_dropped", "errors")


def combined_stats(workers: list[dict[str, Any]]) -> dict[str, Any]:
    """The numeric stats of the closed processes added up (``discovery/seeds``: the max)."""
    total: dict[str, Any] = {}
    for worker in workers:
        for key, value in worker.get("stats", {}).items():
            if isinstance(value, bool) or not isinstance(value, int | float):
                continue
            merge = max if key in SAME_IN_EVERY_PROCESS else (lambda a, b: a + b)
            total[key] = merge(total[key], value) if key in total else value
    return total


def combined_reason(workers: list[dict[str, Any]]) -> str:
    """``finished`` unless a closed process ended otherwise (its reason, then)."""
    reasons = [w["finish_reason"] for w in workers if "stats" in w]
    return next((r for r in reasons if r != "finished"), "finished")


class SharedRunRecorder(CrawlRunRecorder):
    """Completes this process's part of a shared run's ``crawl_runs`` row."""

    def __init__(self, crawler: Crawler, url: str, max_error_share: float, silent_runs: int,
                 shared: tuple[int, str, str, int]) -> None:
        super().__init__(crawler, url, max_error_share, silent_runs)
        self.shared_run_id, self.group, self.worker_id, self.lock_pid = shared
        self.spider_name = ""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedRunRecorder:
        s = crawler.settings
        shared = (s.getint("SCALEOUT_RUN_ID"), group_of(s) or "", s.get("SCALEOUT_WORKER_ID"),
                  s.getint("SCALEOUT_LOCK_PID"))
        recorder = cls(crawler, s.get("DATABASE_URL"), s.getfloat("MAX_ERROR_SHARE", 0.5),
                       s.getint("SILENT_SEED_RUNS", 3), shared)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def _start(self, spider_name: str) -> int:
        self.spider_name = spider_name
        self.engine = create_db_engine(self.url)
        return self.shared_run_id

    def _finish(self, values: dict[str, Any]) -> None:
        assert self.engine is not None and self.run_id is not None
        entry = {"worker": self.worker_id, "lock_pid": self.lock_pid, "status": values["status"],
                 "finish_reason": values["finish_reason"],
                 "finished_at": values["finished_at"].isoformat(),
                 **{name: values[name] for name in _COUNTS}, "stats": values["stats"]}
        values["silent_seeds"] = []
        with self.engine.begin() as conn:
            workers, last = shared_runs.leave_run(conn, self.spider_name, self.group,
                                                  self.run_id, entry)
            row = self._row(workers, values["seeds"])
            if last:
                history = runs.seed_history(conn, self.run_id, self.silent_runs - 1)
                row["silent_seeds"] = values["silent_seeds"] = reports.silent_seeds(
                    row["seeds"], history, self.silent_runs)
            else:
                row.update(status="running", finish_reason=None, finished_at=None)
            runs.finish_run(conn, self.run_id, row)
        self.engine.dispose()
        if last:
            self._clear_redis()

    def _row(self, workers: list[dict[str, Any]], seeds: dict[str, Any]) -> dict[str, Any]:
        row = run_summary(combined_stats(workers), combined_reason(workers), list(seeds),
                          self.max_error_share)
        row["workers"] = workers
        return row

    def _clear_redis(self) -> None:
        keys = RunKeys.from_settings(self.crawler.settings, self.spider_name)
        try:
            cleared = clear_run(redis_client(self.crawler.settings), keys)
        except Exception as exc:  # noqa: BLE001 - the keys expire anyway (SCALEOUT_KEYS_TTL)
            logger.warning("cannot clear the run's Redis keys: %s", exc)
            return
        logger.info("last process of run %s: %d Redis keys cleared", self.run_id, cleared)
