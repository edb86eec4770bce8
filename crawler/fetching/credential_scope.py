"""A downloader middleware that keeps credentials on the site they were meant for.

Scrapy drops ``Cookie`` and ``Authorization`` from a redirect to another host, but
headers configured for every request (``DEFAULT_REQUEST_HEADERS``) are set again on the
redirected request. Placed after DefaultHeadersMiddleware, this removes ``Authorization``,
``Cookie`` and ``Proxy-Authorization`` from any redirected request whose host differs from
the host the chain started on (a proxy's own credentials are added later, by
HttpProxyMiddleware, and are unaffected).

Settings read: none. Stats: ``credentials/stripped``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

CREDENTIAL_HEADERS = (b"Authorization", b"Cookie", b"Proxy-Authorization")


class CredentialScopeMiddleware:
    """Strips credential headers from redirects that leave the original host."""

    def __init__(self, stats: StatsCollector | None) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CredentialScopeMiddleware:
        return cls(crawler.stats)

    def process_request(self, request: Request) -> None:
        origins = request.meta.get("redirect_urls")
        if not origins:
            return
        if (urlsplit(origins[0]).hostname or "") == (urlsplit(request.url).hostname or ""):
            return
        present = [name for name in CREDENTIAL_HEADERS if name in request.headers]
        for name in present:
            del request.headers[name]
        if present and self.stats is not None:
            self.stats.inc_value("credentials/stripped")
