"""A downloader middleware that honours ``Retry-After`` on 429 and 503, up to a bound.

Scrapy's RetryMiddleware retries these at once, which is what a throttled server
asked us not to do. Here the retry waits for the delay the server gave, without
blocking the reactor; a delay above ``RETRY_AFTER_MAX`` is not waited for: the page
fails with a counted reason. Responses without the header are left to RetryMiddleware.
Retries share RetryMiddleware's count (``RETRY_TIMES``), so the total stays bounded.
It sits above the decompression and charset middlewares (595): a throttled answer is
retried before anything judges its headers or body.

Settings read: ``RETRY_ENABLED``, ``RETRY_AFTER_MAX`` (seconds, default 120),
``RETRY_AFTER_HTTP_CODES`` (default ``[429, 503]``). Stats: ``retry_after/waited``,
``retry_after/too_long``, ``retry_after/exhausted``.
"""

from __future__ import annotations

import email.utils
import logging
from datetime import UTC, datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import task

logger = logging.getLogger(__name__)


def retry_after_seconds(value: str, now: datetime | None = None) -> float | None:
    """The delay a ``Retry-After`` value asks for (seconds or an HTTP date), else None."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)  # an HTTP-date (RFC 9110, 10.2.3)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterTooLong(IgnoreRequest):
    """The server asked to come back later than the crawl is willing to wait."""


class RetryAfterMiddleware:
    """Waits for ``Retry-After`` (bounded) before retrying a throttled request."""

    def __init__(self, crawler: Crawler, max_delay: float, codes: frozenset[int]) -> None:
        self.crawler = crawler
        self.max_delay = max_delay
        self.codes = codes

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        settings = crawler.settings
        if not settings.getbool("RETRY_ENABLED"):
            raise NotConfigured
        codes = frozenset(int(c) for c in settings.getlist("RETRY_AFTER_HTTP_CODES", [429, 503]))
        return cls(crawler, settings.getfloat("RETRY_AFTER_MAX", 120.0), codes)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        header = response.headers.get(b"Retry-After")
        if response.status not in self.codes or not header or request.meta.get("dont_retry"):
            return response
        delay = retry_after_seconds(header.decode("latin-1"))
        if delay is None:
            return response
        if delay > self.max_delay:
            self._count("retry_after/too_long")
            raise RetryAfterTooLong(f"retry_after_too_long ({delay:.0f} s)")
        assert self.crawler.spider is not None
        retry = get_retry_request(request, spider=self.crawler.spider,
                                  reason=f"retry_after_{response.status}")
        if retry is None:
            self._count("retry_after/exhausted")
            return response
        self._count("retry_after/waited")
        logger.debug("waiting %.1f s (Retry-After) before retrying %s", delay, request.url)
        from twisted.internet import reactor

        await maybe_deferred_to_future(task.deferLater(reactor, delay))
        return retry

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
