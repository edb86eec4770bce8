"""Article URLs admitted but not yet requested: a window of them is handed to Scrapy at a time.

A sitemap can list tens of thousands of new articles at once. As Scrapy requests in its
scheduler they would take about ten times the memory of the URLs themselves, growing
with the crawl; here they wait as plain ``DueUrl`` records, and only ``window`` article
requests are out at a time (scheduled, downloading or in a callback). Nothing is lost
in a crash: every admitted URL is already pending (or due) in the database.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from scrapy import Request, Spider
from scrapy.exceptions import DontCloseSpider

from pipelines.storage.url_state import DueUrl


class Backlog:
    """Admitted article URLs, released to the scheduler a window at a time."""

    def __init__(self, window: int) -> None:
        self.window = max(1, window)
        self._waiting: deque[DueUrl] = deque()
        self._out = 0  # article requests released and not yet answered

    def __len__(self) -> int:
        return len(self._waiting)

    def add(self, urls: list[DueUrl]) -> None:
        self._waiting.extend(urls)

    def release(self) -> list[DueUrl]:
        """The URLs to request now: as many as the window has room for."""
        room = min(self.window - self._out, len(self._waiting))
        self._out += max(room, 0)
        return [self._waiting.popleft() for _ in range(room)]

    def answered(self) -> None:
        """One released request came back (a response, an error, or dropped)."""
        self._out = max(0, self._out - 1)

    def idle(self) -> None:
        """Scrapy has nothing in flight: whatever was counted as out is not."""
        self._out = 0


class RequestWindowSpider(Spider):
    """A spider whose new article requests wait in ``self.backlog`` and go to the engine a
    window at a time: one more each time one is answered (or refused by the scheduler as a
    duplicate), the next window when the engine is idle.

    Subclasses set ``backlog``, build requests in :meth:`article_request`, call
    :meth:`_answered` from their article callbacks and errback, and connect
    :meth:`request_dropped`, :meth:`spider_idle` and :meth:`size_backlog` to Scrapy's
    signals.
    """

    backlog: Backlog

    def article_request(self, due: DueUrl) -> Request:
        """The request for one admitted article URL."""
        raise NotImplementedError

    def size_backlog(self, spider: Spider) -> None:
        """Set the window from the final settings when the spider opens.

        Scrapy builds the spider before add-ons update the settings (``Crawler.crawl``),
        so a window read in ``from_crawler`` misses the one an add-on sets (the shared
        run's ``SCALEOUT_REQUEST_WINDOW``): article requests would then wait in the
        memory of the process that found them, out of reach of the others.
        """
        self.backlog.window = max(1, self.crawler.settings.getint("DISCOVERY_REQUEST_WINDOW",
                                                                  self.backlog.window))
        self.logger.info("article requests out at a time: at most %d", self.backlog.window)

    def request_dropped(self, request: Request, spider: Spider) -> None:
        """A request the scheduler refused (a duplicate): it will not be answered."""
        self._answered(request.meta)

    def spider_idle(self, spider: Spider) -> None:
        """Nothing in flight: the next window of the backlog, if any is left."""
        if len(self.backlog):
            self.backlog.idle()
            self._refill()
            raise DontCloseSpider

    def _answered(self, meta: dict[str, Any]) -> None:
        if meta.get("backlog"):
            self.backlog.answered()
            self._refill()

    def _refill(self) -> None:
        if self.crawler.engine is None:  # a callback called outside a crawl
            return
        for request in self._released():
            self.crawler.engine.crawl(request)

    def _released(self) -> list[Request]:
        requests = []
        for due in self.backlog.release():
            request = self.article_request(due)
            request.meta["backlog"] = True
            requests.append(request)
        return requests
