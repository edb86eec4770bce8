"""scrapy-redis's scheduler and duplicate filter, made to end a shared run by themselves.

:class:`RunScheduler` is scrapy-redis's ``Scheduler`` (a request queue in Redis shared by
every process of the run) that also keeps this process's entry on the run's
:class:`~crawler.scaleout.board.WorkerBoard`: busy when it pops a request, idle when
Scrapy finds it idle, a beat every ``SCALEOUT_BEAT`` seconds (which also wakes an idle
engine when other processes queued work). On ``spider_idle`` it keeps
the spider open until the whole run is over (scrapy-redis#107: without this a process
either never exits or exits while others still produce work). The queue and the
seen-set are left in Redis when one process closes (``SCHEDULER_PERSIST``); the last
process of the run deletes them (:mod:`crawler.scaleout.recorder`).

:class:`RunDupeFilter` is scrapy-redis's ``RFPDupeFilter`` with the project's request
fingerprints (canonical URLs, ``REQUEST_FINGERPRINTER_CLASS``) instead of its own.

Settings read: those of scrapy-redis's scheduler (``REDIS_URL``, ``REDIS_PARAMS``,
``SCHEDULER_PERSIST``, ``SCHEDULER_QUEUE_CLASS``...; its keys are the run's, see
:class:`~crawler.scaleout.keys.RunKeys`), ``DATABASE_URL``, ``SCALEOUT_WORKER_ID``,
``SCALEOUT_BEAT``, ``SCALEOUT_WORKER_TTL``, ``SCALEOUT_KEYS_TTL`` and
``SCALEOUT_IDLE_CONFIRM`` (seconds), ``SCALEOUT_MAX_UNLEASED`` (this process takes no
more requests from the queue while this many of those it took have no site lease yet:
requests wait for a busy site in the shared queue, where any process can take them,
not in the process that happened to take them first).
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from redis.exceptions import RedisError
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DontCloseSpider, ScrapyDeprecationWarning
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet import task

from crawler.scaleout.board import IDLE, QuietWatch, WorkerBoard
from crawler.scaleout.keys import RunKeys, redis_client
from crawler.scaleout.politeness import SitePoliteness

logger = logging.getLogger(__name__)


class RunDupeFilter(RFPDupeFilter):
    """The run's seen-set in Redis, keyed by the project's request fingerprints."""

    fingerprinter: Any

    @classmethod
    def from_spider(cls, spider: Spider) -> RunDupeFilter:
        settings = spider.crawler.settings
        dupefilter = cls(redis_client(settings), RunKeys.from_settings(settings, spider.name)
                         .dupefilter, debug=settings.getbool("DUPEFILTER_DEBUG"))
        dupefilter.fingerprinter = spider.crawler.request_fingerprinter
        return dupefilter

    def request_fingerprint(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()


class RunScheduler(Scheduler):
    """scrapy-redis's scheduler that closes the spider only when the whole run is over."""

    board: WorkerBoard
    watch: QuietWatch
    beat_every: float
    max_unleased: int
    crawler: Crawler
    _site_politeness: SitePoliteness | None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunScheduler:
        scheduler = super().from_crawler(crawler)
        s = crawler.settings
        assert crawler.spidercls is not None
        keys = RunKeys.from_settings(s, crawler.spidercls.name)
        scheduler.queue_key = keys.requests  # scrapy-redis's own keys are per spider only
        scheduler.board = WorkerBoard(scheduler.server, keys, s.get("SCALEOUT_WORKER_ID"),
                                      s.getfloat("SCALEOUT_WORKER_TTL", 15),
                                      s.getfloat("SCALEOUT_KEYS_TTL", 86400))
        scheduler.watch = QuietWatch(s.getfloat("SCALEOUT_IDLE_CONFIRM", 3))
        scheduler.beat_every = s.getfloat("SCALEOUT_BEAT", 1)
        scheduler.max_unleased = s.getint("SCALEOUT_MAX_UNLEASED", 2)
        scheduler.crawler = crawler
        scheduler._site_politeness = None
        crawler.signals.connect(scheduler.spider_idle, signal=signals.spider_idle)
        return scheduler

    def open(self, spider: Spider) -> None:
        with warnings.catch_warnings():
            # scrapy-redis says "Resuming crawl" through the deprecated Spider.log: a
            # warning in the log of every process that joins a run going on.
            warnings.simplefilter("ignore", ScrapyDeprecationWarning)
            super().open(spider)
        self.board.join()
        self._beat = task.LoopingCall(self._safe_beat)
        self._beat.start(self.beat_every, now=False)

    def close(self, reason: str) -> None:
        if getattr(self, "_beat", None) is not None and self._beat.running:
            self._beat.stop()
        super().close(reason)
        self.board.leave()

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            return False
        self.queue.push(request)
        self._count("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        """A request from the shared queue, unless this process already has enough
        requests without a site's lease: what it does not take, others can."""
        if self._holding_back():
            return None
        request = self.queue.pop(self.idle_before_close)
        if request is not None:
            self.board.busy()
            self._count("scheduler/dequeued/redis")
            politeness = self._politeness()
            if politeness is not None:
                politeness.taken(request)
        return request

    def has_pending_requests(self) -> bool:
        if self._holding_back():
            return False  # not idle either: the waiting requests are in the downloader
        return super().has_pending_requests()

    def _holding_back(self) -> bool:
        """Enough requests this process took are still without a site lease."""
        politeness = self._politeness()
        return politeness is not None and politeness.unleased >= self.max_unleased

    def _politeness(self) -> SitePoliteness | None:
        if self._site_politeness is None and self.crawler.engine is not None:
            middlewares = self.crawler.engine.downloader.middleware.middlewares
            found = [m for m in middlewares if isinstance(m, SitePoliteness)]
            self._site_politeness = found[0] if found else None
            if self._site_politeness is not None:  # a lease taken: room to take more
                self._site_politeness.on_leased = self._wake_engine
        return self._site_politeness

    def _count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)

    def spider_idle(self, spider: Spider) -> None:
        """Nothing left here: stay open unless the whole run has been quiet long enough."""
        try:
            self.board.idle()
            over = self.watch.over(self.board.look())
        except RedisError as exc:
            logger.error("cannot reach Redis to see whether the run is over: %s", exc)
            raise CloseSpider("redis_error") from exc
        if not over:
            raise DontCloseSpider
        logger.info("the shared run is over: no request queued and no process busy")

    def _safe_beat(self) -> None:
        try:
            self.board.beat()
            if self.board.state == IDLE:  # look for queued work, or whether the run is over
                self._wake_engine()
        except Exception as exc:  # noqa: BLE001 - a missed beat is retried; the run goes on
            logger.warning("cannot reach Redis for a beat: %s", exc)

    def _wake_engine(self) -> None:
        # An idle engine asks its scheduler again only on its 5-second heartbeat: work
        # another process queued, or room freed by a lease, would wait for it. Scrapy has
        # no public call for "look again", so this schedules the engine's own next look.
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()
