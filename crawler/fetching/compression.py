"""Scrapy's HTTP decompression, counting each response it refuses.

Scrapy 2.19 decompresses gzip, deflate, brotli and zstd (nested encodings too) in
bounded chunks and gives up past ``DOWNLOAD_MAXSIZE``; this subclass only adds the
counted reason, so a decompression bomb is visible in the run's stats. An error or
throttling answer (status 400 and above) and a body whose download was stopped are
passed on as they are: nobody reads them, and a broken or oversized error body must
not turn a 503 with ``Retry-After`` into a failure before the retry logic sees it.

Settings read: those of HttpCompressionMiddleware (``COMPRESSION_ENABLED``,
``DOWNLOAD_MAXSIZE``, ``DOWNLOAD_WARNSIZE``). Stats: ``download/dropped/decompressed_too_large``,
``download/dropped/bad_encoding``.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.fetching.statuses import not_judged


class CountingCompressionMiddleware(HttpCompressionMiddleware):
    """HttpCompressionMiddleware whose refusals are counted by reason."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if not_judged(response):
            return response
        try:
            return super().process_response(request, response)
        except IgnoreRequest:
            self._count("decompressed_too_large")
            raise
        except Exception:
            self._count("bad_encoding")
            raise

    def _count(self, reason: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"download/dropped/{reason}")
